import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { YOUNG_GENERATION_NOT_GROWN } from './heap-trim';

/**
 * The size of the young generation of a fresh Node process's main thread (as the server's), in MB, before
 * and after it allocates much that survives a scavenge or two, as analyses do. `before`: flags set first;
 * `worker`: a worker thread does the same work first; `after`: flags set once that worker is done.
 */
function youngGeneration(flags: { before?: string; worker?: boolean; after?: string }): { before: number; after: number } {
  const script = `
    const v8 = require('node:v8');
    const { Worker } = require('node:worker_threads');
    const busy = 'let kept = []; for (let i = 0; i < 3e5; i++) { kept.push({ i, words: [i] }); if (kept.length > 20000) kept = []; }';
    const young = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576;
    (async () => {
      if (process.env.BEFORE) v8.setFlagsFromString(process.env.BEFORE);
      if (process.env.WORKER) await new Promise((done) => new Worker(busy, { eval: true }).once('exit', done));
      if (process.env.AFTER) v8.setFlagsFromString(process.env.AFTER);
      const before = young();
      eval(busy);
      console.log(JSON.stringify({ before, after: young() }));
    })();
  `;
  const env = { ...process.env, BEFORE: flags.before ?? '', WORKER: flags.worker ? '1' : '', AFTER: flags.after ?? '' };
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env })) as { before: number; after: number };
}

describe("the young generation of the server's thread", () => {
  it('grows under a burst of analyses with V8 defaults', () => {
    const grown = youngGeneration({});
    assert.ok(grown.after >= 4 * grown.before, `${grown.before} -> ${grown.after} MB`);
  });

  it('does not grow once the server keeps it small: its first growth, to V8 initial capacity, is all it gets', () => {
    const kept = youngGeneration({ before: YOUNG_GENERATION_NOT_GROWN });
    assert.ok(kept.after <= 2 * kept.before, `${kept.before} -> ${kept.after} MB`);
  });

  it('grows again after a worker thread started, until the flag is set again (what the analysis worker does)', () => {
    const reset = youngGeneration({ before: YOUNG_GENERATION_NOT_GROWN, worker: true });
    assert.ok(reset.after >= 4 * reset.before, `${reset.before} -> ${reset.after} MB`);
    const setAgain = youngGeneration({ before: YOUNG_GENERATION_NOT_GROWN, worker: true, after: YOUNG_GENERATION_NOT_GROWN });
    assert.ok(setAgain.after <= 2 * setAgain.before, `${setAgain.before} -> ${setAgain.after} MB`);
  });
});
