// Property and fuzz tests (fast-check) for the engine on hostile input: generated and mutated Dockerfiles,
// Makefiles and scripts — byte flips, truncation, deep continuations, unbalanced quotes and heredocs,
// recursive make variables, CRLF, NUL bytes, the escape directive. For every input:
//   - analyze() never throws, never logs a parser or rule failure, and returns within PER_INPUT_MS;
//   - every finding's range, related range and fix edit lies inside the text (no clamped positions);
//   - every fix applies cleanly: its edits target this file and do not overlap, applying it changes the
//     text only inside its edits' ranges, and the result re-analyses cleanly;
//   - applying all preferred fixes of a run (non-overlapping) and re-analysing converges: within
//     MAX_ROUNDS rounds a round leaves the text as it was.
// Deterministic: a fixed seed and a bounded number of runs per property; the total number of inputs is
// printed at the end. A failure prints fast-check's shrunk counterexample and the seed/path to replay it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from './analyze';
import { ready } from './testing';
import { applyOffsetEdits, LineIndex } from './text';
import type { DocumentKind, Facts, Finding, Fix, Range } from './types';
import { RULES } from './rules';

before(ready);

/** Runs per property and the seed they start from (CI replays exactly the same inputs). */
const NUM_RUNS = Number(process.env.XBD_FUZZ_RUNS ?? 300);
const SEED = Number(process.env.XBD_FUZZ_SEED ?? 0x5eed_2024);
/**
 * CPU time one analysis of one input (a few KB, up to ~40 KB with a deep continuation) may take (typically
 * 1–50 ms): CPU, not wall time, which a loaded machine stretches. XBD_FUZZ_MS lowers it to find slow inputs.
 */
const PER_INPUT_MS = Number(process.env.XBD_FUZZ_MS ?? 5_000);
/** Per property: see property(). */
const PROPERTY_LIMIT_MS = 20_000;
/**
 * Fix rounds ("apply every preferred fix, re-analyse") within which a fixed point must be reached, unless
 * every later round makes the text shorter (see examine); never more than MAX_ROUNDS_HARD.
 */
const MAX_ROUNDS = 8;
const MAX_ROUNDS_HARD = 64;
/** Fixes applied one by one per input (evenly spread over its findings); all preferred ones are applied together anyway. */
const MAX_SINGLE_FIXES = 3;
/** Inputs larger than this are cut (duplication mutations can grow a seed quickly). */
const MAX_INPUT = 200_000;

const PATHS: Record<DocumentKind, string> = {
  dockerfile: '/work/app/Dockerfile',
  makefile: '/work/app/Makefile',
  shell: '/work/app/build.sh',
  goenv: '/root/.config/go/env',
  gomod: '/work/app/go.mod',
  workflow: '/work/app/.github/workflows/release.yml',
  bake: '/work/app/docker-bake.hcl',
  goreleaser: '/work/app/.goreleaser.yaml',
};

const stats = { inputs: 0, analyses: 0, findings: 0, fixesApplied: 0, maxMs: 0, maxRounds: 0 };
after(() => {
  console.log(
    `fuzz: ${stats.inputs} inputs (${stats.analyses} analyses with fix rounds), ${stats.findings} findings, ` +
      `${stats.fixesApplied} fixes applied, slowest analysis ${stats.maxMs.toFixed(0)} ms of CPU, most fix rounds ${stats.maxRounds}; ` +
      `seed ${SEED}, ${NUM_RUNS} runs per property`,
  );
});

// ---- the checks ----------------------------------------------------------------------------------

interface Input {
  kind: DocumentKind;
  text: string;
  facts: Facts;
  goModVersion?: string;
}

const show = (s: string) => (s.length > 600 ? `${JSON.stringify(s.slice(0, 600))}… (${s.length} chars)` : JSON.stringify(s));

/** One analysis with every per-run check; returns the findings. */
function analyseChecked(input: Input, text: string, what: string): { findings: Finding[]; lines: LineIndex } {
  const path = PATHS[input.kind];
  const logs: string[] = [];
  const started = process.cpuUsage();
  let findings: Finding[];
  try {
    findings = analyze({ path, kind: input.kind, text }, { facts: input.facts, goModVersion: input.goModVersion, log: (m) => logs.push(m) }).findings;
  } catch (err) {
    throw new Error(`analyze threw on ${what} ${input.kind} ${show(text)}: ${err instanceof Error ? err.stack : String(err)}`);
  }
  const cpu = process.cpuUsage(started);
  const ms = (cpu.user + cpu.system) / 1000;
  stats.analyses++;
  stats.maxMs = Math.max(stats.maxMs, ms);
  // A guard that stopped following (a make cycle, a depth) is logged by design: only failures count here.
  const failures = logs.filter((m) => !/: not followed: /.test(m));
  assert.deepEqual(failures, [], `the engine logged a failure on ${what} ${input.kind} ${show(text)}`);
  assert.ok(ms <= PER_INPUT_MS, `analysis took ${ms.toFixed(0)} ms of CPU (bound ${PER_INPUT_MS}) on ${what} ${input.kind} of ${text.length} chars`);

  const lines = new LineIndex(text);
  const checked = new Set<Fix>();
  for (const f of findings) {
    const where = `${f.code} "${f.message.slice(0, 80)}" on ${what} ${input.kind} ${show(text)}`;
    if (f.fixes.length) assert.notEqual(RULES.find((r) => r.code === f.code)?.fixable, false, `a rule declared not fixable offers a fix: ${where}`);
    assert.equal(f.file, path, `finding for another file: ${where}`);
    assertInside(lines, f.range, `range of ${where}`);
    for (const r of f.related ?? []) if (r.file === path) assertInside(lines, r.range, `related range of ${where}`);
    for (const fix of f.fixes) {
      if (checked.has(fix)) continue;
      checked.add(fix);
      for (const e of fix.edits) {
        assert.equal(e.file, path, `fix "${fix.title}" edits another file: ${where}`);
        assertInside(lines, e.range, `edit of fix "${fix.title}" of ${where}`);
      }
      assertDisjoint(offsetEdits(lines, fix), `fix "${fix.title}" of ${where}`);
    }
  }
  stats.findings += findings.length;
  return { findings, lines };
}

