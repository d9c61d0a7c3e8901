import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Range } from '../types';
import { RangeNotes } from './types';

const at = (startLine: number, startChar: number, endLine: number, endChar: number): Range => ({
  start: { line: startLine, character: startChar },
  end: { line: endLine, character: endChar },
});

describe('RangeNotes: notes on ranges of the model, by position and file', () => {
  it('tells apart ranges that differ in one position, inside and past the limits of a one-number key', () => {
    // A Makefile's recipe lines run long and its files to 100,000 lines: neighbours must never share a note.
    const ranges = [
      at(0, 0, 0, 1), at(0, 1, 0, 1), at(1, 0, 1, 1), at(0, 0, 1, 1), at(0, 1, 0, 2),
      at(0, 8191, 0, 8191), at(0, 8192, 0, 8192), at(3, 2, 3, 8191), at(3, 2, 3, 8192),
      at(0, 0, 127, 0), at(0, 0, 128, 0), at(2 ** 20 - 1, 0, 2 ** 20 - 1, 1), at(2 ** 20, 0, 2 ** 20, 1),
      // Pairs that would share a packed number if a part past its limit were packed anyway.
      at(0, 8192, 0, 0), at(1, 0, 1, 0), at(0, 0, 0, 8192), at(0, 0, 1, 0), at(0, 1, 0, 0), at(2 ** 20, 0, 2 ** 20, 0),
      // Pairs past a limit on both sides, which would share one if only such parts were packed.
      at(0, 16384, 0, 9), at(1, 8192, 1, 9), at(0, 0, 256, 0), at(0, 1, 128, 0), at(0, 0, 0, 16384), at(0, 0, 1, 8192),
    ];
    const notes = new RangeNotes('/src/agent/Makefile');
    ranges.forEach((r, i) => notes.set('/src/agent/Makefile', r, { condition: `ifeq ($(OS),case-${i})` }));
    assert.deepEqual(ranges.map((r) => notes.get(r)?.condition), ranges.map((_, i) => `ifeq ($(OS),case-${i})`));
    assert.equal(notes.get(at(0, 0, 0, 3)), undefined);
  });

  it('keeps the analysed file\'s claim beside an included file\'s note at the same position', () => {
    const notes = new RangeNotes('/src/agent/Makefile');
    const shared = at(4, 1, 4, 20);
    notes.set('/src/agent/build/cross.mk', shared, { file: '/src/agent/build/cross.mk' });
    // Not claimed: a lookup without a file finds the included file's note.
    assert.equal(notes.get(shared)?.file, '/src/agent/build/cross.mk');
    notes.claim(shared);
    notes.claim(shared);
    // Claimed (twice, no duplicate): the analysed file's own entry, which has no note, wins.
    assert.equal(notes.get(shared), undefined);
    assert.equal(notes.get(shared, '/src/agent/build/cross.mk')?.file, '/src/agent/build/cross.mk');
    // A lookup for a third file finds nothing there, whatever the others noted.
    assert.equal(notes.get(shared, '/src/agent/build/release.mk'), undefined);
    // A claim alone gives its range an entry with no note; an unclaimed range has none.
    notes.claim(at(9, 0, 9, 4));
    assert.equal(notes.has(at(9, 0, 9, 4)), false);
    notes.set('/src/agent/Makefile', at(9, 0, 9, 4), { condition: 'ifdef CROSS' });
    assert.equal(notes.get(at(9, 0, 9, 4))?.condition, 'ifdef CROSS');
    assert.equal(notes.has(at(9, 0, 9, 4)), true);
    // A file's later note at a range replaces its earlier one.
    notes.set('/src/agent/Makefile', at(9, 0, 9, 4), { condition: 'ifeq ($(GOOS),linux)' });
    assert.equal(notes.get(at(9, 0, 9, 4))?.condition, 'ifeq ($(GOOS),linux)');
    // Claimed first, noted by an included file after: the claim still wins a lookup without a file.
    const first = at(12, 1, 12, 9);
    notes.claim(first);
    notes.set('/src/agent/build/cross.mk', first, { file: '/src/agent/build/cross.mk' });
    assert.equal(notes.get(first), undefined);
    // Another document's claim list is its own: notes of this one do not leak into it.
    const other = new RangeNotes('/src/agent/build/cross.mk');
    other.claim(at(9, 0, 9, 4));
    assert.equal(other.get(at(9, 0, 9, 4), '/src/agent/Makefile'), undefined);
  });

  it('keeps claims made before any other file had a note (a recipe site claimed, then a followed callee\'s)', () => {
    const notes = new RangeNotes('/src/agent/Makefile');
    const claimed = at(3, 1, 3, 30);
    const noted = at(5, 1, 5, 12);
    const bare = at(7, 1, 7, 9);
    notes.claim(claimed);
    notes.claim(noted);
    notes.set('/src/agent/Makefile', noted, { condition: 'ifdef CROSS' });
    assert.equal(notes.get(claimed), undefined);
    assert.equal(notes.get(noted)?.condition, 'ifdef CROSS');
    for (const r of [claimed, noted, bare]) notes.set('/src/agent/scripts/build.sh', r, { file: '/src/agent/scripts/build.sh' });
    // The claims made first still win a lookup without a file; the unclaimed range is the other file's.
    assert.equal(notes.get(claimed), undefined);
    assert.equal(notes.get(noted)?.condition, 'ifdef CROSS');
    assert.equal(notes.get(bare)?.file, '/src/agent/scripts/build.sh');
    assert.equal(notes.get(claimed, '/src/agent/scripts/build.sh')?.file, '/src/agent/scripts/build.sh');
    // A claim after the other file's note is keyed at once.
    notes.claim(bare);
    assert.equal(notes.get(bare), undefined);
  });
});
