import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, lineOf, only, ready, textAt, said } from '../testing';

before(ready);

const DEBIAN_CROSS = [
  'FROM --platform=linux/amd64 golang:1.24-bookworm AS build',
  'RUN apt-get update && apt-get install -y --no-install-recommends gcc-aarch64-linux-gnu libc6-dev-arm64-cross',
  'WORKDIR /src',
  'COPY . .',
  'RUN CGO_ENABLED=1 GOOS=linux GOARCH=arm64 go build -o /out/app-arm64 ./cmd/app',
  '',
].join('\n');

describe('XB202 cgo cross build without a C compiler for the target', () => {
  it('flags CGO_ENABLED=1 for arm64 with only the host gcc, quoting the assembler error', () => {
    const text = DEBIAN_CROSS.replace(/RUN apt-get.*\n/, '');
    const [f] = only(check(text), 'XB202');
    assert.equal(lineOf(f), 4);
    assert.equal(textAt(text, f), 'CGO_ENABLED=1');
    assert.match(said(f), /a cross build \(linux\/arm64, built on linux\/amd64\)/);
    assert.match(said(f), /the default C compiler, gcc, the build machine's own/);
    assert.match(said(f), /"gcc_arm64\.S: Assembler messages: … Error: no such instruction"\./);
    assert.match(f.message, /xx-go build/);
    assert.deepEqual(f.fixes.map((x) => [x.title, x.isPreferred]), [['Turn cgo off (CGO_ENABLED=0), if nothing needs C', false]]);
  });

  it('sets CC when the stage installs the Debian cross compiler for the target', () => {
    const [f] = only(check(DEBIAN_CROSS), 'XB202');
    assert.match(said(f), /: set CC=aarch64-linux-gnu-gcc\. This stage installs aarch64-linux-gnu-gcc\./);
    assert.equal(f.fixes[0].title, 'Set CC=aarch64-linux-gnu-gcc');
    assert.equal(fixAndRecheck(DEBIAN_CROSS, 'XB202'), DEBIAN_CROSS.replace('CGO_ENABLED=1 GOOS', 'CGO_ENABLED=1 CC=aarch64-linux-gnu-gcc GOOS'));
  });

  it('still reports a stage whose only C compiler is the cross one it installs (no gcc for the default CC)', () => {
    const text = [
      'FROM --platform=linux/amd64 debian:bookworm AS build',
      'RUN apt-get update && apt-get install -y --no-install-recommends golang-go gcc-aarch64-linux-gnu libc6-dev-arm64-cross',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=1 GOOS=linux GOARCH=arm64 go build -o /out/app-arm64 ./cmd/app',
      '',
    ].join('\n');
    const [f] = only(check(text), 'XB202');
    assert.equal(lineOf(f), 5);
    assert.equal(fixAndRecheck(text, 'XB202'), text.replace('CGO_ENABLED=1 GOOS', 'CGO_ENABLED=1 CC=aarch64-linux-gnu-gcc GOOS'));
  });

  it('flags the $BUILDPLATFORM + $TARGETARCH pattern with cgo forced on', () => {
    const text = [
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      'ARG TARGETOS TARGETARCH',
      'ENV CGO_ENABLED=1',
      'WORKDIR /src',
      'COPY . .',
      'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .',
    ].join('\n');
    const [f] = only(check(text), 'XB202');
    assert.match(said(f), /every target platform but the builder's own/);
    assert.match(said(f), /linux\/arm64: "gcc_arm64\.S/);
    assert.equal(fixAndRecheck(text, 'XB202', 'dockerfile', 'Turn cgo off (CGO_ENABLED=0), if nothing needs C'), text.replace('CGO_ENABLED=1', 'CGO_ENABLED=0'));
  });

  it('names the windows failure per Go version and says only import "C" needs the compiler there', () => {
    const old = only(check('FROM golang:1.22\nRUN CGO_ENABLED=1 GOOS=windows GOARCH=amd64 go build -o /out/app.exe .'), 'XB202')[0];
    assert.match(said(old), /-mthreads/);
    assert.match(said(old), /as soon as a package has import "C"/);
    const newest = only(check('FROM golang:1.27\nRUN CGO_ENABLED=1 GOOS=windows GOARCH=amd64 go build -o /out/app.exe .'), 'XB202')[0];
    assert.match(said(newest), /windows\.h: No such file or directory" \(Go 1\.27 \(golang:1\.27 on line 1\)\)/);
  });

  it('flags a Makefile and suggests the Debian compiler by name', () => {
    const text = 'release-arm64:\n\tCGO_ENABLED=1 GOOS=linux GOARCH=arm64 go build -o dist/app-arm64 .\n';
    const [f] = only(check(text, 'makefile'), 'XB202');
    assert.match(said(f), /: set CC=aarch64-linux-gnu-gcc\. Debian\/Ubuntu package: gcc-aarch64-linux-gnu\./);
    assert.match(said(f), /Debian's own Go packages from 1\.25/);
  });

  it('is silent with a cross compiler in CC, with xx, natively, with cgo off or unset, and without any compiler (XB207)', () => {
    const silent = [
      DEBIAN_CROSS.replace('CGO_ENABLED=1 GOOS', 'CGO_ENABLED=1 CC=aarch64-linux-gnu-gcc GOOS'),
      DEBIAN_CROSS.replace('CGO_ENABLED=1 GOOS', 'CGO_ENABLED=1 CC="zig cc -target aarch64-linux-musl" GOOS'),
      DEBIAN_CROSS.replace('CGO_ENABLED=1 ', ''),
      DEBIAN_CROSS.replace('GOARCH=arm64', 'GOARCH=amd64'),
      ['FROM --platform=$BUILDPLATFORM tonistiigi/xx AS xx', 'FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build', 'COPY --from=xx / /', 'ARG TARGETPLATFORM', 'RUN xx-apk add --no-cache gcc musl-dev', 'RUN CGO_ENABLED=1 xx-go build -o /out/app .'].join('\n'),
      ['FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build', 'COPY --from=tonistiigi/xx / /', 'ARG TARGETARCH', 'RUN xx-apk add --no-cache gcc musl-dev', 'RUN CGO_ENABLED=1 GOARCH=$TARGETARCH go build -o /out/app .'].join('\n'),
      'FROM golang:1.22-alpine\nRUN CGO_ENABLED=1 GOARCH=arm64 go build -o /out/app .',
      'FROM golang:1.22\nARG TARGET_ARCH\nRUN CGO_ENABLED=1 GOARCH=$TARGET_ARCH go build -o /out/app .',
    ];
    for (const text of silent) assert.deepEqual(only(check(text), 'XB202'), [], text);
  });

  it('knows an arm64v8/golang stage runs on arm64: CGO_ENABLED=1 GOARCH=amd64 there is a cross cgo build', () => {
    const text = 'FROM arm64v8/golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=1 GOARCH=amd64 go build -o /out/app .\nFROM amd64/debian:12\nCOPY --from=build /out/app /app\n';
    assert.deepEqual(only(check(text), 'XB202').map(lineOf), [4]);
    assert.deepEqual(only(check(text.replace('GOARCH=amd64', 'GOARCH=arm64').replace('amd64/debian', 'arm64v8/debian')), 'XB202'), []);
  });

  it('fixes a $(MAKE) call that picks an arm64 cgo build by setting CC on it, or by turning cgo off where the call turns it on', () => {
    const text = 'release:\n\t$(MAKE) build GOOS=linux GOARCH=arm64 CGO_ENABLED=1\n\nbuild:\n\tgo build -o dist/app .\n';
    const [f] = only(check(text, 'makefile'), 'XB202');
    assert.equal(textAt(text, f), '$(MAKE) build GOOS=linux GOARCH=arm64 CGO_ENABLED=1');
    assert.deepEqual(f.fixes.map((x) => [x.title, x.isPreferred]), [['Set CC=aarch64-linux-gnu-gcc on the make command', false], ['Turn cgo off (CGO_ENABLED=0), if nothing needs C', false]]);
    assert.equal(fixAndRecheck(text, 'XB202', 'makefile', f.fixes[0].title), text.replace('\t$(MAKE)', '\tCC=aarch64-linux-gnu-gcc $(MAKE)'));
    // The command line's CGO_ENABLED=1 overrides the Makefile: the word itself is what changes.
    assert.equal(fixAndRecheck(text, 'XB202', 'makefile', f.fixes[1].title), text.replace('CGO_ENABLED=1', 'CGO_ENABLED=0'));
  });

  it('names what the host gcc prints for each Linux target, and what a target without a known failure gets', () => {
    const text = [
      'release:',
      '\tCGO_ENABLED=1 GOOS=linux GOARCH=arm go build -o dist/app-arm .',
      '\tCGO_ENABLED=1 GOOS=linux GOARCH=386 go build -o dist/app-386 .',
      '\tCGO_ENABLED=1 GOOS=freebsd GOARCH=amd64 go build -o dist/app-freebsd .',
      '\tCGO_ENABLED=1 GOOS=darwin GOARCH=arm64 go build -o dist/app-darwin .',
      '',
    ].join('\n');
    const [arm, i386, freebsd, ...rest] = only(check(text, 'makefile'), 'XB202');
    assert.deepEqual(rest, [], 'a darwin recipe is meant for a Mac, whose clang builds both architectures');
    assert.match(arm.message, /^CGO_ENABLED=1 builds for linux\/arm without a C compiler for it: set CC=arm-linux-gnueabihf-gcc\. Debian\/Ubuntu package: gcc-arm-linux-gnueabihf\./);
    assert.match(said(arm), /the build stops with "gcc: error: unrecognized command-line option '-marm'"/);
    assert.match(said(i386), /set CC=i686-linux-gnu-gcc/);
    assert.match(said(i386), /"fatal error: bits\/libc-header-start\.h: No such file or directory"/);
    assert.match(freebsd.message, /^CGO_ENABLED=1 builds for freebsd\/amd64 without a C compiler for it: set CC to a C compiler for the target\.$/);
    assert.match(said(freebsd), /as soon as a package has import "C" the build fails: that compiler cannot build runtime\/cgo for the target/);
  });

  it('replaces a CC that names the host gcc with the cross compiler the stage installs', () => {
    const text = 'FROM --platform=linux/amd64 golang:1.24-bookworm AS build\nRUN apt-get update && apt-get install -y gcc-aarch64-linux-gnu\nRUN CC=gcc CGO_ENABLED=1 GOARCH=arm64 go build -o /out/app .\n';
    const [f] = only(check(text), 'XB202');
    assert.match(said(f), /Go compiles runtime\/cgo with CC=gcc, a compiler for the build machine/);
    assert.equal(fixAndRecheck(text, 'XB202'), text.replace('CC=gcc', 'CC=aarch64-linux-gnu-gcc'));
    const env = 'FROM --platform=linux/amd64 golang:1.24-bookworm AS build\nRUN apt-get update && apt-get install -y gcc-aarch64-linux-gnu\nENV CGO_ENABLED=1\nRUN GOARCH=arm64 go build -o /out/app .\n';
    assert.equal(fixAndRecheck(env, 'XB202'), env.replace('arm64 go build', 'arm64 CC=aarch64-linux-gnu-gcc go build'));
  });

  it('says clang for a darwin build in Docker, and points to xx', () => {
    const [f] = only(check('FROM golang:1.22\nRUN CGO_ENABLED=1 GOOS=darwin GOARCH=arm64 go build -o /out/app .'), 'XB202');
    assert.match(f.message, /: use tonistiigi\/xx and xx-go build\./);
    assert.match(said(f), /the default C compiler, clang, a compiler for the build machine if it is there at all/);
    assert.match(said(f), /`xx-go build` sets CC to it/);
  });

  it('leaves an architecture Go does not know to XB102: go stops at the pair before cgo runs', () => {
    const text = '#!/bin/sh\nexport CGO_ENABLED=1\nGOOS=linux GOARCH=x86_64 go build -o dist/host ./cmd/host\nGOOS=linux GOARCH=aarch64 go build -o dist/host-arm ./cmd/host\n';
    const found = check(text, 'shell');
    assert.deepEqual(found.map((f) => f.code), ['XB102', 'XB102']);
  });

  it('picks the installed cross compiler for the target among several, and adds CC beside the prefix or before go', () => {
    const both = 'FROM --platform=linux/amd64 golang:1.22-bookworm\nRUN apt-get update && apt-get install -y gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf\nRUN CGO_ENABLED=1 GOARCH=arm GOARM=7 go build -o /out/app .\n';
    const [f] = only(check(both), 'XB202');
    assert.equal(f.message, 'CGO_ENABLED=1 builds for linux/arm without a C compiler for it: set CC=arm-linux-gnueabihf-gcc. This stage installs arm-linux-gnueabihf-gcc.');
    assert.match(said(f), /Without one the build stops with "gcc: error: unrecognized command-line option '-marm'"\./);
    assert.equal(fixAndRecheck(both, 'XB202'), both.replace('CGO_ENABLED=1 GOARCH=arm', 'CGO_ENABLED=1 CC=arm-linux-gnueabihf-gcc GOARCH=arm'));
    const env = 'FROM --platform=linux/amd64 golang:1.22-bookworm\nRUN apt-get update && apt-get install -y gcc-aarch64-linux-gnu\nENV CGO_ENABLED=1\nRUN GOARCH=arm64 go build -o /out/app .\n';
    const [g] = only(check(env), 'XB202');
    assert.equal(textAt(env, g), 'go');
    assert.equal(fixAndRecheck(env, 'XB202'), env.replace('GOARCH=arm64 go build', 'GOARCH=arm64 CC=aarch64-linux-gnu-gcc go build'));
  });

  it('in an alpine stage points only to xx: Debian cross compiler packages do not apply to musl', () => {
    const text = 'FROM --platform=linux/amd64 golang:1.22-alpine\nRUN apk add --no-cache build-base\nRUN CGO_ENABLED=1 GOARCH=arm64 go build -o /out/app .\n';
    const [f] = only(check(text), 'XB202');
    assert.equal(f.message, 'CGO_ENABLED=1 builds for linux/arm64 without a C compiler for it: use tonistiigi/xx and xx-go build.');
    assert.doesNotMatch(said(f), /Or install/);
    assert.match(said(f), /tonistiigi\/xx: `xx-apk add gcc musl-dev` \(alpine\)/);
  });

  it('in a script, names the Debian package when there is one and the generic advice when there is none', () => {
    const [riscv] = only(check('#!/bin/sh\nCGO_ENABLED=1 GOOS=linux GOARCH=riscv64 go build -o dist/app-riscv64 .\n', 'shell'), 'XB202');
    assert.equal(riscv.message, 'CGO_ENABLED=1 builds for linux/riscv64 without a C compiler for it: set CC=riscv64-linux-gnu-gcc. Debian/Ubuntu package: gcc-riscv64-linux-gnu.');
    assert.match(said(riscv), /the build fails: that compiler cannot build runtime\/cgo for the target/);
    const [bsd] = only(check('#!/bin/sh\nCGO_ENABLED=1 GOOS=freebsd GOARCH=amd64 go build -o dist/app-freebsd .\n', 'shell'), 'XB202');
    assert.equal(bsd.message, 'CGO_ENABLED=1 builds for freebsd/amd64 without a C compiler for it: set CC to a C compiler for the target.');
    assert.match(said(bsd), /so as soon as a package has import "C" the build fails/);
    // Outside Docker a darwin cgo build is usually meant for a Mac; a CC from the environment is not judged.
    assert.deepEqual(only(check('#!/bin/sh\nCGO_ENABLED=1 GOOS=darwin GOARCH=arm64 go build -o dist/app .\n', 'shell'), 'XB202'), []);
    assert.deepEqual(only(check('#!/bin/sh\nCGO_ENABLED=1 CC=$HOSTCC GOOS=linux GOARCH=arm64 go build -o dist/app .\n', 'shell'), 'XB202'), []);
  });
});
