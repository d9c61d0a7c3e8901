import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, lineOf, only, ready, textAt, said } from '../testing';

before(ready);

const ALPINE = [
  'FROM golang:1.22-alpine AS build',
  'WORKDIR /src',
  'COPY go.mod go.sum ./',
  'RUN go mod download',
  'COPY . .',
  'RUN CGO_ENABLED=1 go build -o /out/app ./cmd/app',
  '',
].join('\n');

describe('XB207 cgo turned on in an image without a C compiler', () => {
  it('flags CGO_ENABLED=1 in golang:*-alpine and quotes what go prints', () => {
    const [f] = only(check(ALPINE), 'XB207');
    assert.equal(lineOf(f), 6);
    assert.equal(textAt(ALPINE, f), 'CGO_ENABLED=1');
    assert.match(said(f), /stage build \(golang:1\.22-alpine, line 1\) has no C compiler/);
    assert.match(said(f), /"cgo: C compiler "gcc" not found: exec: "gcc": executable file not found in \$PATH"/);
  });

  it('fixes by installing gcc and musl-dev right before the RUN, keeping the rest byte-identical', () => {
    const fixed = fixAndRecheck(ALPINE, 'XB207');
    assert.equal(fixed, ALPINE.replace('RUN CGO_ENABLED=1', 'RUN apk add --no-cache gcc musl-dev\nRUN CGO_ENABLED=1'));
  });

  it('puts the install before a RUN that continues over several lines', () => {
    const text = 'FROM golang:1.23-alpine3.20\nENV CGO_ENABLED=1\nWORKDIR /src\nCOPY . .\nRUN go mod download && \\\n    go build -o /out/app .\n';
    const [f] = only(check(text), 'XB207');
    assert.equal(lineOf(f), 6);
    assert.equal(fixAndRecheck(text, 'XB207'), text.replace('RUN go mod download', 'RUN apk add --no-cache gcc musl-dev\nRUN go mod download'));
  });

  it('installs with apt-get in a Debian stage that has Go but no gcc', () => {
    const text = 'FROM debian:bookworm-slim AS build\nCOPY --from=golang:1.22 /usr/local/go /usr/local/go\nENV PATH=/usr/local/go/bin:$PATH\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=1 /usr/local/go/bin/go build -o /out/app .\n';
    const fixed = fixAndRecheck(text, 'XB207');
    assert.match(fixed, /\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev && rm -rf \/var\/lib\/apt\/lists\/\*\nRUN CGO_ENABLED=1/);
  });

  it('offers turning cgo off as the other fix', () => {
    const [f] = only(check(ALPINE), 'XB207');
    assert.deepEqual(f.fixes.map((x) => [x.title, x.isPreferred]), [
      ['Install a C compiler: RUN apk add --no-cache gcc musl-dev', true],
      ['Turn cgo off (CGO_ENABLED=0), if nothing needs C', false],
    ]);
    assert.equal(fixAndRecheck(ALPINE, 'XB207', 'dockerfile', 'Turn cgo off (CGO_ENABLED=0), if nothing needs C'), ALPINE.replace('CGO_ENABLED=1', 'CGO_ENABLED=0'));
  });

  it('points a cross build at xx instead of installing the native gcc', () => {
    const text = 'FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build\nARG TARGETARCH\nRUN CGO_ENABLED=1 GOARCH=$TARGETARCH go build -o /out/app .';
    const [f] = only(check(text), 'XB207');
    assert.match(said(f), /install the target's with tonistiigi\/xx/);
    assert.deepEqual(f.fixes.map((x) => x.title), ['Turn cgo off (CGO_ENABLED=0), if nothing needs C']);
  });

  it('is silent with a compiler installed, cgo not forced on, a gcc image, or a Makefile', () => {
    const silent = [
      ALPINE.replace('RUN go mod download', 'RUN apk add --no-cache build-base && go mod download'),
      ALPINE.replace('CGO_ENABLED=1 ', ''),
      ALPINE.replace('golang:1.22-alpine', 'golang:1.22-bookworm'),
      ALPINE.replace('RUN go mod download', 'RUN xx-apk add gcc musl-dev'),
      ALPINE.replace('CGO_ENABLED=1', 'CGO_ENABLED=1 CC=/opt/cross/bin/aarch64-linux-musl-gcc GOARCH=arm64'),
    ];
    for (const text of silent) assert.deepEqual(only(check(text), 'XB207'), [], text);
    assert.deepEqual(only(check('build:\n\tCGO_ENABLED=1 go build -o bin/app .\n', 'makefile'), 'XB207'), []);
  });

  it('takes Go from the distribution into account: Debian\'s golang-go recommends gcc, Alpine\'s go is not known', () => {
    const debian = 'FROM ubuntu:24.04 AS build\nRUN apt-get update && apt-get install -y golang-go\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=1 go build -o /out/app .\n';
    assert.deepEqual(only(check(debian), 'XB207'), []);
    assert.deepEqual(only(check(debian.replace('-y golang-go', '-y --no-install-recommends golang-go')), 'XB207').map(lineOf), [5]);
    const alpine = 'FROM alpine:3.19 AS build\nRUN apk add --no-cache go\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=1 go build -o /out/app .\n';
    assert.deepEqual(only(check(alpine), 'XB207'), []);
  });

  it('reports an ENV CGO_ENABLED=1 on the go command it reaches, and edits the ENV value to turn cgo off', () => {
    const text = 'FROM golang:1.22-alpine AS build\nENV CGO_ENABLED=1\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app ./cmd/app\n';
    const [f] = only(check(text), 'XB207');
    assert.equal(textAt(text, f), 'go');
    assert.equal(f.message, 'CGO_ENABLED=1 in an image without a C compiler: install one first. For golang:1.22-alpine: apk add --no-cache gcc musl-dev.');
    assert.equal(fixAndRecheck(text, 'XB207', 'dockerfile', 'Turn cgo off (CGO_ENABLED=0), if nothing needs C'), text.replace('ENV CGO_ENABLED=1', 'ENV CGO_ENABLED=0'));
    // From an ARG, the value is not the author's literal: a prefix on the command instead.
    const fromArg = 'FROM golang:1.22-alpine AS build\nARG CGO=1\nENV CGO_ENABLED=$CGO\nRUN go build -o /out/app .\n';
    assert.equal(fixAndRecheck(fromArg, 'XB207', 'dockerfile', 'Turn cgo off (CGO_ENABLED=0), if nothing needs C'), fromArg.replace('RUN go build', 'RUN CGO_ENABLED=0 go build'));
  });

  it('names the compiler CC asks for, offering no gcc install for it, and leaves cross or unknown CCs alone', () => {
    const [clang] = only(check('FROM golang:1.22-alpine AS build\nRUN CGO_ENABLED=1 CC=clang go build -o /out/app .\n'), 'XB207');
    assert.match(said(clang), /"cgo: C compiler "clang" not found: exec: "clang": executable file not found in \$PATH"/);
    assert.deepEqual(clang.fixes.map((x) => [x.title, x.isPreferred]), [['Turn cgo off (CGO_ENABLED=0), if nothing needs C', true]]);
    assert.deepEqual(only(check('FROM golang:1.22-alpine AS build\nARG CC\nRUN CGO_ENABLED=1 CC=$CC go build -o /out/app .\n'), 'XB207'), []);
    assert.deepEqual(only(check('FROM golang:1.22-alpine AS build\nRUN CGO_ENABLED=1 CC=aarch64-linux-musl-gcc GOARCH=arm64 go build -o /out/app .\n'), 'XB207'), []);
  });

  it('keeps the indentation of a lower-case run when inserting the install', () => {
    const text = 'FROM golang:1.22-alpine AS build\nWORKDIR /src\n  run CGO_ENABLED=1 go build -o /out/app .\n';
    assert.equal(fixAndRecheck(text, 'XB207'), text.replace('  run CGO', '  RUN apk add --no-cache gcc musl-dev\n  run CGO'));
  });

  it('on a cross build says how xx installs the target\'s compiler', () => {
    const [f] = only(check('FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build\nARG TARGETARCH\nRUN CGO_ENABLED=1 GOARCH=$TARGETARCH go build -o /out/app .'), 'XB207');
    assert.equal(f.message, "CGO_ENABLED=1 in an image without a C compiler: install the target's with tonistiigi/xx.");
    assert.match(said(f), /; tonistiigi\/xx installs the target's compiler \(`xx-apk add gcc musl-dev`, `xx-apt-get install gcc libc6-dev`\) and `xx-go build` uses it/);
  });
});
