#!/usr/bin/env node
// Recall and false positives on public fixes of cross-build bugs (eval/fix-history/cases.json).
//
//   node scripts/fix-history.mjs                    the repros we wrote (eval/fix-history/repro), offline
//   node scripts/fix-history.mjs --extract DIR      git show each case's before/after file from the local
//                                                  snapshots (--mirrors, default /work/.mirror) into DIR
//   node scripts/fix-history.mjs --originals DIR    the same measure on the files --extract wrote
//   --json                                          the report as JSON instead of a table
//   --write-baseline                                record the repro numbers in eval/fix-history/baseline.json
//                                                  (test/cli/fix-history.test.ts holds every run to them)
//
// A case is found when the before version has a finding on one of its buggy lines whose code is one the
// case expects (or, for a case that expects no rule yet, any error or warning). Every error or warning on
// an after version is a false-positive candidate; cases.json says which are judged true (left behind on
// purpose, or a real problem the fix did not touch) so only the rest count.
// Runs the built CLI (dist/xbd.js) once over the whole tree with --no-go: no toolchain, same on every machine.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SET = join(ROOT, 'eval', 'fix-history');
const XBD = join(ROOT, 'dist', 'xbd.js');

function parseArgs(argv) {
  const args = { mode: 'repro', dir: join(SET, 'repro'), mirrors: '/work/.mirror', json: false, writeBaseline: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (!v) throw new Error(`${a} needs a value`);
      return resolve(v);
    };
    if (a === '--json') args.json = true;
    else if (a === '--write-baseline') args.writeBaseline = true;
    else if (a === '--originals') Object.assign(args, { mode: 'originals', dir: value() });
    else if (a === '--extract') Object.assign(args, { mode: 'extract', dir: value() });
    else if (a === '--mirrors') args.mirrors = value();
    else throw new Error(`unknown argument: ${a}`);
  }
  return args;
}

const loadSet = () => JSON.parse(readFileSync(join(SET, 'cases.json'), 'utf8'));

/** Where a case's files live under the measured tree, and which lines of its main file are the bug. */
function layout(c, mode) {
  if (mode === 'repro') return { file: c.repro.file, lines: c.repro.lines };
  return { file: relative(extractBase(c), c.path), lines: c.lines };
}

/**
 * The folder of the case's repository that --extract writes from: the file's own, or for a workflow the one
 * that holds .github/ (a workflow is only read as one under .github/workflows/).
 */
function extractBase(c) {
  const at = c.path.indexOf('.github/workflows/');
  return at >= 0 ? c.path.slice(0, at) || '.' : dirname(c.path);
}

/** --extract: the before/after versions of each case's file (and its extra files) from local git snapshots. */
function extract(cases, dir, mirrors) {
  let written = 0;
  const missing = [];
  for (const c of cases) {
    const git = join(mirrors, c.repository.replace('/', '+'), 'repo');
    if (!existsSync(git)) {
      missing.push(c.repository);
      continue;
    }
    for (const [version, commit] of [['before', c.before], ['after', c.after]]) {
      for (const p of [c.path, ...(c.extra ?? []).map((e) => join(dirname(c.path), e))]) {
        const text = execFileSync('git', ['-C', git, 'show', `${commit}:${p}`], { maxBuffer: 1 << 26 });
        const out = join(dir, c.id, version, relative(extractBase(c), p));
        mkdirSync(dirname(out), { recursive: true });
        writeFileSync(out, text);
        written++;
      }
    }
  }
  console.log(`wrote ${written} files under ${dir}`);
  if (missing.length) console.log(`no snapshot for: ${[...new Set(missing)].join(', ')} (fetch them, then run again)`);
}

