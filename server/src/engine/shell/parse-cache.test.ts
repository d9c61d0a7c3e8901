// The parsed-script cache (parser.ts) and dockerfile-ast's memoised arguments must never change a verdict:
// after any sequence of edits, each version's findings with the cache warm from the versions before equal
// those of an analysis with an empty cache (a fresh process), on Dockerfiles, Makefiles and scripts.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../analyze';
import { HOST_FACTS, ready } from '../testing';
import type { DocumentKind } from '../types';
import { forgetDockerfileReadings } from '../model/dockerfile-prefix';
import { forgetParsedShell } from './parser';

before(ready);

const DOCKERFILE = [
  '# syntax=docker/dockerfile:1',
  'ARG GO_VERSION=1.22',
  'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS build',
  'ARG TARGETOS TARGETARCH',
  'WORKDIR /src',
  'ENV CGO_ENABLED=0',
  'RUN --mount=type=cache,target=/go/pkg/mod go mod download',
  'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -o /out/api ./cmd/api',
  'RUN build() { GOOS=linux GOARCH="$1" go build -o "/out/app-$1" ./cmd/app; } && build arm64 && build arm',
  'RUN sh -c "GOOS=windows GOARCH=amd64 go build -o /out/app.exe ./cmd/app"',
  'RUN for arch in amd64 arm64; do GOOS=linux GOARCH=$arch go build -o /out/$arch ./cmd/app; done',
  'FROM gcr.io/distroless/static-debian12 AS runtime',
  'COPY --from=build /out/api /api',
  'ENTRYPOINT ["/api"]',
].join('\n');

const MAKEFILE = [
  'GOOS ?= linux',
  'GOARCH ?= arm64',
  'LDFLAGS := -s -w',
  'build:',
  '\tGOOS=$(GOOS) GOARCH=$(GOARCH) go build -ldflags="$(LDFLAGS)" -o bin/app ./cmd/app',
  'release:',
  '\tfor arch in amd64 arm; do GOOS=linux GOARCH=$$arch go build -o bin/app-$$arch ./cmd/app; done',
].join('\n');

const SCRIPT = [
  '#!/bin/sh',
  'set -eu',
  'export CGO_ENABLED=0',
  'GOOS=linux GOARCH=arm go build -o out/app-arm ./cmd/app',
  'GOARCH=arm64 go build -o out/app-arm64 ./cmd/app',
].join('\n');

/** Lines an edit puts in: the same scripts again (cache hits at new places), scope changes, broken text. */
const LINE = fc.constantFrom(
  'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -o /out/api ./cmd/api',
  'RUN GOOS=linux GOARCH=arm go build -o /out/x .',
  'ENV GOARCH=aarch64',
  'ARG TARGETARCH',
  'ENV CGO_ENABLED=1',
  'FROM golang:1.21 AS build',
  'LABEL a=b',
  '\tGOOS=$(GOOS) GOARCH=$(GOARCH) go build -ldflags="$(LDFLAGS)" -o bin/app ./cmd/app',
  'GOARCH=arm64 go build -o out/app-arm64 ./cmd/app',
  'export GOOS=windows',
  'RUN echo "unterminated',
  '# a comment',
  '\\',
);

function findings(kind: DocumentKind, text: string) {
  return analyze({ path: `/w/${kind}`, kind, text }, { facts: HOST_FACTS }).findings;
}

describe('parsed-script cache', () => {
  it('gives every version of an edited file the findings of an analysis with an empty cache', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<[DocumentKind, string]>(['dockerfile', DOCKERFILE], ['makefile', MAKEFILE], ['shell', SCRIPT]),
        fc.array(fc.tuple(fc.nat(), fc.boolean(), LINE), { minLength: 1, maxLength: 6 }),
        ([kind, original], edits) => {
          let lines = original.split('\n');
          forgetParsedShell();
          findings(kind, lines.join('\n'));
          for (const [at, insert, line] of edits) {
            const n = at % lines.length;
            lines = insert ? [...lines.slice(0, n), line, ...lines.slice(n)] : [...lines.slice(0, n), line, ...lines.slice(n + 1)];
            const text = lines.join('\n');
            const warm = findings(kind, text);
            forgetParsedShell();
            forgetDockerfileReadings();
            const cold = findings(kind, text);
            assert.deepEqual(warm, cold, text);
          }
        },
      ),
      { numRuns: 60, seed: 2026 },
    );
  });

  it('reuses a script parsed before (the same text, at another place, is the same tree)', () => {
    forgetParsedShell();
    forgetDockerfileReadings();
    const once = findings('dockerfile', DOCKERFILE);
    const moved = findings('dockerfile', `# moved down a line\n${DOCKERFILE}`);
    assert.deepEqual(moved.map((f) => [f.code, f.range.start.line - 1, f.range.start.character]), once.map((f) => [f.code, f.range.start.line, f.range.start.character]));
    assert.ok(once.length > 0, 'the Dockerfile has findings to compare');
  });
});
