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
  it('Dockerfile stages: cross-compiling from $BUILDPLATFORM, a stage on the target platform, a constant platform; nothing the line says', () => {
    assert.deepEqual(run(DOCKERFILE).hints, [
      // CGO_ENABLED=0 is on the line: only the target platform is said.
      '3:⟨$TARGETOS/$TARGETARCH⟩',
      // GOARCH unset in a $BUILDPLATFORM stage: the builder's architecture.
      '4:⟨$TARGETOS/$BUILDARCH · cgo off⟩',
      // No --platform: the stage runs on the target platform, so go builds for it.
      '7:⟨$TARGETOS/$TARGETARCH · cgo on⟩',
      '10:⟨linux/arm/v7 · cgo off⟩',
      // go mod download compiles nothing: no hint.
    ]);
  });

  it('Makefiles and scripts: exported variables count, plain ones do not; GOOS/GOARCH and CGO_ENABLED written on the line are not repeated', () => {
    const mk = 'export GOOS := linux\nGOARCH = arm64\nbuild:\n\tCGO_ENABLED=1 CC=aarch64-linux-gnu-gcc go build .\n\tgo test ./...\n';
    assert.deepEqual(run(mk, 'makefile').hints, ['3:⟨linux/amd64⟩', '4:⟨linux/amd64 · cgo if gcc⟩']);
    const sh = '#!/bin/sh\nGOOS=windows GOARCH=amd64 go build -o app.exe .\nCGO_ENABLED=0 GOOS=linux GOARCH=arm64 go build -o app .\ngo build .\n';
    assert.deepEqual(run(sh, 'shell').hints, ['1:⟨cgo off⟩', '3:⟨build platform · cgo if gcc⟩']);
  });

  it('go install of a tool (pkg@version) gets no hint; a cross go install does', () => {
    const sh = '#!/bin/sh\ngo install golang.org/x/tools/cmd/stringer@v0.20.0\nGOARCH=arm64 go install ./cmd/app\n';
    assert.deepEqual(run(sh, 'shell').hints, ['2:⟨linux/arm64 · cgo off⟩']);
  });

  it('a picked target platform resolves $TARGETOS/$TARGETARCH', () => {
    const facts: Facts = { ...HOST_FACTS, target: { goos: 'linux', goarch: 'arm64' } };
    assert.deepEqual(run(DOCKERFILE, 'dockerfile', facts).hints.slice(0, 1), ['3:⟨linux/arm64⟩']);
  });

  it('GOOS/GOARCH of the go env count outside Docker, where go would use them', () => {
    const sh = '#!/bin/sh\ngo build -o app .\n';
    const a = analyze({ path: '/w/build.sh', kind: 'shell', text: sh }, { facts: HOST_FACTS });
    const [hint] = goCommandHints(a.model!, HOST_FACTS, { goos: 'linux', goarch: 'arm64' });
    assert.equal(hint.label, '⟨linux/arm64 (go env) · cgo if gcc⟩');
    assert.match(hint.tooltip, /go env sets GOOS=linux GOARCH=arm64/);
    const df = 'FROM golang:1.22\nRUN go build -o /app .\n';
    const d = analyze({ path: '/w/Dockerfile', kind: 'dockerfile', text: df }, { facts: HOST_FACTS });
    assert.doesNotMatch(goCommandHints(d.model!, HOST_FACTS, { goarch: 'arm64' })[0].label, /go env/, 'a Docker stage does not read this machine\'s go env');
  });

  it('sits before the arguments, so a long real line does not push it out of view', () => {
    const long = `RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w -X github.com/example/project/internal/version.Version=\${VERSION} -X github.com/example/project/internal/version.Commit=\${COMMIT}" -o /out/server ./cmd/server`;
    const text = `FROM --platform=$BUILDPLATFORM golang:1.22\nARG TARGETOS TARGETARCH VERSION COMMIT\n${long}\n`;
    const a = analyze({ path: '/w/Dockerfile', kind: 'dockerfile', text }, { facts: HOST_FACTS });
    const [hint] = goCommandHints(a.model!, HOST_FACTS);
    assert.equal(hint.before, true);
    assert.deepEqual(hint.position, { line: 2, character: long.indexOf('-trimpath') });
    assert.ok(hint.position.character < 70 && long.length > 200, `column ${hint.position.character} of ${long.length}`);
  });

  it('the tooltip says how the target platform and cgo were decided and which Go', () => {
    const a = analyze({ path: '/w/Dockerfile', kind: 'dockerfile', text: DOCKERFILE }, { facts: HOST_FACTS });
    const [first] = goCommandHints(a.model!, HOST_FACTS);
    assert.match(first.tooltip, /\*\*Target platform:\*\* GOOS=\$TARGETOS, GOARCH=\$TARGETARCH/);
    assert.match(first.tooltip, /CGO_ENABLED=0/);
    assert.match(first.tooltip, /Go 1\.22 \(golang:1\.22-alpine on line 1\)/);
  });
});

describe('inlay hints for go commands walked several times', () => {
  it('give one hint per place, naming each distinct target once', () => {
    const text = '#!/bin/bash\nbuild() {\n  CGO_ENABLED=0 GOOS=$1 GOARCH=$2 go build -o "bin/$1-$2" .\n}\nbuild linux amd64\nbuild linux amd64\nbuild darwin arm64\n';
    assert.deepEqual(run(text, 'shell').hints, ['2:⟨linux/amd64 | darwin/arm64⟩']);
  });

  it('in a matrix job, name what each leg builds rather than the unknown matrix value', () => {
    const workflow = `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        goos: [linux, windows]
        goarch: [amd64, arm64]
    steps:
      - run: CGO_ENABLED=0 GOOS=\${{ matrix.goos }} GOARCH=\${{ matrix.goarch }} go build -o dist/ ./cmd/tool
  smoke:
    runs-on: ubuntu-24.04-arm
    steps:
      - run: CGO_ENABLED=0 go build -o dist/ ./cmd/tool
`;
    const a = analyze({ path: '/w/.github/workflows/build.yml', kind: 'workflow', text: workflow }, { facts: HOST_FACTS });
    const hints = goCommandHints(a.model!, HOST_FACTS).map((h) => `${h.position.line}:${h.label}`);
    assert.deepEqual(hints, ['13:⟨linux/arm64⟩', '9:⟨linux/amd64 | linux/arm64 | windows/amd64 | windows/arm64⟩']);
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

  it('on make\'s NAME=value and gox\'s target: what each reaches (not a function\'s argument)', () => {
    const sh = '#!/bin/sh\nmake build GOARCH=arm64\ngox -osarch linux/arm64 ./cmd/app\n';
    const make = run(sh, 'shell').hover(at(sh, 'GOARCH=arm64', 2))!.markdown;
    assert.match(make, /overrides the Makefile's assignments of GOARCH/);
    const gox = run(sh, 'shell').hover(at(sh, 'linux/arm64', 2))!.markdown;
    assert.match(gox, /runs go build once per platform/);
  });

  it('in a Makefile: a variable that is not exported reaches no go command', () => {
    const mk = 'GOARCH = arm64\nbuild:\n\tgo build .\n';
    const md = run(mk, 'makefile').hover({ line: 0, character: 2 })!.markdown;
    assert.match(md, /only when it is exported/);
    assert.match(md, /No go command in this file sees this assignment/);
  });
});
