import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { GoInstallation } from '../engine';
import { inspectInstallation } from './installation';

/** What running the workspace's go told us; absent fields mean it could not be run. */
export interface GoProbe {
  version?: string;
  error?: string;
}

/** Everything the workspace's toolchain reports, or why it could not be asked. */
export interface ToolchainInfo {
  goBin: string;
  /** e.g. "1.22.12"; undefined when go could not be run. */
  version?: string;
  /** `go env -json`: the effective environment (GOENV is the go env file's path). */
  env?: Record<string, string>;
  /** `go tool dist list -json`. */
  ports?: { goos: string; goarch: string; cgo: boolean; firstClass: boolean }[];
  /** GOROOT and the go install directory checked on disk (XB402, XB403); undefined without `go env`. */
  installation?: GoInstallation;
  error?: string;
  /** Some go command ran out of time: a busy machine, so the service asks again a little later. */
  timedOut?: boolean;
}

/** Where the go binary comes from, in order: xbd.goPath, the Go extension's settings, PATH. */
export interface GoLocation {
  /** `xbd.goPath`. */
  goPath?: string;
  /** The Go extension's `go.alternateTools` (its `go` entry) and `go.goroot`, when present. */
  alternateTools?: Record<string, unknown>;
  goroot?: string;
}

export function resolveGoBinary(loc: GoLocation): string {
  if (loc.goPath && loc.goPath.trim()) return loc.goPath.trim();
  const alt = loc.alternateTools?.go;
  if (typeof alt === 'string' && alt.trim()) return alt.trim();
  if (loc.goroot && loc.goroot.trim()) return join(loc.goroot.trim(), 'bin', process.platform === 'win32' ? 'go.exe' : 'go');
  return 'go';
}

/**
 * Runs `go args…`: GOTOOLCHAIN=local always (a go.mod `toolchain` line must never trigger a download),
 * a timeout, in `cwd`. Resolves with stdout or an error message; never throws.
 */
export function runGoCommand(
  goBin: string,
  args: string[],
  cwd: string,
  timeoutMs: number,
  /** Changes to the process environment; undefined removes a variable. */
  envChanges: Record<string, string | undefined> = {},
): Promise<{ stdout?: string; error?: string; timedOut?: boolean }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...envChanges, GOTOOLCHAIN: 'local' };
  for (const [k, v] of Object.entries(envChanges)) if (v === undefined) delete env[k];
  return new Promise((resolve) => {
    execFile(
      goBin,
      args,
      { cwd, timeout: timeoutMs, killSignal: 'SIGKILL', env, windowsHide: true, maxBuffer: 8 << 20 },
      (err, stdout, stderr) => {
        if (!err) return resolve({ stdout });
        const code = (err as NodeJS.ErrnoException).code;
        const error = err.killed
          ? `${goBin} ${args.join(' ')} timed out after ${timeoutMs} ms`
          : code === 'ENOENT'
            ? `${goBin} was not found`
            : `${goBin} ${args.join(' ')} failed: ${(String(stderr).trim() || err.message).split('\n')[0]}`;
        resolve(err.killed ? { error, timedOut: true } : { error });
      },
    );
  });
}

/** Asks `go version` which Go the workspace uses. */
export async function probeGo(goBin: string, cwd: string, timeoutMs = 5000): Promise<GoProbe> {
  const r = await runGoCommand(goBin, ['version'], cwd, timeoutMs);
  if (r.error !== undefined) return { error: r.error };
  const version = parseGoVersion(r.stdout ?? '');
  return version ? { version } : { error: `unexpected output from ${goBin} version: ${(r.stdout ?? '').trim()}` };
}

export function parseGoVersion(stdout: string): string | undefined {
  return /go version go(1\.\d+(?:\.\d+)?)/.exec(stdout)?.[1];
}