/** A position is inside the text when its line exists and its character is within that line (before its break). */
function assertInside(lines: LineIndex, r: Range, what: string): void {
  for (const p of [r.start, r.end]) {
    assert.ok(Number.isInteger(p.line) && Number.isInteger(p.character), `non-integer position ${JSON.stringify(p)} in ${what}`);
    assert.ok(p.line >= 0 && p.line < lines.lineCount, `line ${p.line} outside 0..${lines.lineCount - 1} in ${what}`);
    const start = lines.offsetAt({ line: p.line, character: 0 });
    const width = lines.lineEnd(p.line) - start;
    assert.ok(p.character >= 0 && p.character <= width, `character ${p.character} outside 0..${width} of line ${p.line} in ${what}`);
  }
  const ordered = r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character);
  assert.ok(ordered, `range ends before it starts ${JSON.stringify(r)} in ${what}`);
}

interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

function offsetEdits(lines: LineIndex, fix: Fix): OffsetEdit[] {
  return fix.edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText }));
}

/** Two edits conflict when their ranges overlap, or when both insert at one offset (their order would be ambiguous). */
function conflicts(a: OffsetEdit, b: OffsetEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

function assertDisjoint(edits: OffsetEdit[], what: string): void {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1], sorted[i]];
    assert.ok(!conflicts(a, b), `overlapping edits ${JSON.stringify(a)} and ${JSON.stringify(b)} in ${what}`);
  }
}

/** Edits taken so far, sorted by start: conflict checks by binary search (a run may carry thousands of fixes). */
class TakenEdits {
  readonly all: OffsetEdit[] = [];

  conflictsWith(e: OffsetEdit): boolean {
    let lo = 0;
    let hi = this.all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.all[mid].start < e.start) lo = mid + 1;
      else hi = mid;
    }
    // Disjoint edits sorted by start have ascending ends too: only the one before can reach into e,
    // and only those from lo on that start before e ends (or at its start) can overlap it.
    if (lo > 0 && conflicts(e, this.all[lo - 1])) return true;
    for (let i = lo; i < this.all.length && (this.all[i].start < e.end || this.all[i].start === e.start); i++) {
      if (conflicts(e, this.all[i])) return true;
    }
    return false;
  }

  add(e: OffsetEdit): void {
    let lo = 0;
    let hi = this.all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.all[mid].start < e.start || (this.all[mid].start === e.start && this.all[mid].end <= e.end)) lo = mid + 1;
      else hi = mid;
    }
    this.all.splice(lo, 0, e);
  }
}

/**
 * Applies disjoint edits with the engine's applyOffsetEdits and checks the result against an independent
 * reconstruction: every character outside the edits' ranges is kept, in order, and nothing else changes.
 */
