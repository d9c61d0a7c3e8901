// The standard extension test suite (mocha, against the `vscode` API: test/vscode-api/suite) run in CI
// through code-server's extension host, since @vscode/test-electron cannot download VS Code here (its
// launcher is `npm run test:electron`). Our VSIX and a small runner extension (test/vscode-api/runner)
// are installed into a private extensions dir; the runner loads the suite on startup and writes its
// results to a file. The extension host only starts when a browser connects, so Chromium opens the
// workspace. FAILS, never skips, when code-server or Chromium is missing, when the suite does not report,
// or when it ran fewer or more tests than expected.
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SuiteResults } from '../vscode-api/suite/index';
import {
  type Any,
  ROOT,
  SETTINGS,
  assertInstalled,
  cleanUp,
  fakeGo,
  installExtensions,
  openWorkbench,
  packageVsix,
  poll,
  startCodeServer,
  tmp,
  vscePackage,
} from './code-server';

/** The number of mocha tests in test/vscode-api/suite: a suite that silently lost tests fails here. */
const EXPECTED_TESTS = 16;
/** Bound for the whole suite, from the browser connecting to the results file. */
const SUITE_MS = 240_000;
const OUT = join(ROOT, 'out', 'vscode-api');
const SHOTS = join(ROOT, 'test-results', 'vscode-api');

after(cleanUp);

/** Packages the runner extension with a config that points it at the suite bundle and the results file. */
function packageRunner(dir: string, results: string): string {
  const src = join(dir, 'runner');
  mkdirSync(src, { recursive: true });
  copyFileSync(join(ROOT, 'test', 'vscode-api', 'runner', 'package.json'), join(src, 'package.json'));
  copyFileSync(join(OUT, 'runner', 'extension.js'), join(src, 'extension.js'));
  writeFileSync(join(src, 'runner-config.json'), JSON.stringify({ suite: join(OUT, 'suite', 'index.js'), results }));
  writeFileSync(join(src, 'README.md'), 'Runs the xbd extension-host test suite (tests only).\n');
  writeFileSync(join(src, 'LICENSE'), 'MIT\n');
  return vscePackage(src, join(dir, 'runner.vsix'));
}

describe('the mocha suite against the vscode API, in code-server\'s extension host', { timeout: SUITE_MS + 120_000 }, () => {
  let base: string;
  let extensions: string;
  let results: string;

  before(() => {
    assertInstalled();
    assert.ok(existsSync(join(OUT, 'suite', 'index.js')), 'out/vscode-api is missing: run node scripts/build.mjs --tests first');
    base = tmp('xbd-vscode-api-');
    extensions = join(base, 'extensions');
    results = join(base, 'results.json');
    installExtensions(base, extensions, [packageVsix(base), packageRunner(base, results)]);
  });

  it(`runs all ${EXPECTED_TESTS} tests and every one passes`, async (t) => {
    const workspace = join(base, 'examples');
    cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
    const go = fakeGo(base, join(base, 'go-ran'));
    const server = await startCodeServer({
      userData: join(base, 'user-data'),
      extensions,
      folder: workspace,
      env: go.env,
      // The suite sets xbd.target through the command; the gopls prompt that would follow is not its subject.
      settings: { ...SETTINGS, 'security.workspace.trust.enabled': false, 'xbd.goPath': go.go, 'xbd.syncGopls': false },
    });
    const started = Date.now();
    const page: Any = await openWorkbench(server);
    const report = await poll('the runner extension to write its results', async () => existsSync(results) && (JSON.parse(readFileSync(results, 'utf8')) as SuiteResults), SUITE_MS).catch(async (e) => {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, 'failed-no-results.png') }).catch(() => undefined);
      throw new Error(`${(e as Error).message}\n${server.log()}`);
    });
    for (const p of report.passes) t.diagnostic(`pass: ${p.title} (${p.durationMs} ms)`);
    t.diagnostic(`suite: ${report.passes.length} passed in ${report.durationMs} ms (${Date.now() - started} ms from the browser connecting)`);
    assert.deepEqual(report.failures.map((f) => `${f.title}\n${f.error}`), [], 'failed in the extension host');
    assert.deepEqual(report.pending, [], 'no test may be skipped');
    assert.deepEqual(report.files, ['code-actions.test.js', 'commands.test.js', 'diagnostics.test.js', 'fix-all.test.js', 'server-crash.test.js', 'settings.test.js']);
    assert.equal(report.passes.length, EXPECTED_TESTS, `passed: ${report.passes.map((p) => p.title).join('; ')}`);
    await page.close();
  });
});