/** `go env -json` output → name → value (non-string values dropped). */
export function parseGoEnvJson(stdout: string): Record<string, string> | undefined {
  try {
    const raw = JSON.parse(stdout) as Record<string, unknown>;
    if (!raw || typeof raw !== 'object') return undefined;
    return Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return undefined;
  }
}

/** `go tool dist list -json` output → ports. */
export function parsePortsJson(stdout: string): ToolchainInfo['ports'] {
  try {
    const raw = JSON.parse(stdout) as { GOOS?: unknown; GOARCH?: unknown; CgoSupported?: unknown; FirstClass?: unknown }[];
    if (!Array.isArray(raw)) return undefined;
    const ports = raw
      .filter((p) => typeof p.GOOS === 'string' && typeof p.GOARCH === 'string')
      .map((p) => ({ goos: p.GOOS as string, goarch: p.GOARCH as string, cgo: p.CgoSupported === true, firstClass: p.FirstClass === true }));
    return ports.length ? ports : undefined;
  } catch {
    return undefined;
  }
}

/** `go version`, `go env -json` and `go tool dist list -json`, in parallel, each bounded by the timeout. */
async function askGo(goBin: string, cwd: string, timeoutMs: number, envChanges: Record<string, string | undefined>): Promise<ToolchainInfo> {
  const [version, env, dist] = await Promise.all([
    runGoCommand(goBin, ['version'], cwd, timeoutMs, envChanges),
    runGoCommand(goBin, ['env', '-json'], cwd, timeoutMs, envChanges),
    runGoCommand(goBin, ['tool', 'dist', 'list', '-json'], cwd, timeoutMs, envChanges),
  ]);
  const info: ToolchainInfo = { goBin };
  if (version.error !== undefined) return { goBin, error: version.error, ...(version.timedOut ? { timedOut: true } : {}) };
  info.version = parseGoVersion(version.stdout ?? '');
  if (!info.version) return { goBin, error: `unexpected output from ${goBin} version: ${(version.stdout ?? '').trim()}` };
  info.env = env.stdout !== undefined ? parseGoEnvJson(env.stdout) : undefined;
  info.ports = dist.stdout !== undefined ? parsePortsJson(dist.stdout) : undefined;
  const partial = [env.error, dist.error].filter(Boolean);
  if (partial.length) info.error = partial.join('; ');
  if (env.timedOut || dist.timedOut) info.timedOut = true;
  return info;
}

/**
 * What the toolchain reports, plus its installation checked on disk (XB402, XB403). A GOROOT that does
 * not exist makes every go command fail ("go: cannot find GOROOT directory"); then go is asked again
 * with its own root, so the environment and XB402 can still be shown.
 */
export async function probeToolchain(goBin: string, cwd: string, timeoutMs = 5000): Promise<ToolchainInfo> {
  // The root this go finds by itself, with neither GOROOT nor the go env file's GOROOT line.
  const ownRoot = async () => (await runGoCommand(goBin, ['env', 'GOROOT'], cwd, timeoutMs, { GOROOT: undefined, GOENV: 'off' })).stdout?.trim() || undefined;
  let info = await askGo(goBin, cwd, timeoutMs, {});
  if (!info.version && /cannot find GOROOT directory/.test(info.error ?? '')) {
    const own = await ownRoot();
    const rescued = own ? await askGo(goBin, cwd, timeoutMs, { GOROOT: own }) : undefined;
    if (rescued?.version) info = rescued;
  }
  if (!info.env || !info.version) return info;
  info.installation = await inspectInstallation({ env: info.env, release: `go${info.version}`, ownRoot });
  const root = info.installation.goroot;
  // `go tool dist` of another installation lists that one's ports, not this go's: keep the embedded table.
  if (root && (root.sameInstallation === false || (!root.hasRuntime && !root.hasGoCommand))) delete info.ports;
  return info;
}

const TIMEOUT_RETRIES = 2;

