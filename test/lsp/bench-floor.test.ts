// The bench's floor server (scripts/bench-floor-server.mjs): the bench subtracts nothing with it, but reads
// each row against it, so it must do what both measured servers do before they analyse: pull the document's
// settings once, then publish for every version, at once and with nothing in it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot, withServer } from './client';

const FLOOR = join(repoRoot(), 'scripts', 'bench-floor-server.mjs');
const URI = 'file:///tmp/xbd-bench-floor/Dockerfile';

describe('the bench floor server', () => {
  it('publishes an empty list for each version and pulls the settings once per document', async () => {
    await withServer({ server: FLOOR }, async (client) => {
      const doc = await client.open(URI, 'dockerfile', 'FROM golang:1.22\nRUN GOARCH=arm64 go build ./...\n');
      assert.deepEqual((await client.diagnostics(URI, { version: 1 })).diagnostics, []);
      const version = await doc.edit([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }]);
      assert.deepEqual((await client.diagnostics(URI, { version })).diagnostics, []);
      assert.deepEqual(client.configurationRequests, [{ section: 'xbd', scopeUri: URI }]);
      assert.equal(client.initializeResult.serverInfo?.name, 'bench floor');
    });
  });
});