/** One CLI run over the tree; findings grouped by path relative to it (with `prefix` in front). */
function runXbd(dir, extra = [], prefix = '') {
  const r = spawnSync(process.execPath, [XBD, 'check', '--format', 'json', '--no-go', ...extra, '.'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`xbd exited ${r.status}: ${r.stderr}`);
  const byFile = new Map();
  for (const f of JSON.parse(r.stdout).findings) {
    const key = prefix + f.file.split('\\').join('/');
    if (!byFile.has(key)) byFile.set(key, []);
    byFile.get(key).push(f);
  }
  return byFile;
}

const line1 = (f) => f.range.start.line + 1;
const touches = (f, lines) => lines.some((l) => l >= f.range.start.line + 1 && l <= f.range.end.line + 1);
const loud = (f) => f.severity === 'error' || f.severity === 'warning';
const label = (f) => `${f.code}@${line1(f)}`;

function measure({ cases, causes }, dir, mode) {
  const byFile = runXbd(dir);
  // A bug that shows only on another build machine (`host`) is measured with the CLI told that machine.
  for (const c of cases.filter((x) => x.host && existsSync(join(dir, x.id)))) {
    for (const key of [...byFile.keys()]) if (key.startsWith(`${c.id}/`)) byFile.delete(key);
    for (const [key, fs] of runXbd(join(dir, c.id), ['--host', c.host], `${c.id}/`)) byFile.set(key, fs);
  }
  const results = cases.map((c) => {
    const { file, lines } = layout(c, mode);
    const before = byFile.get(`${c.id}/before/${file}`) ?? [];
    const expected = Array.isArray(c.expected) ? c.expected : [];
    const onLine = before.filter((f) => touches(f, lines));
    const hits = onLine.filter((f) => (expected.length ? expected.includes(f.code) : loud(f)));
    const afterLoud = [...byFile.entries()]
      .filter(([k]) => k.startsWith(`${c.id}/after/`))
      .flatMap(([, fs]) => fs.filter(loud));
    // Judged after-version findings: "CODE@line" of the repro (or of the original with --originals).
    const judged = (mode === 'repro' ? c.repro.afterJudged : c.afterJudged) ?? {};
    const fps = afterLoud.filter((f) => !judged[label(f)]?.startsWith('true'));
    return {
      id: c.id,
      family: c.family,
      expected: expected.length ? expected : 'none yet',
      found: hits.length > 0,
      hits: [...new Set(hits.map(label))],
      otherOnBuggyLines: [...new Set(onLine.filter((f) => !hits.includes(f)).map((f) => `${f.code}(${f.severity[0]})@${line1(f)}`))],
      falsePositives: [...new Set(fps.map(label))],
      afterJudgedTrue: [...new Set(afterLoud.filter((f) => !fps.includes(f)).map(label))],
      cause: hits.length ? undefined : (c.cause ?? 'unclassified'),
    };
  });
  const found = results.filter((r) => r.found).length;
  const families = {};
  for (const r of results) {
    const f = (families[r.family] ??= { cases: 0, found: 0 });
    f.cases++;
    if (r.found) f.found++;
  }
  const misses = {};
  for (const r of results.filter((x) => !x.found)) (misses[r.cause] ??= { why: causes[r.cause] ?? '(no explanation in cases.json)', cases: [] }).cases.push(r.id);
  return {
    mode,
    cases: results.length,
    repositories: new Set(cases.map((c) => c.repository)).size,
    found,
    recall: Math.round((1000 * found) / results.length) / 10,
    falsePositives: results.reduce((n, r) => n + r.falsePositives.length, 0),
    casesWithFalsePositives: results.filter((r) => r.falsePositives.length).length,
    families,
    missesByCause: misses,
    results,
  };
}

/** What the test holds later runs to: recall may only go up, false positives only down. */
function baselineOf(report) {
  return {
    note: 'Written by node scripts/fix-history.mjs --write-baseline over eval/fix-history/repro; rewrite it on purpose when rules improve.',
    cases: report.cases,
    found: report.found,
    recall: report.recall,
    falsePositives: report.falsePositives,
    foundCases: report.results.filter((r) => r.found).map((r) => r.id),
  };
}

function printTable(report) {
  const rows = report.results.map((r) => [
    r.id,
    r.family,
    Array.isArray(r.expected) ? r.expected.join(',') : r.expected,
    r.found ? `found ${r.hits.join(' ')}` : `missed${r.otherOnBuggyLines.length ? ` (on line: ${r.otherOnBuggyLines.join(' ')})` : ''}`,
    r.falsePositives.join(' ') || '-',
  ]);
  const head = ['case', 'family', 'expected', 'before version', 'after: error/warning'];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r) => r.map((x, i) => x.padEnd(width[i])).join('  ').trimEnd();
  console.log(fmt(head));
  console.log(width.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(fmt(r));
  console.log('');
  console.log(`${report.mode}: ${report.cases} cases from ${report.repositories} repositories`);
  console.log(`recall: ${report.found}/${report.cases} = ${report.recall}%`);
  console.log(`false positives on after versions: ${report.falsePositives} in ${report.casesWithFalsePositives} case(s)`);
  console.log('by family:');
  for (const [f, v] of Object.entries(report.families)) console.log(`  ${f}: ${v.found}/${v.cases}`);
  console.log('misses by cause:');
  for (const [cause, m] of Object.entries(report.missesByCause)) {
    console.log(`  ${cause} (${m.cases.length}): ${m.cases.join(', ')}`);
    console.log(`    ${m.why}`);
  }
  const judged = report.results.filter((r) => r.afterJudgedTrue.length);
  if (judged.length) console.log(`after-version findings judged true (not counted): ${judged.map((r) => `${r.id} ${r.afterJudgedTrue.join(' ')}`).join('; ')}`);
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const set = loadSet();
  if (args.mode === 'extract') return extract(set.cases, args.dir, args.mirrors);
  if (!existsSync(XBD)) throw new Error(`${XBD} is missing: run node scripts/build.mjs first`);
  const report = measure(set, args.dir, args.mode);
  if (args.writeBaseline) {
    if (args.mode !== 'repro') throw new Error('--write-baseline records the repro measure only');
    writeFileSync(join(SET, 'baseline.json'), `${JSON.stringify(baselineOf(report), null, 2)}\n`);
  }
  if (args.json) console.log(JSON.stringify(report, null, 2));
  else printTable(report);
}

try {
  main();
} catch (err) {
  console.error(`fix-history: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2;
}
