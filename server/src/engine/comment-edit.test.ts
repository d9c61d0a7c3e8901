import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from './analyze';
import { findingsAfterCommentEdit } from './comment-edit';
import { HOST_FACTS, ready } from './testing';

before(ready);

const analyse = (text: string) => analyze({ path: '/work/app/Dockerfile', kind: 'dockerfile', text }, { facts: HOST_FACTS }).findings;

const DOCKERFILE = [
  '# syntax=docker/dockerfile:1.7',
  'ARG GO_VERSION=1.22',
  '',
  '# Build stage: cross-compiles on the builder.',
  'FROM golang:${GO_VERSION}-alpine AS build',
  'WORKDIR /src',
  'COPY . .',
  '# the arm build',
  'RUN CGO_ENABLED=1 GOOS=linux GOARCH=aarch64 \\',
  '    # comment inside the continuation',
  '    go build -o /out/app ./cmd/app',
  'RUN <<EOF',
  '# a comment in the heredoc body',
  'GOOS=linux go build -o /out/tool ./cmd/tool',
  'EOF',
  '',
  'FROM scratch',
  '# copy the binary',
  'COPY --from=build /out/app /app',
  'ENTRYPOINT ["/app"]',
  '',
].join('\n');

const replaceLine = (text: string, line: number, content: string) => {
  const lines = text.split('\n');
  lines[line] = content;
  return lines.join('\n');
};

describe('findingsAfterCommentEdit', () => {
  // Filled once the shell parser is ready (describe bodies run before `before` hooks).
  const previous = { text: DOCKERFILE, findings: [] as ReturnType<typeof analyse> };
  before(() => {
    previous.findings = analyse(DOCKERFILE);
  });

  it('carries the findings over when a comment between instructions changes', () => {
    assert.ok(previous.findings.length > 0, 'the fixture has findings');
    const text = replaceLine(DOCKERFILE, 7, '# the arm64 build, typed further');
    assert.equal(findingsAfterCommentEdit(previous, text), previous.findings);
    assert.deepEqual(analyse(text), previous.findings);
  });

  it('carries them over in a file with CRLF or lone CR line breaks, and still asks when an instruction changes', () => {
    for (const eol of ['\r\n', '\r']) {
      const crlf = DOCKERFILE.replaceAll('\n', eol);
      const prev = { text: crlf, findings: previous.findings };
      const comment = replaceLine(DOCKERFILE, 7, '# the arm64 build, typed further').replaceAll('\n', eol);
      assert.equal(findingsAfterCommentEdit(prev, comment), previous.findings, JSON.stringify(eol));
      const instruction = replaceLine(DOCKERFILE, 8, `${DOCKERFILE.split('\n')[8]} `).replaceAll('\n', eol);
      assert.equal(findingsAfterCommentEdit(prev, instruction), undefined, JSON.stringify(eol));
    }
  });

  it('carries them over when a blank line becomes a comment', () => {
    assert.equal(findingsAfterCommentEdit(previous, replaceLine(DOCKERFILE, 15, '# runtime')), previous.findings);
  });

  for (const [why, line, content] of [
    ['a comment inside a continuation', 9, '    # another comment'],
    ['a heredoc body line', 12, '# edited'],
    ['the syntax directive', 0, '# syntax=docker/dockerfile:1'],
    ['a suppression', 7, '# xbd-ignore XB101'],
    ['a comment that becomes an instruction', 17, 'ENV GOOS=linux'],
    ['an instruction', 6, 'COPY go.mod .'],
  ] as const) {
    it(`asks for an analysis when the edit touches ${why}`, () => {
      assert.equal(findingsAfterCommentEdit(previous, replaceLine(DOCKERFILE, line, content)), undefined);
    });
  }

  it('asks for an analysis when a line is added (messages cite line numbers)', () => {
    assert.equal(findingsAfterCommentEdit(previous, DOCKERFILE.replace('# the arm build\n', '# the arm build\n# more\n')), undefined);
  });

  it('honours the escape directive: a backtick continuation keeps the next comment inside the instruction', () => {
    const text = ['# escape=`', 'FROM golang:1.22 AS build', 'RUN GOARCH=aarch64 `', '# inside', '    go build .', ''].join('\n');
    const prev = { text, findings: analyse(text) };
    assert.equal(findingsAfterCommentEdit(prev, replaceLine(text, 3, '# edited')), undefined);
  });

  it('agrees with a fresh analysis for any single-line edit it accepts (property)', () => {
    const lines = DOCKERFILE.split('\n').length;
    const contents = fc.oneof(
      fc.constant(''),
      fc.string({ maxLength: 20 }).map((s) => `# ${s}`),
      fc.string({ maxLength: 20 }).map((s) => `  #${s} \\`),
      fc.constantFrom('RUN GOOS=linux go build .', 'ENV GOARCH=aarch64', 'EOF', '# xbd-ignore XB101', '\\', '# escape=`'),
    );
    let accepted = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: lines - 1 }), contents, (line, content) => {
        const text = replaceLine(DOCKERFILE, line, content);
        const carried = findingsAfterCommentEdit(previous, text);
        if (carried === undefined) return;
        accepted++;
        assert.deepEqual(analyse(text), carried);
      }),
      { seed: 20261123, numRuns: 300 },
    );
    assert.ok(accepted > 20, `only ${accepted} of 300 edits were carried over`);
  });
});
