import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { check as checkAlone, fixAndRecheck, HOST_FACTS, lineOf, only, ready, textAt, said, checkWithPlan, MULTI_PLATFORM_PLAN, planBuilding } from '../testing';

// These tests are about images built for several platforms: the build plan says so (a release workflow, linux/amd64 and linux/arm64).
const check = checkWithPlan(MULTI_PLATFORM_PLAN);


before(ready);

const EMULATED = [
  'FROM golang:1.22-alpine AS build',
  'WORKDIR /src',
  'COPY go.mod go.sum ./',
  'RUN go mod download',
  'COPY . .',
  'RUN CGO_ENABLED=0 go build -trimpath -o /out/server ./cmd/server',
  '',
  'FROM gcr.io/distroless/static-debian12',
  'COPY --from=build /out/server /server',
  'ENTRYPOINT ["/server"]',
  '',
].join('\n');

describe('XB301 Go compiled under emulation in a multi-platform build', () => {
  it('warns on the FROM of a compile stage that follows the target platform', () => {
    const [f] = only(check(EMULATED), 'XB301');
    assert.equal(f.severity, 'warning');
    assert.equal(lineOf(f), 1);
    assert.equal(textAt(EMULATED, f), 'golang:1.22-alpine');
    assert.match(said(f), /stage build \(golang:1\.22-alpine, line 1\) has no --platform/);
    assert.match(said(f), /go build on line 6/);
    assert.match(said(f), /under QEMU/);
  });

  it('names the build that makes it multi-platform, and points at it in related information', () => {
    const [f] = only(check(EMULATED), 'XB301');
    assert.match(f.message, /Built for linux\/amd64,linux\/arm64 by release\.yml:45\./);
    assert.match(said(f), /linux\/amd64,linux\/arm64 here \(\.github\/workflows\/release\.yml:45\)/);
    assert.ok(f.related?.some((r) => r.file === '/work/app/.github/workflows/release.yml' && r.range.start.line === 44));
  });

  it('is silent when every build of the plan is for the builder\'s own platform', () => {
    assert.deepEqual(only(check(EMULATED, 'dockerfile', undefined, planBuilding(undefined)), 'XB301'), []);
    assert.deepEqual(only(check(EMULATED, 'dockerfile', undefined, planBuilding(['linux/amd64'])), 'XB301'), []);
  });

  it('warns for one platform other than the runner\'s (an arm64 image built on an amd64 runner is emulated)', () => {
    const [f] = only(check(EMULATED, 'dockerfile', undefined, planBuilding(['linux/arm64'])), 'XB301');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /Built for linux\/arm64 on linux\/amd64 by/);
  });

  it('is information when nothing shows how the image is built, or the platforms cannot be read', () => {
    const [none] = only(checkAlone(EMULATED), 'XB301');
    assert.equal(none.severity, 'information');
    assert.match(said(none), /No build of this Dockerfile for several platforms was found/);
    const [unread] = only(check(EMULATED, 'dockerfile', undefined, planBuilding(['linux/amd64', undefined])), 'XB301');
    assert.equal(unread.severity, 'information');
    assert.match(said(unread), /release\.yml:45 builds for are unknown/);
    // The workflow line whose platforms cannot be read is one click away.
    assert.deepEqual(unread.related?.filter((r) => r.file.endsWith('release.yml')).map((r) => [r.range.start.line, r.message]), [[44, 'platforms that cannot be read here']]);
  });

  it('fixes all three parts at once: --platform, the ARG line, GOOS/GOARCH on the go command', () => {
    const fixed = fixAndRecheck(EMULATED, 'XB301');
    assert.equal(
      fixed,
      EMULATED.replace('FROM golang:1.22-alpine AS build\n', 'FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build\nARG TARGETOS TARGETARCH\n').replace(
        'CGO_ENABLED=0 go build',
        'CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build',
      ),
    );
    for (const code of ['XB301', 'XB302', 'XB303']) assert.deepEqual(only(check(fixed), code), [], `${code} after the fix`);
  });

  it('declares the args before an ENV GOARCH it rewrites, not in a bare ARG line after that ENV', () => {
    const text = [
      'FROM golang:1.22-alpine AS build',
      'WORKDIR /src',
      'ENV CGO_ENABLED=0 GOARCH=amd64',
      'ARG VERSION',
      'COPY . .',
      'RUN go build -ldflags "-X main.version=$VERSION" -o /out/app .',
      '',
      'FROM gcr.io/distroless/static-debian12',
      'COPY --from=build /out/app /app',
      '',
    ].join('\n');
    const fixed = fixAndRecheck(text, 'XB301');
    assert.equal(
      fixed,
      text
        .replace('FROM golang:1.22-alpine AS build\n', 'FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build\nARG TARGETOS TARGETARCH\n')
        .replace('GOARCH=amd64', 'GOARCH=$TARGETARCH')
        .replace('RUN go build', 'RUN GOOS=$TARGETOS go build'),
    );
    // Merged into `ARG VERSION`, TARGETARCH would be empty where ENV reads it.
    for (const code of ['XB301', 'XB303', 'XB306']) assert.deepEqual(only(check(fixed), code), [], `${code} after the fix`);
    // A second ENV GOARCH further down does not move the declaration after the first one.
    const twice = text
      .replace('\n\nFROM gcr', '\nENV GOARCH=amd64\nRUN go build -o /out/tool ./cmd/tool\n\nFROM gcr')
      .replace('COPY --from=build /out/app /app', 'COPY --from=build /out/app /out/tool /');
    const both = fixAndRecheck(twice, 'XB301');
    assert.ok(both.startsWith('FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build\nARG TARGETOS TARGETARCH\n'), both);
    assert.ok(both.includes('\nARG VERSION\n') && both.includes('\nENV GOARCH=$TARGETARCH\nRUN GOOS=$TARGETOS go build -o /out/tool'), both);
  });

  it('puts --platform on the stage a build stage is built FROM, and declares the args where the go command runs', () => {
    const text = [
      'FROM golang:1.23 AS deps',
      'WORKDIR /src',
      'COPY go.mod go.sum ./',
      'RUN go mod download',
      '',
      'FROM deps AS build',
      'ARG VERSION=dev',
      'ARG COMMIT',
      'COPY . .',
      'RUN go install github.com/a-h/templ/cmd/templ@v0.2.747 && templ generate',
      'RUN GOOS=linux go build -ldflags "-X main.commit=${COMMIT}" -o /bin/app ./cmd/app',
      '',
      'FROM debian:12-slim',
      'COPY --from=build /bin/app /usr/local/bin/app',
    ].join('\n');
    const [f] = only(check(text), 'XB301');
    assert.equal(lineOf(f), 1);
    assert.match(said(f), /go build on line 11/);
    assert.match(said(f), /cgo is on here by default/);
    const fixed = fixAndRecheck(text, 'XB301');
    assert.equal(
      fixed,
      text
        .replace('FROM golang:1.23 AS deps', 'FROM --platform=$BUILDPLATFORM golang:1.23 AS deps')
        .replace('ARG COMMIT\n', 'ARG COMMIT TARGETARCH\n')
        .replace('RUN GOOS=linux go build', 'RUN GOOS=linux GOARCH=$TARGETARCH go build'),
      'the tool installed for the build itself stays native',
    );
  });

  it('rewrites $TARGETPLATFORM and a constant GOARCH, and adds GOARM when the file builds arm/v7', () => {
    const text = [
      '# Published for linux/amd64, linux/arm64 and linux/arm/v7.',
      'FROM --platform=$TARGETPLATFORM golang:1.22 AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=0 GOARCH=amd64 go build -o /out/app .',
      'FROM alpine:3.20',
      'COPY --from=build /out/app /app',
    ].join('\n');
    const fixed = fixAndRecheck(text, 'XB301');
    assert.equal(
      fixed,
      text
        .replace('FROM --platform=$TARGETPLATFORM golang:1.22 AS build', 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETOS TARGETARCH TARGETVARIANT')
        .replace('CGO_ENABLED=0 GOARCH=amd64 go build', 'CGO_ENABLED=0 GOARCH=$TARGETARCH GOOS=$TARGETOS GOARM=${TARGETVARIANT#v} go build'),
    );
  });

  it('offers no fix when the build needs cgo: cross-compiling it needs a C cross compiler', () => {
    const [f] = only(check(EMULATED.replace('CGO_ENABLED=0', 'CGO_ENABLED=1')), 'XB301');
    assert.match(said(f), /With CGO_ENABLED=1 that also needs a C compiler for the target/);
    assert.deepEqual(f.fixes, []);
  });

  it('offers no fix when a stage built FROM the build stage can be an image itself (pinning it would be XB310)', () => {
    const dev = [
      'FROM golang:1.22 AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server',
      '',
      'FROM build AS development',
      'RUN apt-get update && apt-get install -y git',
      'CMD ["go", "run", "./cmd/server"]',
      '',
      'FROM gcr.io/distroless/static-debian12',
      'COPY --from=build /out/server /server',
      '',
    ].join('\n');
    const [f] = only(check(dev), 'XB301');
    assert.match(said(f), /development.* is built FROM it and can be an image itself: no automatic fix/);
    assert.deepEqual(f.fixes, []);
  });

  it('offers no fix when cgo is on by default and the module needs it (a cross build would turn it off: XB203)', () => {
    const text = EMULATED.replace('FROM golang:1.22-alpine AS build', 'FROM golang:1.22 AS build').replace('RUN CGO_ENABLED=0 go build', 'RUN go build');
    const goMod = 'module github.com/acme/inventory\n\ngo 1.22\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n';
    const findings = analyze({ path: '/work/app/Dockerfile', kind: 'dockerfile', text }, { facts: HOST_FACTS, goMod: { path: '/work/app/go.mod', text: goMod } }).findings;
    const [f] = only(findings, 'XB301');
    assert.match(said(f), /The module needs cgo \(github\.com\/mattn\/go-sqlite3\)/);
    assert.deepEqual(f.fixes, []);
    // Without the module's cgo the same file gets the cross-compile fix.
    assert.equal(only(check(text), 'XB301')[0].fixes.length, 1);
  });

  it('is silent for the pattern itself, single-stage builds, pinned images and stages nothing copies from', () => {
    const pattern = fixAndRecheck(EMULATED, 'XB301');
    assert.deepEqual(only(check(pattern), 'XB301'), []);
    const single = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/app .\nCMD ["app"]\n';
    assert.deepEqual(only(check(single), 'XB301'), [], 'the image itself compiles: moving it would be XB310');
    assert.deepEqual(only(check(EMULATED.replace('FROM gcr.io/distroless/static-debian12', 'FROM --platform=linux/amd64 gcr.io/distroless/static-debian12')), 'XB301'), [], 'one platform only');
    const test = 'FROM golang:1.22 AS test\nCOPY . .\nRUN go test ./... && go build ./...\nFROM alpine:3.20\nCOPY app /app\n';
    assert.deepEqual(only(check(test), 'XB301'), [], 'nothing compiled lands in another stage');
  });

  it('is silent for a stage on the target platform that compiles nothing, beside the cross-compiling build stage', () => {
    const text = [
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      'ARG TARGETOS TARGETARCH',
      'WORKDIR /src',
      'COPY . .',
      'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH CGO_ENABLED=0 go build -o /out/app ./cmd/app',
      '',
      'FROM alpine:3.20 AS certs',
      'RUN apk add --no-cache ca-certificates',
      '',
      'FROM scratch',
      'COPY --from=certs /etc/ssl/certs /etc/ssl/certs',
      'COPY --from=build /out/app /app',
    ].join('\n');
    assert.deepEqual(only(check(text), 'XB301'), [], 'the binary comes from the build stage, which runs on the builder');
  });

  it('reports Go installed from a tarball or a package in a non-golang image: the stage compiles Go all the same', () => {
    const tarball = 'FROM debian:12 AS build\nRUN curl -fsSL https://go.dev/dl/go1.22.5.linux-amd64.tar.gz | tar -C /usr/local -xz\nENV PATH=/usr/local/go/bin:$PATH\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n';
    assert.deepEqual(only(check(tarball), 'XB301').map(lineOf), [1]);
    const apk = 'FROM alpine:3.19 AS build\nRUN apk add --no-cache go\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n';
    assert.deepEqual(only(check(apk), 'XB301').map(lineOf), [1]);
  });
});