function applyChecked(text: string, edits: OffsetEdit[], what: string): string {
  const out = applyOffsetEdits(text, edits);
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let expected = '';
  let at = 0;
  for (const e of sorted) {
    expected += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  expected += text.slice(at);
  assert.equal(out, expected, `applying ${what} changed text outside its edits`);
  return out;
}

/**
 * The whole life of one input: analyse it; apply each fix on its own (the result must re-analyse
 * cleanly); then apply every preferred fix that does not conflict with one already taken, and repeat
 * until a round leaves the text unchanged.
 */
function examine(input: Input): void {
  stats.inputs++;
  let text = input.text.length > MAX_INPUT ? input.text.slice(0, MAX_INPUT) : input.text;
  const seenAt = new Map<string, number>([[text, 0]]);
  let shortest = text.length;
  let fewest = Infinity;
  for (let round = 1; ; round++) {
    const what = round === 1 ? 'input' : `text after ${round - 1} fix round(s)`;
    const { findings, lines } = analyseChecked(input, text, what);

    if (round === 1) {
      // Each fix alone (a user applies one quick fix at a time), a few per input, each re-analysed once.
      const seen = new Set<string>();
      const distinct: { f: Finding; fix: Fix }[] = [];
      for (const f of findings) {
        for (const fix of f.fixes) {
          const key = JSON.stringify(fix.edits);
          if (!seen.has(key)) distinct.push({ f, fix });
          seen.add(key);
        }
      }
      const step = Math.max(1, distinct.length / MAX_SINGLE_FIXES);
      for (let i = 0; i < distinct.length; i += step) {
        const { f, fix } = distinct[Math.floor(i)];
        const fixed = applyChecked(text, offsetEdits(lines, fix), `fix "${fix.title}" of ${f.code}`);
        analyseChecked(input, fixed, `the input after ${f.code}'s fix "${fix.title}" (input ${show(text)})`);
        stats.fixesApplied++;
      }
    }

    const taken = new TakenEdits();
    const tried = new Set<Fix>();
    for (const f of findings) {
      const fix = f.fixes.find((x) => x.isPreferred);
      if (!fix || tried.has(fix)) continue;
      tried.add(fix);
      const edits = offsetEdits(lines, fix);
      if (edits.some((e) => taken.conflictsWith(e))) continue;
      for (const e of edits) taken.add(e);
    }
    const next = taken.all.length ? applyChecked(text, taken.all, `the preferred fixes (round ${round})`) : text;
    if (next === text) {
      stats.maxRounds = Math.max(stats.maxRounds, round);
      return;
    }
    // Termination: no round may bring back an earlier text (fixes undoing each other), and after
    // MAX_ROUNDS every round must make the text shorter than ever or leave fewer fixable findings than
    // ever (a fix that removes one of many repeated lines per round is slow but converges, as do inserts
    // at one place that wait for each other round by round; one that keeps inserting for ever does not).
    const fixable = findings.filter((f) => f.fixes.some((x) => x.isPreferred)).length;
    const earlier = seenAt.get(next);
    assert.ok(
      earlier === undefined,
      `preferred fixes oscillate: round ${round} turns ${show(text)} back into the text of round ${earlier} ${show(next)} (original ${input.kind} ${show(input.text)})`,
    );
    assert.ok(
      round < MAX_ROUNDS || ((next.length < shortest || fixable < fewest) && round < MAX_ROUNDS_HARD),
      `preferred fixes did not converge in ${round} rounds; round ${round} changed ${show(text)} into ${show(next)} (original ${input.kind} ${show(input.text)})`,
    );
    seenAt.set(next, round);
    shortest = Math.min(shortest, next.length);
    fewest = Math.min(fewest, fixable);
    text = next;
  }
}

/**
 * Runs one property. The time limit is a safety net for very slow machines (and for shrinking a failure
 * on large inputs): past it fast-check stops and reports what it has; the printed input count says how many ran.
 */
function property(arb: fc.Arbitrary<Input>): void {
  fc.assert(
    fc.property(arb, (input) => examine(input)),
    { numRuns: NUM_RUNS, seed: SEED, interruptAfterTimeLimit: PROPERTY_LIMIT_MS },
  );
}

// ---- realistic seeds -----------------------------------------------------------------------------

const DOCKERFILES = [
  [
    '# syntax=docker/dockerfile:1',
    'ARG GO_VERSION=1.22',
    'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS build',
    'ARG TARGETOS TARGETARCH TARGETVARIANT',
    'WORKDIR /src',
    'COPY go.mod go.sum ./',
    'RUN --mount=type=cache,target=/go/pkg/mod go mod download',
    'COPY . .',
    'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH GOARM=${TARGETVARIANT#v} \\',
    '    go build -trimpath -ldflags="-s -w" -o /out/api ./cmd/api',
    'RUN CGO_ENABLED=0 GOOS=linux GOARCH=x86_64 go build -o /out/api-amd64 ./cmd/api',
    '',
    'FROM gcr.io/distroless/static-debian12',
    'COPY --from=build /out/api /api',
    'ENTRYPOINT ["/api"]',
    '',
  ].join('\n'),
  [
    'FROM golang:1.22-bookworm AS build',
    'WORKDIR /src',
    'COPY . .',
    'ENV GOOS=linux GOARCH="aarch64" GOARM=7',
    'RUN GOEXPERIMENT=loopvar,nosuchthing go build -ldflags \'-linkmode external -extldflags "-static"\' -o /out/app . && \\',
    '    GOARCH=arm GOOS=macos go build -o /out/app-arm . ; \\',
    '    go test -race ./...',
    '',
    'FROM --platform=linux/arm64 alpine:3.20 AS runtime',
    'COPY --from=build /out/app /usr/local/bin/app',
    'CMD ["app"]',
    '',
  ].join('\n'),
  [
    '# escape=`',
    'FROM --platform=$TARGETPLATFORM golang:1.23 AS build',
    'ARG TARGETOS=linux',
    'ARG TARGETARCH=amd64',
    'WORKDIR /src',
    'COPY . .',
    'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH GOAMD64=v5 `',
    '    go build -o /out/app .',
    'RUN <<EOF',
    'set -e',
    'GOARCH=arm64',
    'export GOOS=linux',
    'go build -o /out/app2 ./cmd/two',
    'EOF',
    'FROM ${BASE_IMAGE} AS final',
    'COPY --from=build /out/app /app',
    '',
  ].join('\n'),
  [
    'FROM golang:1.21 AS build',
    'WORKDIR /src',
    'COPY . .',
    'RUN GOOS=linux GOARCH=amd64; go build -o /out/app . && \\',
    '    CGO_ENABLED=0 && go build -o /out/b .',
    'RUN ["go", "build", "-o", "/out/c", "."]',
    'RUN for arch in amd64 arm64 riscv64; do GOARCH=$arch go build -o /out/app-$arch .; done',
    'RUN sh -c "GOARCH=x64 go build -o /out/x ."',
    'FROM --platform=linux/amd64 debian:12-slim AS debug',
    'COPY --from=build /out/app /app',
    'RUN /app --version',
    'FROM scratch',
    'COPY --from=build /out/app /app',
    '',
  ].join('\n'),
];

const MAKEFILES = [
  [
    '# Release matrix for the worker.',
    'VERSION ?= $(shell git describe --tags --always)',
    'LDFLAGS := -s -w -X main.version=$(VERSION)',
    'export CGO_ENABLED := 0',
    'export GOEXPERIMENT := unified',
    '',
    '.PHONY: release linux mac windows',
    '',
    'release: linux mac windows',
    '',
    'linux:',
    '\tGOOS=linux GOARCH=amd64 go build -ldflags "$(LDFLAGS)" -o dist/worker-linux-amd64 .',
    '\tGOOS=linux GOARCH=arm64 go build -ldflags "$(LDFLAGS)" -o dist/worker-linux-arm64 .',
    '',
    'mac:',
    '\tGOOS=macos GOARCH=arm64 go build -ldflags "$(LDFLAGS)" -o dist/worker-darwin-arm64 .',
    '',
    'windows:',
    '\tGOOS=windows GOARCH=amd64 GOAMD64=3 go build -ldflags "$(LDFLAGS)" -o dist/worker.exe .',
    '',
  ].join('\n'),
  [
    'GOOS ?= linux',
    'GOARCH ?= arm64',
    'BIN := dist/app-$(GOOS)-$(GOARCH)',
    'A = $(B)',
    'B = $(A) x',
    'C := $(C) y',
    'PLATFORMS := linux/amd64 linux/arm64 linux/arm/v7',
    'ifeq ($(GOARCH),arm)',
    'export GOARM := 8',
    'else',
    'export GOARM ?= 7',
    'endif',
    'define BUILD',
    'GOARCH=x86_64 go build -o $(1) .',
    'endef',
    '',
    'build:',
    '\tgo build -o $(BIN) ./cmd/app',
    '',
    'release:',
    '\texport GOOS=linux',
    '\texport GOARCH=$${ARCH:-arm64}',
    '\tgo build -o dist/app ./cmd/app && \\',
    '\t  echo $$HOME',
    '',
    'cross-%: GOARCH = $*',
    'cross-%:',
    '\t@$(foreach p,$(PLATFORMS),GOOS=$(word 1,$(subst /, ,$(p))) GOARCH=$(word 2,$(subst /, ,$(p))) go build -o dist/$(subst /,-,$(p)) . ;)',
    '',
  ].join('\n'),
  [
    '.ONESHELL:',
    'SHELL := /bin/bash',
    'GOOS := $(shell go env GOOS)',
    'arm: export GOARCH := arm',
    'arm:',
    '\tset -e',
    '\tGOARM=v7 go build -o bin/arm .',
    '\tgo test -race ./...',
    'include $(wildcard *.mk)',
    '-include local.mk',
    '',
  ].join('\n'),
];

const SCRIPTS = [
  [
    '#!/usr/bin/env bash',
    '# Builds the CLI for every platform we publish.',
    'set -euo pipefail',
    '',
    'VERSION="${VERSION:-dev}"',
    'mkdir -p dist',
    '',
    'GOOS=linux GOARCH=amd64 go build -o "dist/cli-${VERSION}-linux-amd64" ./cmd/cli',
    'GOOS=linux GOARCH=arm/v7 go build -o "dist/cli-${VERSION}-linux-armv7" ./cmd/cli',
    'GOOS=windows GOARCH=amd64 go build -o "dist/cli-${VERSION}-windows-amd64.exe" ./cmd/cli',
    'GOOS=darwin GOARCH=arm64 go build -o "dist/cli-${VERSION}-darwin-arm64" ./cmd/cli',
    '',
  ].join('\n'),
  [
    '#!/bin/sh',
    'set -e',
    'GOARCH=arm64',
    'export GOOS=linux',
    'CGO_ENABLED=0 go build -o dist/app .',
    'for t in linux/amd64 linux/arm64 windows/386; do',
    '  GOOS=${t%/*} GOARCH=${t#*/} go build -o "dist/app-${t%/*}-${t#*/}" .',
    'done',
    'sh -c "GOARCH=x64 go build ."',
    "bash -c 'export GOOS=macos; go build -ldflags \"-extldflags -static\" .'",
    'env GOOS=linux GOARCH=mips GOMIPS=hardfloat go build .',
    'cat <<EOF > build.env',
    'GOARCH=aarch64',
    'EOF',
    'case "$(uname -m)" in',
    '  x86_64) export GOARCH=amd64 ;;',
    '  aarch64) export GOARCH=arm64 ;;',
    'esac',
    'go run ./cmd/gen',
    '',
  ].join('\n'),
];

const GOENVS = ['GOOS=Linux\nGOARCH=armv7\n# comment\nGOEXPERIMENT=unified\nCGO_ENABLED=1\nGOAMD64=v3\n'];
const GOMODS = ['module example.com/app\n\ngo 1.22\n\ntoolchain go1.23.1\n\nrequire golang.org/x/sys v0.20.0\n'];

const SEEDS: Record<DocumentKind, string[]> = {
  dockerfile: DOCKERFILES,
  makefile: MAKEFILES,
  shell: SCRIPTS,
  goenv: GOENVS,
  gomod: GOMODS,
  workflow: [
    'on: push\nenv:\n  CGO_ENABLED: 1\njobs:\n  b:\n    runs-on: ubuntu-24.04-arm\n    strategy:\n      matrix:\n        goarch: [amd64, x86_64]\n    steps:\n      - uses: actions/setup-go@v5\n        with: { go-version: "1.21" }\n      - env: { GOARCH: "${{ matrix.goarch }}", GOOS: linux }\n        run: |\n          GOARM=7\n          go build -ldflags "-extldflags -static" -o out/app-${{ matrix.goarch }} .\n      - run: GOOS=windows go build .\n      - uses: docker/build-push-action@v6\n        with:\n          platforms: linux/amd64,linux/arm/v6\n          build-args: |\n            GOARCH=arm\n',
  ],
  bake: [
    'variable "V" { default = "1" }\ntarget "base" {\n  args = { GO_VERSION = "1.22", TARGETARCH = "arm64" }\n}\ntarget "app" {\n  inherits = ["base", "app"]\n  platforms = ["linux/amd64", "linux/${V}"]\n  dockerfile = "Dockerfile"\n}\n',
  ],
  goreleaser: [
    'builds:\n  - id: a\n    env: [CGO_ENABLED=1, CC=gcc]\n    goos: [linux, Linux, darwin]\n    goarch: [amd64, arm, x86_64]\n    goarm: [6, "7", 8]\n    ignore:\n      - goos: darwin\n        goarch: arm\n  - builder: prebuilt\ndockers:\n  - dockerfile: Dockerfile\n    build_flag_templates: ["--platform=linux/arm64"]\ndockers_v2:\n  - platforms: [linux/amd64, linux/arm64]\n',
  ],
};

// ---- arbitraries: context ------------------------------------------------------------------------

/** `arb` one time in `oneIn`, otherwise undefined (fc.option's `freq` is the other way round). */
function rarely<T>(arb: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: oneIn - 1 }, { arbitrary: arb, weight: 1 });
}

