import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/paths';

// The fix-history set (eval/fix-history): public fixes of cross-build bugs, kept as references plus our own
// repros. The harness runs the built CLI over the repros; this test holds its numbers to the recorded
// baseline so that recall never drops and false positives never grow without someone deciding it.

const ROOT = repoRoot();
const SET = join(ROOT, 'eval', 'fix-history');

interface Case {
  id: string;
  repository: string;
  path: string;
  before: string;
  after: string;
  lines: number[];
  evidence: string;
  family: string;
  expected: string[] | 'none yet';
  failure: string;
  cause?: string;
  repro: { file: string; lines: number[]; afterJudged?: Record<string, string> };
}
interface Result {
  id: string;
  found: boolean;
  hits: string[];
  falsePositives: string[];
  cause?: string;
}
interface Report {
  mode: string;
  cases: number;
  repositories: number;
  found: number;
  recall: number;
  falsePositives: number;
  missesByCause: Record<string, { why: string; cases: string[] }>;
  results: Result[];
}

const set = JSON.parse(readFileSync(join(SET, 'cases.json'), 'utf8')) as { causes: Record<string, string>; cases: Case[] };
const baseline = JSON.parse(readFileSync(join(SET, 'baseline.json'), 'utf8')) as { cases: number; found: number; recall: number; falsePositives: number; foundCases: string[] };

/** Runs the harness; started at load so the JSON and table runs overlap (each walks every repro once). */
function harness(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'fix-history.mjs'), ...args], { env: { ...process.env, PATH: '/nonexistent' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
const jsonRun = harness('--json');
const tableRun = harness();

describe('fix-history evaluation set', () => {
  it('references every case fully and gives each a repro whose buggy lines exist', () => {
    const ids = new Set<string>();
    for (const c of set.cases) {
      assert.ok(!ids.has(c.id), `duplicate ${c.id}`);
      ids.add(c.id);
      assert.match(c.repository, /^[\w.-]+\/[\w.-]+$/, c.id);
      assert.match(c.before, /^[0-9a-f]{40}$/, c.id);
      assert.match(c.after, /^[0-9a-f]{40}$/, c.id);
      assert.match(c.evidence, /^https:\/\/github\.com\//, c.id);
      assert.ok(c.lines.length && c.failure.length > 20, c.id);
      assert.ok(c.expected === 'none yet' || (c.expected.length && c.expected.every((x) => /^XB\d{3}$/.test(x))), c.id);
      if (c.cause) assert.ok(set.causes[c.cause], `${c.id}: cause ${c.cause} is not explained`);
      for (const version of ['before', 'after']) {
        const file = join(SET, 'repro', c.id, version, c.repro.file);
        assert.ok(existsSync(file), file);
        const count = readFileSync(file, 'utf8').split('\n').length;
        if (version === 'before') for (const l of c.repro.lines) assert.ok(l >= 1 && l <= count, `${c.id}: line ${l}`);
      }
    }
    assert.ok(set.cases.length >= 40, `${set.cases.length} cases`);
    assert.ok(new Set(set.cases.map((c) => c.repository)).size >= 25);
  });

  it('measures the repros: a well-formed report, no lower recall and no more false positives than the baseline', async () => {
    const r = await jsonRun;
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assert.equal(report.mode, 'repro');
    assert.equal(report.cases, set.cases.length);
    assert.deepEqual(report.results.map((x) => x.id), set.cases.map((c) => c.id));
    for (const x of report.results) {
      assert.equal(typeof x.found, 'boolean', x.id);
      assert.equal(x.found, x.hits.length > 0, x.id);
      if (!x.found) assert.ok(report.missesByCause[x.cause!]?.cases.includes(x.id), `${x.id} is not grouped under its cause`);
    }
    assert.equal(report.found, report.results.filter((x) => x.found).length);
    assert.equal(report.falsePositives, report.results.reduce((n, x) => n + x.falsePositives.length, 0));
    assert.equal(report.recall, Math.round((1000 * report.found) / report.cases) / 10);

    const lost = baseline.foundCases.filter((id) => !report.results.find((x) => x.id === id)?.found);
    assert.deepEqual(lost, [], 'cases the baseline finds and this run does not');
    assert.ok(report.recall >= baseline.recall, `recall ${report.recall}% < baseline ${baseline.recall}%`);
    assert.ok(report.falsePositives <= baseline.falsePositives, `false positives ${report.falsePositives} > baseline ${baseline.falsePositives}`);
  });

  it('prints a table with totals and the misses grouped by cause', async () => {
    const r = await tableRun;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^case\s+family\s+expected\s+before version\s+after: error\/warning$/m);
    assert.match(r.stdout, new RegExp(`^recall: \\d+/${set.cases.length} = [\\d.]+%$`, 'm'));
    assert.match(r.stdout, /^false positives on after versions: \d+ in \d+ case\(s\)$/m);
    assert.match(r.stdout, /^misses by cause:$/m);
  });

  it('refuses an unknown argument with a clear message', async () => {
    const r = await harness('--bogus');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^fix-history: unknown argument: --bogus$/m);
  });
});
