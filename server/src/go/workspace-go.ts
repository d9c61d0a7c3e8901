import { fileURLToPath } from 'node:url';
import type { AnalyzeOptions, DocumentKind, Facts } from '../engine';
import { goEnvFile } from './environment';
import { GoModLocator } from './module';
import { resolveGoBinary, toolchainFacts, ToolchainService, type GoLocation, type ToolchainInfo } from './toolchain';

/**
 * What the language server knows about the workspace's Go: its toolchain (asked in the background,
 * never in an untrusted workspace, cached, asked again when go.mod, go.work or the go env file change)
 * and the module of each file (go.mod text, cgo files). Diagnostics never wait for it.
 */
export class WorkspaceGo {
  private readonly mods = new GoModLocator();
  private readonly service: ToolchainService | undefined;
  private goBin = 'go';

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
          if (info.version) opts.log(`xbd: using go${info.version} (${info.goBin}) for builds outside golang images${info.ports ? ', with its own port list' : ''}`);
          opts.onChange();
        },
      });
    }
  }

  /** Asks the toolchain (again) in the background. */
  refresh(): void {
    if (!this.service || !this.opts.trusted()) return;
    void this.opts
      .location()
      .catch(() => ({}) as GoLocation)
      .then((loc) => {
        this.goBin = resolveGoBinary(loc);
        return this.service!.refresh();
      });
  }

  toolchain(): ToolchainInfo | undefined {
    return this.service?.current();
  }

  facts(base: Facts): Facts {
    return { ...base, ...toolchainFacts(this.toolchain()) };
  }

  /** goModVersion and goMod for a document (file: URIs only; a go env file belongs to no module). */
  moduleOptions(uri: string, kind: DocumentKind): Pick<AnalyzeOptions, 'goModVersion' | 'goMod'> {
    if (!uri.startsWith('file:') || kind === 'goenv' || kind === 'gomod') return {};
    const m = this.mods.moduleFor(fileURLToPath(uri));
    if (!m) return {};
    return { goModVersion: m.version, goMod: { path: m.path, text: m.text, cgoFiles: m.cgoFiles, imports: m.imports } };
  }

  /** A go.mod is being edited: forget modules (the toolchain is asked again when it is saved). */
  forgetModules(): void {
    this.mods.clear();
  }

  /** Watched files changed: forget modules; ask go again when go.mod, go.work or the go env file changed. */
  changed(uris: string[]): void {
    this.mods.clear();
    const goenv = goEnvFile(this.toolchain());
    const asksGo = uris.some((u) => /\/go\.(mod|work)$/.test(u) || (u.startsWith('file:') && goenv !== undefined && fileURLToPath(u) === goenv));
    if (asksGo) this.refresh();
  }
}