const GO_VERSIONS = ['1.19', '1.20', '1.21', '1.22', '1.23', '1.24', '1.25', '1.26', '1.27', '1.28', '1.40'];

const factsArb: fc.Arbitrary<Facts> = fc.record(
  {
    host: fc.constantFrom({ goos: 'linux', goarch: 'amd64' }, { goos: 'darwin', goarch: 'arm64' }, { goos: 'windows', goarch: 'amd64' }, { goos: 'linux', goarch: 'arm64' }),
    goVersion: fc.constantFrom(...GO_VERSIONS),
    target: fc.constantFrom(
      { goos: 'linux', goarch: 'arm64' },
      { goos: 'linux', goarch: 'arm', variant: 'v7' },
      { goos: 'windows', goarch: '386' },
      { goos: 'linux', goarch: 'riscv64' },
    ),
  },
  { requiredKeys: ['host'] },
);
const goModArb = fc.option(fc.constantFrom(...GO_VERSIONS), { nil: undefined });

// ---- arbitraries: mutations ----------------------------------------------------------------------

/** Pieces that matter to the parsers: quotes, continuations, heredocs, make syntax, NUL, odd Unicode. */
const FRAGMENTS = [
  '\\\n', '\\\r\n', '`\n', '"', "'", '`', '$(', '$((', '${', '}', ')', '((', '[[', ']]', '\\',
  '<<EOF\n', '<<-EOF\n', "<<'EOF'\n", '\nEOF\n', '<<EOT', '<<', '\0', '\r', '\r\n', '\n', '\t', '#', ' ',
  '# escape=`\n', '# escape=\\\n', '# syntax=docker/dockerfile:1\n', ' && ', '; ', ' | ', ' || ', '&', '=', ':=', '?=', '+=', '!=', '::=', ':', '$$',
  '$(GOOS)', '$(shell uname -m)', '$(A)', '$($(X))', 'export ', 'unexport ', 'override ', 'define X\n', 'endef\n',
  'ifeq ($(A),b)\n', 'ifdef A\n', 'else\n', 'endif\n', '.ONESHELL:\n', '.EXPORT_ALL_VARIABLES:\n', '\t',
  'GOOS=', 'GOARCH=', 'GOARM=', 'GOAMD64=', 'GO386=', 'GOMIPS=', 'CGO_ENABLED=', 'GOEXPERIMENT=', 'CC=', 'TARGETARCH',
  'go build ', 'go run ', 'go test -race ', 'go install ', 'env ', 'sh -c "', "bash -c '", 'for a in amd64 arm64; do ', '; done',
  ' -ldflags "-extldflags -static" ', ' -linkmode external ', ' -buildmode=pie ',
  'FROM ', '--platform=$BUILDPLATFORM ', '--platform=linux/arm/v7 ', 'ARG ', 'ENV ', 'RUN ', 'COPY --from=build ', ' AS ', 'ONBUILD ',
  'aarch64', 'x86_64', 'macos', 'arm/v7', 'v7', 'v5', 'arm', '386', 'wasm', 'js', '$TARGETOS', '${TARGETVARIANT#v}',
  '\uD800', '\uDC00', '\uFFFD', '\u2028', '\u00A0', '😀', 'é', '\u200B',
];

