// Entry point of the suite that runs inside VS Code's extension host. Both launchers load this bundle:
// @vscode/test-electron calls run() (scripts/test-electron.mjs), and the runner extension
// (test/vscode-api/runner) calls runSuite() in code-server and writes the results to a file.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export interface TestOutcome {
  title: string;
  durationMs?: number;
  error?: string;
}

export interface SuiteResults {
  files: string[];
  passes: TestOutcome[];
  failures: TestOutcome[];
  pending: TestOutcome[];
  durationMs: number;
}

/** Runs every *.test.js bundled next to this file with mocha (bdd) and collects what happened. */
export function runSuite(): Promise<SuiteResults> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const file of files) mocha.addFile(join(__dirname, file));
  const results: SuiteResults = { files, passes: [], failures: [], pending: [], durationMs: 0 };
  const started = Date.now();
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve({ ...results, durationMs: Date.now() - started }));
      runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, (t) => results.passes.push({ title: t.fullTitle(), durationMs: t.duration }));
      runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, (t) => results.pending.push({ title: t.fullTitle() }));
      // Hooks fail through the same event, so a broken before() counts as a failure too.
      runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (t, err: Error) => results.failures.push({ title: t.fullTitle(), error: err.stack ?? String(err) }));
    } catch (e) {
      reject(e);
    }
  });
}

/** @vscode/test-electron's contract: resolve when every test passed, reject otherwise. */
export async function run(): Promise<void> {
  const r = await runSuite();
  if (r.failures.length || r.pending.length || !r.passes.length) {
    throw new Error(`${r.failures.length} failed, ${r.pending.length} pending, ${r.passes.length} passed:\n${r.failures.map((f) => `${f.title}: ${f.error}`).join('\n')}`);
  }
}
