import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultGoVersion, detectKind, planFor, type DocumentKind, type Facts, type FilePlan } from '../engine';
import { hostPlatform } from '../go/toolchain';
import { AnalysisPipeline, PLAN_KINDS, URI_IDS, type PipelineSettings } from '../pipeline';
import { readBuildFile, scanWorkspace } from './workspace-platforms';
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
  /** What the plan says about each document, as text (made on first ask after each plan). */
  private readonly filePlanKeys = new Map<string, string>();
  /**
   * The plan inputs on disk, by URI: scanned once, then kept current by the file watchers, so an edit of a
   * Makefile does not read the workspace again.
   */
  private diskInputs: Map<string, { kind: DocumentKind; text: string }> | undefined;
  /** The open documents (their texts replace the disk's in the plan). */
  openDocuments: () => { uri: string; languageId: string; text: string }[] = () => [];
  /** Called when a new plan says something else about some documents (`changed` tells which): they are analysed again. */
  onPlanChanged: (changed: (uri: string) => boolean) => void = () => {};

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
   * again after one of them changed. A document whose part changed is analysed again; the others keep theirs.
   */
  planFor(uri: string, settings: PipelineSettings): FilePlan {
    if (this.planStale || !this.planned) this.makePlan(settings);
    return planFor(this.planned!.plan.plan, uri);
  }

  /**
   * What a cached analysis of the document depends on outside its text: the generation (the workspace's Go,
   * go.mod files, settings) and the document's part of the plan. A cached analysis made under another holds no more.
   */
  stateOf(uri: string): string {
    if (!this.planned) return `${this.generation}`;
    let key = this.filePlanKeys.get(uri);
    if (key === undefined) {
      key = filePlanKey(this.planned.plan.plan, uri);
      this.filePlanKeys.set(uri, key);
    }
    return `${this.generation}:${key}`;
  }

  private makePlan(settings: PipelineSettings): void {
    this.planStale = false;
    const open = this.openDocuments();
    const openUris = new Set(open.map((d) => d.uri));
    const files = [
      ...open.flatMap((d) => {
        const kind = detectKind(d.uri, d.languageId, d.text.slice(0, 200));
        return kind && PLAN_KINDS.has(kind) ? [{ uri: d.uri, kind, text: d.text }] : [];
      }),
      ...[...this.readDiskInputs(settings)].flatMap(([uri, f]) => (openUris.has(uri) ? [] : [{ uri, ...f }])),
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
    const before = this.planned;
    this.planned = { plan, key };
    if (before === undefined || before.key === key) return;
    this.filePlanKeys.clear();
    const previous = before.plan.plan;
    this.onPlanChanged((uri) => filePlanKey(previous, uri) !== filePlanKey(plan.plan, uri));
  }

  /** The plan inputs on disk (scanned on first use; the watchers keep them current). */
  private readDiskInputs(settings: PipelineSettings): Map<string, { kind: DocumentKind; text: string }> {
    if (!this.diskInputs) {
      this.diskInputs = new Map();
      for (const f of scanWorkspace(this.session.folderPaths, [...settings.exclude], new Set())) {
        if (PLAN_KINDS.has(f.kind)) this.diskInputs.set(f.uri, { kind: f.kind, text: f.text });
      }
    }
    return this.diskInputs;
  }

  /** The whole plan of the workspace (made if needed): the target picker lists its platforms. */
  wholePlan(settings: PipelineSettings): ReturnType<AnalysisPipeline['plan']>['plan'] {
    this.planFor('', settings);
    return this.planned!.plan.plan;
  }

  /** A workflow, bake file, GoReleaser config, Makefile or script changed in the editor: the plan is made again on next use. */
  planInputChanged(uri: string, kind?: DocumentKind): boolean {
    const k = kind ?? detectKind(uri);
    if (!k || !PLAN_KINDS.has(k)) return false;
    this.planStale = true;
    return true;
  }

  /** A file changed, appeared or went away on disk: the scan's copy of it is read again. */
  planInputChangedOnDisk(uri: string): void {
    if (!this.diskInputs) return;
    const had = this.diskInputs.delete(uri);
    const read = readBuildFile(uri, this.relativePath(uri));
    const file = read && PLAN_KINDS.has(read.kind) ? read : undefined;
    if (file) this.diskInputs.set(uri, file);
    if (had || file) this.planStale = true;
  }

  /** The workspace folders or the exclude globs changed: the disk is scanned again on next use. */
  rescan(): void {
    this.diskInputs = undefined;
    this.planStale = true;
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

/** What a plan says about one file, as text. */
function filePlanKey(plan: ReturnType<AnalysisPipeline['plan']>['plan'], uri: string): string {
  const part = planFor(plan, uri);
  return JSON.stringify({ builds: part.builds.map((b) => ({ ...b, args: [...b.args] })), toolchain: part.toolchain });
}

/** What a plan says, as text: two plans with the same key give every analysis the same facts. */
function planKey(plan: ReturnType<AnalysisPipeline['plan']>['plan']): string {
  return JSON.stringify({ builds: plan.builds.map((b) => ({ ...b, args: [...b.args] })), toolchains: plan.toolchains });
}
