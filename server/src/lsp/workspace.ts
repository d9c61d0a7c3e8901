import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultGoVersion, detectKind, planFor, type DocumentKind, type Facts, type FilePlan } from '../engine';
import { hostPlatform } from '../go/toolchain';
import { AnalysisPipeline, PLAN_KINDS, URI_IDS, type PipelineSettings } from '../pipeline';
import { scanWorkspace } from './workspace-platforms';
import type { WorkspaceGo } from '../go/workspace-go';
import type { ClientSession } from './session';

/**
 * What analyses know beyond a document's text: the host, the workspace's Go (once started) and the
 * modules (the pipeline's one cache of go.mod files). `generation` moves whenever any of it changes, so
 * cached analyses are redone.
 */
export class Workspace {
  readonly facts: Facts = { host: hostPlatform() };
  /** The per-file pipeline the CLI runs too; included files come from the editor when open. */
  readonly pipeline: AnalysisPipeline;
  go: WorkspaceGo | undefined;
  /** Bumped when anything outside a document changes (the workspace's Go, a go.mod, the build plan). */
  generation = 0;
  /** The workspace's build plan, and a key of what it says (a new plan that says the same keeps the analyses). */
  private planned: { plan: ReturnType<AnalysisPipeline['plan']>; key: string } | undefined;
  private planStale = true;
  /** The open documents (their texts replace the disk's in the plan). */
  openDocuments: () => { uri: string; languageId: string; text: string }[] = () => [];
  /** Called when a new plan says something else: open documents and the workspace pass are redone. */
  onPlanChanged: () => void = () => {};

  constructor(
    private readonly session: ClientSession,
    openText: (uri: string) => string | undefined,
    private readonly log: (message: string) => void = () => {},
  ) {
    this.pipeline = new AnalysisPipeline({ ...URI_IDS, openText });
  }

  /**
   * A document's part of the workspace's build plan: made from the workspace folders' workflows, bake files,
   * GoReleaser configs, Makefiles and scripts (open documents over the disk; bounded like the workspace pass),
   * again after one of them changed. When what the plan says changed, every cached analysis is stale.
   */
  planFor(uri: string, settings: PipelineSettings): FilePlan {
    if (this.planStale || !this.planned) {
      this.planStale = false;
      const open = this.openDocuments();
      const openUris = new Set(open.map((d) => d.uri));
      const files = [
        ...open.flatMap((d) => {
          const kind = detectKind(d.uri, d.languageId, d.text.slice(0, 200));
          return kind && PLAN_KINDS.has(kind) ? [{ uri: d.uri, kind, text: d.text }] : [];
        }),
        ...scanWorkspace(this.session.folderPaths, [...settings.exclude], openUris).filter((f) => PLAN_KINDS.has(f.kind)),
      ];
      const root = this.session.rootPath ? pathToFileURL(this.session.rootPath).href : '';
      const logged: string[] = [];
      const plan = this.pipeline.plan(
        files.map((f) => ({ id: f.uri, kind: f.kind, text: f.text, path: URI_IDS.toPath(f.uri), relativePath: this.relativePath(f.uri) })),
        root,
        settings,
        this.known(),
        (m) => logged.push(m),
      );
      for (const m of logged.filter((l) => l.startsWith('xbd: build plan:'))) this.log(m);
      const key = planKey(plan.plan);
      const changed = this.planned !== undefined && this.planned.key !== key;
      this.planned = { plan, key };
      if (changed) {
        this.generation++;
        this.onPlanChanged();
      }
    }
    return planFor(this.planned.plan.plan, uri);
  }

  /** The whole plan of the workspace (made if needed): the target picker lists its platforms. */
  wholePlan(settings: PipelineSettings): ReturnType<AnalysisPipeline['plan']>['plan'] {
    this.planFor('', settings);
    return this.planned!.plan.plan;
  }

  /** A workflow, bake file, GoReleaser config, Makefile or script changed: the plan is made again on next use. */
  planInputChanged(uri: string, kind?: DocumentKind): boolean {
    const k = kind ?? detectKind(uri);
    if (!k || !PLAN_KINDS.has(k)) return false;
    this.planStale = true;
    return true;
  }

  /** Every cached analysis is stale. */
  changed(): void {
    this.generation++;
  }

  /**
   * go.mod, go.work or .go files changed on disk or in the editor: a go.mod or go.work forgets the modules,
   * else each .go file is read again into its module (a full re-scan of a big module is slow).
   */
  modulesChanged(uris: string[]): void {
    if (uris.some((u) => /\/go\.(mod|work)$/.test(u))) this.pipeline.modules.clear();
    else for (const u of uris) if (u.startsWith('file:') && u.endsWith('.go')) this.pipeline.modules.goFileChanged(fileURLToPath(u));
    this.changed();
  }

  /** The host and, once known, the workspace go's facts (no target). */
  known(): Facts {
    return this.go ? this.go.facts(this.facts) : this.facts;
  }

  moduleGoVersion(uri: string): string | undefined {
    return uri.startsWith('file:') ? this.pipeline.modules.versionFor(fileURLToPath(uri)) : undefined;
  }

  /** Facts without a target, and the Go version builds outside golang images assume (workspace go, go.mod, newest). */
  defaults(): { known: Facts; goVersion: ReturnType<typeof defaultGoVersion> } {
    const known = this.known();
    const root = this.session.rootPath;
    const modVersion = root ? this.moduleGoVersion(pathToFileURL(join(root, 'Dockerfile')).href) : undefined;
    return { known, goVersion: defaultGoVersion(known, modVersion) };
  }

  /** The document's path relative to the workspace folder that holds it (for `xbd.exclude`), if any. */
  relativePath(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    const path = fileURLToPath(uri);
    for (const folder of this.session.folderPaths) {
      const rel = relative(folder, path);
      if (rel && !rel.startsWith('..') && !rel.startsWith('/')) return rel;
    }
    return undefined;
  }

  /** The go env file at the path `go env GOENV` names is one, whatever its name. */
  isGoEnvFile(uri: string): boolean {
    const goenv = this.go?.goEnvFile();
    return goenv !== undefined && uri.startsWith('file:') && fileURLToPath(uri) === goenv;
  }

  goEnvKind(uri: string): DocumentKind | undefined {
    return this.isGoEnvFile(uri) ? 'goenv' : undefined;
  }

  /** Why the workspace's go is not in use, said in the view and the status bar (the log says it once). */
  goNotice(version: string): string | undefined {
    if (!this.session.trusted) return `Restricted mode: go is not run; using built-in Go ${version} tables`;
    const why = this.go?.unavailable();
    if (!why) return undefined;
    return `${/ was not found$/.test(why) ? 'go not found' : `go could not be run (${why})`} — using built-in Go ${version} tables`;
  }
}

/** What a plan says, as text: two plans with the same key give every analysis the same facts. */
function planKey(plan: ReturnType<AnalysisPipeline['plan']>['plan']): string {
  return JSON.stringify({ builds: plan.builds.map((b) => ({ ...b, args: [...b.args] })), toolchains: plan.toolchains });
}
