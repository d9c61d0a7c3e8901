import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { AnalysisWorker } from './analysis-remote';

/** A worker that answers analyses with no findings and says which other messages it got. */
const FAKE_WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => {
  if (m.type === 'analyze') parentPort.postMessage({ type: 'analysed', id: m.id, findings: [], uses: [] });
  else parentPort.postMessage({ type: 'log', message: m.uri ? m.type + ' ' + m.uri : m.type });
});
`;

const until = async (what: string, done: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('the analysis worker while idle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xbd-worker-'));
  const script = join(dir, 'fake-worker.js');
  writeFileSync(script, FAKE_WORKER);
  after(() => rmSync(dir, { recursive: true, force: true }));
  const options = { facts: { host: { goos: 'linux', goarch: 'amd64' } }, maxFileSize: 1 << 20, openTexts: {} };

  it('keeps the models of open documents (it collects its garbage), and stops once the last one closes', async () => {
    const logs: string[] = [];
    let stops = 0;
    const worker = new AnalysisWorker(script, dir, (m) => logs.push(m), () => stops++, 30);
    assert.deepEqual(await worker.analyze('file:///w/Dockerfile', 1, 'dockerfile', 'FROM scratch\n', options), { findings: [], reached: undefined, included: undefined, uses: [] });
    await until('a collection', () => logs.includes('collect'));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(stops, 0, 'an open document keeps the worker');
    worker.forget('file:///w/other');
    worker.forget('file:///w/Dockerfile');
    await until('the stop', () => stops === 1);
    assert.deepEqual(logs.filter((l) => l.startsWith('forget')), ['forget file:///w/Dockerfile'], 'only what it analysed');
  });
});
