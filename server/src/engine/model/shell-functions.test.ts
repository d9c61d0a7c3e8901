import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, HOST_FACTS, lineOf, ready } from '../testing';
import { buildModel, defaultGoVersion } from './build-model';
import type { BuildModel, GoCommand } from './types';

before(ready);

function script(text: string): BuildModel {
  return buildModel({ path: '/w/release.sh', kind: 'shell', text }, { goVersion: defaultGoVersion(HOST_FACTS) }).model;
}

const target = (c: GoCommand) => [c.env.get('GOOS')?.value, c.env.get('GOARCH')?.value];

describe('shell functions called with arguments', () => {
  it('walks each call with $1, $2 bound to the words the caller wrote', () => {
    const m = script([
      '#!/bin/bash',
      'build() {',
      '  GOOS=$1 GOARCH=$2 go build -o "bin/app-$1-$2" ./cmd/app',
      '}',
      'build linux arm64',
      'build darwin amd64',
      '',
    ].join('\n'));
    assert.deepEqual(m.commands.map((c) => [...target(c), c.flags.get('o')?.value]), [
      ['linux', 'arm64', 'bin/app-linux-arm64'],
      ['darwin', 'amd64', 'bin/app-darwin-amd64'],
    ]);
    // Both commands are the one go command in the function.
    assert.deepEqual(m.commands.map((c) => c.goRange.start.line), [2, 2]);
  });

  it('records the call argument as the site of GOARCH=$2 (also through `local arch=$2`)', () => {
    const text = ['build() {', '  local os=$1 arch=$2', '  GOOS=$os GOARCH=$arch go build .', '}', 'build linux aarch64', ''].join('\n');
    const m = script(text);
    const args = m.assignments.filter((a) => a.kind === 'argument');
    assert.deepEqual(args.map((a) => [a.name, a.value, a.range.start.line, a.range.start.character]), [
      ['GOOS', 'linux', 4, 6],
      ['GOARCH', 'aarch64', 4, 12],
    ]);
    assert.equal(m.commands[0].env.get('GOARCH')?.site?.fromSite, args[1]);
  });

  it('knows both definition forms, function loops, and leaves values it cannot know unknown', () => {
    const m = script([
      'function cross {',
      '  GOOS="$1" GOARCH="${2}" go build .',
      '}',
      'for t in linux/amd64 windows/arm64; do cross "${t%/*}" "${t#*/}"; done',
      'cross "$TARGET_OS" arm64',
      'cross $ARGS arm64',
      '',
    ].join('\n'));
    assert.deepEqual(m.commands.map(target), [
      ['linux', 'amd64'],
      ['windows', 'arm64'],
      [undefined, 'arm64'],
      // `$ARGS` unquoted may split into any number of words: $2 is not known either.
      [undefined, undefined],
    ]);
  });

  it('passes "$@" on to go as the caller\'s words', () => {
    const m = script('gobuild() {\n  CGO_ENABLED=0 go build "$@"\n}\ngobuild -tags netgo,osusergo -o bin/app ./cmd/app\n');
    const [c] = m.commands;
    assert.equal(c.flags.get('tags')?.value, 'netgo,osusergo');
    assert.equal(c.flags.get('o')?.value, 'bin/app');
    assert.equal(c.flags.get('o')?.range.start.line, 3, 'the flag is where the caller wrote it');
  });

  it('keeps exports made in a function after it returns, but not locals or the call\'s prefixes', () => {
    const m = script([
      'setup() {',
      '  export GOOS=linux',
      '  local GOARCH=arm64',
      '  export CGO_ENABLED=0',
      '}',
      'GOFLAGS=-trimpath setup',
      'go build .',
      '',
    ].join('\n'));
    const env = m.commands[0].env;
    assert.equal(env.get('GOOS')?.value, 'linux');
    assert.equal(env.get('CGO_ENABLED')?.value, '0');
    assert.equal(env.has('GOARCH'), false);
    assert.equal(env.has('GOFLAGS'), false);
  });

  it('gives a call\'s prefix to the commands in the function', () => {
    const m = script('b() { go build -o "bin/$1" .; }\nGOARCH=arm64 b app\n');
    assert.equal(m.commands[0].env.get('GOARCH')?.value, 'arm64');
    assert.equal(m.commands[0].flags.get('o')?.value, 'bin/app');
  });

  it('does not follow recursion, and walks a function nobody calls once with unknown arguments', () => {
    const m = script([
      'loop() { GOOS=$1 go build .; loop "$@"; }',
      'loop linux',
      'library_build() { GOARCH=$1 go build .; }',
      'later "$x"',
      'later() { GOOS=windows go build .; }',
      '',
    ].join('\n'));
    assert.deepEqual(m.commands.map(target), [
      ['linux', undefined],
      [undefined, undefined],
      // Called before it is defined (bash fails there): walked once at the end, as if uncalled.
      ['windows', undefined],
    ]);
  });

  it('runs the caller\'s words where a wrapper runs "$@", as the caller\'s command', () => {
    const text = [
      'run() {',
      '  local rc',
      '  echo "% $*"',
      '  "$@" 2> >(sed "s/^/stderr: /" >&2)',
      '}',
      'build_one() { run env GOOS="$1" go build -o "bin/$1" .; }',
      'ENVS=(CGO_ENABLED=0 GOARCH=arm64)',
      'run env "${ENVS[@]}" go build -o bin/a .',
      'build_one windows',
      '',
    ].join('\n');
    const m = script(text);
    assert.deepEqual(m.commands.map((c) => [...target(c), c.env.get('CGO_ENABLED')?.value, c.flags.get('o')?.value]), [
      [undefined, 'arm64', '0', 'bin/a'],
      ['windows', undefined, undefined, 'bin/windows'],
    ]);
    // The command is the caller's (so two go commands run through one wrapper stay apart).
    assert.deepEqual(m.commands.map((c) => [c.range.start.line, c.goRange.start.line]), [[7, 7], [5, 5]]);
  });

  it('reads shift and $# inside a call', () => {
    const m = script('b() {\n  local os=$1\n  shift\n  GOOS=$os GOARCH=$1 go build -o "bin/$#" .\n}\nb linux riscv64\n');
    assert.deepEqual([...target(m.commands[0]), m.commands[0].flags.get('o')?.value], ['linux', 'riscv64', 'bin/1']);
  });

  it('keeps a function defined in a subshell or an sh -c to that shell', () => {
    const m = script("(b() { GOOS=linux go build .; })\nb\nsh -c 'b'\n");
    // Only the end-of-file walk of the uncalled function: `b` outside the subshell is a program.
    assert.equal(m.commands.length, 1);
    assert.ok(m.commands[0]);
  });
});

