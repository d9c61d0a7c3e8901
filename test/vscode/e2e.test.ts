// Real VS Code end to end: our packaged VSIX installed into code-server (VS Code 1.100's server and web
// workbench, from npm), the examples workspace served on 127.0.0.1, Debian's Chromium driven with
// playwright-core. Everything is asserted through the UI a user sees: squiggles on the right line, the
// Problems panel, Ctrl+. and the quick fix. Run with `npm run test:vscode`; it needs
// `scripts/install-vscode-test.sh` (code-server + playwright-core in $XBD_CODE_SERVER_DIR, chromium) and
// FAILS, never skips, when they are missing. Screenshots go to test-results/vscode/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  type Any,
  type Instance,
  ROOT,
  SETTINGS,
  UI_MS,
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
import { findToolchains } from '../truth/toolchains';

const SHOTS = join(ROOT, 'test-results', 'vscode');

after(cleanUp);

/**
 * The Go extension (which registers the `gopls` setting) cannot be installed offline, and VS Code refuses
 * to write an unregistered setting; this stub registers `gopls` so the picker's build.env write can be
 * seen. It only contributes the setting: nothing of the Go extension's behaviour is imitated.
 */
function packageGoplsStub(dir: string): string {
  const src = join(dir, 'gopls-stub');
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'package.json'), JSON.stringify({
    name: 'gopls-setting-stub', publisher: 'xbd-test', version: '0.0.1', license: 'MIT', engines: { vscode: '^1.91.0' },
    repository: { type: 'git', url: 'https://example.invalid/stub' },
    contributes: { configuration: { title: 'gopls (test stub)', properties: { gopls: { type: 'object', default: {}, scope: 'resource' } } } },
  }));
  writeFileSync(join(src, 'README.md'), 'Registers the `gopls` setting for the end-to-end test.\n');
  writeFileSync(join(src, 'LICENSE'), 'MIT\n');
  return vscePackage(src, join(dir, 'gopls-stub.vsix'), ['--allow-missing-repository']);
}

async function shot(page: Any, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** Opens a file through Quick Open (Ctrl+P), as a user would, and waits for its editor tab. */
async function quickOpen(page: Any, path: string, tabName: string): Promise<void> {
  await poll(`Quick Open to open ${path}`, async () => {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 3000 });
    await input.fill(path);
    // Wait until the focused (first) pick is the file asked for (its folder is the row's description), then accept it.
    const dir = path.split('/').slice(-2, -1)[0] ?? '';
    await page.locator('.quick-input-list .monaco-list-row.focused').filter({ hasText: tabName }).filter({ hasText: dir }).first().waitFor({ timeout: 5000 });
    await page.keyboard.press('Enter');
    await page.locator(`.tab[data-resource-name="${tabName}"]`).first().waitFor({ timeout: 5000 });
    return true;
  });
}

/** The 1-based line numbers the active editor draws an error/warning squiggle on. */
async function squiggleLines(page: Any): Promise<number[]> {
  return page.evaluate(`(() => {
    const editor = [...document.querySelectorAll('.editor-group-container.active .monaco-editor')].find((e) => e.offsetParent);
    if (!editor) return [];
    const lineAt = new Map();
    for (const n of editor.querySelectorAll('.margin-view-overlays > div')) {
      const num = n.querySelector('.line-numbers');
      if (num) lineAt.set(n.style.top, Number(num.textContent.trim()));
    }
    const lines = new Set();
    for (const n of editor.querySelectorAll('.view-overlays > div')) {
      if (n.querySelector('.squiggly-error, .squiggly-warning') && lineAt.has(n.style.top)) lines.add(lineAt.get(n.style.top));
    }
    return [...lines].sort((a, b) => a - b);
  })()`);
}

/** The rows of the Problems panel, as text. */
async function problemRows(page: Any): Promise<string[]> {
  // The aria-label has the message and position ("at line 13 and character 37"), the text the code (xbd(XB102)).
  return page.evaluate(
    `[...document.querySelectorAll('.markers-panel .monaco-list-row')].map((r) => (r.getAttribute('aria-label') || '') + ' | ' + r.textContent)`,
  );
}

