import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { HOST_FACTS, ready } from '../testing';
import { buildModel, defaultGoVersion } from './build-model';

before(ready);

function commands(text: string) {
  const { model } = buildModel({ path: '/w/build.sh', kind: 'shell', text }, { goVersion: defaultGoVersion(HOST_FACTS) });
  return model;
}

describe('shell script model', () => {
  it('tells prefix assignments, exports and plain shell variables apart', () => {
    const m = commands('#!/bin/sh\nGOOS=linux\nexport GOARCH=arm64\nCGO_ENABLED=0 go build -o bin/app .\n');
    assert.deepEqual(m.assignments.map((a) => [a.name, a.kind]), [['GOOS', 'shell'], ['GOARCH', 'export'], ['CGO_ENABLED', 'prefix']]);
    const env = m.commands[0].env;
    assert.equal(env.has('GOOS'), false, 'a plain shell variable is not passed to go');
    assert.equal(env.get('GOARCH')?.value, 'arm64');
    assert.equal(env.get('CGO_ENABLED')?.value, '0');
  });

  it('exports earlier assignments on `export NAME`, and everything after `set -a`', () => {
    const m = commands('GOOS=linux\nexport GOOS\nset -a\nGOARCH=arm64\nset +a\nGOARM=7\ngo build .\n');
    const env = m.commands[0].env;
    assert.equal(env.get('GOOS')?.value, 'linux');
    assert.equal(env.get('GOARCH')?.value, 'arm64');
    assert.equal(env.has('GOARM'), false);
  });

  it('follows env, sh -c, subshells and pipelines without leaking their assignments', () => {
    const m = commands("env -u GOFLAGS GOOS=darwin GOARCH=arm64 go build -o bin/mac .\n(export GOOS=windows; go build .)\nsh -c 'GOARCH=386 go build .' | tee log\ngo build -o bin/host .\n");
    assert.deepEqual(m.commands.map((c) => [c.env.get('GOOS')?.value, c.env.get('GOARCH')?.value]), [
      ['darwin', 'arm64'],
      ['windows', undefined],
      [undefined, '386'],
      [undefined, undefined],
    ]);
    assert.equal(m.assignments.find((a) => a.value === 'darwin')?.kind, 'env-command');
  });

  it('evaluates ${t%/*} and ${t#*/} on known values, and nothing it cannot know', () => {
    const m = commands('t=linux/arm64\nGOOS=${t%/*} GOARCH=${t#*/} go build .\nGOOS=$(uname -s) go build .\n');
    assert.deepEqual(m.commands.map((c) => [c.env.get('GOOS')?.value, c.env.get('GOARCH')?.value]), [
      ['linux', 'arm64'],
      [undefined, undefined],
    ]);
  });

  it('walks a static target list once per value, and a dynamic one once', () => {
    const m = commands('for t in linux/amd64 "linux/arm64" windows/amd64; do\n  GOOS=${t%/*} GOARCH=${t#*/} go build -o "dist/app-${t%/*}-${t#*/}" .\ndone\nfor t in $(cat targets); do GOOS=${t%/*} go build .; done\n');
    assert.deepEqual(m.commands.map((c) => [c.env.get('GOOS')?.value, c.env.get('GOARCH')?.value, c.flags.get('o')?.value]), [
      ['linux', 'amd64', 'dist/app-linux-amd64'],
      ['linux', 'arm64', 'dist/app-linux-arm64'],
      ['windows', 'amd64', 'dist/app-windows-amd64'],
      [undefined, undefined, undefined],
    ]);
  });

  it('recognises go behind a path, exec and time, and wrappers that set the target themselves', () => {
    const m = commands('/usr/local/go/bin/go build .\nexec go test ./...\ntime go vet ./...\nxx-go build -o /out/app .\ngo generate ./...\n');
    assert.deepEqual(m.commands.map((c) => [c.tool, c.subcommand]), [
      ['go', 'build'],
      ['go', 'test'],
      ['go', 'vet'],
      ['xx-go', 'build'],
      ['go', 'generate'],
    ]);
  });

  it('gives go a loop variable that was exported before the loop (or under set -a), and not a plain one', () => {
    const m = commands('export GOARCH=amd64\nfor GOARCH in amd64 arm64; do go build -o "bin/app-$GOARCH" .; done\nfor GOOS in linux darwin; do go build -o "bin/app-$GOOS" .; done\nset -a\nfor GOARM in 6 7; do go build .; done\n');
    assert.deepEqual(m.commands.map((c) => [c.flags.get('o')?.value, c.env.get('GOARCH')?.value, c.env.get('GOOS')?.value, c.env.get('GOARM')?.value]), [
      ['bin/app-amd64', 'amd64', undefined, undefined],
      ['bin/app-arm64', 'arm64', undefined, undefined],
      ['bin/app-linux', undefined, undefined, undefined],
      ['bin/app-darwin', undefined, undefined, undefined],
      [undefined, undefined, undefined, '6'],
      [undefined, undefined, undefined, '7'],
    ]);
  });

  it('skips the value of `nice -n 10`, `exec -a name` and `time -o file` before the go command they run', () => {
    const m = commands('GOOS=linux nice -n 10 go build -o bin/app .\nexec -a builder go build .\n/usr/bin/time -o build.time go build .\nnohup go test ./... &\n');
    assert.deepEqual(m.commands.map((c) => [c.tool, c.subcommand, c.env.get('GOOS')?.value]), [
      ['go', 'build', 'linux'],
      ['go', 'build', undefined],
      ['go', 'build', undefined],
      ['go', 'test', undefined],
    ]);
  });

  it('skips the options of `command -v`, `exec -c` and `nice -5` that take no value (a loop on them never ended)', () => {
    const m = commands('command -v go >/dev/null || exit 1\nexec -c go build -o bin/app .\nnice -5 go vet ./...\n');
    assert.deepEqual(m.commands.map((c) => [c.tool, c.subcommand]), [
      ['go', ''],
      ['go', 'build'],
      ['go', 'vet'],
    ]);
  });
});
