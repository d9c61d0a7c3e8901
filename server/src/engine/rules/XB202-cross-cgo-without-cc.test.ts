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
});
