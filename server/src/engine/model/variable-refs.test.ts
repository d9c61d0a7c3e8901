import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { LineIndex } from '../text';
import { HOST_FACTS, ready } from '../testing';
import { buildModel, defaultGoVersion } from './build-model';
import type { BuildModel, DockerfileModel } from './types';

/** The model of a Dockerfile (the union narrowed). */
function dockerfile(m: BuildModel): DockerfileModel {
  if (m.kind !== 'dockerfile') throw new Error(`expected a Dockerfile model, got ${m.kind}`);
  return m;
}


before(ready);

function model(text: string) {
  const built = buildModel({ path: '/w/Dockerfile', kind: 'dockerfile', text }, { goVersion: defaultGoVersion(HOST_FACTS) });
  return { ...built, model: dockerfile(built.model) };
}

/** [name, instruction, declared, global, feeds, source text] per reference of a stage. */
function refs(text: string, stage = 0) {
  const { model: m, lines } = model(text);
  return m.stages[stage].refs.map((r) => [r.name, r.instruction, r.declared, r.global, r.feeds, text.slice(lines.offsetAt(r.range.start), lines.offsetAt(r.range.end))]);
}

describe('Dockerfile variable references', () => {
  it('records RUN expansions with the variable they feed, and sees that TARGETARCH was never declared', () => {
    const text = [
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      'ARG TARGETOS',
      'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app-${TARGETARCH} .',
    ].join('\n');
    assert.deepEqual(refs(text), [
      ['TARGETOS', 'RUN', true, true, 'GOOS', '$TARGETOS'],
      ['TARGETARCH', 'RUN', false, true, 'GOARCH', '$TARGETARCH'],
      ['TARGETARCH', 'RUN', false, true, undefined, '${TARGETARCH}'],
    ]);
  });

  it('counts ARGs of the stage a stage is built FROM, global ARGs, and variables the script sets itself', () => {
    const text = [
      'ARG APP_VERSION=1.4.2',
      'FROM golang:1.22 AS base',
      'ARG TARGETARCH',
      'FROM base AS build',
      'RUN ARCH=$(uname -m) && echo "$ARCH $TARGETARCH $APP_VERSION $HOME" && for f in a b; do echo $f; done',
    ].join('\n');
    assert.deepEqual(refs(text, 1), [
      ['ARCH', 'RUN', true, false, undefined, '$ARCH'],
      ['TARGETARCH', 'RUN', true, true, undefined, '$TARGETARCH'],
      ['APP_VERSION', 'RUN', false, true, undefined, '$APP_VERSION'],
      ['HOME', 'RUN', false, false, undefined, '$HOME'],
      ['f', 'RUN', true, false, undefined, '$f'],
    ]);
  });

  it('reads env NAME=$X words, skips single quotes and quoted heredoc bodies', () => {
    const text = [
      'FROM golang:1.22',
      "RUN env CGO_ENABLED=0 GOARCH=$TARGETARCH go build -o /app . && echo '$TARGETOS'",
      "RUN cat > /etc/motd <<'EOF'",
      'built for $TARGETPLATFORM',
      'EOF',
    ].join('\n');
    assert.deepEqual(refs(text), [['TARGETARCH', 'RUN', false, true, 'GOARCH', '$TARGETARCH']]);
  });

  it('records ENV, ARG defaults, WORKDIR and COPY expansions, honouring the escape directive', () => {
    const text = [
      '# escape=`',
      'FROM golang:1.22',
      'ARG TARGETOS',
      'ENV GOOS=$TARGETOS GOARCH=${TARGETARCH} NOTE=`$TARGETVARIANT',
      'ARG OUT=/out/$BUILDARCH',
      'WORKDIR /src/$TARGETOS',
      'COPY --from=deps /go/pkg/$TARGETPLATFORM /go/pkg',
    ].join('\r\n');
    assert.deepEqual(refs(text), [
      ['TARGETOS', 'ENV', true, true, 'GOOS', '$TARGETOS'],
      ['TARGETARCH', 'ENV', false, true, 'GOARCH', '${TARGETARCH}'],
      ['BUILDARCH', 'ARG', false, true, 'OUT', '$BUILDARCH'],
      ['TARGETOS', 'WORKDIR', true, true, undefined, '$TARGETOS'],
      ['TARGETPLATFORM', 'COPY', false, true, undefined, '$TARGETPLATFORM'],
    ]);
  });

  it('lists ARG defaults in the global scope and in stages, with the part that drops the default', () => {
    const text = ['ARG TARGETARCH=amd64', 'FROM golang:1.22', 'ARG GO_FLAGS TARGETOS="linux"'].join('\n');
    const { model: m, lines } = model(text);
    const at = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) => text.slice(lines.offsetAt(r.start), lines.offsetAt(r.end));
    assert.deepEqual(
      m.argDefaults?.map((a) => [a.name, a.stageIndex, a.value, at(a.range), at(a.defaultRange)]),
      [
        ['TARGETARCH', undefined, 'amd64', 'TARGETARCH=amd64', '=amd64'],
        ['TARGETOS', 0, 'linux', 'TARGETOS="linux"', '="linux"'],
      ],
    );
  });

  it('links each stage to the stages it copies from, binaries or not', () => {
    const text = [
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      'RUN go build -o /out/app .',
      'FROM --platform=$BUILDPLATFORM alpine:3.20 AS compress',
      'RUN apk add --no-cache upx',
      'COPY --from=build /out/app /out/app',
      'FROM alpine:3.20 AS certs',
      'FROM scratch',
      'COPY --from=compress /out/app /app',
      'COPY --from=certs /etc/ssl/certs /etc/ssl/certs',
    ].join('\n');
    const { model: m } = model(text);
    assert.deepEqual(m.stages.map((s) => s.copiesFrom), [[], [0], [], [1, 2]]);
  });

  it('declares args in an ARG line only when it comes before the first use', () => {
    const text = ['FROM golang:1.22 AS build', 'RUN GOARCH=$TARGETARCH go build -o /app .', 'ARG VERSION', ''].join('\n');
    const { model: m } = model(text);
    const stage = m.stages[0];
    const use = stage.refs[0].range.start;
    const apply = (e: { range: { start: { line: number; character: number } }; newText: string }) => {
      const offset = new LineIndex(text).offsetAt(e.range.start);
      return text.slice(0, offset) + e.newText + text.slice(offset);
    };
    assert.equal(apply(stage.declareArgs(['TARGETARCH'], use)), 'FROM golang:1.22 AS build\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /app .\nARG VERSION\n');
    assert.equal(apply(stage.declareArgs(['TARGETARCH'])), 'FROM golang:1.22 AS build\nRUN GOARCH=$TARGETARCH go build -o /app .\nARG VERSION TARGETARCH\n');
  });

  it('joins names only to an ARG line with no defaults, quotes or later end than the first use', () => {
    const text = [
      'FROM golang:1.22 AS build',
      'ARG VERSION=1.0 COMMIT',
      'ARG LABEL="a b"',
      'ARG GOPROXY',
      'RUN GOARCH=$TARGETARCH go build -o /app .',
      'ARG LATE',
      '',
    ].join('\n');
    const { model: m } = model(text);
    const stage = m.stages[0];
    const lines = new LineIndex(text);
    const at = (e: { range: { start: { line: number; character: number } }; newText: string }) => [e.range.start.line, e.range.start.character, e.newText];
    // The first plain ARG line (a default or a quote in a line rules it out), whatever the order of the asks.
    assert.deepEqual(at(stage.declareArgs(['TARGETARCH'], stage.refs[0].range.start)), [3, 11, ' TARGETARCH']);
    assert.deepEqual(at(stage.declareArgs(['TARGETOS'])), [3, 11, ' TARGETOS']);
    // A use right where that line ends still comes after it; one inside it does not.
    assert.deepEqual(at(stage.declareArgs(['A'], lines.positionAt(lines.lineEnd(3)))), [3, 11, ' A']);
    assert.deepEqual(at(stage.declareArgs(['A'], { line: 3, character: 4 })), [0, 25, '\nARG A']);
  });
});