/**
 * The workspace's toolchain, asked in the background and cached: `current()` never waits (until the
 * first answer arrives, or when go cannot be run, it is undefined and the engine uses its embedded
 * knowledge); `refresh()` asks again (go.mod, go.work or the go env file changed). `onUpdate` is called
 * after each answer; `onUnavailable` once per distinct failure, so a broken go is reported once. A probe
 * in which some go command timed out is asked again, at most twice in a row.
 */
export class ToolchainService {
  private info: ToolchainInfo | undefined;
  private pending: Promise<ToolchainInfo> | undefined;
  private queued: Promise<ToolchainInfo | undefined> | undefined;
  private readonly reported = new Set<string>();
  /** Probes that timed out are asked again this many more times before the answer stands. */
  private retriesLeft = TIMEOUT_RETRIES;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly opts: {
      goBin: () => string;
      cwd: string;
      /** False in an untrusted workspace: then no process is ever spawned. */
      trusted: () => boolean;
      timeoutMs?: number;
      /** How long after a timed-out probe the next one starts (default: the timeout). */
      retryDelayMs?: number;
      onUpdate?: (info: ToolchainInfo) => void;
      onUnavailable?: (message: string) => void;
    },
  ) {}

  current(): ToolchainInfo | undefined {
    return this.info?.version ? this.info : undefined;
  }

  /**
   * Starts a probe; resolves when it is done (callers need not wait). Asked while one is running, it
   * queues one more after it (the running one may predate the change that prompted the call); further
   * calls meanwhile share that queued probe.
   */
  refresh(): Promise<ToolchainInfo | undefined> {
    if (!this.opts.trusted()) return Promise.resolve(undefined);
    if (this.pending) return (this.queued ??= this.pending.then(() => {
      this.queued = undefined;
      return this.refresh();
    }));
    clearTimeout(this.retry);
    const goBin = this.opts.goBin();
    const timeoutMs = this.opts.timeoutMs ?? 5000;
    this.pending = probeToolchain(goBin, this.opts.cwd, timeoutMs).then((info) => {
      this.pending = undefined;
      this.info = info;
      this.retryIfTimedOut(info, timeoutMs);
      if (info.error) {
        const message = info.version
          ? `xbd: ${info.error}; using the embedded port list where go could not tell`
          : `xbd: could not run go (${info.error}); using embedded knowledge only`;
        if (!this.reported.has(message)) {
          this.reported.add(message);
          this.opts.onUnavailable?.(message);
        }
      }
      this.opts.onUpdate?.(info);
      return info;
    });
    return this.pending;
  }

  /** A go that timed out at editor start is usually a busy machine, not a broken go: ask again later. */
  private retryIfTimedOut(info: ToolchainInfo, timeoutMs: number): void {
    if (!info.timedOut) {
      this.retriesLeft = TIMEOUT_RETRIES;
      return;
    }
    if (this.retriesLeft === 0) return;
    this.retriesLeft--;
    this.retry = setTimeout(() => void this.refresh(), this.opts.retryDelayMs ?? timeoutMs);
    this.retry.unref();
  }
}

/** The parts of a toolchain's answer the engine reads (Facts.goVersion, Facts.ports, Facts.installation). */
export function toolchainFacts(info: ToolchainInfo | undefined): { goVersion?: string; ports?: ToolchainInfo['ports']; installation?: GoInstallation } {
  if (!info?.version) return {};
  return { goVersion: info.version, ...(info.ports ? { ports: info.ports } : {}), ...(info.installation ? { installation: info.installation } : {}) };
}

/** Node's platform names → Go's. */
export function hostPlatform(): { goos: string; goarch: string } {
  const goos = ({ win32: 'windows', sunos: 'solaris' } as Record<string, string>)[process.platform] ?? process.platform;
  const goarch = ({ x64: 'amd64', ia32: '386', ppc64: 'ppc64le' } as Record<string, string>)[process.arch] ?? process.arch;
  return { goos, goarch };
}
