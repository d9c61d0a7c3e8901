import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fixAndRecheck, lineOf, only, ready, textAt, said, checkWithPlan, MULTI_PLATFORM_PLAN } from '../testing';

// These tests are about images built for several platforms: the build plan says so (a release workflow, linux/amd64 and linux/arm64).
const check = checkWithPlan(MULTI_PLATFORM_PLAN);

before(ready);

const PINNED_BUILD = [
  '# syntax=docker/dockerfile:1',
  'FROM --platform=linux/amd64 golang:1.22-alpine AS build',
  'WORKDIR /src',
  'COPY go.mod go.sum ./',
  'RUN go mod download',
  'COPY . .',
  'RUN CGO_ENABLED=0 go build -trimpath -o /out/api ./cmd/api',
  '',
  'FROM alpine:3.20',
  'RUN apk add --no-cache ca-certificates',
  'COPY --from=build /out/api /usr/local/bin/api',
  'ENTRYPOINT ["api"]',
  '',
].join('\n');

const PINNED_RUNTIME = [
  'FROM golang:1.22 AS build',
  'WORKDIR /src',
  'COPY . .',
  'RUN CGO_ENABLED=0 go build -o /out/worker ./cmd/worker',
  '',
  'FROM --platform=linux/amd64 gcr.io/distroless/static-debian12 AS runtime',
  'COPY --from=build /out/worker /worker',
  'USER nonroot:nonroot',
  'ENTRYPOINT ["/worker"]',
  '',
].join('\n');

describe('XB304 FROM --platform pins a constant platform', () => {
  it('warns on a compile stage pinned to linux/amd64 and names the go build it affects', () => {
    const [f] = only(check(PINNED_BUILD), 'XB304');
    assert.equal(f.severity, 'warning');
    assert.equal(lineOf(f), 2);
    assert.equal(textAt(PINNED_BUILD, f), 'linux/amd64');
    assert.match(said(f), /pins stage build \(golang:1\.22-alpine, line 2\) to linux\/amd64/);
    assert.match(said(f), /go build on line 7 builds for linux\/amd64 \(no GOARCH/);
  });

  it('moves a compile stage to $BUILDPLATFORM and cross-compiles for the target, keeping the rest of the FROM line', () => {
    const fixed = fixAndRecheck(PINNED_BUILD, 'XB304');
    assert.equal(
      fixed,
      PINNED_BUILD.replace('FROM --platform=linux/amd64 golang:1.22-alpine AS build', 'FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build\nARG TARGETOS TARGETARCH').replace(
        'RUN CGO_ENABLED=0 go build',
        'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build',
      ),
    );
    assert.equal(fixAndRecheckOrSame(fixed), fixed);
  });

  it('counts go install as a build: the pinned stage is moved to $BUILDPLATFORM, not unpinned', () => {
    const text = [
      'FROM --platform=linux/amd64 golang:1.22-bookworm AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=0 go install ./cmd/server',
      '',
      'FROM alpine:3.20',
      'COPY --from=build /go/bin/server /usr/local/bin/server',
      'ENTRYPOINT ["/usr/local/bin/server"]',
      '',
    ].join('\n');
    const [f] = only(check(text), 'XB304');
    assert.deepEqual(f.fixes.map((x) => x.title), ['Build on $BUILDPLATFORM and cross-compile for $TARGETOS/$TARGETARCH']);
    assert.match(fixAndRecheck(text, 'XB304'), /GOOS=\$TARGETOS GOARCH=\$TARGETARCH go install \.\/cmd\/server/);
  });

  it('removes the flag from a stage that only runs the binary, leaving the rest of the line byte-identical', () => {
    const [f] = only(check(PINNED_RUNTIME), 'XB304');
    assert.equal(lineOf(f), 6);
    assert.match(said(f), /stage runtime .* to linux\/amd64/);
    const fixed = fixAndRecheck(PINNED_RUNTIME, 'XB304');
    assert.equal(fixed, PINNED_RUNTIME.replace('FROM --platform=linux/amd64 gcr.io/', 'FROM gcr.io/'));
  });

  it('merges the target args into an existing ARG line and leaves a GOARCH already written alone', () => {
    const text = [
      'FROM --platform=linux/arm64 golang:1.23 AS build',
      'ARG VERSION',
      'WORKDIR /src',
      'COPY . .',
      'RUN GOARCH=arm64 go build -ldflags "-X main.version=${VERSION}" -o /bin/app .',
      'FROM scratch',
      'COPY --from=build /bin/app /app',
    ].join('\n');
    const fixed = fixAndRecheck(text, 'XB304');
    assert.equal(
      fixed,
      text
        .replace('--platform=linux/arm64', '--platform=$BUILDPLATFORM')
        .replace('ARG VERSION', 'ARG VERSION TARGETOS')
        .replace('RUN GOARCH=arm64 go build', 'RUN GOARCH=arm64 GOOS=$TARGETOS go build'),
    );
  });

  it('on a pinned stage that already cross-compiles, only moves it to $BUILDPLATFORM', () => {
    const text = [
      'FROM --platform=linux/amd64 golang:1.23 AS build',
      'ARG TARGETOS TARGETARCH',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .',
      'FROM alpine:3.20',
      'COPY --from=build /out/app /app',
    ].join('\n');
    const [f] = only(check(text), 'XB304');
    assert.match(said(f), /Go runs as linux\/amd64 here, under emulation on other build machines: use --platform=\$BUILDPLATFORM\. [^]* already builds for GOARCH=\$TARGETARCH/);
    assert.equal(fixAndRecheck(text, 'XB304'), text.replace('--platform=linux/amd64', '--platform=$BUILDPLATFORM'));
  });

  it('offers no fix when a build is an exec-form RUN, which takes no GOOS/GOARCH prefix', () => {
    const text = 'FROM --platform=linux/amd64 golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN ["go", "build", "-o", "/out/app", "."]\n';
    const [f] = only(check(text), 'XB304');
    assert.deepEqual(f.fixes, []);
  });

  it('reads the platform as BuildKit normalises it (x86_64 is amd64)', () => {
    const [f] = only(check('FROM --platform=linux/x86_64 debian:12-slim AS tools\nRUN apt-get update\n'), 'XB304');
    assert.match(f.message, /to linux\/amd64/);
  });

  it('accepts stages named after their OS or architecture, as BuildKit does', () => {
    const text = [
      'FROM --platform=linux/amd64 alpine:3.20 AS build_amd64',
      'RUN wget -O /usr/local/bin/tool https://example.com/tool-x86_64',
      'FROM --platform=linux/arm64 alpine:3.20 AS build_arm64',
      'RUN wget -O /usr/local/bin/tool https://example.com/tool-aarch64',
      'FROM --platform=linux/arm/v7 alpine:3.20 AS linux-tools',
      'FROM build_${TARGETARCH} AS build',
    ].join('\n');
    assert.deepEqual(only(check(text), 'XB304'), []);
  });

  it('is silent for variables, for stages built FROM another stage, and without --platform', () => {
    const text = [
      'ARG PLATFORM=linux/amd64',
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      'FROM --platform=${PLATFORM} alpine:3.20 AS base',
      'FROM --platform=linux/arm64 build AS test',
      'FROM alpine:3.20',
    ].join('\n');
    assert.deepEqual(only(check(text), 'XB304'), []);
  });
});

/** Applying the fix again must change nothing: the finding is gone, so there is no fix to apply. */
function fixAndRecheckOrSame(text: string): string {
  return only(check(text), 'XB304').length ? fixAndRecheck(text, 'XB304') : text;
}
