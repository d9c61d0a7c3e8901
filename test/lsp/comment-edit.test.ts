// Typing in a Dockerfile comment: the server carries the previous findings over without a parse, and
// everything that needs the model (hovers, code actions) still answers for the new version.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { CodeActionRequest, HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { ANALYSES_KEPT } from '../../server/src/lsp/analyses';
import { isCodeAction, rangeOf, withServer } from './client';

const scratch = mkdtempSync(join(tmpdir(), 'xbd-lsp-comment-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const DOCKERFILE = [
  'FROM golang:1.22-alpine AS build',
  'WORKDIR /src',
  'COPY . .',
  '# build for the Raspberry Pi',
  'RUN GOOS=linux GOARCH=aarch64 go build -o /out/app ./cmd/app',
  '',
].join('\n');

describe('comment edits over LSP', () => {
  it('publishes the same diagnostics for the new version, and hovers and quick fixes still work', async () => {
    await withServer({}, async (client) => {
      const uri = pathToFileURL(join(scratch, 'Dockerfile')).href;
      const doc = await client.open(uri, 'dockerfile', DOCKERFILE);
      const first = await doc.diagnostics();
      assert.ok(first.diagnostics.some((d) => d.code === 'XB102'), 'GOARCH=aarch64 is reported');

      const v2 = await doc.replace(rangeOf(doc.text, 'Raspberry Pi'), 'Raspberry Pi 4');
      const second = await client.diagnostics(uri, { version: v2 });
      assert.deepEqual(
        second.diagnostics.map(({ data, ...d }) => d),
        first.diagnostics.map(({ data, ...d }) => d),
      );

      const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: rangeOf(doc.text, 'GOARCH').start });
      assert.match((hover?.contents as MarkupContent).value, /GOARCH/);

      const xb101 = second.diagnostics.find((d) => d.code === 'XB102')!;
      const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: xb101.range, context: { diagnostics: [xb101] } });
      const fix = actions?.filter(isCodeAction).find((a) => a.isPreferred);
      assert.ok(fix?.edit, 'a preferred quick fix');
      const v3 = await doc.applyWorkspaceEdit(fix.edit);
      assert.match(doc.text, /GOARCH=arm64/);
      const third = await client.diagnostics(uri, { version: v3 });
      assert.ok(!third.diagnostics.some((d) => d.code === 'XB102'), 'the instruction edit was analysed');
    });
  });

  it(`answers for a document the server let go of (${ANALYSES_KEPT} others analysed since) as for a fresh one`, async () => {
    await withServer({}, async (client) => {
      const uriOf = (i: number) => pathToFileURL(join(scratch, `svc${i}`, 'Dockerfile')).href;
      const doc = await client.open(uriOf(0), 'dockerfile', DOCKERFILE);
      const first = await doc.diagnostics();
      for (let i = 1; i <= ANALYSES_KEPT; i++) await (await client.open(uriOf(i), 'dockerfile', DOCKERFILE)).diagnostics();

      // A comment edit: its findings were let go, so it is analysed again, with the same result.
      const v2 = await doc.replace(rangeOf(doc.text, 'Raspberry Pi'), 'Raspberry Pi 5');
      const second = await client.diagnostics(uriOf(0), { version: v2 });
      assert.deepEqual(
        second.diagnostics.map(({ data, ...d }) => d),
        first.diagnostics.map(({ data, ...d }) => d),
      );
      for (let i = 1; i <= ANALYSES_KEPT; i++) await client.close(uriOf(i));
      for (let i = 1; i <= ANALYSES_KEPT; i++) await (await client.open(uriOf(i), 'dockerfile', DOCKERFILE)).diagnostics();

      // A quick fix and a hover on it, let go of again.
      const xb102 = second.diagnostics.find((d) => d.code === 'XB102')!;
      const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uriOf(0) }, range: xb102.range, context: { diagnostics: [xb102] } });
      assert.ok(actions?.filter(isCodeAction).some((a) => a.isPreferred && a.edit), 'a preferred quick fix');
      const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(0) }, position: rangeOf(doc.text, 'GOARCH').start });
      assert.match((hover?.contents as MarkupContent).value, /GOARCH/);
    });
  });
});
