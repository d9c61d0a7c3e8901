import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from './analyze';
import { HOST_FACTS, ready } from './testing';
import type { DocumentKind } from './types';

before(ready);

const SEEDS: [DocumentKind, string][] = [
  ['dockerfile', 'FROM --platform=$BUILDPLATFORM golang:1.22 AS b\nARG TARGETOS TARGETARCH\nRUN GOOS=$TARGETOS GOARCH=aarch64 \\\n  go build -o /o .\nRUN <<EOF\nGOARM=v7 go build .\nEOF\n'],
  ['makefile', 'export GOOS := macos\nA = $(B)\nB = $(A)\ndefine X\nGOARCH=x86_64\nendef\nall:\n\tGOOS=$(GOOS) go build . && \\\n\techo $$HOME\n'],
  ['shell', '#!/bin/sh\nfor t in linux/amd64 linux/arm64; do GOOS=${t%/*} GOARCH=${t#*/} go build .; done\nsh -c "GOARCH=x64 go build"\n'],
  ['goenv', 'GOOS=Linux\nGOARCH=armv7\n# comment\nGOEXPERIMENT=unified\n'],
];

/** Deterministic pseudo-random numbers so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function mutate(text: string, r: () => number): string {
  const junk = ['\u0000', '"', "'", '\\', '\n', '\r\n', '$(', '${', '`', '<<EOF', '#', '\t', '\uFFFD', '😀', ' \\\n'];
  let out = text;
  const edits = 1 + Math.floor(r() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(r() * (out.length + 1));
    const kind = r();
    if (kind < 0.4) out = out.slice(0, at) + junk[Math.floor(r() * junk.length)] + out.slice(at);
    else if (kind < 0.6) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(r() * 8));
    else if (kind < 0.8) out = out.slice(0, at);
    else out = out.slice(0, at) + String.fromCharCode(Math.floor(r() * 0xffff)) + out.slice(at);
  }
  return out;
}

describe('analyze on hostile input', () => {
  it('never throws, never logs a failure, and returns in-range findings for 400 mutated files', () => {
    const r = rng(42);
    let runs = 0;
    for (let i = 0; i < 100; i++) {
      for (const [kind, seed] of SEEDS) {
        const text = mutate(seed, r);
        const logs: string[] = [];
        const { findings } = analyze({ path: `/w/f.${kind}`, kind, text }, { facts: HOST_FACTS, log: (m) => logs.push(m) });
        assert.deepEqual(logs, [], `input: ${JSON.stringify(text)}`);
        const lines = text.split(/\r\n|\r|\n/).length;
        for (const f of findings) assert.ok(f.range.end.line < lines, `range out of the text: ${JSON.stringify(f.range)} in ${JSON.stringify(text)}`);
        runs++;
      }
    }
    assert.equal(runs, 400);
  });

  it('analyses a 100,000-line RUN continuation in bounded time (under 60 s on a loaded 2-core machine)', () => {
    // Larger files are skipped by the adapters (xbd.maxFileSize, 2 MiB by default); this one is 1.3 MB.
    const started = Date.now();
    const text = `FROM golang:1.22\nRUN true ${'\\\n  && echo ok'.repeat(100_000)} && GOOS=macos go build .\n`;
    const logs: string[] = [];
    const { findings } = analyze({ path: '/w/Dockerfile', kind: 'dockerfile', text }, { facts: HOST_FACTS, log: (m) => logs.push(m) });
    assert.deepEqual(logs, []);
    assert.ok(findings.some((f) => f.code === 'XB101' && f.range.start.line === 100_001), 'the go command at the end was reached');
    assert.ok(Date.now() - started < 60_000, `took ${Date.now() - started} ms`);
  });
});
