import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from './analyze';
import { compose, fixAll, type OffsetEdit } from './fix-all';
import { applyOffsetEdits } from './text';
import { HOST_FACTS, ready } from './testing';

before(ready);

describe('compose: edits of successive texts as edits of the first', () => {
  it('applying the composed edits to the original gives the final text (random edit sequences)', () => {
    const edit = fc.record({ at: fc.nat(), len: fc.nat({ max: 4 }), newText: fc.string({ maxLength: 5 }) });
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 30 }), fc.array(edit, { maxLength: 6 }), (original, steps) => {
        let text = original;
        let composed: OffsetEdit[] = [];
        for (const s of steps) {
          const start = text.length ? s.at % (text.length + 1) : 0;
          const e = { start, end: Math.min(text.length, start + s.len), newText: s.newText };
          const next = applyOffsetEdits(text, [e]);
          composed = compose(composed, e, next);
          text = next;
        }
        assert.equal(applyOffsetEdits(original, composed), text);
        for (let i = 1; i < composed.length; i++) assert.ok(composed[i - 1].end < composed[i].start || composed[i - 1].end <= composed[i].start, 'disjoint');
      }),
      { numRuns: 500, seed: 17 },
    );
  });
});

describe('fixAll', () => {
  const path = '/work/tools/release.sh';
  const analyse = (text: string) => analyze({ path, kind: 'shell', text }, { facts: HOST_FACTS }).findings;

  it('fixes what the report shows at warning or above, leaves notes, and its edits are of the original text', () => {
    const text = ['#!/bin/sh', 'CGO_ENABLED=0 GOOS=linux GOARCH=aarch64 go build -o dist/app .', 'GOOS=macos GOARCH=arm64 go build -o dist/mac .', 'GOOS=linux GOARCH=arm go build -o dist/arm .', ''].join('\n');
    const result = fixAll(path, text, analyse(text), 'warning', analyse);
    assert.deepEqual(result.applied.map((a) => `${a.code} ${a.before}→${a.after}`), ['XB102 aarch64→arm64', 'XB101 macos→darwin']);
    assert.equal(applyOffsetEdits(text, result.edits), result.text);
    assert.deepEqual(result.edits.map((e) => text.slice(e.start, e.end)), ['aarch64', 'macos'], 'only the wrong words are replaced');
    assert.deepEqual(result.findings.filter((f) => f.severity === 'error' || f.severity === 'warning'), []);
    assert.deepEqual(result.findings.map((f) => f.code), ['XB107'], 'the GOARM note is reported, not fixed');
  });

  it('an error-only fix-all leaves warnings', () => {
    const text = ['#!/bin/sh', 'GOARCH=aarch64 go build -o dist/app .', 'GOOS=windows GOARCH=amd64 GOAMD64=3 go build -o dist/w.exe .', ''].join('\n');
    const result = fixAll(path, text, analyse(text), 'error', analyse);
    assert.deepEqual(result.applied.map((a) => a.code), ['XB102']);
    assert.deepEqual(result.findings.map((f) => `${f.code} ${f.severity}`), ['XB104 warning']);
  });
});
