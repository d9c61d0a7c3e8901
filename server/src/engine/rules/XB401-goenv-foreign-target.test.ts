import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { applyFix, check, fixAndRecheck, only, ready, textAt } from '../testing';

before(ready);

const ENV_FILE = 'GOPRIVATE=github.com/acme/*\nGOARCH=arm64\nGOPROXY=https://proxy.golang.org,direct\n';

describe('XB401 go env file persists another GOOS/GOARCH than the host', () => {
  it('flags GOARCH=arm64 on an amd64 host and says what breaks', () => {
    const [f] = only(check(ENV_FILE, 'goenv'), 'XB401');
    assert.equal(f.severity, 'warning');
    assert.equal(textAt(ENV_FILE, f), 'GOARCH=arm64');
    assert.match(f.message, /linux\/amd64/);
    assert.match(f.message, /exec format error/);
    assert.match(f.message, /go env -u GOARCH/);
  });

  it('flags GOOS too, and is silent for the host values and on an arm64 host', () => {
    assert.equal(only(check('GOOS=windows\n', 'goenv'), 'XB401').length, 1);
    assert.deepEqual(only(check('GOOS=linux\nGOARCH=amd64\n', 'goenv'), 'XB401'), []);
    assert.deepEqual(only(check(ENV_FILE, 'goenv', { host: { goos: 'linux', goarch: 'arm64' } }), 'XB401'), []);
  });

  it('is silent outside go env files: a script that sets GOARCH is a build, not the machine', () => {
    assert.deepEqual(only(check('#!/bin/sh\nGOARCH=arm64 go build -o app .\n', 'shell'), 'XB401'), []);
  });

  it('fix removes the line as go env -u does, and nothing else', () => {
    const fixed = fixAndRecheck(ENV_FILE, 'XB401', 'goenv');
    assert.equal(fixed, 'GOPRIVATE=github.com/acme/*\nGOPROXY=https://proxy.golang.org,direct\n');
    const [f] = only(check('GOOS=darwin\nGOARCH=arm64', 'goenv'), 'XB401').slice(-1);
    assert.equal(applyFix('GOOS=darwin\nGOARCH=arm64', f), 'GOOS=darwin\n');
  });
});
