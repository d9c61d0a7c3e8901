import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from './analyze';
import { applyFix, check, HOST_FACTS, only, ready } from './testing';
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

describe('one finding per rule and place', () => {
  it('merges one cause that reaches go commands on two recipe lines: the first message, the others as related information, one fix with every edit', () => {
    const text = 'release:\n\texport GOOS=windows\n\tgo build -o dist/a.exe ./cmd/a\n\tgo build -o dist/b.exe ./cmd/b\n';
    const found = only(check(text, 'makefile'), 'XB502');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /go build on line 3 builds without it/);
    assert.deepEqual(found[0].related?.map((r) => [r.range.start.line, r.message.replace(/,.*/, '')]), [
      [2, 'runs in a new shell without it'],
      [3, 'Recipe line 2 sets GOOS'],
      [3, 'runs in a new shell without it'],
    ]);
    assert.deepEqual(found[0].fixes.map((f) => [f.title, f.isPreferred, f.edits.length]), [['Set GOOS on the go line', true, 2]]);
    assert.equal(applyFix(text, found[0]), 'release:\n\texport GOOS=windows\n\tGOOS=windows go build -o dist/a.exe ./cmd/a\n\tGOOS=windows go build -o dist/b.exe ./cmd/b\n');
  });

  it('merges the same message from two go commands of one recipe line into one fix for both', () => {
    const text = 'release:\n\texport GOOS=windows\n\tGOARCH=amd64 go build -o dist/app.exe . && GOARCH=arm64 go build -o dist/app-arm64.exe .\n';
    const found = only(check(text, 'makefile'), 'XB502');
    assert.equal(found.length, 1);
    assert.deepEqual(found[0].related?.map((r) => r.range.start.character), [14, 57]);
    assert.equal(applyFix(text, found[0]), 'release:\n\texport GOOS=windows\n\tGOARCH=amd64 GOOS=windows go build -o dist/app.exe . && GOARCH=arm64 GOOS=windows go build -o dist/app-arm64.exe .\n');
  });

  it('keeps two values at one place as two findings, and one value a loop reports twice as one', () => {
    const twoValues = '#!/bin/sh\nfor a in x86_64 aarch64; do\n  GOOS=linux GOARCH=$a go build -o dist/app-$a .\ndone\n';
    assert.deepEqual(only(check(twoValues, 'shell'), 'XB102').map((f) => /use (\w+)/.exec(f.message)?.[1]), ['amd64', 'arm64']);
    const oneValue = '#!/bin/sh\nfor n in 1 2; do\n  GOOS=linux GOARCH=x86_64 go build -o dist/app-$n .\ndone\n';
    const [f, ...more] = only(check(oneValue, 'shell'), 'XB102');
    assert.deepEqual(more, []);
    assert.deepEqual(f.fixes.map((x) => [x.title, x.edits.length]), [['Change to amd64', 1]]);
    assert.equal(f.related?.length, 1);
  });
});

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

describe('analyze on growing input', () => {
  // The bench's growth documents (scripts/bench.mjs), smaller: services cross-built from a Makefile's
  // recipes and from a build script, every line a few words as in a generated file.
  const TARGETS = ['linux/amd64', 'linux/arm64', 'linux/arm', 'windows/amd64', 'darwin/arm64', 'linux/riscv64', 'darwn/amd64', 'linux/s390x'];
  const makefile = (total: number) => {
    const lines = ['GO ?= go', 'VERSION ?= 1.0.0', 'LDFLAGS := -s -w -X main.version=$(VERSION)', 'GOOS ?= linux', 'GOARCH ?= arm64', '', '.PHONY: all', 'all: b0', ''];
    for (let i = 0; lines.length < total; i++) {
      const [goos, goarch] = TARGETS[i % TARGETS.length].split('/');
      lines.push(`# s${i}`, `b${i}:`, `\tGOOS=${goos} GOARCH=${goarch} $(GO) build -o b${i} ./c${i}`, `t${i}:`, `\t$(GO) test ./i${i}/...`, '');
    }
    return `${lines.slice(0, total).join('\n')}\n`;
  };
  const script = (total: number) => {
    const lines = ['#!/bin/sh', 'set -eu', ''];
    for (let i = 0; lines.length < total; i++) {
      const [goos, goarch] = TARGETS[i % TARGETS.length].split('/');
      lines.push(`# s${i}`, `echo s${i}`, `GOOS=${goos} GOARCH=${goarch} go build -o b${i} ./c${i}`, '');
    }
    return `${lines.slice(0, total).join('\n')}\n`;
  };
  /** The fastest of `runs` analyses (a busy machine only ever adds time), and the findings of the last. */
  const time = (kind: DocumentKind, text: string, runs: number) => {
    let best = Infinity;
    let found = 0;
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      found = analyze({ path: kind === 'makefile' ? '/work/app/Makefile' : '/work/app/build.sh', kind, text }, { facts: HOST_FACTS }).findings.length;
      best = Math.min(best, performance.now() - started);
    }
    return { ms: best, found };
  };

  it('merges one cause that reaches every go command of a long && chain in near-linear time (it compared every merged edit again per merge)', () => {
    // `export` on its own recipe line, then one recipe line chaining n go builds: XB502 once, with n places.
    const recipe = (n: number) =>
      `release:\n\texport GOOS=windows\n${Array.from({ length: n }, (_, i) => `\tGOARCH=amd64 go build -o bin/a${i} ./cmd/a${i}`).join(' && \\\n')}\n`;
    const small = time('makefile', recipe(150), 3);
    const large = time('makefile', recipe(1200), 2);
    assert.equal(small.found, 1);
    assert.equal(large.found, 1);
    // Linear is x8; measured x12 (1.4 s) on a busy 2-core machine, and x33 (6.6 s) before.
    assert.ok(large.ms / Math.max(small.ms, 20) < 24 || large.ms < 3000, `150 go commands: ${small.ms.toFixed(0)} ms, 1,200: ${large.ms.toFixed(0)} ms`);
  });

  for (const [kind, generate] of [['makefile', makefile], ['shell', script]] as const) {
    it(`grows linearly with a ${kind === 'makefile' ? 'Makefile' : 'shell script'}'s lines (1,000 → 10,000)`, () => {
      time(kind, generate(1000), 2); // warm-up
      const small = time(kind, generate(1000), 3);
      const large = time(kind, generate(10_000), 2);
      // Every service has findings (the darwn typo, GOARCH and GOOS pairs): ten times the lines, ten times the findings.
      assert.ok(small.found > 0 && large.found >= 9 * small.found, `findings: ${small.found} at 1,000 lines, ${large.found} at 10,000`);
      // Linear is x10; measured x10-x28 on a busy 2-core machine (the collector, and the fixed costs of a
      // 1,000-line run being small), and once x50 (8 → 403 ms: a warm 1,000-line run is too short to divide
      // by, hence the 20 ms floor); quadratic is x100 and seconds, as XB504's scan of every recipe line per
      // go command was (2.2 s at 10,000 lines).
      assert.ok(large.ms / Math.max(small.ms, 20) < 50 || large.ms < 1000, `1,000 lines: ${small.ms.toFixed(0)} ms, 10,000 lines: ${large.ms.toFixed(0)} ms`);
    });
  }
});