describe('environments the walker cannot read', () => {
  it('reads a static array given to env, and treats an unknown one as unknown, not as unset', () => {
    const m = script([
      'GOOS=linux',
      'ENV_STATIC=(GOOS=linux "GOARCH=arm64")',
      'env "${ENV_STATIC[@]}" go build -o a .',
      'GO_BUILD_ENV=("CGO_ENABLED=0" "GOOS=${GOOS}" "GOARCH=${GOARCH}")',
      'env "${GO_BUILD_ENV[@]}" go build -o b .',
      'env GO_BUILD_FLAGS="-v" "${EXTRA_ENV[@]}" go build -o c .',
      '',
    ].join('\n'));
    assert.deepEqual(m.commands.map(target), [
      ['linux', 'arm64'],
      [undefined, undefined],
      [undefined, undefined],
    ]);
    assert.equal(m.commands[1].env.get('CGO_ENABLED')?.value, undefined);
    assert.ok(m.commands[1].env.has('CGO_ENABLED'), 'present with an unknown value: rules must not assume the default');
    assert.deepEqual(m.lost ?? [], [], 'GOOS=linux may reach go through the array: not known to be lost');
  });

  it('runs "${CMD[@]}" go build and eval with what can be known', () => {
    const m = script([
      'CROSS=(env GOOS=freebsd)',
      '"${CROSS[@]}" go build -o a .',
      '"${UNKNOWN_ENV[@]}" go build -o b .',
      'eval "GOARCH=386 go build -o c ."',
      'eval $BUILD_ENV GOOS=linux go build -o d .',
      '',
    ].join('\n'));
    assert.deepEqual(m.commands.map((c) => [...target(c), c.flags.get('o')?.value]), [
      ['freebsd', undefined, 'a'],
      [undefined, undefined, 'b'],
      [undefined, '386', 'c'],
      ['linux', undefined, 'd'],
    ]);
  });

  it('walks a target list given as an array', () => {
    const m = script('PLATFORMS=(linux/amd64 darwin/arm64)\nPLATFORMS+=(windows/386)\nfor p in "${PLATFORMS[@]}"; do GOOS=${p%/*} GOARCH=${p#*/} go build .; done\n');
    assert.deepEqual(m.commands.map(target), [
      ['linux', 'amd64'],
      ['darwin', 'arm64'],
      ['windows', '386'],
    ]);
  });

  it('does not leak env -i or a subshell\'s export into the script', () => {
    const m = script('export GOOS=linux\nenv -i PATH=/usr/bin go build -o a .\ngo build -o b .\nGOARCH=arm64\n(export GOARCH)\ngo build -o c .\n');
    assert.deepEqual(m.commands.map(target), [
      [undefined, undefined],
      ['linux', undefined],
      ['linux', undefined],
    ]);
  });
});

describe('findings in shell functions', () => {
  it('name a go command in a function once however often it is called, and each differing value once', () => {
    const text = [
      '#!/bin/bash',
      'build() {',
      '  local os=$1 arch=$2',
      "  GOOS=$os GOARCH=$arch go build -ldflags '-static' -o \"bin/app-$os-$arch\" ./cmd/app",
      '  GOOS=$os GOARCH=$arch go test ./...',
      '}',
      'build linux arm64',
      'build linux arm64',
      'for os in linux freebsd; do build $os arm64; done',
      'for t in darwin/386 darwin/arm; do build "${t%/*}" "${t#*/}"; done',
      '',
    ].join('\n');
    const found = check(text, 'shell');
    const byCode = (code: string) => found.filter((f) => f.code === code).map((f) => `${lineOf(f)}:${f.range.start.character}`);
    assert.deepEqual(byCode('XB205'), ['4:42'], 'the -static flag, once');
    assert.deepEqual(byCode('XB503'), ['5:2'], 'go test on a foreign target, once');
    // darwin/386 and darwin/arm are reported where the loop's call passes them.
    assert.deepEqual(byCode('XB103'), ['10:51', '10:51']);
    assert.deepEqual(found.filter((f) => f.code === 'XB103').map((f) => /darwin\/\w+/.exec(f.message)?.[0]), ['darwin/386', 'darwin/arm']);
  });
});
