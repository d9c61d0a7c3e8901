import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { check, fixAndRecheck, HOST_FACTS, lineOf, only, ready, textAt, said } from '../testing';

before(ready);

describe('XB501 build variable set as a plain shell variable', () => {
  it('flags `GOOS=linux; go build` and `&&` chains in a RUN line', () => {
    const text = 'FROM golang:1.22\nWORKDIR /src\nRUN GOOS=linux GOARCH=arm64; go build -o /out/app . && \\\n    CGO_ENABLED=0 && go build -o /out/b .\n';
    const found = only(check(text), 'XB501');
    assert.deepEqual(found.map((f) => textAt(text, f)), ['GOOS=linux', 'GOARCH=arm64', 'CGO_ENABLED=0']);
    assert.match(said(found[0]), /not exported: export it[^]*go build on line 3 builds without it/);
  });

  it('flags a line of its own in a script, but not exported or prefixed ones', () => {
    const text = '#!/bin/sh\nset -e\nGOARCH=arm64\nexport GOOS=linux\nCGO_ENABLED=0 go build -o dist/app .\n';
    const found = only(check(text, 'shell'), 'XB501');
    assert.equal(found.length, 1);
    assert.equal(lineOf(found[0]), 3);
  });

  it('flags the variable before go test and go vet too (they compile for GOOS/GOARCH), not before go env or go mod', () => {
    assert.deepEqual(only(check('#!/bin/sh\nset -e\nGOOS=windows\ngo test ./...\n', 'shell'), 'XB501').map(lineOf), [3]);
    assert.deepEqual(only(check('#!/bin/sh\nset -e\nGOARCH=386\ngo vet ./...\n', 'shell'), 'XB501').map(lineOf), [3]);
    assert.deepEqual(only(check('#!/bin/sh\nset -e\nCGO_ENABLED=0\ngo mod download\ngo env GOPATH\n', 'shell'), 'XB501'), []);
  });

  it('is silent on an assignment the parser could not place: after an unclosed quote or backtick it may be part of the string, and an export before it changes nothing', () => {
    const halfTyped = '#!/bin/sh\necho "built at `date\nGOOS=linux\ngo build -o app .\n';
    assert.deepEqual(only(check(halfTyped, 'shell'), 'XB501'), []);
    // The parser's verdict is not what a shell does: a closed line before it is read as usual.
    assert.equal(only(check('#!/bin/sh\necho "built at `date`"\nGOOS=linux\ngo build -o app .\n', 'shell'), 'XB501').length, 1);
  });

  it('is silent after `export NAME` and under `set -a`', () => {
    assert.deepEqual(only(check('GOARCH=arm64\nexport GOARCH\ngo build .\n', 'shell'), 'XB501'), []);
    assert.deepEqual(only(check('set -a\nGOARCH=arm64\ngo build .\n', 'shell'), 'XB501'), []);
  });

  it('is silent when `export NAME` comes first and the value later: the name keeps its export attribute', () => {
    const script = '#!/bin/bash\nset -euo pipefail\nexport GOOS GOARCH CGO_ENABLED\nGOOS=linux\nGOARCH=arm64\nCGO_ENABLED=0\ngo build -o dist/agent ./cmd/agent\n';
    assert.deepEqual(only(check(script, 'shell'), 'XB501'), []);
    // Exported but never given a value, GOARCH reaches go unset: go builds for the machine it runs on.
    const { model } = analyze({ path: '/w/build.sh', kind: 'shell', text: '#!/bin/sh\nexport GOARCH\ngo build .\n' }, { facts: HOST_FACTS });
    const env = model?.contexts.find((c) => c.command?.subcommand === 'build')?.env;
    assert.ok(env, 'the go build command is modelled');
    assert.equal(env.has('GOARCH'), false);
  });

  it('is silent when env gets an array or words it cannot read (etcd\'s build_lib.sh)', () => {
    const text = [
      '#!/usr/bin/env bash',
      'GOOS=${GOOS:-$(go env GOOS)}',
      'CGO_ENABLED="${CGO_ENABLED:-0}"',
      'GO_BUILD_ENV=("CGO_ENABLED=${CGO_ENABLED}" "GOOS=${GOOS}")',
      'env "${GO_BUILD_ENV[@]}" go build -o bin/etcd ./server',
      'env GO_BUILD_FLAGS="-v" "${GO_BUILD_ENV[@]}" go build -o bin/etcdctl ./etcdctl',
      '"${BUILD_ENV[@]}" go build -o bin/etcdutl ./etcdutl',
      'eval "${ENV_VARS}" go build -o bin/tool ./tools',
      '',
    ].join('\n');
    assert.deepEqual(only(check(text, 'shell'), 'XB501'), []);
    // A static array is read: GOOS comes through it.
    assert.deepEqual(only(check('GOOS=linux\nE=("GOOS=${GOOS}")\nenv "${E[@]}" go build .\n', 'shell'), 'XB501'), []);
  });

  it('is silent when the script passes the variable on itself, or defaults it to go env\'s value', () => {
    const text = [
      'GOOS=${GOOS:-$(go env GOOS)}',
      'CGO_ENABLED="${CGO_ENABLED:-0}"',
      'env CGO_ENABLED="${CGO_ENABLED}" go build -o bin/server ./server',
      'go install ./tools/gen',
      '',
    ].join('\n');
    assert.deepEqual(only(check(text, 'shell'), 'XB501'), []);
    // A default of its own is still lost when the caller did not export it.
    const lost = only(check('GOARCH=${GOARCH:-arm64}\ngo build .\n', 'shell'), 'XB501');
    assert.equal(lost.length, 1);
  });

  it('knows that an export inside a shell function reaches go after the call, and reports a function\'s lost variable once', () => {
    assert.deepEqual(only(check('setup() { export GOOS=linux; }\nsetup\ngo build .\n', 'shell'), 'XB501'), []);
    const text = '#!/bin/bash\nbuild() {\n  GOARCH=$1\n  go build -o "bin/$1" .\n}\nbuild arm64\nbuild riscv64\n';
    const found = only(check(text, 'shell'), 'XB501');
    assert.deepEqual(found.map((f) => [lineOf(f), textAt(text, f)]), [[3, 'GOARCH=$1']]);
  });

  it('flags a line of several assignments before the go command: in a script, a RUN heredoc and a workflow step', () => {
    const script = '#!/bin/sh\nset -e\nGOOS=linux GOARCH=arm64\ngo build -o dist/app-arm64 .\n';
    const found = only(check(script, 'shell'), 'XB501');
    assert.deepEqual(found.map((f) => textAt(script, f)), ['GOOS=linux', 'GOARCH=arm64']);
    assert.match(said(found[1]), /go build on line 4 builds without it/);
    const heredoc = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN <<EOF\nGOOS=linux GOARCH=arm64 CGO_ENABLED=0\ngo build -o /out/app .\nEOF\n';
    assert.deepEqual(only(check(heredoc), 'XB501').map((f) => textAt(heredoc, f)), ['GOOS=linux', 'GOARCH=arm64', 'CGO_ENABLED=0']);
    const workflow = [
      'on: push',
      'jobs:',
      '  release:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/setup-go@v5',
      '      - name: Build darwin/arm64',
      '        run: |',
      '          GOOS=darwin GOARCH=arm64 OUT=cli_${GOOS}_${GOARCH}',
      '          go build -o "build/${OUT}" ./cmd/cli',
      '',
    ].join('\n');
    assert.deepEqual(only(check(workflow, 'workflow'), 'XB501').map((f) => [lineOf(f), textAt(workflow, f)]), [[9, 'GOOS=darwin'], [9, 'GOARCH=arm64']]);
  });

  it('exports a line of several assignments with one `export` before the line', () => {
    const text = '#!/bin/sh\nGOOS=darwin GOARCH=arm64 OUT=cli_darwin_arm64\ngo build -o "build/$OUT" .\n';
    const [first, second] = only(check(text, 'shell'), 'XB501');
    assert.equal(first.fixes[0].title, 'Export GOOS and GOARCH');
    assert.deepEqual(second.fixes[0].edits, first.fixes[0].edits);
    assert.equal(fixAndRecheck(text, 'XB501', 'shell'), '#!/bin/sh\nexport GOOS=darwin GOARCH=arm64 OUT=cli_darwin_arm64\ngo build -o "build/$OUT" .\n');
  });

  it('is silent when a continued line makes the assignments prefixes of go', () => {
    assert.deepEqual(only(check('#!/bin/sh\nGOOS=linux GOARCH=arm64 \\\n  go build -o dist/app .\n', 'shell'), 'XB501'), []);
  });

  it('fixes by exporting, and the fix is idempotent', () => {
    const fixed = fixAndRecheck('#!/bin/sh\nGOARCH=arm64\ngo build -o dist/app .\n', 'XB501', 'shell');
    assert.equal(fixed, '#!/bin/sh\nexport GOARCH=arm64\ngo build -o dist/app .\n');
  });
});

