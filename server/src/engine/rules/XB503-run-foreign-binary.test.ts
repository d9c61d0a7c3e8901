import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, only, ready, said } from '../testing';

before(ready);

describe('XB503 go run / go test for a platform the host cannot execute', () => {
  it('flags go test in a $BUILDPLATFORM stage that targets $TARGETARCH', () => {
    const text = [
      'FROM --platform=$BUILDPLATFORM golang:1.23 AS test',
      'ARG TARGETOS TARGETARCH',
      'WORKDIR /src',
      'COPY . .',
      'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go test ./...',
    ].join('\n');
    const [f] = only(check(text), 'XB503');
    assert.equal(f.severity, 'warning');
    assert.match(said(f), /this machine cannot execute[^]*every target platform other than the builder's own/);
    assert.match(said(f), /exec format error/);
  });

  it('flags go run for another architecture in a script, against the chosen target when there is one', () => {
    assert.equal(only(check('#!/bin/sh\nGOARCH=arm64 go run ./cmd/gen\n', 'shell'), 'XB503').length, 1);
    const onArm = check('#!/bin/sh\nGOARCH=arm64 go run ./cmd/gen\n', 'shell', { host: { goos: 'linux', goarch: 'amd64' }, target: { goos: 'linux', goarch: 'arm64' } });
    assert.deepEqual(only(onArm, 'XB503'), []);
  });

  it('flags a go run inside a command substitution, which runs with the exported target', () => {
    const text = [
      '#!/bin/sh',
      'export GOOS=linux GOARCH=arm64',
      'VERSION="$(go run ./tools/version)"',
      'go build -ldflags "-X main.version=$VERSION" -o bin/app ./cmd/app',
    ].join('\n');
    const found = only(check(text, 'shell'), 'XB503');
    assert.deepEqual(found.map((f) => f.range.start.line), [2]);
  });

  it('says whether the host is this machine or the target the user chose', () => {
    const text = '#!/bin/sh\nGOARCH=amd64 go test ./...\nGOARCH=riscv64 go run ./cmd/gen\n';
    const onArm = { host: { goos: 'linux', goarch: 'arm64' }, target: { goos: 'linux', goarch: 'arm64' } };
    const [chosen] = only(check(text, 'shell', onArm), 'XB503');
    assert.match(said(chosen), /runs it for linux\/amd64 on the chosen target linux\/arm64\./);
    const [local, riscv] = only(check(text, 'shell', { host: { goos: 'darwin', goarch: 'arm64' } }), 'XB503');
    assert.match(said(local), /runs it for darwin\/amd64 on this darwin\/arm64 machine\./);
    assert.match(said(riscv), /go run [^]*for darwin\/riscv64 on this darwin\/arm64 machine/);
  });

  it('is silent for go test -c, -exec, 386 on amd64 and native runs', () => {
    const text = '#!/bin/sh\nGOARCH=arm64 go test -c ./...\nGOARCH=arm64 go test -exec qemu-aarch64-static ./...\nGOARCH=386 go test ./...\ngo run .\n';
    assert.deepEqual(only(check(text, 'shell'), 'XB503'), []);
  });

  it('knows a stage built FROM a $BUILDPLATFORM stage runs on the builder', () => {
    const text = [
      'FROM --platform=$BUILDPLATFORM golang:1.23 AS base',
      'WORKDIR /src',
      'COPY . .',
      '',
      'FROM base AS test',
      'ARG TARGETOS TARGETARCH',
      'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go test ./...',
      '',
    ].join('\n');
    const [f] = only(check(text), 'XB503');
    assert.match(said(f), /on the builder for every target platform other than the builder's own/);
  });

  it('gives no verdict for js/wasm and wasip1/wasm: go runs them through go_js_wasm_exec / go_wasip1_wasm_exec on PATH', () => {
    const script = '#!/bin/sh\nexport PATH="$(go env GOROOT)/misc/wasm:$PATH"\nGOOS=js GOARCH=wasm go test ./...\nGOOS=wasip1 GOARCH=wasm go run ./cmd/plugin\n';
    assert.deepEqual(only(check(script, 'shell'), 'XB503'), []);
  });
});

describe('XB503 in a stage of a fixed platform, and against the host', () => {
  const GEN_STAGE = (run: string) => ['FROM --platform=linux/amd64 golang:1.23 AS gen', 'WORKDIR /src', 'COPY . .', `RUN ${run}`, ''].join('\n');

  it('flags go run for another architecture or OS in a stage pinned to linux/amd64, naming the stage\'s platform', () => {
    const [f] = only(check(GEN_STAGE('GOARCH=arm64 go run ./cmd/gen')), 'XB503');
    assert.equal(f.message, 'go run runs a binary this machine cannot execute: use `go build`, or an emulator with `-exec`. It runs it in a linux/amd64 stage.');
    assert.equal(only(check(GEN_STAGE('GOOS=windows GOARCH=amd64 go test ./...')), 'XB503').length, 1);
    for (const run of ['GOARCH=amd64 go run ./cmd/gen', 'GOARCH=386 go test ./...', 'GOOS=linux GOARCH=amd64 go test ./...', 'GOARCH=$TARGETARCH go test ./...']) {
      assert.deepEqual(only(check(GEN_STAGE(run)), 'XB503'), [], run);
    }
  });

  it('is silent for $TARGETARCH in a stage that runs on the target platform', () => {
    const text = ['FROM golang:1.23 AS test', 'ARG TARGETARCH', 'WORKDIR /src', 'COPY . .', 'RUN GOARCH=${TARGETARCH} go test ./...', ''].join('\n');
    assert.deepEqual(only(check(text), 'XB503'), []);
  });

  it('go test asks for go test -c; another OS of the same architecture is foreign; 386 needs an amd64 host; an unread GOARCH gives no verdict', () => {
    const [t] = only(check('#!/bin/sh\nGOOS=darwin go test ./...\n', 'shell'), 'XB503');
    assert.equal(t.message, 'go test runs a binary this machine cannot execute: use `go test -c`, or an emulator with `-exec`. It runs it for darwin/amd64 on this linux/amd64 machine.');
    const arm = { host: { goos: 'linux', goarch: 'arm64' } };
    assert.equal(only(check('#!/bin/sh\nGOARCH=386 go test ./...\n', 'shell', arm), 'XB503').length, 1);
    assert.deepEqual(only(check('#!/bin/sh\nGOARCH="$ARCH" go test ./...\n', 'shell'), 'XB503'), []);
  });
});