type Mutation =
  | { op: 'flip'; at: number; ch: string }
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; frag: string }
  | { op: 'delete'; at: number; len: number }
  | { op: 'duplicate'; at: number; len: number; times: number }
  | { op: 'continuations'; at: number; n: number; escape: string }
  | { op: 'eol'; eol: '\r\n' | '\r' };

const charArb = fc.oneof(
  fc.constantFrom('\0', '\\', '"', "'", '`', '$', '\n', '\r', '\t', '#', '=', '(', ')', '{', '}', '<', ' ', ':', ';', '&', '|'),
  fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
);

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('flip' as const), at: fc.nat(), ch: charArb }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), frag: fc.constantFrom(...FRAGMENTS) }), weight: 5 },
  { arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }), weight: 2 },
  {
    arbitrary: fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 300 }), times: fc.integer({ min: 1, max: 8 }) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ op: fc.constant('continuations' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 60 }), escape: fc.constantFrom('\\', '`') }),
    weight: 1,
  },
  { arbitrary: fc.record({ op: fc.constant('eol' as const), eol: fc.constantFrom('\r\n' as const, '\r' as const) }), weight: 1 },
);

function mutate(text: string, m: Mutation): string {
  const at = 'at' in m ? m.at % (text.length + 1) : 0;
  switch (m.op) {
    case 'flip':
      return text.slice(0, at) + m.ch + text.slice(at + 1);
    case 'truncate':
      return text.slice(0, at);
    case 'insert':
      return text.slice(0, at) + m.frag + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.len);
    case 'duplicate':
      return text.slice(0, at) + text.slice(at, at + m.len).repeat(m.times + 1) + text.slice(at + m.len);
    case 'continuations':
      return text.slice(0, at) + ` ${m.escape}\n  && GOARCH=arm64 go build .`.repeat(m.n) + text.slice(at);
    case 'eol':
      return text.replace(/\r?\n/g, m.eol);
  }
}

function mutatedArb(kinds: DocumentKind[]): fc.Arbitrary<Input> {
  return fc
    .record({
      kind: fc.constantFrom(...kinds),
      seed: fc.nat(),
      mutations: fc.array(mutationArb, { minLength: 1, maxLength: 6 }),
      facts: factsArb,
      goModVersion: goModArb,
    })
    .map(({ kind, seed, mutations, facts, goModVersion }) => {
      const seeds = SEEDS[kind];
      const text = mutations.reduce(mutate, seeds[seed % seeds.length]);
      return { kind, text, facts, goModVersion };
    });
}

// ---- arbitraries: generated files ----------------------------------------------------------------

const VAR_NAMES = ['GOOS', 'GOARCH', 'GOARM', 'GOAMD64', 'GO386', 'GOMIPS', 'GOEXPERIMENT', 'CGO_ENABLED', 'CC', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'A', 'B', 'X'];
const VALUES = [
  'linux', 'darwin', 'windows', 'macos', 'Linux', 'amd64', 'arm64', 'aarch64', 'x86_64', 'arm', '386', 'arm/v7', 'v7', '7', '5', '8', 'v1', 'v3', 'v5',
  'riscv64', 'loong64', 'ppc64le', 's390x', 'mips', 'wasm', 'js', 'wasip1', 'softfloat', 'hardfloat', '0', '1', 'unified', 'loopvar,nosuch', '',
  '$TARGETOS', '${TARGETARCH}', '${TARGETVARIANT#v}', '$(uname -m)', '"arm64"', "'amd64'", '"$GOARCH"', '${A:-arm64}', 'x86_64-linux-gnu-gcc',
];
const GO_COMMANDS = [
  'go build -o /out/app .', 'go build -trimpath -ldflags="-s -w" -o bin/app ./cmd/app', 'go test -race ./...', 'go run ./cmd/gen', 'go install ./...',
  "go build -ldflags '-linkmode external -extldflags \"-static\"' -o app .", 'go build -buildmode=pie .', 'go vet ./...', 'go env GOARCH', 'go generate ./...',
  'go build -tags netgo -ldflags "-extldflags -static" .', './app --version', 'make build',
];

const assignmentArb = fc.tuple(fc.constantFrom(...VAR_NAMES), fc.constantFrom(...VALUES)).map(([n, v]) => `${n}=${v}`);
const goLineArb = fc
  .tuple(fc.array(assignmentArb, { maxLength: 4 }), fc.constantFrom('', 'env ', 'export ', 'CGO_ENABLED=0 '), fc.constantFrom(...GO_COMMANDS))
  .map(([as, pre, cmd]) => `${pre}${[...as, cmd].join(' ')}`);

/** A shell command list: go lines joined by operators, loops, sub-shells, sh -c, quotes (maybe unbalanced). */
function shellCommandArb(cont: string): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { arbitrary: goLineArb, weight: 5 },
    { arbitrary: assignmentArb.map((a) => `export ${a}`), weight: 2 },
    { arbitrary: assignmentArb, weight: 2 },
    { arbitrary: fc.tuple(fc.constantFrom(...VALUES), goLineArb).map(([v, g]) => `for a in amd64 ${v} arm64; do GOARCH=$a ${g}; done`), weight: 1 },
    { arbitrary: goLineArb.map((g) => `sh -c "${g}"`), weight: 1 },
    { arbitrary: goLineArb.map((g) => `bash -c '${g}'`), weight: 1 },
    { arbitrary: goLineArb.map((g) => `( cd cmd && ${g} )`), weight: 1 },
    { arbitrary: goLineArb.map((g) => `if [ "$(uname -m)" = "x86_64" ]; then ${g}; fi`), weight: 1 },
    { arbitrary: fc.constantFrom('echo "unbalanced', "echo 'unbalanced", 'echo $(date', 'echo ${GOARCH', 'echo `uname', 'set -a', 'set -e', 'unset GOARCH'), weight: 1 },
  );
  return fc
    .tuple(fc.array(piece, { minLength: 1, maxLength: 5 }), fc.array(fc.constantFrom(' && ', ' ; ', ' || ', ` ${cont}\n    && `, ` ${cont}\n  `, ' | '), { minLength: 4, maxLength: 4 }))
    .map(([ps, ops]) => ps.reduce((acc, p, i) => (i === 0 ? p : acc + ops[i % ops.length] + p), ''));
}

