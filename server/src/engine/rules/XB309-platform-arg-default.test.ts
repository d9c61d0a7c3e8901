import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fixAndRecheck, lineOf, only, ready, textAt, said, checkWithPlan, MULTI_PLATFORM_PLAN } from '../testing';

// These tests are about images built for several platforms: the build plan says so (a release workflow, linux/amd64 and linux/arm64).
const check = checkWithPlan(MULTI_PLATFORM_PLAN);

before(ready);

const STAGE_DEFAULT = [
  'FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build',
  'ARG TARGETOS=linux',
  'ARG TARGETARCH=amd64',
  'WORKDIR /src',
  'COPY . .',
  'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/exporter ./cmd/exporter',
  '',
  'FROM alpine:3.20',
  'COPY --from=build /out/exporter /bin/exporter',
  '',
].join('\n');

describe('XB309 automatic platform arg declared with a default', () => {
  it('reports each default and says where the fixed value goes', () => {
    const found = only(check(STAGE_DEFAULT), 'XB309');
    assert.deepEqual(found.map((f) => [lineOf(f), textAt(STAGE_DEFAULT, f), f.severity]), [
      [2, 'TARGETOS=linux', 'information'],
      [3, 'TARGETARCH=amd64', 'error'],
    ]);
    assert.match(found[1].message, /ARG TARGETARCH in stage build has a default/);
    assert.match(said(found[1]), /TARGETARCH is amd64 unless --build-arg TARGETARCH=\.\.\. is passed/);
    assert.match(said(found[1]), /other architectures get \"exec format error\"[^]*GOARCH=\$\{?TARGETARCH\}? is the same in every image/);
  });

  it('drops the default and nothing else', () => {
    const fixed = fixAndRecheck(STAGE_DEFAULT, 'XB309');
    assert.equal(fixed, STAGE_DEFAULT.replace('ARG TARGETOS=linux', 'ARG TARGETOS'));
    const both = fixAndRecheck(fixed, 'XB309');
    assert.equal(both, STAGE_DEFAULT.replace('ARG TARGETOS=linux', 'ARG TARGETOS').replace('ARG TARGETARCH=amd64', 'ARG TARGETARCH'));
    assert.deepEqual(only(check(both), 'XB309'), []);
  });

  it('reports a global default with quotes, one of several args on a line, and an empty default', () => {
    const text = [
      'ARG GO_VERSION=1.23 BUILDPLATFORM="linux/amd64"',
      'ARG TARGETVARIANT=',
      'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS build',
      'ARG TARGETOS TARGETARCH TARGETVARIANT',
      'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH GOARM=${TARGETVARIANT#v} go build -o /app .',
      'FROM alpine:3.20',
      'COPY --from=build /app /app',
    ].join('\n');
    const found = only(check(text), 'XB309');
    assert.deepEqual(found.map((f) => textAt(text, f)), ['BUILDPLATFORM="linux/amd64"', 'TARGETVARIANT=']);
    assert.match(found[0].message, /ARG BUILDPLATFORM in the global scope has a default/);
    assert.match(said(found[0]), /whatever machine runs it/);
    assert.match(said(found[1]), /TARGETVARIANT is the empty string/);
    assert.equal(fixAndRecheck(text, 'XB309'), text.replace('BUILDPLATFORM="linux/amd64"', 'BUILDPLATFORM'));
  });

  it('is silent for bare declarations and for args that are not automatic', () => {
    const text = 'ARG TARGETARCH\nFROM golang:1.22\nARG TARGETARCH GOARCH_DEFAULT=amd64 VERSION=1.0\nRUN GOARCH=$TARGETARCH go build -o /app .\n';
    assert.deepEqual(only(check(text), 'XB309'), []);
  });

  it('keeps ARG TARGETOS=linux to a note while every platform the Dockerfile names is linux', () => {
    const [os] = only(check(STAGE_DEFAULT), 'XB309');
    assert.equal(os.severity, 'information');
    assert.match(said(os), /Harmless on Linux; Windows builds still get linux/);
    // Another OS in sight (a Windows image, a constant non-linux platform): the default does change binaries.
    const windows = `${STAGE_DEFAULT}FROM mcr.microsoft.com/windows/nanoserver:ltsc2022 AS win\nCOPY --from=build /out/exporter /exporter.exe\n`;
    assert.equal(only(check(windows), 'XB309')[0].severity, 'error');
    const pinned = STAGE_DEFAULT.replace('FROM alpine:3.20', 'FROM --platform=windows/amd64 alpine:3.20');
    assert.equal(only(check(pinned), 'XB309')[0].severity, 'error');
    // Any other value of TARGETOS is an error as before.
    assert.equal(only(check(STAGE_DEFAULT.replace('TARGETOS=linux', 'TARGETOS=windows')), 'XB309')[0].severity, 'error');
  });
});
