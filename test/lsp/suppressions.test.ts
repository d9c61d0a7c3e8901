// Protocol tests for suppressions: the "Ignore XBnnn for this line" and "Open documentation" actions,
// xbd.openDocs through window/showDocument, XB900 hints, and xbd.exclude.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { ExecuteCommandRequest, ShowDocumentRequest, type ShowDocumentParams } from 'vscode-languageserver-protocol/node';
import { applyEdits, editsFor, isCodeAction, vscodeLikeCapabilities, withServer } from './client';

const scratch = mkdtempSync(join(tmpdir(), 'xbd-lsp-ignore-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const uriOf = (...parts: string[]) => pathToFileURL(join(scratch, ...parts)).href;

const DOCKERFILE = ['FROM golang:1.22 AS build', 'RUN CGO_ENABLED=0 \\', '    GOARCH=aarch64 go build -o /out/app .', ''].join('\n');

describe('suppressions over LSP', () => {
  it('offers "Ignore XB102 for this line" (applied, the diagnostic goes) and "Open documentation for XB102"', async () => {
    const capabilities = vscodeLikeCapabilities();
    capabilities.window = { ...capabilities.window, showDocument: { support: true } };
    await withServer({ capabilities }, async (client) => {
      const shown: ShowDocumentParams[] = [];
      client.connection.onRequest(ShowDocumentRequest.type, (params) => {
        shown.push(params);
        return { success: true };
      });
      assert.deepEqual(client.initializeResult.capabilities.executeCommandProvider?.commands, ['xbd.openDocs', 'xbd.goEnvUnset']);
      const uri = uriOf('a', 'Dockerfile');
      const doc = await client.open(uri, 'dockerfile', DOCKERFILE);
      const [d] = (await doc.diagnostics()).diagnostics.filter((x) => x.code === 'XB102');
      assert.ok(d, client.describe());
      const actions = (await client.codeActions(uri, d.range, [d])).filter(isCodeAction);
      const titles = actions.map((a) => a.title);
      assert.ok(titles.includes('Ignore XB102 for this line'), titles.join(' | '));
      assert.ok(titles.includes('Open documentation for XB102'), titles.join(' | '));
      // The rule's own fixes come first.
      assert.ok(titles.indexOf('Ignore XB102 for this line') > titles.findIndex((t) => !t.startsWith('Ignore') && !t.startsWith('Open')));

      const ignore = actions.find((a) => a.title === 'Ignore XB102 for this line')!;
      assert.equal(ignore.kind, 'quickfix');
      assert.notEqual(ignore.isPreferred, true, 'ignoring is never the preferred fix');
      const expected = DOCKERFILE.replace('RUN CGO_ENABLED=0', '# xbd-ignore XB102\nRUN CGO_ENABLED=0');
      assert.equal(applyEdits(doc.text, editsFor(ignore.edit!, uri)), expected);
      await doc.applyWorkspaceEdit(ignore.edit!);
      const after = await doc.diagnostics();
      assert.deepEqual(after.diagnostics.filter((x) => x.code === 'XB102'), []);

      const docs = actions.find((a) => a.title === 'Open documentation for XB102')!;
      assert.equal(docs.command?.command, 'xbd.openDocs');
      assert.equal(docs.edit, undefined);
      await client.connection.sendRequest(ExecuteCommandRequest.type, { command: docs.command!.command, arguments: docs.command!.arguments });
      assert.equal(shown.length, 1);
      // The page shipped beside the server (the VSIX carries docs/rules/), opened in the editor: works offline.
      assert.notEqual(shown[0].external, true);
      assert.match(shown[0].uri, /^file:\/\/.*\/docs\/rules\/XB102\.md$/);
      assert.match(readFileSync(fileURLToPath(shown[0].uri), 'utf8'), /XB102/);
      assert.match(d.codeDescription!.href, /^https:\/\/.*\/docs\/rules\/XB102\.md$/);
    });
  });

  it('publishes XB900 hints for unknown codes, with a removal fix and no "Ignore" action', async () => {
    await withServer({}, async (client) => {
      const uri = uriOf('b', 'build.sh');
      const text = '#!/bin/sh\n# xbd-ignore XB110\nGOOS=macos go build .\n';
      const doc = await client.open(uri, 'shellscript', text);
      const published = await doc.diagnostics();
      const xb900 = published.diagnostics.filter((x) => x.code === 'XB900');
      assert.equal(xb900.length, 1, client.describe());
      assert.equal(xb900[0].severity, 4, 'hint');
      assert.ok(published.diagnostics.some((x) => x.code === 'XB101'), 'the unknown code suppresses nothing');
      const actions = (await client.codeActions(uri, xb900[0].range, [xb900[0]])).filter(isCodeAction);
      assert.deepEqual(actions.map((a) => a.title), ['Remove this xbd-ignore comment — deletes line 2 `# xbd-ignore XB110`', 'Open documentation for XB900']);
    });
  });

  it('xbd.exclude: documents matching a glob (relative to the workspace folder) get no diagnostics', async () => {
    await withServer({ rootUri: pathToFileURL(scratch).href, settings: { exclude: ['legacy/**', '*.gen.sh'] } }, async (client) => {
      const bad = '#!/bin/sh\nGOOS=macos go build .\n';
      const kept = await client.open(uriOf('c', 'build.sh'), 'shellscript', bad);
      assert.ok((await kept.diagnostics()).diagnostics.some((d) => d.code === 'XB101'));
      for (const path of [['legacy', 'build.sh'], ['c', 'x.gen.sh']]) {
        const doc = await client.open(uriOf(...path), 'shellscript', bad);
        assert.deepEqual((await doc.diagnostics()).diagnostics, [], path.join('/'));
      }
      // Changing the setting re-analyses: the excluded document gets its findings back.
      client.settings = {};
      const since = client.mark();
      await client.didChangeConfiguration();
      const back = await client.diagnostics(uriOf('legacy', 'build.sh'), { since });
      assert.ok(back.diagnostics.some((d) => d.code === 'XB101'), client.describe());
    });
  });
});