const IMAGES = ['golang:1.22-alpine', 'golang:1.21', 'golang:1.27-bookworm', 'golang:${GO_VERSION}', 'golang', 'alpine:3.20', 'scratch', 'gcr.io/distroless/static-debian12', 'build', '${BASE}', 'arm32v6/alpine:3.20', 'debian:12-slim'];
const PLATFORMS = ['', '--platform=$BUILDPLATFORM ', '--platform=${BUILDPLATFORM} ', '--platform=$TARGETPLATFORM ', '--platform=linux/arm64 ', '--platform=linux/arm/v7 ', '--platform=linux/amd64 ', '--platform=$BUILDOS/$BUILDARCH '];

const dockerfileArb: fc.Arbitrary<Input> = fc
  .record({
    escape: fc.constantFrom('\\', '`'),
    directive: fc.constantFrom('none', 'escape', 'syntax+escape', 'late-escape'),
    eol: fc.constantFrom('\n', '\r\n'),
    deep: rarely(fc.integer({ min: 100, max: 1000 }), 25),
    facts: factsArb,
    goModVersion: goModArb,
    seed: fc.nat(),
  })
  .chain((o) => {
    const c = o.escape;
    const from = fc.tuple(fc.constantFrom(...PLATFORMS), fc.constantFrom(...IMAGES), fc.constantFrom('', ' AS build', ' AS final', ' AS base-${TARGETARCH}', ' as Build')).map(([p, i, a]) => `FROM ${p}${i}${a}`);
    const instruction = fc.oneof(
      { arbitrary: from, weight: 2 },
      { arbitrary: fc.tuple(fc.constantFrom(...VAR_NAMES, 'GO_VERSION', 'BUILDPLATFORM', 'TARGETPLATFORM'), fc.option(fc.constantFrom(...VALUES), { nil: undefined })).map(([n, v]) => `ARG ${n}${v === undefined ? '' : `=${v}`}`), weight: 2 },
      { arbitrary: fc.constant('ARG TARGETOS TARGETARCH TARGETVARIANT'), weight: 1 },
      { arbitrary: fc.array(assignmentArb, { minLength: 1, maxLength: 3 }).map((as) => `ENV ${as.join(' ')}`), weight: 2 },
      { arbitrary: assignmentArb.map((a) => `ENV ${a.replace('=', ' ')}`), weight: 1 },
      { arbitrary: shellCommandArb(c).map((s) => `RUN ${s}`), weight: 6 },
      { arbitrary: shellCommandArb(c).map((s) => `RUN --mount=type=cache,target=/root/.cache/go-build ${s}`), weight: 1 },
      { arbitrary: goLineArb.map((g) => `RUN [${g.split(' ').map((w) => JSON.stringify(w)).join(', ')}]`), weight: 1 },
      {
        arbitrary: fc.tuple(fc.array(shellCommandArb(c), { minLength: 1, maxLength: 3 }), fc.constantFrom('EOF', 'EOT', ''), fc.constantFrom('<<EOF', '<<-EOF', "<<'EOF'", '<<EOF bash', '<<EOF\nset -e')).map(
          ([cmds, end, open]) => `RUN ${open}\n${cmds.join('\n')}${end ? `\n${end}` : ''}`,
        ),
        weight: 2,
      },
      { arbitrary: fc.constantFrom('WORKDIR /src', 'COPY . .', 'COPY --from=build /out/app /app', 'ENTRYPOINT ["/app"]', 'CMD app', '# a comment', '', 'USER nonroot', `ONBUILD RUN GOARCH=aarch64 go build .`), weight: 2 },
    );
    return fc.tuple(fc.constant(o), from, fc.array(instruction, { minLength: 0, maxLength: 14 }));
  })
  .map(([o, first, rest]) => {
    const header = {
      none: [],
      escape: [`# escape=${o.escape}`],
      'syntax+escape': ['# syntax=docker/dockerfile:1', `# escape=${o.escape}`],
      'late-escape': ['# a comment first', `# escape=${o.escape}`],
    }[o.directive];
    const lines = [...header, first, ...rest];
    if (o.deep !== undefined) {
      const at = 1 + (o.seed % lines.length);
      lines.splice(at, 0, `RUN GOOS=linux GOARCH=aarch64 go build -o /out/a . ${` ${o.escape}\n    && GOARCH=x86_64 go build .`.repeat(o.deep)}`);
    }
    return { kind: 'dockerfile' as const, text: lines.join('\n').replace(/\n/g, o.eol) + o.eol, facts: o.facts, goModVersion: o.goModVersion };
  });

const MAKE_OPS = ['=', ':=', '::=', '?=', '+=', '!=', ':::='];
const MAKE_VALUES = [
  ...VALUES, '$(A)', '${B}', '$(X)', '$(GOARCH)', '$(GOOS)-$(GOARCH)', '$(shell go env GOARCH)', '$(shell uname -m)', '$(if $(A),arm64,amd64)',
  '$($(X)_ARCH)', '$(call pick,$(A))', '$(word 2,$(subst /, ,$(P)))', '$(A) $(A) $(A)', '$(patsubst %,%,$(B))', '$(', '$(A', '$$HOME', '$(eval A := b)',
];

