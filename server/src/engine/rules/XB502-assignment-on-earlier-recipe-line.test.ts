import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, lineOf, only, ready, said, textAt } from '../testing';

before(ready);

const MAKEFILE = ['.PHONY: release', '', 'release:', '\texport GOOS=linux', '\texport GOARCH=arm64', '\tgo build -o dist/app ./cmd/app', ''].join('\n');

describe('XB502 build variable set on an earlier recipe line', () => {
  it('flags each export that a later recipe line cannot see', () => {
    const found = only(check(MAKEFILE, 'makefile'), 'XB502');
    assert.deepEqual(found.map(lineOf), [4, 5]);
    assert.match(said(found[0]), /each recipe line is a new shell: set it on the go command's line\. go build on line 6 builds without it/);
    assert.match(found[1].message, /^Recipe line 5 sets GOARCH, but/);
    assert.deepEqual(found.map((f) => [f.severity, textAt(MAKEFILE, f)]), [['error', 'GOOS=linux'], ['error', 'GOARCH=arm64']]);
    assert.deepEqual(found[0].related?.map((r) => [r.range.start.line + 1, r.message]), [[6, 'runs in a new shell without it']]);
    assert.deepEqual(found[0].fixes.map((x) => [x.title, x.isPreferred]), [['Set GOOS on the go line', true]]);
  });

  it('leaves an assignment on the go command\'s own line that is not exported to XB501', () => {
    const sameLine = 'release:\n\tGOOS=linux; go build -o dist/app ./cmd/app\n';
    assert.equal(only(check(sameLine, 'makefile'), 'XB501').length, 1);
    assert.deepEqual(only(check(sameLine, 'makefile'), 'XB502'), []);
  });

  it('flags GOARM on an earlier line when the go line builds for arm or its GOARCH is not set there, not when it builds for another architecture', () => {
    const recipe = (goarch: string) => `release:\n\texport GOARM=7\n\t${goarch}go build -o dist/app ./cmd/app\n`;
    assert.deepEqual(only(check(recipe('GOARCH=arm '), 'makefile'), 'XB502').map(lineOf), [2]);
    assert.deepEqual(only(check(recipe(''), 'makefile'), 'XB502').map(lineOf), [2]);
    assert.deepEqual(only(check(recipe('GOARCH=amd64 '), 'makefile'), 'XB502'), []);
  });

  it('is silent with .ONESHELL and with the assignment on the go line', () => {
    assert.deepEqual(only(check(`.ONESHELL:\n${MAKEFILE}`, 'makefile'), 'XB502'), []);
    assert.deepEqual(only(check('release:\n\tGOOS=linux go build .\n', 'makefile'), 'XB502'), []);
  });

  it('moves the assignment onto the go line, keeping make escapes', () => {
    const text = 'release:\n\texport GOARCH=$${ARCH:-arm64}\n\tgo build -o dist/app .\n';
    const fixed = fixAndRecheck(text, 'XB502', 'makefile');
    assert.equal(fixed, 'release:\n\texport GOARCH=$${ARCH:-arm64}\n\tGOARCH=$${ARCH:-arm64} go build -o dist/app .\n');
  });
});
