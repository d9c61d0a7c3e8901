import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { applyFix, check, fixAndRecheck, lineOf, only, ready, textAt, said } from '../testing';

before(ready);

const NATIVE_TO_ALPINE = [
  'FROM golang:1.22-bookworm AS build',
  'WORKDIR /src',
  'COPY go.mod go.sum ./',
  'RUN go mod download',
  'COPY . .',
  'RUN go build -trimpath -o /out/api ./cmd/api',
  '',
  'FROM alpine:3.20',
  'RUN apk add --no-cache ca-certificates',
  'COPY --from=build /out/api /usr/local/bin/api',
  'ENTRYPOINT ["/usr/local/bin/api"]',
  '',
].join('\n');

const MULTI_PLATFORM = [
  'FROM --platform=$BUILDPLATFORM golang:1.23 AS build',
  'ARG TARGETOS TARGETARCH',
  'WORKDIR /src',
  'COPY . .',
  'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/server ./cmd/server',
  '',
  'FROM gcr.io/distroless/static-debian12',
  'COPY --from=build /out/server /server',
  'ENTRYPOINT ["/server"]',
  '',
].join('\n');

describe('XB201 dynamically linked cgo binary in an image without its C library', () => {
  it('flags a native build in a gcc image copied into alpine, naming both stages and why cgo is on', () => {
    const [f] = only(check(NATIVE_TO_ALPINE), 'XB201');
    assert.equal(lineOf(f), 6);
    assert.equal(textAt(NATIVE_TO_ALPINE, f), 'go');
    assert.match(said(f), /cgo is on in stage build \(golang:1\.22-bookworm, line 1\): a native build with the C compiler in golang:1\.22-bookworm/);
    assert.match(said(f), /alpine:3\.20 has musl, not glibc[^]*copied into stage 1 \(alpine:3\.20, line 8\) here/);
    assert.match(said(f), /no such file or directory/);
    assert.deepEqual(f.related?.slice(1, 3).map((r) => r.range.start.line + 1), [10, 8]);
  });

  it('flags the builder-platform leg of the $BUILDPLATFORM pattern landing in distroless/static', () => {
    const [f] = only(check(MULTI_PLATFORM), 'XB201');
    assert.match(said(f), /GOARCH=\$TARGETARCH in a \$BUILDPLATFORM stage/);
    assert.match(said(f), /has no C library at all/);
    assert.match(said(f), /Only the native build has cgo on: the other platforms are cross builds, static/);
  });

  it('flags a musl build (alpine with build-base) copied into a Debian image', () => {
    const text = [
      'FROM golang:1.22-alpine AS build',
      'RUN apk add --no-cache build-base',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=1 go build -o /bin/worker ./cmd/worker',
      '',
      'FROM debian:bookworm-slim',
      'COPY --from=build /bin/worker /usr/bin/worker',
      'CMD ["worker"]',
    ].join('\n');
    const [f] = only(check(text), 'XB201');
    assert.match(said(f), /CGO_ENABLED=1/);
    assert.match(f.message, /has glibc, not musl/);
    assert.match(said(f), /built with cgo for musl/);
  });

  it('is silent when cgo is off, the build is static, the libraries match, or the image is unknown', () => {
    const silent = [
      NATIVE_TO_ALPINE.replace('RUN go build', 'RUN CGO_ENABLED=0 go build'),
      NATIVE_TO_ALPINE.replace('go build -trimpath', 'go build -tags netgo,osusergo -trimpath'),
      NATIVE_TO_ALPINE.replace('go build -trimpath', "go build -ldflags '-linkmode external -extldflags \"-static\"' -trimpath"),
      NATIVE_TO_ALPINE.replace('FROM alpine:3.20', 'FROM debian:bookworm-slim').replace('apk add --no-cache', 'true'),
      NATIVE_TO_ALPINE.replace('FROM alpine:3.20', 'FROM registry.example.com/base:1'),
      NATIVE_TO_ALPINE.replace('ca-certificates', 'ca-certificates libc6-compat'),
      // golang:*-alpine has no gcc: cgo is off by itself.
      NATIVE_TO_ALPINE.replace('golang:1.22-bookworm', 'golang:1.22-alpine'),
      // CGO_ENABLED from a build arg: unknown, no guess.
      NATIVE_TO_ALPINE.replace('WORKDIR /src', 'ARG CGO_ENABLED\nWORKDIR /src'),
    ];
    for (const text of silent) assert.deepEqual(only(check(text), 'XB201'), [], text);
  });

  it('is silent for the alpine $BUILDPLATFORM pattern into scratch: without a C compiler Go turns cgo off on every leg', () => {
    const text = [
      'FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build',
      'ARG TARGETOS TARGETARCH',
      'WORKDIR /src',
      'COPY . .',
      'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app ./cmd/app',
      '',
      'FROM scratch',
      'COPY --from=build /out/app /app',
      'ENTRYPOINT ["/app"]',
      '',
    ].join('\n');
    assert.deepEqual(only(check(text), 'XB201'), []);
  });

  it('follows only the file COPY names: /out/app is not /out/app-race beside it', () => {
    const text = [
      'FROM golang:1.22-bookworm AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app',
      'RUN go build -race -o /out/app-race ./cmd/app',
      '',
      'FROM alpine:3.20',
      'COPY --from=build /out/app /usr/local/bin/app',
      'ENTRYPOINT ["/usr/local/bin/app"]',
      '',
    ].join('\n');
    assert.deepEqual(only(check(text), 'XB201'), []);
    // Copying the folder takes both.
    assert.equal(only(check(text.replace('COPY --from=build /out/app /usr/local/bin/app', 'COPY --from=build /out/ /usr/local/bin/')), 'XB201').length, 1);
  });

  it('leaves alone a FROM scratch stage that only collects binaries for `docker build --output`', () => {
    const text = ['FROM golang:1.22 AS build', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /out/cli .', '', 'FROM scratch AS export', 'COPY --from=build /out/cli /'].join('\n');
    assert.deepEqual(only(check(text), 'XB201'), []);
    assert.equal(only(check(`${text}\nENTRYPOINT ["/cli"]`), 'XB201').length, 1);
  });

  it('says -tags netgo alone is not enough', () => {
    const [f] = only(check(NATIVE_TO_ALPINE.replace('go build -trimpath', 'go build -tags netgo -trimpath')), 'XB201');
    assert.match(said(f), /-tags netgo alone does not make it static: os\/user still uses cgo/);
  });

  it('fixes the single build with a CGO_ENABLED=0 prefix', () => {
    const fixed = fixAndRecheck(NATIVE_TO_ALPINE, 'XB201');
    assert.equal(fixed, NATIVE_TO_ALPINE.replace('RUN go build', 'RUN CGO_ENABLED=0 go build'));
    assert.equal(fixAndRecheck(MULTI_PLATFORM, 'XB201'), MULTI_PLATFORM.replace('GOARCH=$TARGETARCH go build', 'GOARCH=$TARGETARCH CGO_ENABLED=0 go build'));
  });

  it('fixes a stage with several go builds with ENV CGO_ENABLED=0 after its FROM and ARG lines', () => {
    const text = [
      'FROM --platform=$BUILDPLATFORM golang:1.23 AS build',
      'ARG TARGETOS',
      'ARG TARGETARCH',
      'WORKDIR /src',
      'COPY . .',
      'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/server ./cmd/server && \\',
      '    GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/migrate ./cmd/migrate',
      '',
      'FROM alpine:3.20',
      'COPY --from=build /out/ /usr/local/bin/',
      'ENTRYPOINT ["server"]',
      '',
    ].join('\n');
    const found = only(check(text), 'XB201');
    assert.equal(found.length, 2);
    const fixed = applyFix(text, found[0]);
    assert.equal(fixed, text.replace('ARG TARGETARCH\n', 'ARG TARGETARCH\nENV CGO_ENABLED=0\n'));
    assert.deepEqual(only(check(fixed), 'XB201'), []);
  });

  it('uses ENV for an exec-form RUN, which has no shell for a prefix', () => {
    const text = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN ["go", "build", "-o", "/out/app", "."]\n\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';
    assert.equal(fixAndRecheck(text, 'XB201'), text.replace('FROM golang:1.22 AS build\n', 'FROM golang:1.22 AS build\nENV CGO_ENABLED=0\n'));
  });

  it('rewrites an ignored CGO_ENABLED=false to 0 instead of adding another', () => {
    const text = NATIVE_TO_ALPINE.replace('WORKDIR /src', 'ENV CGO_ENABLED=false\nWORKDIR /src');
    const [f] = only(check(text), 'XB201');
    assert.match(said(f), /CGO_ENABLED=false is ignored/);
    assert.equal(f.fixes[0].isPreferred, true);
    assert.equal(fixAndRecheck(text, 'XB201'), text.replace('CGO_ENABLED=false', 'CGO_ENABLED=0'));
  });

  it('offers CGO_ENABLED=0 for an explicit CGO_ENABLED=1, but not as the preferred fix', () => {
    const text = NATIVE_TO_ALPINE.replace('RUN go build', 'RUN CGO_ENABLED=1 go build');
    const [f] = only(check(text), 'XB201');
    assert.equal(f.fixes[0].isPreferred, false);
    assert.equal(fixAndRecheck(text, 'XB201'), text.replace('CGO_ENABLED=1', 'CGO_ENABLED=0'));
  });

  it('knows arm64v8/golang has gcc: a native build there is cgo on, and scratch has no libc for it', () => {
    const text = 'FROM arm64v8/golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';
    assert.deepEqual(only(check(text), 'XB201').map(lineOf), [4]);
    assert.deepEqual(only(check(text.replace('RUN go', 'RUN CGO_ENABLED=0 go')), 'XB201'), []);
  });

  it('knows Go installed from Debian (apt-get install golang-go) brings gcc by its Recommends: the native build is cgo on', () => {
    const text = 'FROM debian:12 AS build\nRUN apt-get update && apt-get install -y golang-go\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\nFROM alpine:3.19\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';
    assert.deepEqual(only(check(text), 'XB201').map(lineOf), [5]);
    // Without the recommended packages there is no gcc: cgo is off, the binary is static.
    assert.deepEqual(only(check(text.replace('install -y golang-go', 'install -y --no-install-recommends golang-go')), 'XB201'), []);
  });

  it('applies to Go from a tarball on a non-golang image (go on PATH through ENV) when the stage installs gcc', () => {
    const text = [
      'FROM debian:12 AS build',
      'RUN apt-get update && apt-get install -y curl gcc',
      'RUN curl -fsSL https://go.dev/dl/go1.22.5.linux-amd64.tar.gz | tar -C /usr/local -xz',
      'ENV PATH=/usr/local/go/bin:$PATH',
      'WORKDIR /src',
      'COPY . .',
      'RUN go build -o /out/app .',
      'FROM scratch',
      'COPY --from=build /out/app /app',
      'ENTRYPOINT ["/app"]',
      '',
    ].join('\n');
    assert.deepEqual(only(check(text), 'XB201').map(lineOf), [7]);
  });

  it('names musl\'s loader for a musl cgo build (alpine with build-base, or CC=musl-gcc) copied into scratch', () => {
    const alpine = 'FROM golang:1.22-alpine AS build\nRUN apk add --no-cache build-base\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=1 go build -o /out/app .\n\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';
    const muslGcc = 'FROM golang:1.22 AS build\nRUN apt-get update && apt-get install -y musl-tools\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=1 CC=musl-gcc go build -o /out/app .\n\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';
    for (const text of [alpine, muslGcc]) {
      const [f] = only(check(text), 'XB201');
      assert.equal(f.message, '/out/app is built with cgo for musl, which the image it runs in lacks: use a musl image or CGO_ENABLED=0. scratch has no C library at all.', text);
      assert.match(said(f), /scratch has no C library at all: musl's loader \(\/lib\/ld-musl-x86_64\.so\.1 on amd64\), the binary's ELF interpreter, is not there/);
    }
    // musl-gcc into a glibc image: CC chose musl on purpose, XB209 names the compiler that fits.
    assert.deepEqual(only(check(muslGcc.replace('FROM scratch', 'FROM debian:12-slim')), 'XB201'), []);
  });

  it('is silent for a glibc binary in alpine with gcompat, and when CC comes from an ARG without a value', () => {
    assert.deepEqual(only(check(NATIVE_TO_ALPINE.replace('ca-certificates', 'ca-certificates gcompat')), 'XB201'), []);
    assert.deepEqual(only(check(NATIVE_TO_ALPINE.replace('WORKDIR /src', 'ARG CC\nWORKDIR /src').replace('RUN go build', 'RUN CGO_ENABLED=1 CC=$CC go build')), 'XB201'), []);
  });

  it('finds the ENTRYPOINT or CMD of a parent stage, and one written in lower case or indented', () => {
    const parent = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n\nFROM scratch AS base\nENTRYPOINT ["/app"]\n\nFROM base\nCOPY --from=build /out/app /app\n';
    const [f] = only(check(parent), 'XB201');
    assert.match(f.message, /base has no C library at all\.$/);
    assert.equal(f.related?.[1].range.start.line, 9);
    const lower = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n\nFROM scratch\nCOPY --from=build /out/app /app\n   cmd ["/app"]\n';
    assert.deepEqual(only(check(lower), 'XB201').map(lineOf), [4]);
    // An ENTRYPOINT of the build stage is not the export stage's.
    const exportOnly = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\nENTRYPOINT ["/out/app"]\n\nFROM scratch AS export\nCOPY --from=build /out/app /app\n';
    assert.deepEqual(only(check(exportOnly), 'XB201'), []);
  });

  it('puts ENV CGO_ENABLED=0 after an ARG continued on the next line and the ARG below it', () => {
    const text = 'FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nARG TARGETOS \\\n    TARGETARCH\nARG VERSION=dev\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/a ./cmd/a\nRUN go build -o /out/b ./cmd/b\n\nFROM scratch\nCOPY --from=build /out/ /\nENTRYPOINT ["/a"]';
    const found = only(check(text), 'XB201');
    assert.deepEqual(found.map((f) => f.fixes[0].title), ['Set ENV CGO_ENABLED=0 in stage build (golang:1.23, line 1)', 'Set ENV CGO_ENABLED=0 in stage build (golang:1.23, line 1)']);
    assert.equal(applyFix(text, found[0]), text.replace('ARG VERSION=dev\n', 'ARG VERSION=dev\nENV CGO_ENABLED=0\n'));
    const exec = 'FROM golang:1.22 AS build\nARG VERSION\nRUN ["go", "build", "-o", "/out/app", "."]\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]';
    assert.equal(fixAndRecheck(exec, 'XB201'), exec.replace('ARG VERSION\n', 'ARG VERSION\nENV CGO_ENABLED=0\n'));
  });

  it('treats an ignored CGO_ENABLED=yes as asked for: CGO_ENABLED=0 offered, not preferred; no edit for a value from an ARG', () => {
    const yes = NATIVE_TO_ALPINE.replace('WORKDIR /src', 'ENV CGO_ENABLED=yes\nWORKDIR /src');
    const [f] = only(check(yes), 'XB201');
    assert.match(f.message, /lacks: use a glibc image or CGO_ENABLED=0\./);
    assert.deepEqual(f.fixes.map((x) => [x.title, x.isPreferred]), [['Build without cgo: CGO_ENABLED=0 (a static binary needs no C library)', false]]);
    const fromArg = NATIVE_TO_ALPINE.replace('WORKDIR /src', 'ARG CGO=1\nENV CGO_ENABLED=$CGO\nWORKDIR /src');
    const [g] = only(check(fromArg), 'XB201');
    assert.deepEqual(g.fixes, []);
    assert.match(g.message, /use a glibc image or CGO_ENABLED=0/);
  });
});
