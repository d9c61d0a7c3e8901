// The one per-file pipeline both adapters run: a file → excluded? → over the size limit? → its Go module →
// the reader of the files it includes → analyze. The CLI feeds it files from the disk, the language server
// open documents (its worker thread gets the options the server prepared here); neither restates a step.
import { isAbsolute, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyze, buildModel, buildPlan, compileGlobs, modelOptions, planFor, type Analysis, type AnalyzeOptions, type BuildModel, type BuildPlan, type DocumentKind, type FilePlan, type Facts, type IncludeReader, type LineIndex, type RuleSetting, utf8Length } from './engine';
import { GoModLocator } from './go/module';
import { diskIncludeReader } from './workspace-files/include-reader';

/** Folders neither the CLI's walk nor the server's workspace scan enter: version control and vendored code. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['.git', '.hg', '.svn', 'node_modules', 'vendor']);

/** What the pipeline is told about a file. */
export interface PipelineFile {
  /** How findings and included files name it: a path (CLI) or a URI (server). */
  id: string;
  kind: DocumentKind;
  text: string;
  /** Its path on disk, if it has one: where its go.mod is looked for. */
  path?: string;
  /** Its path relative to the folder `exclude` globs are written against (the CLI's working directory, the workspace folder). */
  relativePath?: string;
  /** Its size in bytes when known (read from disk); else the UTF-8 length of `text`. */
  bytes?: number;
}

/** The settings the pipeline applies (the CLI's flags, the editor's `xbd.*`). */
export interface PipelineSettings {
  exclude: readonly string[];
  /** In bytes: larger files are not analysed (and not read as includes). */
  maxFileSize: number;
  rules?: Record<string, RuleSetting>;
}

/** How ids and disk paths map (the server's ids are file: URIs), and the editor's unsaved texts. */
export interface FileIds {
  toPath: (id: string) => string | undefined;
  toId: (path: string) => string;
  /** The text of a document open in the editor, newer than the disk's. */
  openText?: (id: string) => string | undefined;
}

export const PATH_IDS: FileIds = { toPath: (id) => id, toId: (path) => path };

/** The language server names files by URI; only file: URIs are on disk. */
export const URI_IDS: FileIds = {
  toPath: (uri) => (uri.startsWith('file:') ? fileURLToPath(uri) : undefined),
  toId: (path) => pathToFileURL(path).href,
};

/** The kinds of file the build plan reads. */
export const PLAN_KINDS: ReadonlySet<DocumentKind> = new Set(['workflow', 'bake', 'goreleaser', 'makefile', 'shell']);
/** Files of those kinds read for one plan at most (a monorepo's scripts are many; a plan needs few). */
export const PLAN_MAX_FILES = 500;
/** A plan input larger than this is not read for the plan (the workspace pass's bound): it would hold up the server. */
export const PLAN_MAX_BYTES = 256 * 1024;

/**
 * Whether a file can add to the plan. A Makefile or script only adds the images its `docker build` commands
 * make, so one whose text never says `docker` is not modelled for it (a 10,000-line Makefile costs seconds).
 */
function mayAddToPlan(file: PipelineFile): boolean {
  return (file.kind !== 'makefile' && file.kind !== 'shell') || file.text.includes('docker');
}

export type Prepared = { ok: true; options: AnalyzeOptions } | { ok: false; reason: 'excluded' | 'size'; message: string };

export class AnalysisPipeline {
  /** One cache of modules per adapter: clear it when a go.mod changes. */
  readonly modules = new GoModLocator();
  /**
   * The plan pass's models by file id, reused while the file's text and model options stay the same: the
   * server makes its plan again after each edit of an input, and then models only the edited file. A model
   * that read other files (an included Makefile, a sourced script) is made again each time.
   */
  private readonly planModels = new Map<string, { text: string; kind: DocumentKind; options: string; built: { model: BuildModel; lines: LineIndex } }>();

  constructor(private readonly ids: FileIds = PATH_IDS) {}

  /** Every step before analyze: whether the file is analysed, and with which options. */
  prepare(file: PipelineFile, settings: PipelineSettings, facts: Facts, log: (message: string) => void): Prepared {
    if (settings.exclude.length && file.relativePath !== undefined && compileGlobs([...settings.exclude])(file.relativePath)) {
      return { ok: false, reason: 'excluded', message: 'excluded by an exclude glob; not analysed' };
    }
    const bytes = file.bytes ?? utf8Length(file.text);
    if (bytes > settings.maxFileSize) return { ok: false, reason: 'size', message: `larger than ${settings.maxFileSize} bytes (${bytes}); not analysed` };
    return { ok: true, options: { facts, ...this.moduleOf(file, log), rules: settings.rules, log, readInclude: includeReaderFor(file.kind, settings.maxFileSize, this.ids, log) } };
  }

