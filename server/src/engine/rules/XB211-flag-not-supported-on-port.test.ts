import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { flagSupported, mustLinkExternalWithCgo, portsSupporting } from '../knowledge/flag-support';
import { check, fixAndRecheck, HOST_FACTS, lineOf, only, ready, textAt, said } from '../testing';

before(ready);

const xb211 = (text: string, kind: Parameters<typeof check>[1] = 'dockerfile', facts = HOST_FACTS) => only(check(text, kind, facts), 'XB211');

describe('XB211 flag not supported on the target platform', () => {
  const makefile = [
    'PKGS := ./...',
    '',
    'test:',
    '\tgo test -race $(PKGS)',
    '',
    'test-386:',
    '\tGOARCH=386 go test -race $(PKGS)',
    '',
  ].join('\n');

  it('flags -race for linux/386 with Go\'s own message and the ports that have it', () => {
    const [f] = xb211(makefile, 'makefile');
    assert.equal(lineOf(f), 7);
    assert.equal(textAt(makefile, f), '-race');
    assert.match(said(f), /-race does not exist for linux\/386: drop it for that target\.[^]*the target: GOARCH=386/);
    assert.match(f.message, /stops with "-race is not supported on linux\/386"/);
    assert.match(said(f), /supports -race on darwin\/amd64, darwin\/arm64, freebsd\/amd64, linux\/amd64, linux\/arm64, linux\/loong64,/);
  });

  it('drops -race for that target only', () => {
    assert.equal(fixAndRecheck(makefile, 'XB211', 'makefile'), makefile.replace('GOARCH=386 go test -race $(PKGS)', 'GOARCH=386 go test $(PKGS)'));
  });

  it('knows the platform of a stage pinned to linux/arm/v7', () => {
    const text = 'FROM --platform=linux/arm/v7 golang:1.22-bookworm AS test\nWORKDIR /src\nCOPY . .\nRUN go test -race ./...\n';
    const [f] = xb211(text);
    assert.match(said(f), /-race does not exist for linux\/arm:[^]*the target: the stage's platform linux\/arm\/v7/);
  });

  it('does not guess the platform of a stage that follows the target', () => {
    assert.deepEqual(xb211('FROM golang:1.22\nRUN go test -race ./...\n'), []);
    assert.deepEqual(xb211('FROM --platform=$BUILDPLATFORM golang:1.22\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go test -race -c ./...\n'), []);
  });

  it('flags -buildmode=plugin for windows and drops it', () => {
    const text = '#!/usr/bin/env bash\nset -euo pipefail\nGOOS=windows GOARCH=amd64 go build -buildmode=plugin -o dist/greeter.dll ./plugins/greeter\n';
    const [f] = xb211(text, 'shell');
    assert.match(f.message, /stops with "-buildmode=plugin not supported on windows\/amd64"/);
    assert.equal(fixAndRecheck(text, 'XB211', 'shell'), text.replace('-buildmode=plugin ', ''));
  });

  it('flags -buildmode c-shared for linux/mips, written as two words', () => {
    const text = 'FROM golang:1.23\nRUN GOOS=linux GOARCH=mips go build -buildmode c-shared -o /out/libhook.so ./hook\n';
    const [f] = xb211(text);
    assert.equal(textAt(text, f), '-buildmode c-shared');
    assert.equal(fixAndRecheck(text, 'XB211'), 'FROM golang:1.23\nRUN GOOS=linux GOARCH=mips go build -o /out/libhook.so ./hook\n');
  });

  it('follows the version: openbsd/amd64 lost -race in 1.23, riscv64 gained it in 1.26', () => {
    const openbsd = '#!/bin/sh\nGOOS=openbsd GOARCH=amd64 go build -race -o app .\n';
    assert.deepEqual(xb211(openbsd, 'shell', { ...HOST_FACTS, goVersion: '1.22' }), []);
    assert.equal(xb211(openbsd, 'shell', { ...HOST_FACTS, goVersion: '1.23' }).length, 1);
    const riscv = 'FROM golang:1.25\nRUN GOARCH=riscv64 go test -race ./...\n';
    assert.equal(xb211(riscv).length, 1);
    assert.deepEqual(xb211(riscv.replace('1.25', '1.26')), []);
  });

  it('flags -msan and -asan from GOFLAGS without offering an edit of the command', () => {
    const text = 'FROM --platform=linux/386 golang:1.22\nENV GOFLAGS=-asan\nRUN go test ./...\n';
    const [f] = xb211(text);
    assert.equal(textAt(text, f), '-asan');
    assert.match(f.message, /"-asan is not supported on linux\/386"/);
    assert.deepEqual(f.fixes, []);
  });

  it('stays silent on ports that have the flag', () => {
    assert.deepEqual(xb211('test:\n\tGOARCH=arm64 go test -race ./...\n\tgo build -buildmode=pie -o app .\n', 'makefile'), []);
  });

  it('knows a stage built FROM a pinned stage runs on that platform', () => {
    const text = [
      'FROM --platform=linux/386 golang:1.22-bookworm AS base',
      'WORKDIR /src',
      'COPY . .',
      '',
      'FROM base AS test',
      'RUN go test -race ./...',
      '',
    ].join('\n');
    const [f] = xb211(text);
    assert.match(said(f), /-race does not exist for linux\/386:[^]*the target: the stage's platform linux\/386/);
  });
});

describe('flag-support table', () => {
  it('matches the measured race ports per version', () => {
    assert.deepEqual(portsSupporting('race', '1.21').sort(), ['darwin/amd64', 'darwin/arm64', 'freebsd/amd64', 'linux/amd64', 'linux/arm64', 'linux/ppc64le', 'linux/s390x', 'netbsd/amd64', 'openbsd/amd64', 'windows/amd64']);
    assert.ok(flagSupported('race', 'linux', 'loong64', '1.25') && !flagSupported('race', 'linux', 'loong64', '1.24'));
    assert.ok(flagSupported('plugin', 'linux', 'riscv64', '1.25') && !flagSupported('plugin', 'linux', 'riscv64', '1.24'));
    assert.ok(flagSupported('c-shared', 'wasip1', 'wasm', '1.24') && !flagSupported('c-shared', 'wasip1', 'wasm', '1.23'));
  });

  it('knows where cgo builds always link externally', () => {
    assert.ok(mustLinkExternalWithCgo('linux', 'mips64le', '1.27'));
    assert.ok(mustLinkExternalWithCgo('linux', 'riscv64', '1.21') && !mustLinkExternalWithCgo('linux', 'riscv64', '1.22'));
    assert.ok(mustLinkExternalWithCgo('linux', 'ppc64', '1.26') && !mustLinkExternalWithCgo('linux', 'ppc64', '1.27'));
    assert.ok(!mustLinkExternalWithCgo('linux', 'amd64', '1.27'));
  });

  it('names the target and the dropped flag in the fix title, for -race and for each build mode', () => {
    const cases: [line: string, name: string, target: string, because: string][] = [
      ['GOARCH=386 go test -race ./...', '-race', 'linux/386', 'GOARCH=386'],
      ['GOOS=windows go build -buildmode=plugin -o dist/greeter.dll ./plugins/greeter', '-buildmode=plugin', 'windows/amd64', 'GOOS=windows'],
      ['GOOS=linux GOARCH=mips go build -buildmode=c-archive -o dist/libhook.a ./hook', '-buildmode=c-archive', 'linux/mips', 'GOOS=linux GOARCH=mips'],
      ['GOOS=js GOARCH=wasm go build -buildmode=c-shared -o dist/hook.wasm ./hook', '-buildmode=c-shared', 'js/wasm', 'GOOS=js GOARCH=wasm'],
    ];
    for (const [line, name, target, because] of cases) {
      const [f] = xb211(`#!/bin/sh\nset -e\n${line}\n`, 'shell');
      assert.ok(f.message.startsWith(`${name} does not exist for ${target}: drop it for that target.`), f.message);
      assert.equal(f.related?.[0].message, `the target: ${because}`);
      assert.deepEqual(f.fixes.map((x) => [x.title, x.isPreferred]), [[`Drop ${name} for ${target}`, true]]);
    }
    // pie exists for windows/arm64.
    assert.deepEqual(xb211('#!/bin/sh\nGOOS=windows GOARCH=arm64 go build -buildmode=pie -o dist/app.exe .\n', 'shell'), []);
  });

  it('does not guess a target from a GOOS or GOARCH it cannot read', () => {
    assert.deepEqual(xb211('#!/bin/sh\nGOOS=$OS GOARCH=386 go test -race ./...\n', 'shell'), []);
    assert.deepEqual(xb211('#!/bin/sh\nGOOS=linux GOARCH=$ARCH go test -race ./...\n', 'shell'), []);
  });

  it('names a pinned stage\'s platform as the target, or the GOARCH set inside it', () => {
    assert.equal(xb211('FROM --platform=linux/386 golang:1.22\nRUN go test -race ./...\n')[0].related?.[0].message, "the target: the stage's platform linux/386");
    assert.equal(xb211('FROM --platform=linux/386 golang:1.22\nRUN GOARCH=386 go test -race ./...\n')[0].related?.[0].message, 'the target: GOARCH=386');
  });
  it('reads -race from flags kept in a variable or an array, and offers no fix that would drop the other flags with it', () => {
    const script = [
      '#!/bin/sh',
      'set -eu',
      'BUILD_FLAGS="-race -trimpath"',
      'GOOS=linux GOARCH=arm GOARM=7 go build $BUILD_FLAGS -o dist/app-armv7 ./cmd/app',
      '',
    ].join('\n');
    const [f] = only(check(script, 'shell'), 'XB211');
    assert.equal(textAt(script, f), '$BUILD_FLAGS');
    assert.deepEqual(f.fixes, [], 'the fix would remove $BUILD_FLAGS, -trimpath too');
    const array = '#!/bin/bash\nflags=(-race -o dist/app-armv7)\nGOOS=linux GOARCH=arm GOARM=7 go build "${flags[@]}" ./cmd/app\n';
    assert.deepEqual(only(check(array, 'shell'), 'XB211').map((x) => x.fixes.length), [0]);
    const makefile = 'BUILD_FLAGS := -race -tags netgo\n\nbuild-armv7:\n\tGOOS=linux GOARCH=arm GOARM=7 go build $(BUILD_FLAGS) -o dist/app-armv7 ./cmd/app\n';
    assert.equal(only(check(makefile, 'makefile'), 'XB211').length, 1);
  });
});
