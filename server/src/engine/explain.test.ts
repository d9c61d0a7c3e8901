import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from './analyze';
import { explainAt, goCommandHints } from './explain';
import { HOST_FACTS, ready } from './testing';
import type { DocumentKind, Facts, Position } from './types';

before(ready);

function run(text: string, kind: DocumentKind = 'dockerfile', facts: Facts = HOST_FACTS) {
  const a = analyze({ path: `/w/${kind === 'dockerfile' ? 'Dockerfile' : kind === 'makefile' ? 'Makefile' : 'build.sh'}`, kind, text }, { facts });
  return {
    hints: goCommandHints(a.model!, facts).map((h) => `${h.position.line}:${h.label}`),
    hover: (at: Position) => explainAt(a.model!, a.lines!, at, facts),
  };
}

/** The position of the first `needle` (plus `shift` characters). */
function at(text: string, needle: string, shift = 0): Position {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  const before = text.slice(0, i + shift).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

const DOCKERFILE = [
  'FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build',
  'ARG TARGETOS TARGETARCH',
  'ENV GOOS=$TARGETOS',
  'RUN CGO_ENABLED=0 GOARCH=$TARGETARCH go build -o /out/app .',
  'RUN GOARM=$TARGETVARIANT go build -o /out/b .',
  '',
  'FROM golang:1.22 AS native',
  'RUN go build -o /x .',
  '',
  'FROM --platform=linux/arm64 golang:1.22',
  'RUN GOARCH=arm GOARM=7 go build .',
  'RUN go mod download',
  '',
].join('\n');

describe('inlay hints: resolved target and cgo state per go command', () => {
  it('Dockerfile stages: cross-compiling from $BUILDPLATFORM, native with gcc, a constant platform', () => {
    assert.deepEqual(run(DOCKERFILE).hints, [
      '3:⟨$TARGETOS/$TARGETARCH · cgo off⟩',
      // GOARCH unset in a $BUILDPLATFORM stage: the builder's architecture.
      '4:⟨$TARGETOS/$BUILDARCH · cgo off⟩',
      '7:⟨host · cgo on: gcc in golang:1.22⟩',
      '10:⟨linux/arm/v7 · cgo off⟩',
      // go mod download compiles nothing: no hint.
    ]);
  });

  it('Makefiles and scripts: exported variables count, plain ones do not', () => {
    const mk = 'export GOOS := linux\nGOARCH = arm64\nbuild:\n\tCGO_ENABLED=1 CC=aarch64-linux-gnu-gcc go build .\n\tgo test ./...\n';
    assert.deepEqual(run(mk, 'makefile').hints, ['3:⟨linux/amd64 · cgo on: aarch64-linux-gnu-gcc⟩', '4:⟨linux/amd64 · cgo on if gcc is found⟩']);
    const sh = '#!/bin/sh\nGOOS=windows GOARCH=amd64 go build -o app.exe .\ngo build .\n';
    assert.deepEqual(run(sh, 'shell').hints, ['1:⟨windows/amd64 · cgo off⟩', '2:⟨host · cgo on if gcc is found⟩']);
  });

  it('the tooltip says how the target and cgo were decided and which Go', () => {
    const a = analyze({ path: '/w/Dockerfile', kind: 'dockerfile', text: DOCKERFILE }, { facts: HOST_FACTS });
    const [first] = goCommandHints(a.model!, HOST_FACTS);
    assert.match(first.tooltip, /GOOS=\$TARGETOS, GOARCH=\$TARGETARCH/);
    assert.match(first.tooltip, /CGO_ENABLED=0/);
    assert.match(first.tooltip, /Go 1\.22 \(golang:1\.22-alpine on line 1\)/);
  });
});

describe('inlay hints for go commands walked several times', () => {
  it('give one hint per place, naming each distinct target once', () => {
    const text = '#!/bin/bash\nbuild() {\n  CGO_ENABLED=0 GOOS=$1 GOARCH=$2 go build -o "bin/$1-$2" .\n}\nbuild linux amd64\nbuild linux amd64\nbuild darwin arm64\n';
    assert.deepEqual(run(text, 'shell').hints, ['2:⟨linux/amd64 · cgo off | darwin/arm64 · cgo off⟩']);
  });
});

describe('hovers', () => {
  it('on an ENV assignment: the value as written, where it comes from, its scope, and the commands that read it', () => {
    const md = run(DOCKERFILE).hover(at(DOCKERFILE, 'GOOS=$TARGETOS', 1))!.markdown;
    assert.match(md, /^\*\*GOOS\*\* = `\$TARGETOS` \(not known statically\)/);
    assert.match(md, /The operating system go builds for/);
    assert.match(md, /BuildKit sets it per platform/);
    assert.match(md, /stage `build`/);
    assert.match(md, /`go build` on line 4, `go build` on line 5/);
  });

  it('with a picked target, says what the value becomes', () => {
    const facts: Facts = { ...HOST_FACTS, target: { goos: 'linux', goarch: 'arm', variant: 'v7' } };
    const md = run(DOCKERFILE, 'dockerfile', facts).hover(at(DOCKERFILE, 'GOARCH=$TARGETARCH', 2))!.markdown;
    assert.match(md, /For the picked target linux\/arm\/v7: `arm`/);
    assert.match(md, /this one command only/);
  });

  it('an undeclared $TARGETVARIANT expands to empty: the hover shows it', () => {
    const r = run(DOCKERFILE);
    assert.match(r.hover(at(DOCKERFILE, 'GOARM=$TARGETVARIANT'))!.markdown, /^\*\*GOARM\*\* = `\$TARGETVARIANT` → `""`/);
    const ref = r.hover(at(DOCKERFILE, '$TARGETVARIANT', 3))!;
    assert.match(ref.markdown, /^\*\*\$TARGETVARIANT\*\*: BuildKit's automatic platform arg/);
    assert.match(ref.markdown, /Not declared in stage `build`.*ARG TARGETVARIANT/);
  });

  it('on $BUILDPLATFORM in FROM and on the ARG that declares TARGETARCH', () => {
    const r = run(DOCKERFILE);
    assert.match(r.hover(at(DOCKERFILE, '$BUILDPLATFORM', 2))!.markdown, /runs on the builder's platform whatever the target is/);
    const decl = r.hover(at(DOCKERFILE, 'TARGETARCH', 2))!;
    assert.deepEqual(decl.range, { start: { line: 1, character: 13 }, end: { line: 1, character: 23 } });
    assert.match(decl.markdown, /makes it visible in the stage/);
    assert.equal(r.hover({ line: 5, character: 0 }), undefined, 'nothing on a blank line');
  });

  it('in a Makefile: a variable that is not exported reaches no go command', () => {
    const mk = 'GOARCH = arm64\nbuild:\n\tgo build .\n';
    const md = run(mk, 'makefile').hover({ line: 0, character: 2 })!.markdown;
    assert.match(md, /only when it is exported/);
    assert.match(md, /No go command in this file sees this assignment/);
  });
});
