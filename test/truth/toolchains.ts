/**
 * The real Go toolchains the truth harness runs: Debian's golang-1.NN-go packages, installed by
 * scripts/install-test-deps.sh in /usr/lib/go-1.NN (bookworm-backports) or unpacked under
 * /opt/go-debs/usr/lib/go-1.NN (trixie, trixie-backports, sid). Never the `go` on PATH.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GO_VERSIONS, type GoVersion } from '../../server/src/engine/knowledge/go-versions';

export interface Toolchain {
  version: GoVersion;
  goBin: string;
  goroot: string;
  /** The exact release, e.g. `go1.22.12` (first line of $GOROOT/VERSION). */
  full: string;
}

export interface GoRun {
  /** Exit status; null when the process was killed (timeout or signal). */
  code: number | null;
  stdout: string;
  stderr: string;
}

export const INSTALL_COMMAND = 'sudo scripts/install-test-deps.sh go';

/** Where the install script puts each release, in the order we look (same override as the script). */
function candidateRoots(v: GoVersion): string[] {
  const debs = process.env.XBD_GO_DEBS || '/opt/go-debs';
  return [`/usr/lib/go-${v}`, join(debs, 'usr/lib', `go-${v}`)];
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Every covered Go release found on this machine, oldest first; missing ones are simply absent. */
export function findToolchains(): Toolchain[] {
  const found: Toolchain[] = [];
  for (const version of GO_VERSIONS) {
    for (const goroot of candidateRoots(version)) {
      const goBin = join(goroot, 'bin', 'go');
      const versionFile = join(goroot, 'VERSION');
      if (!isExecutable(goBin) || !existsSync(versionFile)) continue;
      const full = readFileSync(versionFile, 'utf8').split('\n')[0].trim();
      // A root whose VERSION names another release is not this one (a broken or mixed unpack).
      if (full !== `go${version}` && !full.startsWith(`go${version}.`) && !full.startsWith(`go${version}rc`)) continue;
      found.push({ version, goBin, goroot, full });
      break;
    }
  }
  return found;
}

/** All covered releases, or a loud error naming the missing ones and how to install them. */
export function requireAllToolchains(): Toolchain[] {
  const found = findToolchains();
  const missing = GO_VERSIONS.filter((v) => !found.some((t) => t.version === v));
  if (missing.length > 0) {
    const where = missing.map((v) => `  Go ${v}: looked in ${candidateRoots(v).join(' and ')}`).join('\n');
    throw new Error(
      `TRUTH HARNESS: missing Go toolchain(s) ${missing.join(', ')}.\n${where}\n` +
        `Install them with:  ${INSTALL_COMMAND}\n(the truth tests never use the go on PATH)`,
    );
  }
  return found;
}

/** Variables of the calling process that would change what the go command does: never inherited. */
const GO_ENV_PREFIXES = ['GO', 'CGO_'];
const GO_ENV_NAMES = new Set(['CC', 'CXX', 'AR', 'PKG_CONFIG', 'XDG_CONFIG_HOME', 'HOME']);

function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || GO_ENV_NAMES.has(k) || GO_ENV_PREFIXES.some((p) => k.startsWith(p))) continue;
    env[k] = v;
  }
  return env;
}

/** One build cache per release, shared by every run and process (the go cache is concurrency-safe). */
function cacheDir(tc: Toolchain): string {
  const dir = join(tmpdir(), `xbd-gocache-${tc.full}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Runs `go args...` of toolchain `tc` in `cwd`, isolated from the machine: GOTOOLCHAIN=local always
 * (a go.mod `toolchain` line must never download), a fresh private HOME and GOENV per run (so neither
 * the machine's go env file nor a `go env -w` of another run leaks in), GOFLAGS empty, GOPROXY=off, a
 * per-release GOCACHE, and a timeout. `opts.env` overrides everything except GOTOOLCHAIN.
 */
export function runGo(
  tc: Toolchain,
  args: readonly string[],
  opts: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
): GoRun {
  const home = mkdtempSync(join(tmpdir(), 'xbd-gohome-'));
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const env: Record<string, string> = {
    ...baseEnv(),
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GOENV: join(home, '.config', 'go', 'env'),
    GOPATH: join(home, 'go'),
    GOFLAGS: '',
    GOPROXY: 'off',
    GOCACHE: cacheDir(tc),
    ...opts.env,
    GOTOOLCHAIN: 'local',
  };
  try {
    const r = spawnSync(tc.goBin, [...args], { cwd: opts.cwd, env, timeout: timeoutMs, encoding: 'utf8', maxBuffer: 64 << 20 });
    let stderr = r.stderr ?? '';
    if (r.error) stderr += `${stderr && !stderr.endsWith('\n') ? '\n' : ''}xbd: ${(r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? `timed out after ${timeoutMs} ms` : r.error.message}\n`;
    return { code: r.status, stdout: r.stdout ?? '', stderr };
  } finally {
    // The module cache under GOPATH is read-only; chmod-free removal can fail, which only leaves litter.
    try {
      rmSync(home, { recursive: true, force: true });
    } catch {
      /* leave it */
    }
  }
}
