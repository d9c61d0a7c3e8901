// The packaged extension in VS Code's web extension host: code-server (real VS Code, web workbench) with the
// user setting `remote.extensionKind: { "xbd.go-cross-build-doctor": ["web"] }`, which makes the workbench
// run the extension's `browser` entry (dist/client-browser.js) in its web worker extension host inside
// Chromium, as vscode.dev does. The server then runs in a nested Web Worker (dist/server-browser.js). The test
// sees our diagnostic in the Problems panel while no Node process runs dist/server.js.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertInstalled, cleanUp, installExtensions, openWorkbench, packageVsix, poll, SETTINGS, startCodeServer, tmp, type Any, type Instance } from '../vscode/code-server';

const EXTENSION_ID = 'xbd.go-cross-build-doctor';

/** Command lines of the processes running dist/server.js of the extension installed in `extensions`. */
function nodeServers(extensions: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout;
  return ps.split('\n').filter((l) => l.includes(extensions) && /dist\/server\.js/.test(l));
}

describe('the extension in VS Code\'s web extension host (code-server + Chromium)', { timeout: 300_000 }, () => {
  let server: Instance;
  let page: Any;
  let extensions: string;
  const fetched: string[] = [];
  const consoleLines: string[] = [];

  before(async () => {
    assertInstalled();
    const base = tmp('xbd-web-ext-');
    extensions = join(base, 'extensions');
    installExtensions(base, extensions, [packageVsix(base)]);
    const folder = join(base, 'app');
    mkdirSync(folder);
    writeFileSync(join(folder, 'Dockerfile'), 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN GOOS=linux GOARCH=x86_64 go build -o /out/app .\n');
    server = await startCodeServer({
      userData: join(base, 'user-data'),
      extensions,
      folder,
      settings: { ...SETTINGS, 'security.workspace.trust.enabled': false, 'remote.extensionKind': { [EXTENSION_ID]: ['web'] } },
    });
    page = await openWorkbench(server);
    page.context().on('request', (r: Any) => fetched.push(r.url()));
    page.on('console', (m: Any) => consoleLines.push(m.text()));
  });

  after(cleanUp);

  it('publishes XB102 for a Dockerfile from the browser server, with no Node server process', async () => {
    await poll('Quick Open to open the Dockerfile', async () => {
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 3000 });
      await input.fill('Dockerfile');
      await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Dockerfile' }).first().waitFor({ timeout: 5000 });
      await page.keyboard.press('Enter');
      await page.locator('.tab[data-resource-name="Dockerfile"]').first().waitFor({ timeout: 5000 });
      return true;
    });
    await page.keyboard.press('Control+Shift+M');
    const rows = await poll('XB102 in the Problems panel', async () => {
      const r: string[] = await page.evaluate(`[...document.querySelectorAll('.markers-panel .monaco-list-row')].map((r) => (r.getAttribute('aria-label') || '') + ' | ' + r.textContent)`);
      return r.some((x) => x.includes('XB102')) ? r : undefined;
    }, 90_000).catch((e: Error) => {
      throw new Error(`${e.message}\nfetched: ${fetched.filter((u) => /xbd|server-browser|client-browser|wasm/.test(u)).join('\n')}\nconsole: ${consoleLines.filter((l) => /xbd|worker|rror/i.test(l)).join('\n')}`);
    });
    assert.match(rows.find((r) => r.includes('XB102'))!, /x86_64/);
    // In the Node extension host the client would have started dist/server.js: the diagnostic came from the
    // browser server.
    assert.deepEqual(nodeServers(extensions), [], 'the Node server (dist/server.js) must not run');
  });
});
