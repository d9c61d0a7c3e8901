// Workflows, GoReleaser configs and bake files over LSP: opened with the language ids editors give them
// (yaml, plaintext), they get diagnostics, quick fixes that edit the YAML, and "Ignore XBnnn" comments.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { applyEdits, editsFor, FAST, isCodeAction, withServer } from './client';

const scratch = mkdtempSync(join(tmpdir(), 'xbd-lsp-configs-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const uriOf = (...parts: string[]) => pathToFileURL(join(scratch, ...parts)).href;

const WORKFLOW = 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        goarch: [amd64, aarch64]\n    steps:\n      - env:\n          GOARCH: ${{ matrix.goarch }}\n        run: go build -o out/app .\n';
const GORELEASER = 'builds:\n  - id: app\n    goos: [linux]\n    goarch: [amd64, arm64]\n';

describe('release configs over LSP', () => {
  it('a workflow opened as yaml gets XB102 on the matrix value, and its fix edits the matrix', async () => {
    await withServer({ initializationOptions: FAST }, async (client) => {
      const uri = uriOf('.github', 'workflows', 'release.yml');
      const doc = await client.open(uri, 'yaml', WORKFLOW);
      const [d] = (await doc.diagnostics()).diagnostics.filter((x) => x.code === 'XB102');
      assert.ok(d, client.describe());
      assert.equal(d.range.start.line, 6);
      const fix = (await client.codeActions(uri, d.range, [d])).filter(isCodeAction).find((a) => a.title.startsWith('Change'));
      assert.ok(fix?.edit, 'a quick fix with an edit');
      assert.equal(applyEdits(WORKFLOW, editsFor(fix.edit, uri)), WORKFLOW.replace('aarch64]', 'arm64]'));
    });
  });

  it('a GoReleaser config gets XB701, and "Ignore XB701 for this line" writes a YAML comment that silences it', async () => {
    await withServer({ initializationOptions: FAST }, async (client) => {
      const uri = uriOf('.goreleaser.yaml');
      const doc = await client.open(uri, 'yaml', GORELEASER);
      const [d] = (await doc.diagnostics()).diagnostics.filter((x) => x.code === 'XB701');
      assert.ok(d, client.describe());
      const ignore = (await client.codeActions(uri, d.range, [d])).filter(isCodeAction).find((a) => a.title === 'Ignore XB701 for this line');
      assert.ok(ignore?.edit);
      const text = applyEdits(GORELEASER, editsFor(ignore.edit, uri));
      assert.match(text, /# xbd-ignore XB701/);
      await doc.edit([{ range: { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } }, text }]);
      const after = (await doc.diagnostics()).diagnostics.filter((x) => x.code === 'XB701');
      assert.deepEqual(after, []);
    });
  });
});