const makefileArb: fc.Arbitrary<Input> = fc
  .record({
    eol: fc.constantFrom('\n', '\r\n'),
    chain: rarely(fc.integer({ min: 2, max: 300 }), 6),
    deep: rarely(fc.integer({ min: 100, max: 1000 }), 25),
    facts: factsArb,
    goModVersion: goModArb,
  })
  .chain((o) => {
    const name = fc.constantFrom(...VAR_NAMES, 'P', 'Y', 'X_ARCH', 'arm64_ARCH', 'LDFLAGS');
    const assignment = fc
      .tuple(fc.constantFrom('', 'export ', 'override ', 'export override ', 'private '), name, fc.constantFrom(...MAKE_OPS), fc.array(fc.constantFrom(...MAKE_VALUES), { minLength: 0, maxLength: 3 }))
      .map(([pre, n, op, vs]) => `${pre}${n} ${op} ${vs.join(' ')}`);
    const recipeLine = fc
      .tuple(fc.constantFrom('', '@', '-', '+', '@-'), shellCommandArb('\\'), fc.constantFrom('', ' \\'))
      .map(([p, s, tail]) => `\t${p}${s.replace(/\n/g, '\n\t')}${tail}`);
    const rule = fc
      .tuple(fc.constantFrom('build', 'release', 'cross-%', '%-arm64', 'all', 'dist/app', '.PHONY'), fc.constantFrom('', ' build', ' $(TARGETS)'), fc.array(recipeLine, { minLength: 0, maxLength: 4 }))
      .map(([t, d, rs]) => [`${t}:${d}`, ...rs].join('\n'));
    const targetVar = fc.tuple(fc.constantFrom('build', 'cross-%', '%-arm64'), fc.constantFrom('', 'export '), name, fc.constantFrom(...MAKE_OPS), fc.constantFrom(...MAKE_VALUES)).map(([t, e, n, op, v]) => `${t}: ${e}${n} ${op} ${v}`);
    const line = fc.oneof(
      { arbitrary: assignment, weight: 5 },
      { arbitrary: rule, weight: 4 },
      { arbitrary: targetVar, weight: 1 },
      { arbitrary: name.map((n) => `export ${n}`), weight: 1 },
      { arbitrary: name.map((n) => `unexport ${n}`), weight: 1 },
      { arbitrary: fc.constantFrom('ifeq ($(GOARCH),arm)', 'ifneq (,$(A))', 'ifdef GOOS', 'ifndef CI', 'else', 'else ifeq ($(A),b)', 'endif'), weight: 2 },
      { arbitrary: fc.constantFrom('define BUILD', 'define pick =', 'endef'), weight: 1 },
      { arbitrary: fc.constantFrom('.ONESHELL:', '.EXPORT_ALL_VARIABLES:', 'SHELL := /bin/bash', 'include common.mk', '-include $(wildcard *.mk)', '# comment \\', '', 'vpath %.go src'), weight: 2 },
      { arbitrary: fc.constant('LONG := a \\\n  b \\\n  c'), weight: 1 },
    );
    return fc.tuple(fc.constant(o), fc.array(line, { minLength: 1, maxLength: 16 }));
  })
  .map(([o, lines]) => {
    const out = [...lines];
    if (o.chain !== undefined) {
      // V0 = $(V1) … V(n-1) = $(V0): a recursive cycle through n variables, and GOARCH reading it.
      for (let i = 0; i < o.chain; i++) out.push(`V${i} = $(V${(i + 1) % o.chain}) x`);
      out.push('export GOARCH = $(V0)', 'SELF = $(SELF) y', 'go:', '\tGOOS=$(V1) go build .');
    }
    if (o.deep !== undefined) out.push(`deep:\n\tGOOS=linux GOARCH=aarch64 go build . ${' \\\n\t  && GOARCH=x86_64 go build .'.repeat(o.deep)}`);
    return { kind: 'makefile' as const, text: out.join('\n').replace(/\n/g, o.eol) + o.eol, facts: o.facts, goModVersion: o.goModVersion };
  });

const scriptArb: fc.Arbitrary<Input> = fc
  .record({
    shebang: fc.constantFrom('', '#!/bin/sh', '#!/usr/bin/env bash', '#!/bin/bash -e', '#!/bin/dash'),
    eol: fc.constantFrom('\n', '\r\n'),
    deep: rarely(fc.integer({ min: 100, max: 1000 }), 25),
    facts: factsArb,
    goModVersion: goModArb,
  })
  .chain((o) => {
    const line = fc.oneof(
      { arbitrary: shellCommandArb('\\'), weight: 6 },
      { arbitrary: fc.array(fc.constantFrom(...VAR_NAMES), { minLength: 1, maxLength: 3 }).map((ns) => `export ${ns.join(' ')}`), weight: 1 },
      { arbitrary: assignmentArb.map((a) => `readonly ${a}`), weight: 1 },
      { arbitrary: assignmentArb.map((a) => `declare -x ${a}`), weight: 1 },
      { arbitrary: goLineArb.map((g) => `build() {\n  ${g}\n}\nbuild`), weight: 1 },
      { arbitrary: fc.tuple(goLineArb, fc.constantFrom('EOF', '')).map(([g, end]) => `cat <<EOF > env.sh\n${g}\n${end}`), weight: 1 },
      { arbitrary: goLineArb.map((g) => `case "$1" in\n  arm) export GOARCH=arm ;;\n  *) ${g} ;;\nesac`), weight: 1 },
      { arbitrary: goLineArb.map((g) => `while read -r os arch; do GOOS=$os GOARCH=$arch ${g}; done < targets.txt`), weight: 1 },
    );
    return fc.tuple(fc.constant(o), fc.array(line, { minLength: 1, maxLength: 12 }));
  })
  .map(([o, lines]) => {
    const out = o.shebang ? [o.shebang, ...lines] : [...lines];
    if (o.deep !== undefined) out.push(`GOOS=linux GOARCH=aarch64 go build . ${' \\\n  && GOARCH=x86_64 go build .'.repeat(o.deep)}`);
    return { kind: 'shell' as const, text: out.join('\n').replace(/\n/g, o.eol) + o.eol, facts: o.facts, goModVersion: o.goModVersion };
  });

/** Any kind's text read as any kind (a Makefile opened as a Dockerfile, a script as a go env file…). */
const crossKindArb: fc.Arbitrary<Input> = fc
  .record({
    from: fc.constantFrom<DocumentKind>('dockerfile', 'makefile', 'shell', 'goenv', 'gomod'),
    as: fc.constantFrom<DocumentKind>('dockerfile', 'makefile', 'shell', 'goenv', 'gomod'),
    seed: fc.nat(),
    mutations: fc.array(mutationArb, { maxLength: 3 }),
    facts: factsArb,
    goModVersion: goModArb,
  })
  .map(({ from, as, seed, mutations, facts, goModVersion }) => {
    const seeds = SEEDS[from];
    return { kind: as, text: mutations.reduce(mutate, seeds[seed % seeds.length]), facts, goModVersion };
  });

// ---- the properties ------------------------------------------------------------------------------

describe(`engine fuzzing (fast-check, seed ${SEED}, ${NUM_RUNS} runs per property)`, () => {
  it('the seeds themselves pass every check', () => {
    for (const kind of Object.keys(SEEDS) as DocumentKind[]) {
      for (const text of SEEDS[kind]) examine({ kind, text, facts: { host: { goos: 'linux', goarch: 'amd64' } } });
    }
  });

  it('mutated Dockerfiles (byte flips, truncation, inserted quotes/heredocs/continuations, CRLF, NUL)', () => {
    property(mutatedArb(['dockerfile']));
  });

  it('mutated Makefiles', () => {
    property(mutatedArb(['makefile']));
  });

  it('mutated shell scripts', () => {
    property(mutatedArb(['shell']));
  });

  it('generated Dockerfiles (escape directive, heredocs, exec form, deep continuations, CRLF)', () => {
    property(dockerfileArb);
  });

  it('generated Makefiles (variable flavours, recursive variables, conditionals, define, deep recipes)', () => {
    property(makefileArb);
  });

  it('generated shell scripts (loops, sh -c, functions, heredocs, case, unbalanced quotes)', () => {
    property(scriptArb);
  });

  it('any text read as any kind', () => {
    property(crossKindArb);
  });
});

