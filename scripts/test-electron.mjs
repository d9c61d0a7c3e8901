// Runs the extension test suite (test/vscode-api/suite, bundled by `node scripts/build.mjs --tests`) in a
// desktop VS Code with @vscode/test-electron: our extension as the development extension, a scratch copy of
// examples/ as the workspace. VS Code comes from $XBD_VSCODE_PATH when set (a VS Code executable), else it
// is downloaded from update.code.visualstudio.com, which machines without that access cannot reach: then
// this fails with the reason and exit code 1, never silently. CI here runs the same suite in code-server's
// extension host instead (test/vscode/api-suite.test.ts, part of `npm run test:vscode`).
import { runTests } from '@vscode/test-electron';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const suite = join(root, 'out', 'vscode-api', 'suite', 'index.js');
if (!existsSync(suite)) {
  console.error(`test:electron: ${suite} is missing: run node scripts/build.mjs --tests first`);
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), 'xbd-electron-'));
const workspace = join(scratch, 'examples');
cpSync(join(root, 'examples'), workspace, { recursive: true });
const userData = join(scratch, 'user-data');
mkdirSync(join(userData, 'User'), { recursive: true });
// Same user settings as the code-server run: the gopls prompt after a target change is not the suite's subject.
writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'xbd.syncGopls': false }, null, 2));

const started = Date.now();
let failed;
try {
  await runTests({
    vscodeExecutablePath: process.env.XBD_VSCODE_PATH || undefined,
    version: process.env.XBD_VSCODE_VERSION || undefined,
    extensionDevelopmentPath: root,
    extensionTestsPath: suite,
    launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${userData}`, `--extensions-dir=${join(scratch, 'extensions')}`],
  });
} catch (e) {
  failed = e;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (failed) {
  const reason = failed instanceof Error ? failed.message : `VS Code exited with ${String(failed)}`;
  console.error(`test:electron FAILED after ${Date.now() - started} ms: ${reason}`);
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|update\.code\.visualstudio\.com/.test(reason)) {
    console.error('VS Code could not be downloaded; set XBD_VSCODE_PATH to a VS Code executable, or run `npm run test:vscode` (the same suite in code-server).');
  }
  process.exit(1);
}
console.log(`test:electron: suite passed in ${Date.now() - started} ms`);