/**
 * Every row of the Problems panel, scrolled through: the list only renders the rows in view, and the
 * workspace's problems with their related lines are more than fit.
 */
async function allProblemRows(page: Any): Promise<string[]> {
  const seen = new Set<string>(await problemRows(page));
  const box = await page.locator('.markers-panel .monaco-list').first().boundingBox();
  if (!box) return [...seen];
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 20; i++) {
    await page.mouse.wheel(0, 300);
    await page.waitForTimeout(80);
    for (const r of await problemRows(page)) seen.add(r);
  }
  await page.mouse.wheel(0, -100_000);
  return [...seen];
}

/** The text of the active editor's visible lines. */
async function editorText(page: Any): Promise<string> {
  return page.evaluate(`(() => {
    const editor = [...document.querySelectorAll('.editor-group-container.active .monaco-editor')].find((e) => e.offsetParent);
    if (!editor) return '';
    const lines = [...editor.querySelectorAll('.view-lines .view-line')]
      .map((l) => [parseFloat(l.style.top), l.textContent.replace(/\\u00a0/g, ' ')])
      .sort((a, b) => a[0] - b[0]);
    return lines.map((l) => l[1]).join('\\n');
  })()`);
}

async function gotoLine(page: Any, line: number, col: number): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 5000 });
  await input.fill(`:${line}:${col}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 5000 });
}

/** Our status-bar target item ("host (linux/amd64)", "linux/arm64", "… limited"). */
const statusItem = (page: Any) => page.locator('.statusbar-item').filter({ hasText: /^\s*[a-z0-9]+\/[a-z0-9]+/ }).first();

let extensions: string;
before(() => {
  rmSync(SHOTS, { recursive: true, force: true });
  assertInstalled();
  const base = tmp('xbd-vscode-ext-');
  extensions = join(base, 'extensions');
  installExtensions(base, extensions, [packageVsix(base), packageGoplsStub(base)]);
});

describe('real VS Code (code-server) with the packaged extension', { timeout: 300_000 }, () => {
  let workspace: string;
  let page: Any;
  let server: Instance;
  let goMarker: string;

  before(async () => {
    const base = tmp('xbd-vscode-');
    workspace = join(base, 'examples');
    cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
    goMarker = join(base, 'go-ran');
    const go = fakeGo(base, goMarker);
    server = await startCodeServer({
      userData: join(base, 'user-data'),
      extensions,
      folder: workspace,
      env: go.env,
      settings: { ...SETTINGS, 'security.workspace.trust.enabled': false, 'xbd.goPath': go.go },
    });
    page = await openWorkbench(server);
  });

  it('squiggles the expected lines of examples/api/Dockerfile', async () => {
    await quickOpen(page, 'api/Dockerfile', 'Dockerfile');
    // XB104 on line 11 (GOARM=${TARGETVARIANT}) and XB102 on line 13 (GOARCH=x86_64): see `xbd check examples/api`.
    const lines = await poll('squiggles on lines 11 and 13', async () => {
      const l = await squiggleLines(page);
      return l.includes(11) && l.includes(13) ? l : undefined;
    }).catch(async (e) => {
      await shot(page, 'failed-squiggles');
      throw new Error(`${(e as Error).message}; squiggled lines now: ${JSON.stringify(await squiggleLines(page))}\n${server.log()}`);
    });
    assert.deepEqual(lines.filter((l) => l !== 11 && l !== 13), [], `unexpected squiggles: ${lines}`);
    await shot(page, 'dockerfile-squiggles');
  });

  it('lists our codes in the Problems panel', async () => {
    await page.keyboard.press('Control+Shift+M');
    const rows = await poll('XB102 and XB104 in the Problems panel', async () => {
      const r = await problemRows(page);
      return r.some((x) => x.includes('XB102')) && r.some((x) => x.includes('XB104')) ? r : undefined;
    }).catch(async (e) => {
      await shot(page, 'failed-problems');
      throw new Error(`${(e as Error).message}; rows: ${JSON.stringify(await problemRows(page))}`);
    });
    const xb102 = rows.find((r) => r.includes('XB102'))!;
    assert.match(xb102, /x86_64/);
    assert.match(xb102, /at line 13 and character 37/, `XB102 row should name line 13: ${xb102}`);
    await shot(page, 'problems-panel');
  });

  it('lists the problems of the whole workspace, files nobody opened included', async () => {
    // Only api/Dockerfile is open; edge/Dockerfile (XB310), scripts/release.sh (XB102) and worker/Makefile (XB106) are not.
    const rows = await poll('problems of files that are not open', async () => {
      const r = await allProblemRows(page);
      return ['XB310', 'XB106', 'XB107'].every((c) => r.some((x) => x.includes(c))) && r.some((x) => x.includes('release.sh')) ? r : undefined;
    }).catch(async (e) => {
      await shot(page, 'failed-workspace-problems');
      throw new Error(`${(e as Error).message}; rows: ${JSON.stringify(await allProblemRows(page))}`);
    });
    assert.ok(rows.some((r) => /arm\/v6/.test(r) && r.includes('XB310')), 'the edge Dockerfile\'s pinned stage');
    await shot(page, 'workspace-problems');
  });

  it('offers the quick fix on Ctrl+. and applying it clears the problem', async () => {
    // Focus the editor again (the Problems panel has focus), put the caret on x86_64 and ask for fixes.
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
    await gotoLine(page, 13, 40);
    const item = page.locator('.action-widget .monaco-list-row', { hasText: 'Change to amd64' });
    await poll('the quick fix "Change to amd64" after Ctrl+.', async () => {
      await page.keyboard.press('Control+.');
      await item.first().waitFor({ state: 'visible', timeout: 3000 });
      return true;
    }).catch(async (e) => {
      await shot(page, 'failed-quickfix');
      throw e;
    });
    await shot(page, 'quick-fix-menu');
    // Choose it with the keyboard, as the menu's own hint says ("Enter to Apply"); the menu blocks pointer
    // events to the page under it, so the arrow keys move the focus onto our fix first.
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    await poll('the quick fix to be focused in the menu', async () => {
      if (((await focused.first().getAttribute('aria-label', { timeout: 2000 })) ?? '').includes('Change to amd64')) return true;
      await page.keyboard.press('ArrowDown');
      return false;
    }, 10_000);
    await page.keyboard.press('Enter');
    const text = await poll('the fix to change the text', async () => {
      const t = await editorText(page);
      return /GOARCH=amd64 go build -o \/out\/api-amd64/.test(t) ? t : undefined;
    });
    assert.ok(text);
    // That line writes GOOS, GOARCH and CGO_ENABLED itself: no inlay hint repeats them (the visible line is the source).
    // The go command of lines 11-12 takes its platform from build args: its hint says so, before its arguments.
    await poll('line 13 without a hint, line 12 with ⟨$TARGETOS/$TARGETARCH⟩ before -trimpath', async () => {
      const lines = (await editorText(page)).split('\n');
      return lines.includes('RUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -o /out/api-amd64 ./cmd/api') && lines.some((l) => /go build\s*⟨\$TARGETOS\/\$TARGETARCH⟩\s*-trimpath/.test(l));
    }).catch(async (e) => {
      await shot(page, 'failed-inlay-after-fix');
      throw new Error(`${(e as Error).message}; text: ${await editorText(page)}`);
    });
    await poll('XB102 to leave the Problems panel and line 13 to lose its squiggle', async () => {
      const rows = await problemRows(page);
      const lines = await squiggleLines(page);
      // The Problems panel lists the whole workspace: scripts/release.sh keeps its own XB102 (line 9).
      return !rows.some((r) => r.includes('XB102') && r.includes('[Ln 13,')) && rows.some((r) => r.includes('XB104')) && !lines.includes(13) && lines.includes(11);
    }).catch(async (e) => {
      await shot(page, 'failed-after-fix');
      throw new Error(`${(e as Error).message}; rows: ${JSON.stringify(await problemRows(page))}; squiggles: ${JSON.stringify(await squiggleLines(page))}`);
    });
    await shot(page, 'after-quick-fix');
    // The edit is in the editor (unsaved); the file on disk is unchanged until the user saves.
    assert.match(readFileSync(join(workspace, 'api', 'Dockerfile'), 'utf8'), /GOARCH=x86_64/);
  });
  it('ran the (fake) go toolchain in the trusted window', async () => {
    // Positive control for the restricted-mode test below: the same fake go does get run when trusted.
    await poll(`the fake go to record a run in ${goMarker}`, async () => existsSync(goMarker));
  });

  it('squiggles the expected lines of examples/worker/Makefile', async () => {
    await quickOpen(page, 'worker/Makefile', 'Makefile');
    // XB106 on line 5 (GOEXPERIMENT=unified), XB101 on line 16 (GOOS=macos), XB104 on line 19 (GOAMD64=3).
    const expected = [5, 16, 19];
    const lines = await poll(`squiggles on lines ${expected}`, async () => {
      const l = await squiggleLines(page);
      return expected.every((n) => l.includes(n)) ? l : undefined;
    }).catch(async (e) => {
      await shot(page, 'failed-makefile-squiggles');
      throw new Error(`${(e as Error).message}; squiggled lines now: ${JSON.stringify(await squiggleLines(page))}`);
    });
    assert.deepEqual(lines, expected, `unexpected squiggles: ${lines}`);
    const rows = await poll('the Makefile codes in the Problems panel', async () => {
      const r = await problemRows(page);
      return ['XB101', 'XB106'].every((c) => r.some((x) => x.includes(c))) ? r : undefined;
    });
    assert.match(rows.find((r) => r.includes('XB101'))!, /macos.*at line 16 and character 7/);
    await shot(page, 'makefile-squiggles');
  });

  it('shows the target in the status bar; the picker sets linux/arm64 and gopls build.env in the workspace settings', async () => {
    const item = statusItem(page);
    await poll('the status-bar target item to show this machine', async () => /linux\/[a-z0-9]+ \(this machine\)/.test(await item.innerText({ timeout: 2000 })));
    await item.click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: UI_MS });
    await input.fill('linux/arm64');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'linux/arm64' }).first().waitFor({ timeout: UI_MS });
    await shot(page, 'target-picker');
    await page.keyboard.press('Enter');
    await poll('the status-bar item to show linux/arm64', async () => /linux\/arm64/.test(await item.innerText({ timeout: 2000 }))).catch(async (e) => {
      await shot(page, 'failed-target');
      throw e;
    });
    const settings = await poll('xbd.target in .vscode/settings.json', async () => {
      const file = join(workspace, '.vscode', 'settings.json');
      if (!existsSync(file)) return undefined;
      const json = JSON.parse(readFileSync(file, 'utf8'));
      return json['xbd.target'] === 'linux/arm64' ? json : undefined;
    });
    assert.equal(settings['xbd.target'], 'linux/arm64');
    // gopls is there to listen (the stub registers its setting, the workspace has Go code): the picker's next
    // step asks once before writing gopls → build.env, at the top of the window, where no hover covers it.
    const agree = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Write build.env' }).first();
    await agree.waitFor({ state: 'visible', timeout: UI_MS }).catch(async (e: Error) => {
      await shot(page, 'failed-gopls-question');
      throw e;
    });
    await shot(page, 'target-gopls-prompt');
    await agree.click();
    const gopls = await poll('gopls → build.env in .vscode/settings.json', async () => {
      const json = JSON.parse(readFileSync(join(workspace, '.vscode', 'settings.json'), 'utf8'));
      return json.gopls?.['build.env'] ? json.gopls['build.env'] : undefined;
    }).catch(async (e) => {
      await shot(page, 'failed-gopls');
      throw new Error(`${(e as Error).message}; settings: ${readFileSync(join(workspace, '.vscode', 'settings.json'), 'utf8')}`);
    });
    assert.deepEqual(gopls, { GOOS: 'linux', GOARCH: 'arm64' });
    await shot(page, 'target-linux-arm64');
  });

  it('Fix all xbd problems from the quick-fix menu fixes the Makefile as xbd check --fix would', async () => {
    await quickOpen(page, 'worker/Makefile', 'Makefile');
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
    await gotoLine(page, 5, 25);
    const item = page.locator('.action-widget .monaco-list-row', { hasText: 'Fix all xbd problems' });
    await poll('"Fix all xbd problems" after Ctrl+.', async () => {
      await page.keyboard.press('Control+.');
      await item.first().waitFor({ state: 'visible', timeout: 3000 });
      return true;
    }).catch(async (e) => {
      await shot(page, 'failed-fix-all');
      throw e;
    });
    const titles: string[] = await page.evaluate(`[...document.querySelectorAll('.action-widget .monaco-list-row')].map((r) => r.textContent)`);
    assert.ok(titles.some((t) => t.includes('Remove unified — deletes line 5')), `titles: ${JSON.stringify(titles)}`);
    await shot(page, 'fix-all');
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    await poll('"Fix all xbd problems" to be focused in the menu', async () => {
      if (((await focused.first().getAttribute('aria-label', { timeout: 2000 })) ?? '').includes('Fix all xbd problems')) return true;
      await page.keyboard.press('ArrowDown');
      return false;
    }, 10_000);
    await page.keyboard.press('Enter');
    await poll('the fixes in the editor and no squiggle left', async () => {
      const t = await editorText(page);
      return !t.includes('GOEXPERIMENT') && t.includes('GOOS=darwin') && t.includes('GOAMD64=v3') && (await squiggleLines(page)).length === 0;
    }).catch(async (e) => {
      await shot(page, 'failed-after-fix-all');
      throw new Error(`${(e as Error).message}; text: ${await editorText(page)}`);
    });
    await shot(page, 'after-fix-all');
  });
});

/**
 * A private HOME whose go env file a REAL go (the newest toolchain of the truth harness, GOTOOLCHAIN=local)
 * wrote with `go env -w`; `env` is what code-server and every go it starts must see.
 */
function realGoHome(base: string, assignments: string[]): { go: string; goenv: string; hostArch: string; version: string; env: NodeJS.ProcessEnv } {
  const tc = findToolchains().at(-1);
  assert.ok(tc, 'no Go toolchain found (see test/truth/toolchains.ts): run `sudo scripts/install-test-deps.sh go`');
  const home = join(base, 'home');
  mkdirSync(home, { recursive: true });
  // Not go.env nor …/go/env: only the server knows it is the go env file (it tells the client, which sets the language).
  const goenv = join(home, 'go-settings');
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), GOENV: goenv, GOFLAGS: '', GOTOOLCHAIN: 'local' };
  const go = (args: string[]): string => {
    const r = spawnSync(tc.goBin, args, { cwd: base, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, `go ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  go(['env', '-w', ...assignments]);
  return { go: tc.goBin, goenv, hostArch: go(['env', 'GOHOSTARCH']), version: tc.full, env };
}

