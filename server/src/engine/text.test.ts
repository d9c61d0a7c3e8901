import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { utf8Length } from './text';

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
