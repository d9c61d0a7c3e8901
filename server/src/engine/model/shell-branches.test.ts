import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, HOST_FACTS, lineOf, only, ready, textAt } from '../testing';
import { explainAt, goCommandHints } from '../explain';
import { buildModel, defaultGoVersion } from './build-model';

before(ready);

function model(text: string) {
  return buildModel({ path: '/w/build.sh', kind: 'shell', text }, { goVersion: defaultGoVersion(HOST_FACTS) }).model;
}

/** GOARCH as each go command of the script sees it: its value, or `?` when unknown, `-` when unset. */
function goarchSeen(text: string, name = 'GOARCH'): string[] {
  return model(text).commands.map((c) => (c.env.has(name) ? (c.env.get(name)!.value ?? '?') : '-'));
}

const XB1 = (text: string) => check(text, 'shell').filter((f) => f.code.startsWith('XB1'));

describe('shell branches are alternatives', () => {
  it('walks each if/elif/else branch from the same state; after it a disagreeing variable is unknown', () => {
    const text = [
      '#!/bin/sh',
      'export GOOS=linux',
      'if [ "$1" = arm ]; then',
      '  export GOARCH=arm64',
      '  go build -o bin/app-arm64 .',
      'elif [ "$1" = riscv ]; then',
      '  export GOARCH=riscv64',
      'else',
      '  export GOARCH=amd64',
      '  go build -o bin/app-amd64 .',
      'fi',
      'go build -o bin/app .',
      '',
    ].join('\n');
    assert.deepEqual(goarchSeen(text), ['arm64', 'amd64', '?']);
    const after = model(text).commands[2].env;
    assert.equal(after.get('GOOS')?.value, 'linux', 'a variable no branch touches keeps its value');
    assert.equal(after.get('GOARCH')?.expr, 'arm64|riscv64|amd64');
    assert.equal(after.get('GOARCH')?.site?.range.start.line, 3, 'the site of the first branch, for hovers and site rules');
    // Every branch's assignment reaches the last go build: the hover on the else branch's says so.
    const built = buildModel({ path: '/w/build.sh', kind: 'shell', text }, { goVersion: defaultGoVersion(HOST_FACTS) });
    const hover = explainAt(built.model, built.lines, { line: 8, character: 10 }, HOST_FACTS)?.markdown ?? '';
    assert.match(hover, /\*\*Read by:\*\* `go build` on line 10, `go build` on line 12/);
    assert.doesNotMatch(hover, /No go command/);
  });

  it('takes no verdict from the last case item (no `*)`: the case may set nothing)', () => {
    const text = [
      '#!/usr/bin/env bash',
      'set -euo pipefail',
      'case "$TARGET" in',
      '  arm64) export GOARCH=arm64 ;;',
      '  armv6) export GOARCH=arm ;;',
      'esac',
      'CGO_ENABLED=0 go build -trimpath -o "dist/app-$TARGET" ./cmd/app',
      '',
    ].join('\n');
    assert.deepEqual(goarchSeen(text), ['?']);
    assert.deepEqual(XB1(text).map((f) => f.code), [], 'XB107 (arm without GOARM) would judge the armv6 item alone');
    // The same items walked one after another used to leave GOARCH=arm: XB107 still fires where that is true.
    const sequential = '#!/bin/sh\nexport GOARCH=arm64\nexport GOARCH=arm\nCGO_ENABLED=0 go build -o app .\n';
    assert.deepEqual(XB1(sequential).map((f) => f.code), ['XB107']);
  });

  it('keeps a value every case item agrees on, and `*)` counts as the default', () => {
    const text = 'case "$(uname -m)" in\n  aarch64) export GOARCH=arm64 GOOS=linux ;;\n  *) export GOARCH=amd64 GOOS=linux ;;\nesac\ngo build .\n';
    const env = model(text).commands[0].env;
    assert.equal(env.get('GOOS')?.value, 'linux');
    assert.equal(env.get('GOARCH')?.value, undefined);
    const noDefault = 'case "$(uname -m)" in\n  aarch64) export GOOS=linux ;;\nesac\ngo build .\n';
    assert.equal(model(noDefault).commands[0].env.get('GOOS')?.value, undefined);
  });

  it('makes CGO_ENABLED unknown after an if with no else, and does not call the export lost', () => {
    const text = '#!/bin/sh\nif [ -n "$CI" ]; then\n  export CGO_ENABLED=0\nfi\ngo build -o app .\n';
    const env = model(text).commands[0].env;
    assert.equal(env.has('CGO_ENABLED'), true, 'possibly exported');
    assert.equal(env.get('CGO_ENABLED')?.value, undefined);
    assert.deepEqual(only(check(text, 'shell'), 'XB501'), []);
  });

  it('still checks a go command inside a branch with that branch\'s values (XB102)', () => {
    const text = '#!/bin/sh\nif [ "$(uname -m)" = aarch64 ]; then\n  GOARCH=aarch64 go build -o app .\nelse\n  GOARCH=amd64 go build -o app .\nfi\n';
    const found = only(check(text, 'shell'), 'XB102');
    assert.deepEqual(found.map((f) => textAt(text, f)), ['aarch64']);
    assert.equal(lineOf(found[0]), 3);
    const exported = 'case "$ARCH" in\n  arm) export GOARCH=aarch64 ;;\n  *) export GOARCH=amd64 ;;\nesac\ngo build .\n';
    assert.deepEqual(only(check(exported, 'shell'), 'XB102').map((f) => textAt(exported, f)), ['aarch64'], 'the site is judged by its own value');
  });

  it('XB501: exported in one branch is possibly exported; a plain assignment in any branch is still lost', () => {
    const mixed = '#!/bin/sh\nif [ -n "$ARM" ]; then\n  export GOARCH=arm64\nelse\n  GOARCH=amd64\nfi\ngo build .\n';
    assert.deepEqual(only(check(mixed, 'shell'), 'XB501'), []);
    const plain = '#!/bin/sh\nif [ -n "$ARM" ]; then\n  GOARCH=arm64\nelse\n  GOARCH=amd64\nfi\ngo build .\n';
    assert.deepEqual(only(check(plain, 'shell'), 'XB501').map((f) => lineOf(f)), [3, 5]);
    const noElse = '#!/bin/sh\nif [ -n "$ARM" ]; then\n  GOARCH=arm64\nfi\ngo build .\n';
    assert.deepEqual(only(check(noElse, 'shell'), 'XB501').map((f) => lineOf(f)), [3]);
  });

  it('treats the right side of a test `&&` and of `||` as optional, but not an `&&` chain of commands', () => {
    assert.deepEqual(goarchSeen('[ -n "$CI" ] && export CGO_ENABLED=0\ngo build .\n', 'CGO_ENABLED'), ['?']);
    assert.deepEqual(goarchSeen('[ -n "$CI" ] && export CGO_ENABLED=0 && go build .\n', 'CGO_ENABLED'), ['0']);
    assert.deepEqual(goarchSeen('test -n "$NOCGO" || export CGO_ENABLED=1\ngo build .\n', 'CGO_ENABLED'), ['?']);
    assert.deepEqual(goarchSeen('apk add --no-cache gcc && export CGO_ENABLED=1 && export GOARCH=arm64\ngo build .\n'), ['arm64']);
  });

  it('leaves what a loop body sets unknown after it (it may run any number of times)', () => {
    assert.deepEqual(goarchSeen('while read -r line; do export GOARCH=arm64; done < targets\ngo build .\n'), ['?']);
    assert.deepEqual(goarchSeen('for a in arm64 amd64; do export GOARCH=$a; go build -o "app-$a" .; done\ngo build .\n'), ['arm64', 'amd64', '?']);
  });

  it('restores a `local` declared in a branch when the function returns', () => {
    const text = 'build() {\n  if [ -n "$1" ]; then\n    local GOARCH=$1\n    export GOARCH\n  fi\n  go build .\n}\nexport GOARCH=amd64\nbuild arm64\ngo build .\n';
    assert.deepEqual(goarchSeen(text), ['?', 'amd64']);
  });

  it('shows the alternatives in the inlay hint of a go command after the branches', () => {
    const text = 'export GOOS=linux\nif [ -n "$CI" ]; then\n  export CGO_ENABLED=0\nfi\ncase "$T" in\n  arm64) export GOARCH=arm64 ;;\n  *) export GOARCH=amd64 ;;\nesac\ngo build .\n';
    const [hint] = goCommandHints(model(text), HOST_FACTS);
    assert.match(hint.label, /^⟨linux\/arm64\|amd64 · /);
    assert.match(hint.tooltip, /CGO_ENABLED=0\|unset is not known here/);
  });
});