describe('real VS Code (code-server) with a real go and a go env file', { timeout: 300_000 }, () => {
  it('shows the Go environment with XB401 on GOARCH; `go env -u GOARCH` after the dialog clears it', async () => {
    const base = tmp('xbd-vscode-goenv-');
    const workspace = join(base, 'hello');
    mkdirSync(workspace, { recursive: true });
    writeFileSync(join(workspace, 'go.mod'), 'module example.com/hello\n\ngo 1.21\n');
    writeFileSync(join(workspace, 'main.go'), 'package main\n\nfunc main() {}\n');
    const real = realGoHome(base, ['GOARCH=arm64', 'CGO_ENABLED=0']);
    assert.match(readFileSync(real.goenv, 'utf8'), /^GOARCH=arm64$/m);
    assert.notEqual(real.hostArch, 'arm64', 'the persisted GOARCH must differ from the host for XB401 to fire');
    const server = await startCodeServer({
      userData: join(base, 'user-data'),
      extensions,
      folder: workspace,
      env: real.env,
      settings: { ...SETTINGS, 'security.workspace.trust.enabled': false, 'xbd.goPath': real.go },
    });
    const page = await openWorkbench(server);
    await poll('the command "Show Go environment" from the command palette', async () => {
      // A palette opened before the extension's commands were registered keeps its stale list: reopen it.
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Shift+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 3000 });
      // Typing the short category finds our commands (issue 17: the long name alone found nothing for "xbd").
      await input.fill('>xbd show go env');
      await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Show Go environment' }).first().waitFor({ timeout: 5000 });
      await page.keyboard.press('Enter');
      await page.locator('.tab[data-resource-name="go env"]').first().waitFor({ timeout: 5000 });
      return true;
    }).catch(async (e) => {
      await shot(page, 'failed-goenv-command');
      throw new Error(`${(e as Error).message}\n${server.log()}`);
    });
    // The header names the go that answered and its go env file (shown once go has answered: poll).
    const text = await poll('the view to name the go version and the GOENV path', async () => {
      const t = await editorText(page);
      return t.includes(`# go env of ${real.version} (${real.go})`) && t.includes(`# go env file (GOENV): ${real.goenv}`) && /^GOARCH=arm64$/m.test(t) ? t : undefined;
    }).catch(async (e) => {
      await shot(page, 'failed-goenv-view');
      throw new Error(`${(e as Error).message}; text: ${await editorText(page)}\n${server.log()}`);
    });
    // The editor shows the view's own document (scheme xbd-goenv), not a file.
    await page.locator('.editor-group-container.active .monaco-editor[data-uri^="xbd-goenv:"]').first().waitFor({ timeout: UI_MS });
    // GOARCH=arm64 persisted in the go env file is what go builds for here: the status item says so.
    await poll('the status item to show the go env target platform', async () => /linux\/arm64 \(go env\)/.test(await statusItem(page).innerText({ timeout: 2000 }))).catch(async (e) => {
      await shot(page, 'failed-goenv-status');
      throw new Error(`${(e as Error).message}; item: ${await statusItem(page).innerText().catch(() => '?')}`);
    });
    // The view opens at its top, so the visible text starts at line 1.
    const goarchLine = text.split('\n').findIndex((l) => l === 'GOARCH=arm64') + 1;
    await poll(`a squiggle on line ${goarchLine} (GOARCH=arm64)`, async () => (await squiggleLines(page)).includes(goarchLine)).catch(async (e) => {
      await shot(page, 'failed-goenv-squiggle');
      throw new Error(`${(e as Error).message}; squiggles: ${JSON.stringify(await squiggleLines(page))}`);
    });
    await page.keyboard.press('Control+Shift+M');
    const rows = await poll('XB401 and XB404 in the Problems panel', async () => {
      const r = await problemRows(page);
      return r.some((x) => x.includes('XB401')) && r.some((x) => x.includes('XB404')) ? r : undefined;
    }).catch(async (e) => {
      await shot(page, 'failed-goenv-problems');
      throw new Error(`${(e as Error).message}; rows: ${JSON.stringify(await problemRows(page))}`);
    });
    assert.match(rows.find((r) => r.includes('XB401'))!, new RegExp(`at line ${goarchLine} and`));

    // Ctrl+. in the view itself offers nothing: VS Code's Quick Fix command and light bulb require a writable
    // editor, and a content provider's document is read-only. The Problems panel offers the same code actions on the
    // focused row (its light bulb, or Ctrl+.), which is how a user reaches them from the view.
    const xb401Row = page.locator('.markers-panel .monaco-list-row', { hasText: 'XB401' }).first();
    const item = page.locator('.context-view .action-item', { hasText: 'Run `go env -u GOARCH`' }).first();
    await poll('"Run `go env -u GOARCH`" after Ctrl+. on the XB401 row', async () => {
      await xb401Row.click();
      await page.keyboard.press('Control+.');
      await item.waitFor({ state: 'visible', timeout: 3000 });
      return true;
    }).catch(async (e) => {
      await shot(page, 'failed-goenv-quickfix');
      throw e;
    });
    await shot(page, 'go-environment');
    await item.click();
    const dialog = page.locator('.monaco-dialog-box').first();
    await dialog.waitFor({ state: 'visible', timeout: UI_MS });
    assert.match(await dialog.innerText(), new RegExp(`go env -u GOARCH.*${real.goenv.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 's'));
    await shot(page, 'goenv-unset-dialog');
    await dialog.locator('.monaco-button', { hasText: /^Run$/ }).first().click();

    await poll('GOARCH to leave the go env file', async () => !/GOARCH/.test(readFileSync(real.goenv, 'utf8')));
    assert.match(readFileSync(real.goenv, 'utf8'), /^CGO_ENABLED=0$/m);
    await poll(`the view to show GOARCH=${real.hostArch}, XB401 to leave the Problems panel and its squiggle`, async () => {
      const t = await editorText(page);
      const r = await problemRows(page);
      const lines = await squiggleLines(page);
      const at = (line: string) => t.split('\n').indexOf(line) + 1;
      // Lines move (amd64 adds GOAMD64 before GOARCH): look them up again. XB404 on CGO_ENABLED=0 stays.
      return at(`GOARCH=${real.hostArch}`) > 0 && !lines.includes(at(`GOARCH=${real.hostArch}`)) && lines.includes(at('CGO_ENABLED=0')) &&
        !r.some((x) => x.includes('XB401')) && r.some((x) => x.includes('XB404'));
    }).catch(async (e) => {
      await shot(page, 'failed-goenv-after-unset');
      throw new Error(`${(e as Error).message}; rows: ${JSON.stringify(await problemRows(page))}; squiggles: ${JSON.stringify(await squiggleLines(page))}; text: ${await editorText(page)}`);
    });
    await shot(page, 'goenv-after-unset');

    // The go env file itself, opened from outside the workspace: the goenv language and its own XB404.
    await poll('the go env file opened through Quick Open, in the goenv language, with XB404 on line 1', async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 3000 });
      await input.fill(real.goenv);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'go-settings' }).first().waitFor({ timeout: 5000 });
      await page.keyboard.press('Enter');
      await page.locator('.tab[data-resource-name="go-settings"]').first().waitFor({ timeout: 5000 });
      const mode = await page.locator('#status\\.editor\\.mode').first().innerText({ timeout: 3000 });
      return mode.includes('Go env file') && (await squiggleLines(page)).includes(1);
    }).catch(async (e) => {
      await shot(page, 'failed-goenv-file');
      throw new Error(`${(e as Error).message}; squiggles: ${JSON.stringify(await squiggleLines(page))}\n${server.log()}`);
    });
    await page.close();
  });
});

describe('real VS Code (code-server) in a restricted (untrusted) window', { timeout: 300_000 }, () => {
  it('still analyses with embedded knowledge and never starts go', async () => {
    const base = tmp('xbd-vscode-untrusted-');
    const workspace = join(base, 'examples');
    cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
    const marker = join(base, 'go-ran');
    const go = fakeGo(base, marker);
    const server = await startCodeServer({
      userData: join(base, 'user-data'),
      extensions,
      folder: workspace,
      env: go.env,
      // Trust on, and no startup prompt: a folder nobody trusted opens in Restricted Mode.
      settings: { ...SETTINGS, 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'xbd.goPath': go.go },
    });
    const page = await openWorkbench(server);
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: UI_MS });
    await quickOpen(page, 'api/Dockerfile', 'Dockerfile');
    await poll('squiggles on lines 11 and 13 in Restricted Mode', async () => {
      const l = await squiggleLines(page);
      return l.includes(11) && l.includes(13);
    }).catch(async (e) => {
      await shot(page, 'failed-restricted');
      throw e;
    });
    await poll('the status-bar item to say limited', async () => /limited/.test(await statusItem(page).innerText({ timeout: 2000 })));
    await shot(page, 'restricted-mode');
    // The trusted window's fake go had run by the time its squiggles were drawn (test above); here none ran.
    assert.ok(!existsSync(marker), `go was started in an untrusted workspace: ${existsSync(marker) ? readFileSync(marker, 'utf8') : ''}`);
    await page.close();
  });
});
