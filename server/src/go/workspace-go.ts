import { fileURLToPath } from 'node:url';
import type { Facts } from '../engine';
import { goEnvFile } from './environment';
import { resolveGoBinary, runGoCommand, toolchainFacts, ToolchainService, type GoLocation, type ToolchainInfo } from './toolchain';

/** What `go env -u` may be given: variable names only, so nothing else reaches the command line. */
const GO_ENV_NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * What the language server knows about the workspace's Go toolchain: asked in the background, never in
 * an untrusted workspace, cached, asked again when go.mod, go.work or the go env file change.
 * Diagnostics never wait for it.
 */
export class WorkspaceGo {
  private readonly service: ToolchainService | undefined;
  private goBin = 'go';
  /** The last "using goX" line logged: a re-check that finds the same go says nothing. */
  private announced: string | undefined;
  /** The last probe's failure, for the status bar (the log line itself is written once by the service). */
  private failure: string | undefined;

  constructor(
    private readonly opts: {
      /** Workspace folder path; undefined → no toolchain is run. */
      root?: string;
      trusted: () => boolean;
      /** `false` (initializationOptions.goPath) disables running go at all. */
      disabled?: boolean;
      /** xbd.goPath and the Go extension's go.goroot / go.alternateTools, read when a probe starts. */
      location: () => Promise<GoLocation>;
      log: (message: string) => void;
      /** The toolchain's answer changed: re-run diagnostics. */
      onChange: () => void;
      timeoutMs?: number;
    },
  ) {
    if (opts.root && !opts.disabled) {
      this.service = new ToolchainService({
        goBin: () => this.goBin,
        cwd: opts.root,
        trusted: opts.trusted,
        timeoutMs: opts.timeoutMs,
        onUnavailable: opts.log,
        onUpdate: (info) => {
          this.failure = info.version ? undefined : info.error;
          const line = info.version ? `xbd: using go${info.version} (${info.goBin}) for builds outside golang images${info.ports ? ', with its own port list' : ''}` : undefined;
          if (line && line !== this.announced) opts.log(line);
          this.announced = line ?? this.announced;
          opts.onChange();
        },
      });
    }
  }

  /** Asks the toolchain (again) in the background; the promise (never rejected) ends with the answer. */
  refresh(): Promise<void> {
    if (!this.service || !this.opts.trusted()) return Promise.resolve();
    return this.opts
      .location()
      .catch(() => ({}) as GoLocation)
      .then((loc) => {
        this.goBin = resolveGoBinary(loc);
        return this.service!.refresh();
      })
      .then(() => undefined);
  }

  /** Why go is not in use, when a probe failed ('go was not found', a timeout…); undefined otherwise. */
  unavailable(): string | undefined {
    return this.service && this.opts.trusted() && !this.toolchain() ? this.failure : undefined;
  }

  /** The go env file of the workspace's go (`go env GOENV`), once go has answered. */
  goEnvFile(): string | undefined {
    return goEnvFile(this.toolchain());
  }

  /**
   * Runs `go env -u NAMES` with the workspace's go (GOTOOLCHAIN=local, the timeout), then asks go again
   * so diagnostics see the new environment. Refused in an untrusted workspace: no process at all.
   */
  async unset(names: string[]): Promise<{ error?: string }> {
    if (!this.opts.trusted()) return { error: 'the workspace is not trusted: xbd runs no process in restricted mode' };
    if (!this.service || !this.opts.root) return { error: 'running go is disabled or there is no workspace folder' };
    const bad = names.filter((n) => !GO_ENV_NAME.test(n));
    if (!names.length || bad.length) return { error: `not go environment variable names: ${bad.join(' ') || '(none given)'}` };
    // The go that answered last is the one whose environment the user saw.
    const r = await runGoCommand(this.toolchain()?.goBin ?? this.goBin, ['env', '-u', ...names], this.opts.root, this.opts.timeoutMs ?? 5000);
    await this.refresh();
    return r.error !== undefined ? { error: r.error } : {};
  }

  toolchain(): ToolchainInfo | undefined {
    return this.service?.current();
  }

  facts(base: Facts): Facts {
    return { ...base, ...toolchainFacts(this.toolchain()) };
  }

  /** Watched files changed: go is asked again when go.mod, go.work or the go env file changed. */
  changed(uris: string[]): void {
    const goenv = goEnvFile(this.toolchain());
    const asksGo = uris.some((u) => /\/go\.(mod|work)$/.test(u) || (u.startsWith('file:') && goenv !== undefined && fileURLToPath(u) === goenv));
    if (asksGo) void this.refresh();
  }
}
