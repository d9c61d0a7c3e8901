// Shared by the CLI tests (test/cli, and test/go with the real toolchains): a scratch folder removed after
// the run, small projects written into it, a private HOME, and the bundled xbd run as a process.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lchownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';
import { repoRoot } from './paths';

export const XBD = join(repoRoot(), 'dist', 'xbd.js');
export const scratch = mkdtempSync(join(tmpdir(), 'xbd-env-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The go binaries of the covered releases that scripts/install-test-deps.sh installed, Debian's 1.22 first. */
export const INSTALLED_GO = ['1.22', '1.21', '1.23', '1.24', '1.25', '1.26', '1.27']
  .flatMap((v) => [`/usr/lib/go-${v}/bin/go`, `${process.env.XBD_GO_DEBS || '/opt/go-debs'}/usr/lib/go-${v}/bin/go`])
  .filter((p) => existsSync(p));

/** A new folder holding these files (paths may name subfolders). */
export function project(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(scratch, 'p-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/**
 * A private HOME: the go env file is $HOME/.config/go/env, nothing of the machine's leaks in. PATH holds
 * $HOME/go/bin (where go install writes by default), so XB403 stays silent unless a test changes that.
 */
export function privateEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(GO|CGO_)/.test(k) && k !== 'XDG_CONFIG_HOME' && k !== 'CC') env[k] = v;
  return { ...env, HOME: home, PATH: `${join(home, 'go', 'bin')}:/usr/bin:/bin`, GOPROXY: 'off', ...extra };
}

export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}

/** The bundled xbd; by default with no go reachable (PATH points nowhere), as the Node-only tests need. */
export const xbd = (args: string[], cwd: string, env: NodeJS.ProcessEnv = { ...process.env, PATH: '/nonexistent' }) => run(process.execPath, [XBD, ...args], cwd, env);

export function fakeGo(script: string): string {
  const path = join(mkdtempSync(join(scratch, 'fake-')), 'go');
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
  return path;
}


/** The account permission tests run xbd as: root reads and writes everything, so they must not run as root. */
export const TEST_USER = 'xbd-test';

/**
 * The uid and gid to run xbd as for permission tests: this process's own when it is not root, else
 * TEST_USER's, created here when missing (CI runs as root). Throws, never skips, when that fails.
 */
export function unprivilegedIds(): { uid: number; gid: number } {
  if (process.getuid!() !== 0) return { uid: process.getuid!(), gid: process.getgid!() };
  const lookup = () => spawnSync('id', ['-u', TEST_USER], { encoding: 'utf8' });
  if (lookup().status !== 0) {
    const made = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', TEST_USER], { encoding: 'utf8' });
    if (made.status !== 0 && lookup().status !== 0) throw new Error(`permission tests need an unprivileged user; useradd ${TEST_USER} failed: ${made.stderr || made.error}`);
  }
  const uid = Number(lookup().stdout.trim());
  const gid = Number(spawnSync('id', ['-g', TEST_USER], { encoding: 'utf8' }).stdout.trim());
  if (!(uid > 0) || !(gid > 0)) throw new Error(`could not read the ids of ${TEST_USER}`);
  return { uid, gid };
}

/** A new folder owned by the unprivileged user (the scratch folder above it is opened for traversal). */
export function userProject(files: Record<string, string | Buffer> = {}): string {
  const { uid, gid } = unprivilegedIds();
  chmodSync(scratch, 0o711);
  const dir = mkdtempSync(join(scratch, 'u-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  if (process.getuid!() === 0) chownTree(dir, uid, gid);
  return dir;
}

function chownTree(path: string, uid: number, gid: number) {
  lchownSync(path, uid, gid);
  if (lstatSync(path).isDirectory()) for (const name of readdirSync(path)) chownTree(join(path, name), uid, gid);
}

/**
 * The bundled xbd run as the unprivileged user (setpriv keeps the environment), without go on PATH. The
 * process gets `timeoutMs`; `ms` says how long it took.
 */
export function xbdAsUser(args: string[], cwd: string, timeoutMs = 60_000) {
  const { uid, gid } = unprivilegedIds();
  const env = { ...process.env, PATH: '/nonexistent', HOME: cwd };
  const started = Date.now();
  const r =
    process.getuid!() === 0
      ? spawnSync('/usr/bin/setpriv', [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--', process.execPath, XBD, ...args], { cwd, env, encoding: 'utf8', timeout: timeoutMs })
      : spawnSync(process.execPath, [XBD, ...args], { cwd, env, encoding: 'utf8', timeout: timeoutMs });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`cannot run as ${TEST_USER}: ${r.error.message}`);
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}
