import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { YOUNG_GENERATION_NOT_GROWN } from './heap-trim';

/**
 * The size of the young generation, in MB, before and after a fresh Node process (its main thread, as the
 * server's) allocates much that survives a scavenge or two, as analyses do; `flags` set at run time first.
 */
function youngGenerationOfABusyProcess(flags: string): { before: number; after: number } {
  const script = `
    const v8 = require('node:v8');
    if (process.env.FLAGS) v8.setFlagsFromString(process.env.FLAGS);
    const young = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576;
    const before = young();
    let kept = [];
    for (let i = 0; i < 3e6; i++) {
      kept.push({ i, words: [i] });
      if (kept.length > 20000) kept = [];
    }
    console.log(JSON.stringify({ before, after: young() }));
  `;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, FLAGS: flags } })) as { before: number; after: number };
}

test("the server's young generation is not grown by a burst of analyses", () => {
  const grown = youngGenerationOfABusyProcess('');
  // With V8's defaults the same work grows it: what the flag must prevent.
  assert.ok(grown.after >= 4 * grown.before, `V8 grew it: ${grown.before} -> ${grown.after} MB`);
  const kept = youngGenerationOfABusyProcess(YOUNG_GENERATION_NOT_GROWN);
  // Its first growth, to V8's initial capacity, is all it gets.
  assert.ok(kept.after <= 2 * kept.before, `${kept.before} -> ${kept.after} MB`);
});
