// `npm run test:mutation:changed`: mutation-tests only the engine lines changed against main (committed or
// not, and new files), so .ci/run can afford it: nothing to do takes a second, otherwise the time grows with
// the size of the change (about a second per mutant on a loaded 2-core machine). Stryker exits non-zero when
// the score of the mutated lines is under thresholds.break (stryker.config.mjs).
// The base is $XBD_MUTATION_BASE, else main, else origin/main; none of them existing is an error.
import { execFileSync, spawnSync } from 'node:child_process';

const git = (...args) => execFileSync('git', args, { encoding: 'utf8' });
const exists = (ref) => spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).status === 0;

const candidates = process.env.XBD_MUTATION_BASE ? [process.env.XBD_MUTATION_BASE] : ['main', 'origin/main'];
const base = candidates.find(exists);
if (!base) {
  console.error(`test:mutation:changed: no base to compare with (tried ${candidates.join(', ')}); set XBD_MUTATION_BASE to a commit`);
  process.exit(2);
}
const mergeBase = git('merge-base', base, 'HEAD').trim();

const ENGINE = /^server\/src\/engine\/.+\.ts$/;
const mutable = (f) => ENGINE.test(f) && !f.endsWith('.test.ts') && f !== 'server/src/engine/testing.ts';

/** Line ranges added or changed in each file since the merge base (the working tree included). */
function changedRanges() {
  const ranges = new Map();
  let file;
  for (const line of git('diff', '--unified=0', '--no-color', '--no-renames', mergeBase, '--', 'server/src/engine').split('\n')) {
    if (line.startsWith('+++ ')) file = line === '+++ /dev/null' ? undefined : line.slice('+++ b/'.length);
    const hunk = /^@@ -\S+ \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (!hunk || !file || !mutable(file)) continue;
    const start = Number(hunk[1]);
    const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
    if (count === 0) continue; // lines only removed: nothing left to mutate there
    ranges.set(file, [...(ranges.get(file) ?? []), `${start}-${start + count - 1}`]);
  }
  for (const file of git('ls-files', '--others', '--exclude-standard', '--', 'server/src/engine').split('\n')) {
    if (mutable(file)) ranges.set(file, ['whole']);
  }
  return ranges;
}

const ranges = changedRanges();
if (!ranges.size) {
  console.log(`test:mutation:changed: no engine source changed since ${base} (${mergeBase.slice(0, 12)}); nothing to mutate`);
  process.exit(0);
}
const patterns = [...ranges].flatMap(([file, list]) => (list[0] === 'whole' ? [file] : list.map((r) => `${file}:${r}`)));
console.log(`test:mutation:changed: mutating the lines changed since ${base}:\n  ${patterns.join('\n  ')}`);
const run = spawnSync('npx', ['stryker', 'run', '--mutate', patterns.join(','), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
