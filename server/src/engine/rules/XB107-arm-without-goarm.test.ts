import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, lineOf, only, planBuilding, ready, said, textAt } from '../testing';

before(ready);

const DOCKER_PATTERN = [
  'FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build',
  'ARG TARGETOS TARGETARCH',
  'WORKDIR /src',
  'COPY . .',
  'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .',
  '',
  'FROM alpine:3.20',
  'COPY --from=build /out/app /usr/local/bin/app',
  '',
].join('\n');

describe('XB107 GOARCH=arm without GOARM', () => {
  it('notes the $TARGETARCH pattern: arm builds default to ARMv7', () => {
    const [f] = only(check(DOCKER_PATTERN), 'XB107');
    assert.equal(f.severity, 'information');
    assert.match(f.message, /ARMv7/);
  });

  it('warns when the build plan builds linux/arm/v6, naming where; silent when it builds no ARMv6/v5; a note when no plan', () => {
    const v6 = only(check(DOCKER_PATTERN, 'dockerfile', undefined, planBuilding(['linux/amd64', 'linux/arm64', 'linux/arm/v6'])), 'XB107');
    assert.equal(v6.length, 1);
    assert.equal(v6[0].severity, 'warning');
    assert.match(v6[0].message, /Built for linux\/arm\/v6 by \.github\/workflows\/release\.yml:45\./);
    assert.equal(v6[0].related?.[0].file, '/work/app/.github/workflows/release.yml');
    assert.equal(v6[0].related?.[0].message, 'linux/arm/v6 is built here');
    assert.deepEqual(only(check(DOCKER_PATTERN, 'dockerfile', undefined, planBuilding(['linux/amd64', 'linux/arm64', 'linux/arm/v7'])), 'XB107'), []);
    assert.deepEqual(only(check(DOCKER_PATTERN, 'dockerfile', undefined, planBuilding(undefined)), 'XB107'), []);
    assert.equal(only(check(DOCKER_PATTERN, 'dockerfile', undefined, planBuilding([undefined])), 'XB107')[0].severity, 'information', 'platforms the plan cannot read');
    assert.doesNotMatch(said(only(check(DOCKER_PATTERN), 'XB107')[0]), /Built for/);
  });

  it('warns when the image that runs it is ARMv6', () => {
    const [f] = only(check(DOCKER_PATTERN.replace('FROM alpine:3.20', 'FROM arm32v6/alpine:3.20')), 'XB107');
    assert.equal(f.severity, 'warning');
  });

  it('fixes with GOARM=${TARGETVARIANT#v} and declares TARGETVARIANT in the same ARG line (Go 1.23 and newer)', () => {
    const fixed = fixAndRecheck(DOCKER_PATTERN.replace('golang:1.22', 'golang:1.23'), 'XB107');
    assert.match(fixed, /\nARG TARGETOS TARGETARCH TARGETVARIANT\n/);
    assert.match(fixed, /GOARCH=\$TARGETARCH GOARM=\$\{TARGETVARIANT#v\} go build/);
  });

  it('offers no fix from TARGETVARIANT on Go before 1.23: GOARM=3 from linux/amd64/v3 would stop those builds', () => {
    const [f] = only(check(DOCKER_PATTERN), 'XB107');
    assert.deepEqual(f.fixes, []);
    const [newer] = only(check(DOCKER_PATTERN.replace('golang:1.22', 'golang:1.23')), 'XB107');
    assert.equal(newer.fixes.length, 1);
  });

  it('offers GOARM=6 or 7 for a literal GOARCH=arm in a script', () => {
    const text = '#!/bin/sh\nGOOS=linux GOARCH=arm go build -o dist/app-arm .\n';
    const [f] = only(check(text, 'shell'), 'XB107');
    assert.deepEqual(f.fixes.map((x) => x.title), ['Set GOARM=6 (runs on ARMv6 and ARMv7)', 'Set GOARM=7 (ARMv7 and newer only)']);
    assert.equal(fixAndRecheck(text, 'XB107', 'shell', f.fixes[0].title), '#!/bin/sh\nGOOS=linux GOARCH=arm GOARM=6 go build -o dist/app-arm .\n');
  });

  it('reads where a child stage runs from the stage it is built FROM ($BUILDPLATFORM base, then FROM base)', () => {
    const text = [
      'FROM --platform=$BUILDPLATFORM golang:1.24-alpine AS base',
      'WORKDIR /src',
      'COPY go.mod go.sum ./',
      'RUN go mod download',
      '',
      'FROM base AS builder',
      'ARG TARGETOS TARGETARCH',
      'COPY . .',
      'RUN CGO_ENABLED=0 GOOS=${TARGETOS} GOARCH=${TARGETARCH} go build -o agent',
      '',
      'FROM alpine:3.22',
      'COPY --from=builder /src/agent /usr/bin/agent',
      '',
    ].join('\n');
    const [f] = only(check(text), 'XB107');
    assert.equal(lineOf(f), 9);
    assert.match(fixAndRecheck(text, 'XB107'), /\nARG TARGETOS TARGETARCH TARGETVARIANT\n/);
    // The same child stage of a base that follows the target is a native build: the image's Go picks GOARM.
    assert.deepEqual(only(check(text.replace('FROM --platform=$BUILDPLATFORM golang', 'FROM golang')), 'XB107'), []);
  });

  it('is silent with GOARM set, for other architectures, and for go vet', () => {
    const text = 'FROM golang:1.22\nRUN GOARCH=arm GOARM=6 go build . && GOARCH=arm64 go build . && GOARCH=arm go vet ./...';
    assert.deepEqual(only(check(text), 'XB107'), []);
  });

  it('flags a literal GOARCH=arm even in a stage that runs on the target: that is a cross build from whatever the target is', () => {
    const text = [
      'FROM golang:1.22-bookworm AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=0 GOOS=linux GOARCH=arm go build -o /out/app-armv6 ./cmd/app',
      '',
      'FROM scratch',
      'COPY --from=build /out/app-armv6 /app',
      '',
    ].join('\n');
    const [f] = only(check(text), 'XB107');
    assert.equal(lineOf(f), 4);
    assert.deepEqual(f.fixes.map((x) => x.title), ['Set GOARM=6 (runs on ARMv6 and ARMv7)', 'Set GOARM=7 (ARMv7 and newer only)']);
  });

  it('reports on the go word when GOARCH comes from ENV, and puts GOARM before it', () => {
    const text = 'FROM golang:1.22\nENV GOARCH=arm\nRUN go build -o /out/app .\n';
    const [f] = only(check(text), 'XB107');
    assert.equal(lineOf(f), 3);
    assert.equal(f.message, 'GOARCH=arm without GOARM: a cross build targets ARMv7; set GOARM=6 to run on ARMv6 too.');
    assert.match(said(f), /On ARMv6 \(Raspberry Pi Zero\/1\) and ARMv5 it dies with "illegal instruction"\./, 'the crash, in related information');
    assert.ok(f.fixes.every((x) => !x.isPreferred), 'v6 or v7 is the user\'s choice');
    assert.equal(fixAndRecheck(text, 'XB107', 'dockerfile', 'Set GOARM=7 (ARMv7 and newer only)'), 'FROM golang:1.22\nENV GOARCH=arm\nRUN GOARM=7 go build -o /out/app .\n');
  });

  it('puts GOARM=${TARGETVARIANT#v} before go for an ENV GOARCH=$TARGETARCH, declaring nothing already declared', () => {
    const text = 'FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nARG TARGETARCH TARGETVARIANT\nENV GOARCH=$TARGETARCH\nRUN go build -o /out/app .\n';
    const [f] = only(check(text), 'XB107');
    assert.equal(f.message, 'GOARCH=$TARGETARCH without GOARM: a cross build targets ARMv7; set GOARM=${TARGETVARIANT#v}.');
    assert.deepEqual(f.fixes.map((x) => [x.title, x.isPreferred]), [['Set GOARM from TARGETVARIANT', true]]);
    assert.equal(fixAndRecheck(text, 'XB107'), text.replace('RUN go build', 'RUN GOARM=${TARGETVARIANT#v} go build'));
    const [old] = only(check(text.replace('golang:1.23', 'golang:1.22')), 'XB107');
    assert.match(old.message, /; set GOARM for the arm\/v6 build\.$/);
  });

  it('is silent when the C compiler is a hard-float ARMv7 one, and warns when the image platform is arm/v6', () => {
    assert.deepEqual(only(check('FROM golang:1.22\nRUN CC=arm-linux-gnueabihf-gcc CGO_ENABLED=1 GOARCH=arm go build -o /out/app .'), 'XB107'), []);
    const text = 'FROM golang:1.22 AS build\nRUN GOARCH=arm go build -o /out/app .\nFROM --platform=linux/arm/v6 alpine:3.20\nCOPY --from=build /out/app /app\n';
    const [f] = only(check(text), 'XB107');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /This Dockerfile runs it on an ARMv6\/v5 image\./);
    assert.equal(textAt(text, f), 'GOARCH=arm');
  });

  it('reports a command a loop runs several times once', () => {
    const text = 'FROM golang:1.22\nRUN for app in api worker; do GOARCH=arm go build -o /out/$app ./cmd/$app; done\n';
    assert.equal(only(check(text), 'XB107').length, 1);
  });
});
