import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fixAndRecheck, lineOf, only, ready, textAt, said, checkWithPlan, MULTI_PLATFORM_PLAN } from '../testing';

// These tests are about images built for several platforms: the build plan says so (a release workflow, linux/amd64 and linux/arm64).
const check = checkWithPlan(MULTI_PLATFORM_PLAN);

before(ready);

const PINNED_RUNTIME = [
  'FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build',
  'ARG TARGETOS TARGETARCH',
  'WORKDIR /src',
  'COPY . .',
  'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/worker ./cmd/worker',
  '',
  'FROM --platform=$BUILDPLATFORM alpine:3.20',
  'RUN apk add --no-cache ca-certificates tzdata',
  'COPY --from=build /out/worker /usr/local/bin/worker',
  'CMD worker --config /etc/worker.yaml',
  '',
].join('\n');

describe('XB310 image stage pinned to the build platform holds a target binary', () => {
  it('reports the final stage pinned to $BUILDPLATFORM that receives a $TARGETARCH binary', () => {
    const [f] = only(check(PINNED_RUNTIME), 'XB310');
    assert.equal(f.severity, 'error');
    assert.equal(lineOf(f), 7);
    assert.equal(textAt(PINNED_RUNTIME, f), '$BUILDPLATFORM');
    assert.match(said(f), /stage 1 \(alpine:3\.20, line 7\) becomes the image but is pinned to \$BUILDPLATFORM/);
    assert.match(said(f), /\/out\/worker is built for the platform being built: GOARCH=\$TARGETARCH/);
    assert.match(said(f), /On other architectures its shell, CMD or HEALTHCHECK fail/);
    assert.match(said(f), /"exec format error"/);
    assert.equal(f.related?.[0].range.start.line, 8);
  });

  it('removes the --platform flag and nothing else', () => {
    const fixed = fixAndRecheck(PINNED_RUNTIME, 'XB310');
    assert.equal(fixed, PINNED_RUNTIME.replace('FROM --platform=$BUILDPLATFORM alpine:3.20', 'FROM alpine:3.20'));
    assert.deepEqual(only(check(fixed), 'XB310'), []);
  });

  it('reports a --target candidate pinned to a constant, and a final stage built FROM the build stage (no automatic fix)', () => {
    const debug = [
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      'ARG TARGETOS TARGETARCH',
      'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .',
      'FROM --platform=linux/amd64 debian:12-slim AS debug',
      'COPY --from=build /out/app /app',
      'FROM gcr.io/distroless/static-debian12',
      'COPY --from=build /out/app /app',
    ].join('\n');
    const [f] = only(check(debug), 'XB310');
    assert.equal(lineOf(f), 4);
    assert.match(said(f), /can become the image \(docker build --target\) but is pinned to linux\/amd64/);
    assert.match(said(f), /Unless every build asks for --platform linux\/amd64, one of them fails/);
    assert.equal(fixAndRecheck(debug, 'XB310'), debug.replace('FROM --platform=linux/amd64 debian:12-slim AS debug', 'FROM debian:12-slim AS debug'));

    const fromBuild = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /usr/local/bin/app .\nFROM build AS final\nCMD ["app"]\n';
    const [g] = only(check(fromBuild), 'XB310');
    assert.match(said(g), /is built FROM stage build \(golang:1\.22, line 1\), pinned to \$BUILDPLATFORM/);
    assert.deepEqual(g.fixes, []);
  });

  it('is silent for scratch, for stages that only pass the binary on, and for builder-platform binaries', () => {
    assert.deepEqual(only(check(PINNED_RUNTIME.replace('FROM --platform=$BUILDPLATFORM alpine:3.20\nRUN apk add --no-cache ca-certificates tzdata', 'FROM --platform=$BUILDPLATFORM scratch')), 'XB310'), []);
    const upx = [
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      'ARG TARGETOS TARGETARCH',
      'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .',
      'FROM --platform=$BUILDPLATFORM alpine:3.20 AS compress',
      'RUN apk add --no-cache upx',
      'COPY --from=build /out/app /out/app',
      'RUN upx --best /out/app',
      'FROM alpine:3.20',
      'COPY --from=compress /out/app /app',
    ].join('\n');
    assert.deepEqual(only(check(upx), 'XB310'), [], 'the compress stage is a source, not the image');
    assert.deepEqual(only(check(PINNED_RUNTIME.replace('GOOS=$TARGETOS GOARCH=$TARGETARCH ', '')), 'XB310'), [], 'a builder binary in a builder image (XB302 territory)');
  });

  it('reports an image stage FROM an architecture\'s image that receives a target binary, and fixes it with the official image', () => {
    const text = [
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      'ARG TARGETOS TARGETARCH',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .',
      'FROM docker.io/arm64v8/alpine:3.19',
      'COPY --from=build /out/app /app',
      'ENTRYPOINT ["/app"]',
      '',
    ].join('\n');
    const [f] = only(check(text), 'XB310');
    assert.equal(lineOf(f), 6);
    assert.match(said(f), /The image stage holds only linux\/arm64, but its binary follows the target platform: use docker.io\/alpine:3.19/);
    assert.equal(fixAndRecheck(text, 'XB310'), text.replace('docker.io/arm64v8/alpine', 'docker.io/alpine'));
  });
});
