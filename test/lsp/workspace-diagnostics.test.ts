// Workspace-wide diagnostics over LSP: the build files of the workspace that are not open are reported
// without opening them (a bounded background pass through the shared pipeline), honouring xbd.exclude, the
// size limit and the skipped folders; a closed document's file on disk is reported again; a change on disk
// (workspace/didChangeWatchedFiles) and a settings change are followed.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol/node';
import { LspClient } from './client';

const scratch = mkdtempSync(join(tmpdir(), 'xbd-lsp-workspace-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(scratch, 'w-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const codes = (p: { diagnostics: { code?: unknown; range: { start: { line: number } } }[] }) => p.diagnostics.map((d) => `${String(d.code)}@${d.range.start.line + 1}`).sort();

describe('workspace diagnostics (files not open)', () => {
  it('reports the workspace build files nobody opened, except excluded, oversized and vendored ones; follows open, close, disk changes and settings', async () => {
    const big = `#!/bin/sh\n# ${'x'.repeat(3000)}\nGOOS=macos go build .\n`;
    const dir = workspace({
      'go.mod': 'module example.com/app\n\ngo 1.23\n',
      'Dockerfile': 'FROM golang:1.23 AS build\nRUN GOARCH=aarch64 go build -o /out/app .\n',
      'scripts/release.sh': '#!/bin/sh\nGOOS=macos GOARCH=arm64 go build -o dist/app .\n',
      'legacy/build.sh': '#!/bin/sh\nGOOS=macos go build .\n',
      'big.sh': big,
      'node_modules/tool/build.sh': '#!/bin/sh\nGOOS=macos go build .\n',
    });
    const uri = (p: string) => pathToFileURL(join(dir, p)).href;
    const client = await LspClient.start({
      rootUri: pathToFileURL(dir).href,
      initializationOptions: { debounceMs: 0, goPath: false },
      settings: { exclude: ['legacy'], maxFileSize: 2000 },
    });
    try {
      assert.deepEqual(codes(await client.diagnostics(uri('Dockerfile'))), ['XB102@2']);
      assert.deepEqual(codes(await client.diagnostics(uri('scripts/release.sh'))), ['XB101@2']);
      await client.waitUntil(() => client.logs.find((l) => /workspace: \d+ build files not open analysed/.test(l)), 'the pass to end');
      for (const p of ['legacy/build.sh', 'big.sh', 'node_modules/tool/build.sh']) {
        assert.ok(!client.published.some((x) => x.params.uri === uri(p) && x.params.diagnostics.length), `${p} is not reported`);
      }

      // Open: the editor's text wins. Close: the file on disk is reported again.
      const doc = await client.open(uri('Dockerfile'), 'dockerfile', 'FROM golang:1.23 AS build\nRUN go mod download\n');
      assert.deepEqual(codes(await doc.diagnostics()), []);
      const closing = client.mark();
      await client.close(uri('Dockerfile'));
      await client.waitUntil(() => client.published.find((p) => p.seq >= closing && p.params.uri === uri('Dockerfile') && p.params.diagnostics.length), 'the disk findings after close');

      // Changed on disk.
      writeFileSync(join(dir, 'scripts/release.sh'), '#!/bin/sh\nGOOS=linux GOARCH=x86_64 go build -o dist/app .\n');
      const changed = client.mark();
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('scripts/release.sh'), type: FileChangeType.Changed }] });
      assert.deepEqual(codes(await client.diagnostics(uri('scripts/release.sh'), { since: changed })), ['XB102@2']);

      // Excluded by a settings change: its problems go.
      client.settings = { exclude: ['legacy', 'scripts'], maxFileSize: 2000 };
      const excluded = client.mark();
      await client.didChangeConfiguration();
      assert.deepEqual(codes(await client.diagnostics(uri('scripts/release.sh'), { since: excluded })), []);
    } finally {
      await client.stop();
    }
  });

  it('does not scan without a workspace folder', async () => {
    const client = await LspClient.start({ rootUri: null, initializationOptions: { debounceMs: 0, goPath: false } });
    try {
      await client.waitUntil(() => client.logs.find((l) => /workspace: 0 build files not open analysed/.test(l)), 'the empty pass');
      assert.deepEqual(client.published, []);
    } finally {
      await client.stop();
    }
  });
});
