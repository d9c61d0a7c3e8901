// Property test over LSP: whatever the server reuses between versions (findings carried across a comment
// edit, models let go and rebuilt, large documents analysed in the worker, newer versions replacing older
// ones), the diagnostics of the last version are exactly those of a fresh analysis of the same text.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { withServer } from './client';

const scratch = mkdtempSync(join(tmpdir(), 'xbd-lsp-property-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const uriOf = (...parts: string[]) => pathToFileURL(join(scratch, ...parts)).href;

const STAGE = [
  '# the {n} build',
  'FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build{n}',
  'ARG TARGETOS TARGETARCH',
  'ENV CGO_ENABLED=0',
  'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app{n} ./cmd/app{n}',
  'RUN GOOS=linux GOARCH=arm go build -o /out/arm{n} ./cmd/app{n}',
  'LABEL org.example.stage="{n}"',
  '',
];
const dockerfile = (stages: number) => Array.from({ length: stages }, (_, n) => STAGE.map((l) => l.replaceAll('{n}', String(n))).join('\n')).join('\n');

/** Lines an edit may put anywhere: comments, instructions that change findings, and text that breaks parsing. */
const LINES = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 12 }).map((s) => `# ${s}`),
  fc.constantFrom(
    'RUN GOOS=linux GOARCH=arm64 go build -o /out/x .',
    'RUN GOOS=linux GOARCH=arm GOARM=7 go build -o /out/x .',
    'ENV GOARCH=aarch64',
    'ARG TARGETARCH',
    'LABEL a=b',
    'RUN go build -ldflags="-X main.v=1" -o /out/y .',
    'FROM scratch',
    '# xbd-ignore XB107',
    'RUN echo "unterminated',
    '\\',
  ),
);

const key = (d: Diagnostic) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.code)} ${d.severity} ${d.message}`;

describe('incremental diagnostics over LSP (property)', () => {
  it('equal a fresh analysis after any sequence of line edits, on a small and on a large (worker) Dockerfile', async () => {
    await withServer({}, async (client) => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(3, 90), // ~1.5 KB, and ~24 KB: analysed in the worker
          fc.array(fc.tuple(fc.nat(), fc.boolean(), LINES), { minLength: 1, maxLength: 4 }),
          async (stages, edits) => {
            run++;
            const doc = await client.open(uriOf(`edited-${run}`, 'Dockerfile'), 'dockerfile', dockerfile(stages));
            for (const [at, insert, line] of edits) {
              const lineCount = doc.text.split('\n').length;
              const n = at % lineCount;
              const end = insert ? { line: n, character: 0 } : { line: n, character: doc.text.split('\n')[n].length };
              await doc.replace({ start: { line: n, character: 0 }, end }, insert ? `${line}\n` : line);
            }
            const incremental = await doc.diagnostics({ timeoutMs: 60_000 });
            const fresh = await (await client.open(uriOf(`fresh-${run}`, 'Dockerfile'), 'dockerfile', doc.text)).diagnostics({ timeoutMs: 60_000 });
            assert.deepEqual(incremental.diagnostics.map(key).sort(), fresh.diagnostics.map(key).sort(), doc.text);
            await client.close(doc.uri);
            await client.close(uriOf(`fresh-${run}`, 'Dockerfile'));
          },
        ),
        { numRuns: 12, seed: 1405 },
      );
    });
  });
});
