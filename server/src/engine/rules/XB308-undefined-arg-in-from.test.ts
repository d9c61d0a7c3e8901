import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, lineOf, only, ready, textAt, said } from '../testing';

before(ready);

const MOVED_ARG = [
  '# syntax=docker/dockerfile:1',
  '# escape=\\',
  '',
  '# Build the API server',
  'FROM golang:${GO_VERSION}-alpine AS build',
  'ARG GO_VERSION=1.22',
  'WORKDIR /src',
  'COPY . .',
  'RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api',
  '',
  'FROM alpine:3.20',
  'COPY --from=build /out/api /usr/local/bin/api',
  '',
].join('\n');

describe('XB308 ARG used in FROM is not declared before the first FROM', () => {
  it('warns on the reference and says what the image becomes', () => {
    const [f] = only(check(MOVED_ARG), 'XB308');
    assert.equal(f.severity, 'warning');
    assert.equal(lineOf(f), 5);
    assert.equal(textAt(MOVED_ARG, f), '${GO_VERSION}');
    assert.match(f.message, /the image becomes `golang:-alpine`/);
    assert.match(said(f), /put ARG GO_VERSION=1\.22 above it\.[^]*ARG GO_VERSION on line 6 is inside a stage, which FROM lines do not see/);
  });

  it('declares it before the first FROM with the default the stage gave it, below the directives, above the stage comment', () => {
    const fixed = fixAndRecheck(MOVED_ARG, 'XB308');
    assert.equal(fixed, MOVED_ARG.replace('\n# Build the API server\n', '\nARG GO_VERSION=1.22\n# Build the API server\n'));
    assert.deepEqual(only(check(fixed), 'XB308'), []);
  });

  it('appends after the existing global ARGs and keeps CRLF line ends', () => {
    const text = ['ARG GO_VERSION=1.23', 'ARG ALPINE_VERSION=3.20', '', 'FROM golang:${GO_VERSION} AS build', 'FROM ${REGISTRY}/alpine:${ALPINE_VERSION}', ''].join('\r\n');
    const [f] = only(check(text), 'XB308');
    assert.equal(textAt(text, f), '${REGISTRY}');
    assert.match(said(f), /becomes `\/alpine:\$\{ALPINE_VERSION\}`/);
    assert.equal(fixAndRecheck(text, 'XB308'), text.replace('ARG ALPINE_VERSION=3.20\r\n', 'ARG ALPINE_VERSION=3.20\r\nARG REGISTRY\r\n'));
  });

  it('explains that ${NAME:-default} always takes the default, and checks --platform values', () => {
    const text = 'FROM --platform=$BUILDER_PLATFORM golang:${GO_VERSION:-1.22} AS build\nRUN go version\n';
    const findings = only(check(text), 'XB308');
    assert.deepEqual(findings.map((f) => textAt(text, f)), ['$BUILDER_PLATFORM', '${GO_VERSION:-1.22}']);
    assert.match(said(findings[0]), /the --platform value becomes empty/);
    assert.match(said(findings[1]), /always uses the default `1\.22`; --build-arg cannot change it/);
    assert.equal(fixAndRecheck(text, 'XB308'), `ARG BUILDER_PLATFORM\n${text}`);
  });

  it('puts the declaration below a header comment that starts the file', () => {
    const text = '# Worker image\n# Maintained by the platform team\nFROM ${BASE_IMAGE}\n';
    assert.equal(fixAndRecheck(text, 'XB308'), '# Worker image\n# Maintained by the platform team\nARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n');
  });

  it('accepts the automatic platform args, global ARGs without a value, stage names and escaped dollars', () => {
    const text = [
      'ARG GO_VERSION',
      'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS build',
      'FROM --platform=${TARGETPLATFORM} alpine:3.20 AS base-${TARGETARCH}',
      'FROM build_${TARGETARCH}${TARGETVARIANT} AS pick',
      'FROM registry.example.com/app\\$weird',
    ].join('\n');
    assert.deepEqual(only(check(text), 'XB308'), []);
  });
});