// Minimal counterexamples the properties above found (fast-check's shrunk inputs, then reduced by hand to
// the smallest realistic file that still fails). Each goes through the same checks as the properties, so
// it fails with a readable message until the engine is fixed.
describe('fuzzing counterexamples, minimised', () => {
  const host: Facts = { host: { goos: 'linux', goarch: 'amd64' } };
  const cases: [string, DocumentKind, string][] = [
    [
      'XB301: a FROM with another flag as well as --platform (the model sees no --platform; the fix inserts one every round)',
      'dockerfile',
      'FROM --foo golang:1.22 AS build\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n',
    ],
    [
      'XB301/XB304: a go build in a for loop over a known and an unknown value (two different inserts at one offset)',
      'dockerfile',
      'FROM golang:1.22 AS build\nRUN for a in "$EXTRA" arm64; do GOARCH=$a go build -o /out/app .; done\nFROM scratch\nCOPY --from=build /out/app /app\n',
    ],
    [
      'XB303: declaring an ARG on a line with an unbalanced quote (the name lands inside the quote, every round)',
      'dockerfile',
      'FROM golang:1.22\nARG "GO_VERSION\nRUN GOARCH=$TARGETARCH go build .\n',
    ],
    ['XB501: `readonly GOOS=linux` (the fix makes it `readonly export GOOS=linux`, every round)', 'shell', '#!/bin/sh\nreadonly GOOS=linux\ngo build .\n'],
    ['XB501: `declare GOOS=linux`', 'shell', 'declare GOOS=linux\ngo build .\n'],
    ['XB501: a half-typed `(export GOEXPERIMENT= `…', 'shell', '(export GOEXPERIMENT= `o= go'],
    [
      'XB504: a go command inside a for loop (the "Pass GOOS=$(GOOS)" fix repeats its edit per loop value)',
      'makefile',
      'GOOS = linux\nbuild:\n\tfor a in amd64 arm64; do GOARCH=$a go build .; done\n',
    ],
    ['XB504: a variable unexported later (the "Export CC" fix is inserted every round)', 'makefile', 'CC = gcc\nunexport CC\nbuild:\n\tgo build .\n'],
    [
      'XB212/XB204: `-race` after the package (a continuation joined `go test -race` to a go build): go reads it as an import path, not a flag; XB212 set CGO_ENABLED=0 and XB204 removed it, every other round',
      'dockerfile',
      'FROM golang:1.21\nRUN go build -tags netgo -ldflags "-extldflags -static" . \\\n  go test -race ./...\n',
    ],
    [
      'XB504: a recipe that unsets the variable (the "Export GOARCH" fix is inserted every round; exporting changes nothing)',
      'makefile',
      'build: GOARCH = arm64\nbuild:\n\tunset GOARCH && go build -o /out/app .\n',
    ],
    [
      'XB504: a target-specific `export GOARCH :=` given twice (the "Export GOARCH" fix is inserted into the exported line every round)',
      'makefile',
      'arm: export GOARCH := arm\narm: export GOARCH := arm\nbuild:\n\tgo build .\n',
    ],
    [
      'XB502 and XB105 undo each other (GOMIPS moved onto a go line whose GOARCH ignores it, then removed)',
      'makefile',
      'build:\n\texport GOMIPS=softfloat\n\tGOARCH=amd64 go build .\n',
    ],
    ['XB104: ${TARGETVARIANT#v} in a Makefile (the range stops at #, the fix grows the text every round)', 'makefile', 'export GOARM := ${TARGETVARIANT#v}\nbuild:\n\tGOARCH=arm go build .\n'],
    [
      'XB502 and XB105 undo each other (GO386 moved onto go lines that one caller builds for GOARCH=linux, then removed, though a direct `make build` may need it)',
      'makefile',
      'cross-%:\n\tfor a in amd64 linux arm64; do GOARCH=$a GOARCH=linux make build; done\nbuild:\n\tGO386=linux\n\t@CGO_ENABLED=0 B=v7 CC=amd64 ./app --version && CGO_ENABLED=0 GOAMD64=${TARGETARCH} go build -o /out/app . \\\n\t    && bash -c \'env GOMIPS=linux A=x86_64-linux-gnu-gcc go build -tags netgo -ldflags "-extldflags -static" .\'\nbuild: export GOMIPS = v1\noverride GOARM ?= $(uname -m)\n',
    ],
    ['XB501: an assignment after an unclosed backtick (the parser keeps it in an ERROR whatever `export` is written before it, every round)', 'shell', '`\nGOOS=linux " `\n go build\n'],
    [
      'a cycle of 600 recursive variables read by GOARCH and a recipe (each level copied the names being expanded: ~20 s, now under 1 s)',
      'makefile',
      `ifeq ($(GOARCH),arm)\n${Array.from({ length: 600 }, (_, i) => `V${i} = $(V${(i + 1) % 600}) x\n`).join('')}export GOARCH = $(V0)\ngo:\n\tGOOS=$(V1) go build .\n`,
    ],
  ];
  for (const [title, kind, text] of cases) {
    it(title, () => examine({ kind, text, facts: host }));
  }
  it('XB501: the same in a RUN heredoc the parser reads as one ERROR whole (as fuzzing found it: smaller texts stop failing)', () => {
    const text =
      '# escape=`\nFROM golang:1.22-alpine\nRUN <<EOF\nfor a in amd64 linux arm64; do GOARCH=$a go build -o /out/app .; done && go build -o /out/app . && CGO_ENABLED=0 go build -o /out/app . `\n  bash -c \'go build -o /out/app .\'\necho "unbalanced\nsh -c "go build -o /out/app ."\nEOT\nRUN bash -c \'go build -o /out/app .\' && for a in amd64 linux arm64; do GOARCH=$a go build -o /out/app .; done `\n  export GOOS=linux\nRUN echo "unbalanced `\n  go build -o /out/app .\nRUN <<-EOF\nCGO_ENABLED=${TARGETARCH} `\n    && X=1\nexport B=linux\nfor a in amd64 mips arm64; do GOARCH=$a env GOOS=0 go run ./cmd/gen; done ; export A=linux | echo ${GOARCH && CGO_ENABLED=0 CGO_ENABLED=softfloat TARGETOS=v5 ./app --version\n';
    examine({ kind: 'dockerfile', text, facts: { host: { goos: 'windows', goarch: 'amd64' }, goVersion: '1.40', target: { goos: 'linux', goarch: 'riscv64' } }, goModVersion: '1.27' });
  });
});