describe('XB501 what it says and what it leaves alone', () => {
  it('names the value as the shell sees it, or as written when it is not known', () => {
    const [quoted] = only(check('#!/bin/sh\nGOOS="linux"\ngo build -o dist/app .\n', 'shell'), 'XB501');
    assert.equal(quoted.message, 'GOOS=linux is not exported: export it, or put it on the go command (GOOS=… go build). go build on line 3 builds without it.');
    assert.deepEqual(quoted.related?.map((r) => [r.range.start.line + 1, r.message]), [[3, 'the go command that does not see it']]);
    const [param] = only(check('#!/bin/sh\nGOARCH=$TARGET_ARCH\ngo build -o dist/app .\n', 'shell'), 'XB501');
    assert.match(param.message, /^GOARCH=\$TARGET_ARCH is not exported: /);
  });

  it('leaves a value of several words or a list (meant for another tool) alone', () => {
    assert.deepEqual(only(check('#!/bin/sh\nGOARCH="amd64 arm64"\ngo build -o dist/app .\n', 'shell'), 'XB501'), []);
    assert.deepEqual(only(check('#!/bin/sh\nGOARCH=amd64,arm64\ngo build -o dist/app .\n', 'shell'), 'XB501'), []);
  });

  it('leaves readonly, declare and local assignments alone (export before them would not parse as meant), not a local earlier on the line', () => {
    for (const line of ['readonly GOARCH=arm64', 'declare -r GOARCH=arm64', 'typeset -gr GOARCH=arm64']) {
      assert.deepEqual(only(check(`#!/bin/bash\n${line}\ngo build -o dist/app .\n`, 'shell'), 'XB501'), [], line);
    }
    assert.deepEqual(only(check('#!/bin/bash\nbuild() {\n  local GOARCH=$1\n  go build -o "bin/$1" .\n}\nbuild arm64\n', 'shell'), 'XB501'), []);
    const earlier = '#!/bin/bash\nbuild() {\n  local out="bin/$1"; GOARCH=$1\n  go build -o "$out" .\n}\nbuild arm64\n';
    assert.deepEqual(only(check(earlier, 'shell'), 'XB501').map((f) => textAt(earlier, f)), ['GOARCH=$1']);
  });

  it('leaves an export on an earlier Makefile recipe line to XB502', () => {
    const make = 'release:\n\texport GOOS=linux\n\tgo build -o dist/app .\n';
    assert.deepEqual(only(check(make, 'makefile'), 'XB501'), []);
    assert.equal(only(check(make, 'makefile'), 'XB502').length, 1);
  });
});
