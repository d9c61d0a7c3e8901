// A Makefile is analysed with the files it includes, and again when one of them changes: edited in the
// editor (unsaved text counts), closed (the disk's text counts again), or changed on disk (watched files).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol/node';
import { LspClient, messageOf } from './client';

const dir = mkdtempSync(join(tmpdir(), 'xbd-lsp-include-'));
const MAKEFILE = ['include build/common.mk', '', 'release:', '\tCGO_ENABLED=0 go build -o bin/app ./cmd/app', ''].join('\n');
const COMMON = '# the release target\nGOOS=linux\n';
const makefileUri = pathToFileURL(join(dir, 'Makefile')).href;
const commonUri = pathToFileURL(join(dir, 'build', 'common.mk')).href;

let client: LspClient;
before(async () => {
  mkdirSync(join(dir, 'build'));
  writeFileSync(join(dir, 'Makefile'), MAKEFILE);
  writeFileSync(join(dir, 'build', 'common.mk'), COMMON);
  client = await LspClient.start({ rootUri: pathToFileURL(dir).href });
});
after(async () => {
  await client.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The XB504 messages of the next publish for the Makefile after `since`. */
async function xb504(since: number): Promise<string[]> {
  const p = await client.diagnostics(makefileUri, { since });
  return p.diagnostics.filter((d) => d.code === 'XB504').map(messageOf);
}

describe('Makefile includes in the server', () => {
  it('re-analyses the Makefile when the included file is edited, closed, or changed on disk', async () => {
    let since = client.mark();
    await client.open(makefileUri, 'makefile', MAKEFILE);
    const first = await client.diagnostics(makefileUri, { since });
    const [d, ...rest] = first.diagnostics;
    assert.equal(rest.length, 0, client.describe());
    assert.equal(d.code, 'XB504');
    assert.equal(d.range.start.line, 3, 'on the go command of the Makefile');
    assert.match(messageOf(d), /^GOOS from build\/common\.mk \(line 2\) is not exported/);
    assert.deepEqual(d.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line]), [[commonUri, 1]]);

    // Opened and edited (not saved): the Makefile sees the editor's text.
    since = client.mark();
    await client.open(commonUri, 'makefile', COMMON);
    await client.change(commonUri, 2, [{ text: '# the release target\nexport GOOS=linux\n' }]);
    await client.waitUntil(() => client.publishesFor(makefileUri, since).find((p) => !p.params.diagnostics.length), 'the Makefile republished clean');

    // Closed without saving: the disk's text (not exported) counts again.
    since = client.mark();
    await client.close(commonUri);
    assert.equal((await xb504(since)).length, 1, client.describe());

    // Changed on disk (a save from elsewhere, a git checkout): the watched-file event redoes it.
    writeFileSync(join(dir, 'build', 'common.mk'), 'export GOOS=linux\n');
    since = client.mark();
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: commonUri, type: FileChangeType.Changed }] });
    assert.deepEqual(await xb504(since), [], client.describe());
  });
});
