// Protocol tests for a server that keeps answering while a large document is analysed: the analysis
// runs in the worker thread, hovers on other documents are answered meanwhile, and a newer version of
// the large document replaces the older one instead of queueing behind it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { HoverRequest, InlayHintRequest, type Hover, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { rangeOf, withServer, type LspClient } from './client';

const scratch = mkdtempSync(join(tmpdir(), 'xbd-lsp-responsive-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const uriOf = (...parts: string[]) => pathToFileURL(join(scratch, ...parts)).href;

const DOCKERFILE = [
  'FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build',
  'ARG TARGETOS TARGETARCH',
  'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app ./cmd/app',
  '',
].join('\n');

/** A monorepo's generated Makefile: one cross-build target per service, GOARCH set but not exported. */
function largeMakefile(services: number): string {
  const lines = ['GO ?= go', 'GOARCH ?= arm64', 'LDFLAGS := -s -w', ''];
  const arches = ['amd64', 'arm64', 'riscv64', 'ppc64le'];
  for (let i = 0; i < services; i++) {
    lines.push(`build-svc${i}:`, `\tCGO_ENABLED=0 GOOS=linux GOARCH=${arches[i % arches.length]} $(GO) build -ldflags "$(LDFLAGS)" -o bin/svc${i} ./cmd/svc${i}`, `test-svc${i}:`, `\t$(GO) test ./internal/svc${i}/...`, '');
  }
  return lines.join('\n');
}

function hover(client: LspClient, uri: string, position: { line: number; character: number }): Promise<Hover | null> {
  return client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
}

const markdown = (h: Hover | null) => (h?.contents as MarkupContent | undefined)?.value ?? '';

describe('responsiveness over LSP', () => {
  it('answers a hover on a small Dockerfile while a large Makefile is analysed, then hovers on the Makefile too', async () => {
    await withServer({}, async (client) => {
      const small = uriOf('svc', 'Dockerfile');
      await (await client.open(small, 'dockerfile', DOCKERFILE)).diagnostics();
      const at = rangeOf(DOCKERFILE, 'CGO_ENABLED').start;
      assert.match(markdown(await hover(client, small, at)), /CGO_ENABLED/);

      const text = largeMakefile(3000);
      const big = uriOf('mono', 'Makefile');
      const since = client.mark();
      const makefile = await client.open(big, 'makefile', text);
      // The analysis starts once the server has the Makefile's settings; then a blocked server could not answer.
      for (let waited = 0; !client.configurationRequests.some((r) => r.scopeUri === big); waited += 10) {
        assert.ok(waited < 15_000, 'the server never asked for the Makefile settings');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      const t0 = performance.now();
      const answer = await hover(client, small, at);
      const hoverMs = performance.now() - t0;
      assert.match(markdown(answer), /CGO_ENABLED/);
      assert.equal(client.publishesFor(big, since).length, 0, `the hover waited for the Makefile's analysis (${hoverMs.toFixed(0)} ms)`);

      const published = await makefile.diagnostics({ timeoutMs: 120_000 });
      assert.ok(published.diagnostics.some((d) => d.code === 'XB504'), 'the Makefile is analysed (GOARCH not exported)');
      // The model of the large document lives in the worker: hovers and inlay hints are answered from it.
      const onGoarch = await hover(client, big, rangeOf(text, 'GOARCH ?=').start);
      assert.match(markdown(onGoarch), /GOARCH/);
      const hints = await client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri: big }, range: { start: { line: 0, character: 0 }, end: { line: 12, character: 0 } } });
      assert.ok((hints ?? []).length > 0, 'inlay hints on the first go commands');
    });
  });

  it('publishes only the newest version when a large document changes while it is analysed', async () => {
    await withServer({}, async (client) => {
      const text = largeMakefile(1000);
      const big = uriOf('edits', 'Makefile');
      const since = client.mark();
      const doc = await client.open(big, 'makefile', text);
      await doc.replace({ start: { line: 1, character: 0 }, end: { line: 1, character: 15 } }, 'GOARCH ?= riscv64');
      const last = await doc.replace({ start: { line: 1, character: 0 }, end: { line: 1, character: 17 } }, 'export GOARCH ?= riscv64');
      const published = await doc.diagnostics({ version: last, timeoutMs: 120_000 });
      assert.ok(!published.diagnostics.some((d) => d.code === 'XB504'), 'the newest text exports GOARCH');
      assert.deepEqual(client.publishesFor(big, since).map((p) => p.params.version), [last], 'older versions are not published');
    });
  });
});
