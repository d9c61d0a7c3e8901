import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, lineOf, only, ready, textAt, said } from '../testing';

before(ready);

describe('XB209 CC names a compiler for another target', () => {
  it('flags an arm64 compiler left in place for the amd64 build of a release script', () => {
    const text = [
      '#!/bin/sh',
      'set -eu',
      'export CGO_ENABLED=1',
      'CC=aarch64-linux-gnu-gcc GOOS=linux GOARCH=arm64 go build -o dist/app-arm64 .',
      'CC=aarch64-linux-gnu-gcc GOOS=linux GOARCH=amd64 go build -o dist/app-amd64 .',
      '',
    ].join('\n');
    const [f] = only(check(text, 'shell'), 'XB209');
    assert.equal(lineOf(f), 5);
    assert.equal(textAt(text, f), 'aarch64-linux-gnu-gcc');
    assert.match(said(f), /CC=aarch64-linux-gnu-gcc builds for linux\/arm64, not linux\/amd64 \(a native build\): use CC=gcc/);
    assert.match(said(f), /"aarch64-linux-gnu-gcc: error: unrecognized command-line option '-m64'"/);
    assert.equal(fixAndRecheck(text, 'XB209', 'shell'), text.replace('CC=aarch64-linux-gnu-gcc GOOS=linux GOARCH=amd64', 'CC=gcc GOOS=linux GOARCH=amd64'));
  });

  it('flags a Linux compiler for a Windows build and suggests mingw-w64', () => {
    const text = 'export CGO_ENABLED := 1\n\nwindows:\n\tGOOS=windows GOARCH=amd64 CC=x86_64-linux-gnu-gcc go build -o bin/app.exe .\n';
    const [f] = only(check(text, 'makefile'), 'XB209');
    assert.match(said(f), /builds for linux\/amd64, not windows\/amd64/);
    assert.equal(fixAndRecheck(text, 'XB209', 'makefile'), text.replace('CC=x86_64-linux-gnu-gcc', 'CC=x86_64-w64-mingw32-gcc'));
  });

  it('explains that musleabihf is 32-bit ARM, whatever the name starts with', () => {
    const text = 'FROM golang:1.22 AS build\nENV CGO_ENABLED=1 GOARCH=arm64 CC=arm64-linux-musleabihf-gcc\nRUN go build -o /out/app .\n';
    const [f] = only(check(text), 'XB209');
    assert.match(said(f), /builds for linux\/arm, not linux\/arm64[^]*musleabihf is the 32-bit ARM ABI, so no arm64 toolchain has that name/);
    assert.equal(fixAndRecheck(text, 'XB209'), text.replace('arm64-linux-musleabihf-gcc', 'aarch64-linux-musl-gcc'));
  });

  it('flags a glibc cross compiler whose binary lands in alpine, and suggests the musl one', () => {
    const text = [
      'FROM --platform=$BUILDPLATFORM golang:1.22-bookworm AS build',
      'RUN apt-get update && apt-get install -y gcc-aarch64-linux-gnu',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=1 GOARCH=arm64 CC=aarch64-linux-gnu-gcc go build -o /out/app .',
      '',
      'FROM --platform=linux/arm64 alpine:3.20',
      'COPY --from=build /out/app /app',
      'ENTRYPOINT ["/app"]',
    ].join('\n');
    const [f] = only(check(text), 'XB209');
    assert.match(said(f), /links against glibc, but alpine:3\.20 has musl[^]*it runs in stage 1 \(alpine:3\.20, line 7\), which has musl/);
    assert.match(said(f), /the musl compiler for linux\/arm64 is aarch64-linux-musl-gcc/);
    assert.deepEqual(only(check(text), 'XB201'), [], 'XB201 leaves a libc chosen by CC to XB209');
    assert.equal(fixAndRecheck(text, 'XB209'), text.replace('CC=aarch64-linux-gnu-gcc', 'CC=aarch64-linux-musl-gcc'));
  });

  it('flags musl-gcc whose binary lands in a Debian image', () => {
    const text = 'FROM golang:1.22 AS build\nRUN apt-get update && apt-get install -y musl-tools\nRUN CGO_ENABLED=1 CC=musl-gcc go build -o /out/app .\n\nFROM debian:bookworm-slim\nCOPY --from=build /out/app /app\nCMD ["/app"]\n';
    const [f] = only(check(text), 'XB209');
    assert.match(said(f), /CC=musl-gcc links against musl, but debian:bookworm-slim has glibc[^]*stage 1 \(debian:bookworm-slim, line 5\), which has glibc/);
    assert.equal(fixAndRecheck(text, 'XB209'), text.replace('CC=musl-gcc', 'CC=gcc'));
  });

  it('is silent when the compiler fits, cgo is off, the target is not known, or the binary is static', () => {
    const silent: [string, 'dockerfile' | 'shell'][] = [
      ['#!/bin/sh\nCGO_ENABLED=1 CC=aarch64-linux-gnu-gcc GOARCH=arm64 go build .\n', 'shell'],
      ['#!/bin/sh\nCGO_ENABLED=1 CC="zig cc -target x86_64-linux-musl" GOARCH=amd64 go build .\n', 'shell'],
      ['#!/bin/sh\nCGO_ENABLED=0 CC=aarch64-linux-gnu-gcc GOARCH=amd64 go build .\n', 'shell'],
      ['#!/bin/sh\nCGO_ENABLED=1 CC=aarch64-linux-gnu-gcc GOARCH="$ARCH" go build .\n', 'shell'],
      ['#!/bin/sh\nCGO_ENABLED=1 CC=xx-clang go build .\n', 'shell'],
      [
        'FROM golang:1.22 AS build\nRUN CGO_ENABLED=1 CC=musl-gcc go build -ldflags "-linkmode external -extldflags -static" -o /out/app .\nFROM debian:12\nCOPY --from=build /out/app /app\nCMD ["/app"]',
        'dockerfile',
      ],
    ];
    for (const [text, kind] of silent) assert.deepEqual(only(check(text, kind), 'XB209'), [], text);
  });
});
