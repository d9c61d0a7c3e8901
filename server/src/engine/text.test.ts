import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex, utf8Length } from './text';

describe('utf8Length', () => {
  it('counts the bytes UTF-8 encodes, wherever the first non-ASCII character is', () => {
    const texts = [
      '',
      'FROM golang:1.22 AS build\n',
      'é',
      '# café\nRUN go build ./...\n',
      'RUN echo "Grüße" && go build\n# ✓ done',
      'LABEL emoji="🚀"\n',
      `${'x'.repeat(5000)}ü${'y'.repeat(5000)}€`,
      '🚀✓é',
    ];
    for (const text of texts) assert.equal(utf8Length(text), Buffer.byteLength(text, 'utf8'), JSON.stringify(text.slice(0, 40)));
  });
});

describe('LineIndex.positionAt', () => {
  it('gives each offset its own line and character when positions made before share its slot', () => {
    // Offsets 8 apart share a slot of the recent positions; CRLF, lone CR and the clamped ends too.
    const text = 'FROM golang:1.22\r\nRUN go build\rRUN go vet\nCOPY . .';
    const lines = new LineIndex(text);
    const offsets = [1, 0, 8, 16, 24, 8, 0, 18, 26, 31, 42, 50, text.length, text.length + 9, -3, 26, 18];
    const expected = (o: number) => {
      const before = text.slice(0, Math.max(0, Math.min(o, text.length)));
      const breaks = before.match(/\r\n|\r|\n/g) ?? [];
      const lastBreak = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
      return { line: breaks.length, character: before.length - lastBreak - 1 };
    };
    for (const o of offsets) assert.deepEqual(lines.positionAt(o), expected(o), `offset ${o}`);
    assert.deepEqual(lines.range(16, 8), { start: expected(16), end: expected(8) });
  });
});
