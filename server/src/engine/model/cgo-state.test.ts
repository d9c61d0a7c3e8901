import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { HOST_FACTS, ready } from '../testing';
import { buildModel, defaultGoVersion } from './build-model';
import { cgoState } from './cgo';
import type { DocumentKind } from '../types';

before(ready);

const PATHS: Partial<Record<DocumentKind, string>> = { dockerfile: '/w/Dockerfile', shell: '/w/build.sh', workflow: '/w/.github/workflows/build.yml' };

/** cgo's state and the reason the hint's tooltip gives, for each go command of a file (the host: linux/amd64). */
function cgo(text: string, kind: DocumentKind = 'dockerfile'): string[] {
  const m = buildModel({ path: PATHS[kind]!, kind, text }, { goVersion: defaultGoVersion(HOST_FACTS) }).model;
  return m.contexts.filter((c) => c.command).map((c) => {
    const s = cgoState(c, m, HOST_FACTS);
    return `${s.state}${'explicit' in s && s.explicit ? ' (explicit)' : ''}: ${s.why}`;
  });
}

describe('cgo in scripts, decided as go decides it on this linux/amd64 host', () => {
  it('an unreadable CGO_ENABLED decides nothing; a value other than 0 or 1 is named as ignored', () => {
    assert.deepEqual(cgo('#!/bin/sh\nCGO_ENABLED="$CGO" go build .\nCGO_ENABLED=true GOOS=windows go build -o app.exe .\nCGO_ENABLED=yes go build .\nCGO_ENABLED=1 GOARCH=arm64 go build .\n', 'shell'), [
      'unknown: CGO_ENABLED="$CGO" is not known here',
      'off: cross-compiling for windows (CGO_ENABLED=true is ignored: only 0 and 1 count)',
      'unknown: a native build; cgo is on if a C compiler is on PATH (CGO_ENABLED=yes is ignored: only 0 and 1 count)',
      'on (explicit): CGO_ENABLED=1',
    ]);
  });

  it('an unreadable GOOS or GOARCH decides nothing; an empty GOARCH is go\'s default, the host\'s', () => {
    assert.deepEqual(cgo('#!/bin/sh\nGOOS="$1" go build .\nGOARCH="$2" go build .\nGOARCH= go build .\nGOARCH=amd64 go build .\nGOARCH=arm64 go build .\n', 'shell'), [
      'unknown: GOOS="$1" is not known here',
      'unknown: GOARCH="$2" is not known here',
      'unknown: a native build; cgo is on if a C compiler is on PATH',
      'unknown: a native build; cgo is on if a C compiler is on PATH',
      'off: cross-compiling for arm64',
    ]);
  });
});

describe('cgo in a script a Dockerfile runs', () => {
  it('$TARGETOS and $TARGETARCH outside a Dockerfile are values the script cannot know', () => {
    assert.deepEqual(cgo('#!/bin/sh\n# run by RUN ./build.sh with ARG TARGETOS TARGETARCH\nGOOS=$TARGETOS go build -o /out/a .\nGOARCH=$TARGETARCH go build -o /out/b .\n', 'shell'), [
      'unknown: GOOS=$TARGETOS is not known here',
      'unknown: GOARCH=$TARGETARCH is not known here',
    ]);
  });
});

describe('cgo in workflow jobs: the runner is the native platform', () => {
  it('on a macOS runner GOOS=linux cross-compiles; an unknown self-hosted runner decides nothing for GOOS', () => {
    const workflow = [
      'on: push',
      'jobs:',
      '  mac:',
      '    runs-on: macos-14',
      '    steps:',
      '      - run: GOOS=linux go build -o dist/ .',
      '      - run: GOARCH=amd64 go build -o dist/ .',
      '      - run: GOARCH=arm64 go build -o dist/ .',
      '  own:',
      '    runs-on: [self-hosted, linux]',
      '    steps:',
      '      - run: GOOS=linux go build -o dist/ .',
      '      - run: GOARCH=arm64 go build -o dist/ .',
      '',
    ].join('\n');
    assert.deepEqual(cgo(workflow, 'workflow'), [
      'off: cross-compiling for linux',
      'off: cross-compiling for amd64',
      'unknown: a native build; cgo is on if a C compiler is on PATH',
      'unknown: the runner\'s platform is not known',
      'native-leg: GOARCH=arm64 is native when the build runs on arm64',
    ]);
  });
});

describe('cgo in Dockerfile stages: where the stage runs and the compiler its image has', () => {
  it('a stage pinned by --platform builds natively for its own architecture only', () => {
    assert.deepEqual(cgo('FROM --platform=linux/arm64 golang:1.22\nRUN GOARCH=arm64 go build -o /a .\nRUN GOARCH=amd64 go build -o /b .\nRUN GOOS=windows go build -o /c.exe .\n'), [
      'on: a native build with the C compiler in golang:1.22',
      'off: cross-compiling for amd64',
      'off: cross-compiling for windows',
    ]);
  });

  it('GOARCH=$TARGETARCH in a stage pinned to one platform is not known: it is native for one target only', () => {
    assert.deepEqual(cgo('FROM --platform=linux/amd64 golang:1.22\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /a .\n'), [
      'unknown: GOARCH=$TARGETARCH is not known here',
    ]);
  });

  it('an image whose C compiler is not known leaves a native build undecided', () => {
    assert.deepEqual(cgo('FROM registry.example.com/ci/go-builder:3\nRUN go build -o /a .\nFROM --platform=$BUILDPLATFORM registry.example.com/ci/go-builder:3\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /b .\n'), [
      'unknown: a native build; cgo is on if a C compiler is on PATH',
      'native-leg: GOARCH=$TARGETARCH in a $BUILDPLATFORM stage: the build for the builder\'s own platform is native, and turns cgo on if a C compiler is found',
    ]);
  });

  it('a stage on the target platform is native for one GOARCH only, and never with no C compiler', () => {
    assert.deepEqual(cgo('FROM golang:1.22 AS gnu\nRUN GOARCH=arm64 go build -o /a .\nFROM golang:1.22-alpine\nARG TARGETARCH\nRUN GOARCH=arm64 go build -o /b .\nRUN GOARCH=$TARGETARCH go build -o /c .\n'), [
      'native-leg: GOARCH=arm64 is native when the build runs on arm64',
      'off: no C compiler in golang:1.22-alpine',
      'off: no C compiler in golang:1.22-alpine',
    ]);
  });

  it('$TARGETOS is linux like the builder: GOARCH alone decides in a $BUILDPLATFORM stage', () => {
    const text = [
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      'ARG TARGETOS TARGETARCH',
      'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH CGO_ENABLED=yes go build -o /a .',
      'RUN GOOS=$TARGETOS go build -o /b .',
      'FROM --platform=$BUILDPLATFORM golang:1.22-alpine',
      'ARG TARGETARCH',
      'RUN GOARCH=$TARGETARCH CGO_ENABLED=yes go build -o /c .',
      '',
    ].join('\n');
    assert.deepEqual(cgo(text), [
      'native-leg: GOARCH=$TARGETARCH in a $BUILDPLATFORM stage: the build for the builder\'s own platform is native, and the C compiler in golang:1.22 turns cgo on (CGO_ENABLED=yes is ignored: only 0 and 1 count)',
      'on: a native build with the C compiler in golang:1.22',
      'off: no C compiler in golang:1.22-alpine (CGO_ENABLED=yes is ignored: only 0 and 1 count)',
    ]);
  });
});
