/**
 * `xbd env` and the environment part of `xbd check` with fake `go` scripts that hang, are missing or
 * print their environment (the real toolchains are exercised in test/go/cli-env.test.ts).
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fakeGo, project, privateEnv, scratch, xbd } from '../support/cli';

describe('xbd with a broken or hanging go', () => {
  it('sets GOTOOLCHAIN=local for every go it runs (a fake go that prints its environment)', () => {
    const go = fakeGo(
      'case "$1" in\n' +
        'version) echo "go version go1.22.0 linux/amd64" ;;\n' +
        'env) printf \'{"GOTOOLCHAIN":"%s","GOENV":"off","GOOS":"linux","GOARCH":"amd64"}\\n\' "$GOTOOLCHAIN" ;;\n' +
        'tool) echo \'[{"GOOS":"linux","GOARCH":"amd64","CgoSupported":true,"FirstClass":true}]\' ;;\n' +
        'esac',
    );
    const home = mkdtempSync(join(scratch, 'home-'));
    const out = JSON.parse(xbd(['env', '--format', 'json'], project(), privateEnv(home, { XBD_GO: go, GOTOOLCHAIN: 'go1.99.1' })).stdout);
    assert.equal(out.go, '1.22.0');
    assert.equal(out.env.GOTOOLCHAIN, 'local');
  });

  it('a go that hangs costs the timeout once, and the files are still checked', () => {
    const go = fakeGo('sleep 30');
    const home = mkdtempSync(join(scratch, 'home-'));
    const cwd = project({ 'build.sh': '#!/bin/sh\nGOARCH=aarch64 go build -o bin/app .\n' });
    const r = xbd(['check', '--format', 'json', '.'], cwd, privateEnv(home, { XBD_GO: go, XBD_GO_TIMEOUT_MS: '300' }));
    assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
    assert.deepEqual(JSON.parse(r.stdout).findings.map((f: { code: string }) => f.code), ['XB102']);
    const text = xbd(['check', '.'], cwd, privateEnv(home, { XBD_GO: go, XBD_GO_TIMEOUT_MS: '300' }));
    assert.equal(text.stderr.match(/timed out/g)?.length, 1, text.stderr);
  });

  it('a missing go: embedded knowledge, said once; xbd env exits 2', () => {
    const home = mkdtempSync(join(scratch, 'home-'));
    const cwd = project({ 'build.sh': '#!/bin/sh\nGOARCH=aarch64 go build -o bin/app .\n' });
    const env = privateEnv(home, { XBD_GO: join(scratch, 'no-such-go') });
    const r = xbd(['check', '.'], cwd, env);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /XB102/);
    assert.equal(r.stderr.match(/not found/g)?.length, 1, r.stderr);
    assert.equal(xbd(['env'], cwd, env).code, 2);
  });
});
