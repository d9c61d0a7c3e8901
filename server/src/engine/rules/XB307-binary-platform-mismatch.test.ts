import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, lineOf, only, ready, textAt, said } from '../testing';

before(ready);

// An image for a Graviton fleet, with the build line copied from the amd64 Dockerfile.
const GRAVITON = [
  'FROM golang:1.22-bookworm AS build',
  'WORKDIR /src',
  'COPY . .',
  'RUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -o /out/ingest ./cmd/ingest',
  '',
  'FROM --platform=linux/arm64 gcr.io/distroless/static-debian12 AS runtime-arm64',
  'COPY --from=build /out/ingest /ingest',
  'ENTRYPOINT ["/ingest"]',
  '',
].join('\n');

describe('XB307 binary built for another platform than the stage that runs it', () => {
  it('reports GOARCH=amd64 copied into a linux/arm64 stage as exec format error', () => {
    const [f] = only(check(GRAVITON), 'XB307');
    assert.equal(f.severity, 'error');
    assert.equal(lineOf(f), 4);
    assert.equal(textAt(GRAVITON, f), 'amd64');
    assert.match(said(f), /built for linux\/amd64 but runs on linux\/arm64[^]*copied into stage runtime-arm64 \(gcr\.io\/distroless\/static-debian12, line 6\)[^]*GOARCH=amd64, line 4/);
    assert.match(f.message, /exec format error/);
    assert.deepEqual(f.related?.map((r) => r.range.start.line + 1).filter((l) => l !== 4), [6, 7]);
  });

  it('changes the GOARCH literal to the runtime stage architecture', () => {
    assert.equal(fixAndRecheck(GRAVITON, 'XB307'), GRAVITON.replace('GOARCH=amd64', 'GOARCH=arm64'));
  });

  it('adds GOARM for a 32-bit ARM runtime, in the same prefix list', () => {
    const text = GRAVITON.replace('--platform=linux/arm64', '--platform=linux/arm/v6').replace('runtime-arm64', 'runtime-pi');
    const [f] = only(check(text), 'XB307');
    assert.match(f.message, /runs on linux\/arm\/v6/);
    assert.equal(fixAndRecheck(text, 'XB307'), text.replace('GOARCH=amd64', 'GOARCH=arm GOARM=6'));
  });

  it('reports a native build in a stage pinned to another platform, and fixes it with a GOARCH prefix', () => {
    const text = [
      'FROM --platform=linux/amd64 golang:1.22-alpine AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN go build -o /out/app .',
      'FROM --platform=linux/arm64 alpine:3.20 AS arm64',
      'COPY --from=build /out/app /usr/local/bin/app',
    ].join('\n');
    const [f] = only(check(text), 'XB307');
    assert.match(said(f), /no GOARCH: a native build in stage build \(golang:1\.22-alpine, line 1\), pinned to linux\/amd64/);
    assert.equal(textAt(text, f), 'go');
    assert.equal(fixAndRecheck(text, 'XB307'), text.replace('RUN go build', 'RUN GOARCH=arm64 go build'));
  });

  it('offers no prefix fix for an exec-form RUN', () => {
    const text = 'FROM --platform=linux/amd64 golang:1.22 AS build\nWORKDIR /src\nRUN ["go", "build", "-o", "/out/app", "."]\nFROM --platform=linux/arm64 alpine:3.20 AS arm64\nCOPY --from=build /out/app /app\n';
    const [f] = only(check(text), 'XB307');
    assert.deepEqual(f.fixes, []);
  });

  it('follows stages built FROM a pinned stage', () => {
    const text = [
      'FROM golang:1.22 AS build',
      'RUN GOARCH=arm64 go build -o /out/app .',
      'FROM --platform=linux/amd64 debian:12-slim AS base-amd64',
      'RUN apt-get update && apt-get install -y ca-certificates',
      'FROM base-amd64 AS final',
      'COPY --from=build /out/app /app',
    ].join('\n');
    const [f] = only(check(text), 'XB307');
    assert.match(said(f), /stage final \(base-amd64, line 5\) here \(the platform of stage base-amd64/);
  });

  it('offers no fix when the binary goes to stages of different platforms', () => {
    const text = [
      'FROM golang:1.22 AS build',
      'RUN GOARCH=amd64 go build -o /out/app .',
      'FROM --platform=linux/arm64 alpine:3.20 AS a_arm64',
      'COPY --from=build /out/app /app',
      'FROM --platform=linux/amd64 alpine:3.20 AS a_amd64',
      'COPY --from=build /out/app /app',
    ].join('\n');
    const findings = only(check(text), 'XB307');
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].fixes, []);
    assert.match(said(findings[0]), /no single GOARCH fits/);
  });

  it('is silent when the platforms agree, for 386 in amd64 and arm in arm64, per-arch outputs, and unknown values', () => {
    const agree = GRAVITON.replace('GOARCH=amd64', 'GOARCH=arm64');
    assert.deepEqual(only(check(agree), 'XB307'), []);
    const i386 = 'FROM golang:1.22 AS b\nRUN GOARCH=386 go build -o /app .\nFROM --platform=linux/amd64 debian:12 AS r_amd64\nCOPY --from=b /app /app\n';
    assert.deepEqual(only(check(i386), 'XB307'), []);
    const arm = 'FROM golang:1.22 AS b\nRUN GOARCH=arm GOARM=7 go build -o /app .\nFROM --platform=linux/arm64 debian:12 AS r_arm64\nCOPY --from=b /app /app\n';
    assert.deepEqual(only(check(arm), 'XB307'), []);
    const named = 'FROM golang:1.22 AS b\nRUN GOARCH=amd64 go build -o /dist/app-amd64 .\nFROM --platform=linux/arm64 nginx:1.27 AS site_arm64\nCOPY --from=b /dist/ /usr/share/nginx/html/\n';
    assert.deepEqual(only(check(named), 'XB307'), []);
    const follows = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS b\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /app .\nFROM --platform=linux/arm64 alpine AS r_arm64\nCOPY --from=b /app /app\n';
    assert.deepEqual(only(check(follows), 'XB307'), []);
    const target = 'FROM golang:1.22 AS b\nRUN go build -o /app .\nFROM --platform=linux/arm64 alpine AS r_arm64\nCOPY --from=b /app /app\n';
    assert.deepEqual(only(check(target), 'XB307'), [], 'a native build on the target platform: unknown arch');
  });

  it('is silent for wasm modules and for other-OS binaries in a pinned artefact-only stage', () => {
    const wasm = 'FROM golang:1.23 AS wasm\nRUN GOOS=js GOARCH=wasm go build -o /out/main.wasm ./web\nFROM --platform=linux/amd64 nginx:1.27\nCOPY --from=wasm /out/main.wasm /usr/share/nginx/html/\n';
    assert.deepEqual(only(check(wasm), 'XB307'), []);
    const downloads = 'FROM golang:1.23 AS cli\nRUN GOOS=darwin GOARCH=arm64 go build -o /out/tool ./cmd/tool\nFROM --platform=linux/amd64 scratch AS downloads\nCOPY --from=cli /out/tool /tool\n';
    assert.deepEqual(only(check(downloads), 'XB307'), []);
    // Into a pinned runtime image with a userland the darwin binary is still a mismatch.
    assert.equal(only(check(downloads.replace('scratch AS downloads', 'alpine:3.20')), 'XB307').length, 1);
  });

  it('knows an architecture\'s image runs on its platform: an amd64 binary copied into arm64v8/alpine', () => {
    const text = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 GOARCH=amd64 go build -o /out/app .\nFROM arm64v8/alpine:3.19\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';
    const [f] = only(check(text), 'XB307');
    assert.equal(lineOf(f), 4);
    assert.match(said(f), /built for linux\/amd64 but runs on linux\/arm64[^]*its image holds only that platform/);
    // Not a multi-platform image: XB306's "fixed in a multi-platform image" does not apply.
    assert.deepEqual(only(check(text), 'XB306'), []);
    assert.deepEqual(only(check(text.replace('arm64v8/alpine', 'amd64/alpine')), 'XB307'), []);
  });
});
