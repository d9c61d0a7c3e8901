// What the real-VS Code tests share: code-server (from scripts/install-vscode-test.sh) on 127.0.0.1 with a
// private user-data and extensions dir, our packaged VSIX, a fake `go`, and Debian's Chromium driven by
// playwright-core. Everything started here is stopped (by process group) and removed by cleanUp().
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/paths';

export const ROOT = repoRoot();
const CS_DIR = process.env.XBD_CODE_SERVER_DIR || '/opt/xbd-code-server';
export const CODE_SERVER = join(CS_DIR, 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.XBD_CHROMIUM || '/usr/bin/chromium';
const HINT = 'run `scripts/install-vscode-test.sh` (as root) first';
/** Upper bound of every UI wait; they all poll and return as soon as the condition holds. */
export const UI_MS = 30_000;

// playwright-core lives in the code-server cache dir, not in the repository's dependencies.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Any = any;
export function playwright(): Any {
  const req = createRequire(join(CS_DIR, 'package.json'));
  try {
    return req('playwright-core');
  } catch (e) {
    throw new Error(`playwright-core not found in ${CS_DIR}: ${HINT} (${(e as Error).message})`);
  }
}

/** Fails (never skips) when code-server, Chromium, playwright-core or dist/ are missing. */
export function assertInstalled(): void {
  assert.ok(existsSync(CODE_SERVER), `code-server not found at ${CODE_SERVER}: ${HINT}`);
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: ${HINT}`);
  playwright();
  assert.ok(existsSync(join(ROOT, 'dist', 'server.js')), 'dist/ is missing: run node scripts/build.mjs first');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Calls `fn` every 100 ms until it returns something other than undefined/false; throws after `ms`. */
export async function poll<T>(what: string, fn: () => Promise<T | undefined | false>, ms = UI_MS): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const scratch: string[] = [];
const children: ChildProcess[] = [];
let browser: Any;

/** Closes the browser, stops every code-server started here (with its extension hosts) and removes scratch dirs. */
export async function cleanUp(): Promise<void> {
  if (browser) await browser.close().catch(() => undefined);
  browser = undefined;
  for (const c of children) if (c.exitCode === null && c.pid) {
    try {
      process.kill(-c.pid, 'SIGTERM'); // its own process group: code-server and its extension hosts
    } catch {
      c.kill('SIGTERM');
    }
  }
  if (!process.env.XBD_KEEP_TMP) for (const d of scratch) rmSync(d, { recursive: true, force: true });
}

/** A scratch directory removed by cleanUp(). */
export function tmp(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(d);
  return d;
}

/** `vsce package` of the extension in `dir` into `out`. */
export function vscePackage(dir: string, out: string, extraArgs: string[] = []): string {
  const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', ...extraArgs, '--out', out], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, `vsce package (${dir}) failed: ${r.stdout}\n${r.stderr}`);
  return out;
}

/** Packages our extension (dist/ must be built) into a private VSIX. */
export function packageVsix(dir: string): string {
  return vscePackage(ROOT, join(dir, 'xbd.vsix'), ['--skip-license']);
}

/** Installs VSIX files into `extensions` with code-server's own installer. */
export function installExtensions(base: string, extensions: string, files: string[]): void {
  for (const file of files) {
    const inst = spawnSync(CODE_SERVER, ['--config', join(base, 'install-config.yaml'), '--extensions-dir', extensions, '--user-data-dir', join(base, 'install-data'), '--install-extension', file], { encoding: 'utf8' });
    assert.equal(inst.status, 0, `installing ${file} failed: ${inst.stdout}\n${inst.stderr}`);
    assert.match(inst.stdout + inst.stderr, /successfully installed/i);
  }
}

export interface Instance {
  url: string;
  pid: number;
  log: () => string;
}

/** Starts code-server for `folder` with the given user settings; resolves once it answers HTTP. */
export async function startCodeServer(opts: { userData: string; extensions: string; folder: string; settings: object; env?: NodeJS.ProcessEnv }): Promise<Instance> {
  mkdirSync(join(opts.userData, 'User'), { recursive: true });
  writeFileSync(join(opts.userData, 'User', 'settings.json'), JSON.stringify(opts.settings, null, 2));
  const port = await freePort();
  let out = '';
  const child = spawn(
    CODE_SERVER,
    ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
      '--config', join(opts.userData, 'config.yaml'), '--user-data-dir', opts.userData, '--extensions-dir', opts.extensions, opts.folder],
    { env: { ...process.env, ...opts.env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}/`;
  await poll('code-server to answer on ' + url, async () => {
    if (child.exitCode !== null) throw new Error(`code-server exited ${child.exitCode}: ${out}`);
    const res = await fetch(url + 'healthz').catch(() => undefined);
    return res?.ok;
  }, 60_000);
  return { url: `${url}?folder=${encodeURIComponent(opts.folder)}`, pid: child.pid!, log: () => out };
}

export const SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'workbench.enableExperiments': false,
  'update.mode': 'none',
  'window.restoreWindows': 'none',
};
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/**
 * A fake `go` that records every run in `marker` (and fails, so nothing relies on it). It is put both first
 * on PATH and in the user setting xbd.goPath: VS Code's server replaces the extension host's PATH with the
 * one of the user's login shell, so only xbd.goPath reliably reaches the server (and in an untrusted
 * workspace xbd.goPath is a restricted setting, which the restricted test also covers).
 */
export function fakeGo(dir: string, marker: string): { env: NodeJS.ProcessEnv; go: string } {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'go'), `#!/bin/sh\necho "$*" >> '${marker}'\nexit 1\n`);
  chmodSync(join(bin, 'go'), 0o755);
  return { env: { PATH: `${bin}:${process.env.PATH}` }, go: join(bin, 'go') };
}

/** Opens `server` in a new page and waits for the workbench. */
export async function openWorkbench(server: Instance): Promise<Any> {
  if (!browser) browser = await playwright().chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(server.url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 60_000 });
  return page;
}