  /**
   * The build plan of a set of files (the CLI's checked files, the server's workspace): one pass that builds
   * the models of the files that can build images or pick a Go (workflows, bake, GoReleaser, Makefiles,
   * scripts), read with the same options as their analysis, so `analyze` reuses them. At most `maxFiles`
   * of them are read (a log line says when the rest is not).
   */
  plan(files: PipelineFile[], root: string, settings: PipelineSettings, facts: Facts, log: (message: string) => void, maxFiles = PLAN_MAX_FILES): { plan: BuildPlan; models: Map<string, { model: BuildModel; lines: LineIndex; goVersion: string }> } {
    const models = new Map<string, { model: BuildModel; lines: LineIndex; goVersion: string }>();
    const large = files.filter((f) => PLAN_KINDS.has(f.kind) && utf8Length(f.text) > PLAN_MAX_BYTES);
    for (const f of large) log(`xbd: build plan: ${f.relativePath ?? f.id} is over ${PLAN_MAX_BYTES / 1024} KB and not read for the plan`);
    const inputs = files.filter((f) => PLAN_KINDS.has(f.kind) && mayAddToPlan(f) && !large.includes(f));
    if (inputs.length > maxFiles) log(`xbd: build plan: read ${maxFiles} of ${inputs.length} workflow, bake, GoReleaser, Makefile and script files; the others do not count`);
    const goMods = new Map<string, string>();
    for (const file of files) {
      if (file.path === undefined || file.kind === 'goenv') continue;
      try {
        const m = this.modules.moduleFor(file.path, { scan: false });
        // Named as the files are: a CLI given relative paths gets a relative go.mod.
        if (m) goMods.set(isAbsolute(file.id) || file.id.includes(':') ? this.ids.toId(m.path) : relative(process.cwd(), m.path) || 'go.mod', m.text);
      } catch {
        // its go.mod cannot be read: the file's own analysis says so
      }
    }
    for (const file of inputs.slice(0, maxFiles)) {
      const prepared = this.prepare(file, settings, facts, () => {});
      if (!prepared.ok) continue;
      try {
        // The model's log lines (a YAML error, a spent budget) are said here, once: analyze reuses the model.
        const options = { ...modelOptions(prepared.options), log };
        const goVersion = JSON.stringify(options.goVersion);
        const key = `${goVersion}|${JSON.stringify(options.host)}`;
        const cached = this.planModels.get(file.id);
        const built = cached && cached.text === file.text && cached.kind === file.kind && cached.options === key ? cached.built : buildModel({ path: file.id, kind: file.kind, text: file.text }, options);
        if (!built.model.included?.length) this.planModels.set(file.id, { text: file.text, kind: file.kind, options: key, built });
        else this.planModels.delete(file.id);
        models.set(file.id, { ...built, goVersion });
      } catch {
        // analyze reports what cannot be read when the file is analysed
      }
    }
    for (const id of this.planModels.keys()) if (!models.has(id)) this.planModels.delete(id);
    const plan = buildPlan({ root, models: [...models.values()].map((m) => m.model), goMods: [...goMods].map(([file, text]) => ({ file, text })), host: facts.host });
    return { plan, models };
  }

  /** prepare with the plan's facts for the file, reusing its model from the plan's pass when its options did not change. */
  prepareWithPlan(file: PipelineFile, settings: PipelineSettings, facts: Facts, log: (message: string) => void, planned: ReturnType<AnalysisPipeline['plan']>): Prepared {
    const prepared = this.prepare(file, settings, facts, log);
    if (!prepared.ok) return prepared;
    const options: AnalyzeOptions = { ...prepared.options, plan: planFor(planned.plan, file.id) };
    const pre = planned.models.get(file.id);
    if (pre && pre.lines.text === file.text && pre.goVersion === JSON.stringify(modelOptions(options).goVersion)) options.prebuilt = { model: pre.model, lines: pre.lines };
    return { ok: true, options };
  }

  /** prepare, then analyze: the analysis, or why there is none. */
  run(file: PipelineFile, settings: PipelineSettings, facts: Facts, log: (message: string) => void, plan?: FilePlan): { ok: true; analysis: Analysis; options: AnalyzeOptions } | Extract<Prepared, { ok: false }> {
    const prepared = this.prepare(file, settings, facts, log);
    if (!prepared.ok) return prepared;
    const options = plan ? { ...prepared.options, plan } : prepared.options;
    return { ok: true, analysis: analyze({ path: file.id, kind: file.kind, text: file.text }, options), options };
  }

  /** The go.mod version and module facts of a file on disk (a go env file belongs to no module). */
  private moduleOf(file: PipelineFile, log: (message: string) => void): Pick<AnalyzeOptions, 'goModVersion' | 'goMod'> {
    if (file.path === undefined || file.kind === 'goenv' || file.kind === 'gomod') return {};
    try {
      const m = this.modules.moduleFor(file.path);
      return m ? { goModVersion: m.version, goMod: { path: m.path, text: m.text, cgoFiles: m.cgoFiles, imports: m.imports } } : {};
    } catch (err) {
      log(`xbd: ${file.id}: could not read its go.mod (${err instanceof Error ? err.message : String(err)}); analysed without it`);
      return {};
    }
  }
}

/**
 * Makefiles read the files they include, Dockerfiles the Makefile a `RUN make` runs, and workflows, Makefiles and
 * scripts the build files they run (follow/): from the disk, or from the editor when open (unsaved edits count).
 * Files over the size limit are not read, so what they build is unknown.
 */
export function includeReaderFor(kind: DocumentKind, maxFileSize: number, ids: FileIds, log?: (message: string) => void): IncludeReader | undefined {
  if (kind !== 'makefile' && kind !== 'dockerfile' && kind !== 'workflow' && kind !== 'shell') return undefined;
  const told = new Set<string>();
  const tooLarge = (id: string, bytes: number) => {
    if (told.has(id)) return;
    told.add(id);
    log?.(`xbd: ${id}: not followed: larger than ${maxFileSize} bytes (${bytes}); what it builds is unknown`);
  };
  return diskIncludeReader({ maxFileSize, toPath: ids.toPath, toId: ids.toId, openText: ids.openText, tooLarge });
}
