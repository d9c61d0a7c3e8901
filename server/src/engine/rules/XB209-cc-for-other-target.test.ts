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

  it('calls a 32-bit ABI name on a 64-bit prefix no real toolchain, even when the target is arm, and suggests one only for a known target', () => {
    const arm = '#!/bin/sh\nCGO_ENABLED=1 GOARCH=arm GOARM=7 CC=arm64-linux-musleabihf-gcc go build -o dist/app-armv7 .\n';
    const [f] = only(check(arm, 'shell'), 'XB209');
    assert.equal(f.message, 'CC=arm64-linux-musleabihf-gcc is not a real toolchain name: use CC=arm-linux-musleabihf-gcc.');
    // The reason does not fit in the message: it is the first note, not dropped.
    assert.deepEqual(f.related?.map((r) => r.message), ['Musleabihf is the 32-bit ARM ABI, so no arm64 toolchain has that name.']);
    assert.equal(fixAndRecheck(arm, 'XB209', 'shell'), arm.replace('arm64-linux-musleabihf-gcc', 'arm-linux-musleabihf-gcc'));
    const [unknown] = only(check(arm.replace('GOARCH=arm GOARM=7', 'GOARCH=$ARCH'), 'shell'), 'XB209');
    assert.match(unknown.message, /is not a real toolchain name: name the compiler for the target\./);
    assert.deepEqual(unknown.fixes, []);
  });

  it('names -m64 only for a gcc on an amd64 Linux target; other mismatches get the general evidence', () => {
    const [arm64] = only(check('#!/bin/sh\nCGO_ENABLED=1 GOOS=linux GOARCH=arm64 CC=x86_64-linux-musl-gcc go build -o dist/app .\n', 'shell'), 'XB209');
    assert.equal(arm64.message, 'CC=x86_64-linux-musl-gcc builds for linux/amd64, not linux/arm64: use CC=aarch64-linux-musl-gcc. The build fails, or links C code for the wrong machine.');
    assert.deepEqual(arm64.related?.map((r) => r.message), ['cgo compiles runtime/cgo and every import "C" with it, so the build fails, or links C code for the wrong machine']);
    const [amd64] = only(check('#!/bin/sh\nCGO_ENABLED=1 GOOS=linux GOARCH=amd64 CC=aarch64-linux-gnu-gcc go build -o dist/app .\n', 'shell'), 'XB209');
    assert.match(amd64.message, /Go passes -m64 for amd64, which this compiler rejects\.$/);
    // The musl compiler for the machine itself fits a native amd64 build.
    assert.deepEqual(only(check('#!/bin/sh\nCGO_ENABLED=1 GOOS=linux GOARCH=amd64 CC=x86_64-linux-musl-gcc go build -o dist/app .\n', 'shell'), 'XB209'), []);
  });

  it('suggests the glibc cross compiler for a musl one whose binary lands in a Debian image, and leaves gcompat images alone', () => {
    const text = 'FROM golang:1.22-alpine AS build\nRUN apk add build-base\nRUN CGO_ENABLED=1 CC=x86_64-alpine-linux-musl-gcc go build -o /out/app .\nFROM debian:12\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';
    const [f] = only(check(text), 'XB209');
    assert.equal(f.message, 'CC=x86_64-alpine-linux-musl-gcc links against musl, but debian:12 has glibc: use CC=x86_64-linux-gnu-gcc.');
    assert.equal(f.related?.[0].message, 'The binary fails at start with "no such file or directory".');
    assert.equal(f.related?.[1].message, "it runs in stage 1 (debian:12, line 4), which has glibc: the binary's ELF interpreter (musl's /lib/ld-musl-*.so.1) is not there; the glibc compiler for linux/amd64 is x86_64-linux-gnu-gcc");
    const glibcInAlpine = 'FROM --platform=$BUILDPLATFORM golang:1.22-bookworm AS build\nRUN apt-get update && apt-get install -y gcc-aarch64-linux-gnu\nRUN CGO_ENABLED=1 GOARCH=arm64 CC=aarch64-linux-gnu-gcc go build -o /out/app .\nFROM alpine:3.20\nRUN apk add --no-cache gcompat\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';
    assert.deepEqual(only(check(glibcInAlpine), 'XB209'), []);
    // Into scratch there is no C library to match: XB201's case.
    assert.deepEqual(only(check(text.replace('FROM debian:12', 'FROM scratch')), 'XB209'), []);
  });

  it('keeps the first sentence short for a CC from a variable: the value follows it when it does not fit beside the name', () => {
    const text = 'FROM --platform=$BUILDPLATFORM golang:1.22-bookworm AS build\nARG CROSS=aarch64-linux-gnu-gcc\nRUN CGO_ENABLED=1 GOARCH=arm64 CC=$CROSS go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';
    const [f] = only(check(text), 'XB209');
    assert.equal(f.message, 'CC=$CROSS links against glibc, but alpine:3.20 has musl: use CC=aarch64-linux-musl-gcc. $CROSS is aarch64-linux-gnu-gcc.');
    assert.deepEqual(f.fixes, []);
    const short = '#!/bin/sh\nARM=aarch64-linux-gnu-gcc\nCGO_ENABLED=1 GOARCH=amd64 CC=$ARM go build -o dist/app .\n';
    assert.match(only(check(short, 'shell'), 'XB209')[0].message, /^CC=\$ARM \(= aarch64-linux-gnu-gcc\) builds for linux\/arm64, not linux\/amd64/);
  });

  it('reports an ENV CC once for the several builds it reaches', () => {
    const text = 'FROM golang:1.22 AS build\nENV CGO_ENABLED=1 CC=aarch64-linux-gnu-gcc\nRUN GOARCH=amd64 go build -o /out/a ./a && GOARCH=amd64 go build -o /out/b ./b\n';
    assert.deepEqual(only(check(text), 'XB209').map((f) => textAt(text, f)), ['aarch64-linux-gnu-gcc']);
  });
});
