import { readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type Disposable,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, compileGlobs, findingsAfterCommentEdit, defaultGoVersion, describeTarget, detectKind, portList, RULES, type Analysis, type DocumentKind, type Facts } from '../engine';
import { environmentFindings, goEnvFile } from '../go/environment';
import { environmentView, isEnvironmentView, unsetKeysOf, type EnvironmentView } from '../go/environment-view';
import { GoModLocator } from '../go/module';
import { hostPlatform } from '../go/toolchain';
import { WorkspaceGo } from '../go/workspace-go';
import { diskIncludeReader } from '../workspace-files/include-reader';
import { sameRange, toCodeActions, toDiagnostic, type DiagnosticData } from './convert';
import { DEFAULT_SETTINGS, GO_ENVIRONMENT_CHANGED, GO_ENVIRONMENT_REQUEST, GO_ENVIRONMENT_SCHEME, normalizeSettings, parseTarget, SERVER_COMMANDS, TARGET_INFO_REQUEST, VERSION, WORKSPACE_PLATFORMS_REQUEST, type GoEnvironmentResult, type Settings, type TargetInfo, type WorkspacePlatforms } from '../contract';
import { openDocs, openDocsAction, suppressionActions } from './suppress-actions';
import { hoverFor } from './hover';
import { inlayHintsFor } from './inlay-hints';
import {
  allUnsetKeys,
  goEnvUnsetTitle,
  parseUnsetArgs,
  unsetActions,
  viewDiagnostics,
  type EnvDiagnosticData,
} from './go-environment';
import { fileWatchers } from './watchers';
import {
  emulatedArches,
  groupUses,
  scanWorkspace,
  usesOf,
} from './workspace-platforms';

/** What the client may pass in `initializationOptions`. */
interface InitOptions {
  /** False in an untrusted (restricted) workspace: then no process is ever spawned. */
  trusted?: boolean;
  /** Overrides the debounce for every document (tests and benchmarks use 0). */
  debounceMs?: number;
  /** The go binary to ask for its version; `false` disables running go at all. */
  goPath?: string | false;
}

interface Cached {
  version: number;
  settings: Settings;
  generation: number;
  /** The facts the analysis used (the picked target included). */
  facts: Facts;
  analysis: Analysis;
  /** The text analysed, so the next version can tell a comment-only edit. */
  text: string;
  /** False when the findings were carried over from the previous version without a parse (no model). */
  complete: boolean;
}

/** Wires LSP requests to the engine. Holds only caches; every verdict comes from `analyze`. */
export function startServer(connection: Connection, parserReady: Promise<void>): void {
  const documents = new TextDocuments(TextDocument);
  /** The last analysis per document: diagnostics, code actions, hovers and inlay hints share it (one parse per version). */
  const analyses = new Map<string, Cached>();
  /** Bumped when anything outside a document changes (the workspace's Go, a go.mod), so cached analyses are redone. */
  let factsGeneration = 0;
  const timers = new Map<string, NodeJS.Timeout>();
  const settingsCache = new Map<string, Promise<Settings>>();
  const goMods = new GoModLocator();
  const facts: Facts = { host: hostPlatform() };
  let workspaceGo: WorkspaceGo | undefined;
  let init: InitOptions = {};
  let canPullConfiguration = false;
  let rootPath: string | undefined;
  let folderPaths: string[] = [];
  let canShowDocument = false;
  let canRefreshInlayHints = false;
  let canWatchFiles = false;
  let relativePatterns = false;
  /** The watchers registered with the client, and the go env file they include. */
  let watching: { goenv: string | undefined; registration: Promise<Disposable | undefined> } | undefined;

  const log = (message: string) => connection.console.log(message);

  connection.onInitialize((params): InitializeResult => {
    init = (params.initializationOptions ?? {}) as InitOptions;
    canPullConfiguration = Boolean(params.capabilities.workspace?.configuration);
    const root = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    rootPath = root?.startsWith('file:') ? fileURLToPath(root) : undefined;
    folderPaths = (params.workspaceFolders ?? []).map((f) => f.uri).filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
    if (!folderPaths.length && rootPath) folderPaths = [rootPath];
    canShowDocument = Boolean(params.capabilities.window?.showDocument?.support);
    canRefreshInlayHints = Boolean(params.capabilities.workspace?.inlayHint?.refreshSupport);
    canWatchFiles = Boolean(params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration);
    relativePatterns = Boolean(params.capabilities.workspace?.didChangeWatchedFiles?.relativePatternSupport);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        executeCommandProvider: { commands: [SERVER_COMMANDS.openDocs, SERVER_COMMANDS.goEnvUnset] },
        hoverProvider: true,
        inlayHintProvider: true,
      },
      serverInfo: { name: 'xbd', version: VERSION },
    };
  });

  connection.onInitialized(() => {
    if (canPullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
    }
    // Learning the workspace's Go never delays diagnostics: they run on embedded knowledge until it arrives.
    workspaceGo = new WorkspaceGo({
      root: rootPath,
      trusted: () => init.trusted !== false,
      disabled: init.goPath === false,
      location: async () => {
        if (typeof init.goPath === 'string' && init.goPath) return { goPath: init.goPath };
        if (!canPullConfiguration) return {};
        const [xbd, go] = (await connection.workspace.getConfiguration([{ section: 'xbd' }, { section: 'go' }])) as [{ goPath?: string }?, { goroot?: string; alternateTools?: Record<string, unknown> }?];
        return { goPath: xbd?.goPath, goroot: go?.goroot, alternateTools: go?.alternateTools };
      },
      log,
      onChange: () => {
        factsGeneration++;
        for (const doc of documents.all()) schedule(doc.uri, 0);
        watchFiles();
        // The client refetches the view's text and the status bar's tooltip, and learns where the go env
        // file is (GOENV may name any path: the client gives that file the goenv language).
        void connection.sendNotification(GO_ENVIRONMENT_CHANGED, { goenv: workspaceGo?.goEnvFile() }).catch(() => undefined);
      },
    });
    watchFiles();
    void workspaceGo.refresh();
  });

  /** (Re-)registers the file watchers when the go env file they name is not the current one. */
  function watchFiles(): void {
    if (!canWatchFiles) return;
    const goenv = workspaceGo?.goEnvFile();
    if (watching && watching.goenv === goenv) return;
    const previous = watching?.registration;
    const registration = connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: fileWatchers(goenv, relativePatterns) })
      .catch((err) => {
        log(`xbd: the client did not accept file watchers: ${String(err)}`);
        return undefined;
      });
    watching = { goenv, registration };
    void previous?.then((d) => d?.dispose());
  }

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    for (const doc of documents.all()) schedule(doc.uri, 0);
    // xbd.inlayHints or xbd.target may have changed: ask the client to pull hints again.
    if (canRefreshInlayHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
  });

  connection.onDidChangeWatchedFiles((params) => {
    // go.mod, go.work, .go files and the go env file concern every document; anything else is a file a
    // Makefile includes: redo only the Makefiles that read it.
    const goFiles = params.changes.map((c) => c.uri).filter((u) => /\/go\.(mod|work)$/.test(u) || u.endsWith('.go') || isGoEnvFile(u));
    for (const c of params.changes) if (!goFiles.includes(c.uri)) reanalyseIncluders(c.uri, 0);
    if (!goFiles.length) return;
    // goMods reads go.mod versions only.
    if (goFiles.some((u) => /\/go\.(mod|work)$/.test(u))) goMods.clear();
    workspaceGo?.changed(goFiles);
    factsGeneration++;
    for (const doc of documents.all()) schedule(doc.uri, 0);
  });

  function settingsFor(uri: string): Promise<Settings> {
    if (!canPullConfiguration) return Promise.resolve(DEFAULT_SETTINGS);
    let s = settingsCache.get(uri);
    if (!s) {
      s = connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'xbd' })
        .then(normalizeSettings, () => DEFAULT_SETTINGS);
      settingsCache.set(uri, s);
    }
    return s;
  }

  function moduleGoVersion(uri: string): string | undefined {
    return uri.startsWith('file:') ? goMods.versionFor(fileURLToPath(uri)) : undefined;
  }

  function schedule(uri: string, delay?: number): void {
    clearTimeout(timers.get(uri));
    void settingsFor(uri).then((settings) => {
      const wait = delay ?? init.debounceMs ?? settings.debounceMs;
      clearTimeout(timers.get(uri));
      const run = () => {
        timers.delete(uri);
        void parserReady.then(
          () => validate(uri, settings),
          (err) => connection.console.error(`xbd: the shell parser did not load, no analysis: ${String(err)}`),
        );
      };
      // A zero delay runs now: setTimeout(…, 0) would still wait at least a millisecond.
      if (wait <= 0) run();
      else timers.set(uri, setTimeout(run, wait));
    });
  }

  function validate(uri: string, settings: Settings): void {
    const doc = documents.get(uri);
    if (!doc) return;
    try {
      if (isEnvironmentView(uri)) {
        const view = goEnvironmentView(uri, settings);
        void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: viewDiagnostics(view, doc.version) });
        return;
      }
      const { analysis } = analysisOf(doc, settings, { findingsOnly: true });
      void connection.sendDiagnostics({
        uri,
        version: doc.version,
        diagnostics: analysis.findings.map((f) => toDiagnostic(f, doc.version)),
      });
    } catch (err) {
      // analyze() does not throw; this guards the adapter itself.
      connection.console.error(`xbd: validating ${uri} failed: ${err instanceof Error ? err.stack : String(err)}`);
    }
  }

  /** The document's path relative to the workspace folder that holds it (for `xbd.exclude`), if any. */
  function workspaceRelative(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    const path = fileURLToPath(uri);
    for (const folder of folderPaths) {
      const rel = relative(folder, path);
      if (rel && !rel.startsWith('..') && !rel.startsWith('/')) return rel;
    }
    return undefined;
  }

  function kindOf(doc: TextDocument): DocumentKind | undefined {
    return detectKind(doc.uri, doc.languageId, doc.getText({ start: { line: 0, character: 0 }, end: { line: 3, character: 0 } }).slice(0, 200)) ?? goEnvKind(doc.uri);
  }

  /** The go env file at the path `go env GOENV` names is one, whatever its name. */
  function isGoEnvFile(uri: string): boolean {
    const goenv = workspaceGo?.goEnvFile();
    return goenv !== undefined && uri.startsWith('file:') && fileURLToPath(uri) === goenv;
  }

  function goEnvKind(uri: string): DocumentKind | undefined {
    return isGoEnvFile(uri) ? 'goenv' : undefined;
  }

  /**
   * The analysis of the document's current version with these settings: from the cache, or made now and
   * cached. Diagnostics need only the findings, which a comment-only edit of a Dockerfile carries over
   * without a parse; features that read the model get a complete analysis.
   */
  function analysisOf(doc: TextDocument, settings: Settings, need: { findingsOnly?: boolean } = {}): Cached {
    const cached = analyses.get(doc.uri);
    const same = cached && cached.settings === settings && cached.generation === factsGeneration;
    if (same && cached.version === doc.version && (cached.complete || need.findingsOnly)) return cached;
    const text = doc.getText();
    if (same && need.findingsOnly && kindOf(doc) === 'dockerfile' && Math.max(text.length, cached.text.length) <= settings.maxFileSize) {
      const findings = findingsAfterCommentEdit({ text: cached.text, findings: cached.analysis.findings }, text);
      if (findings) {
        const carried: Cached = { ...cached, version: doc.version, text, complete: false, analysis: { findings } };
        analyses.set(doc.uri, carried);
        return carried;
      }
    }
    const target = parseTarget(settings.target);
    const known = workspaceGo ? workspaceGo.facts(facts) : facts;
    const effective: Facts = target ? { ...known, target } : { ...known };
    const fresh: Cached = { version: doc.version, settings, generation: factsGeneration, facts: effective, text, complete: true, analysis: analyzeDocument(doc, text, settings, effective) };
    analyses.set(doc.uri, fresh);
    return fresh;
  }

  /** analysisOf for request handlers: waits for the parser and the document's settings. */
  async function currentAnalysis(doc: TextDocument): Promise<Cached> {
    await parserReady;
    return analysisOf(doc, await settingsFor(doc.uri));
  }

  function analyzeDocument(doc: TextDocument, text: string, settings: Settings, effective: Facts): Analysis {
    const kind = detectKind(doc.uri, doc.languageId, text.slice(0, 200)) ?? goEnvKind(doc.uri);
    if (!kind || isEnvironmentView(doc.uri)) return { findings: [] };
    const rel = settings.exclude.length ? workspaceRelative(doc.uri) : undefined;
    if (rel !== undefined && compileGlobs(settings.exclude)(rel)) return { findings: [] };
    if (text.length > settings.maxFileSize) {
      log(`xbd: ${doc.uri} has ${text.length} characters, over xbd.maxFileSize (${settings.maxFileSize}); not analysed`);
      return { findings: [] };
    }
    const module = workspaceGo?.moduleOptions(doc.uri, kind) ?? { goModVersion: moduleGoVersion(doc.uri) };
    const readInclude = kind === 'makefile' ? includeReader(settings) : undefined;
    return analyze({ path: doc.uri, kind, text }, { facts: effective, ...module, rules: settings.rules, log, readInclude });
  }

  /** Included Makefiles come from the editor when open (unsaved edits count), else from the disk. */
  function includeReader(settings: Settings) {
    return diskIncludeReader({
      maxFileSize: settings.maxFileSize,
      toPath: (uri) => (uri.startsWith('file:') ? fileURLToPath(uri) : undefined),
      toId: (path) => pathToFileURL(path).href,
      openText: (uri) => documents.get(uri)?.getText(),
    });
  }

  /** Drops the cached analyses of the Makefiles that included `uri` and analyses them again (after `delay`, default: the debounce). */
  function reanalyseIncluders(uri: string, delay?: number): void {
    for (const [other, cached] of analyses) {
      if (other === uri || !cached.analysis.model?.included?.includes(uri)) continue;
      analyses.delete(other);
      schedule(other, delay);
    }
  }

  // TextDocuments reports an open as a content change too: an open is analysed at once, edits after the debounce.
  const justOpened = new Set<string>();
  documents.onDidOpen((e) => justOpened.add(e.document.uri));
  documents.onDidChangeContent((e) => {
    if (e.document.uri.endsWith('/go.mod')) {
      goMods.clear();
      workspaceGo?.forgetModules();
      factsGeneration++;
    }
    const opened = justOpened.delete(e.document.uri);
    schedule(e.document.uri, opened ? 0 : undefined);
    reanalyseIncluders(e.document.uri);
  });
  documents.onDidClose((e) => {
    justOpened.delete(e.document.uri);
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    analyses.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    // Its unsaved text no longer counts: the includers read the disk again.
    reanalyseIncluders(e.document.uri, 0);
  });

  connection.onCodeAction(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    if (isEnvironmentView(doc.uri)) return viewCodeActions(doc.uri, params.context.diagnostics);
    const actions: CodeAction[] = [];
    let current: Cached | undefined;
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== 'xbd') continue;
      const data = diagnostic.data as DiagnosticData | undefined;
      const kind = kindOf(doc);
      if (data && data.version === doc.version) {
        actions.push(...toCodeActions(diagnostic, data.fixes));
        if (kind) actions.push(...suppressionActions(diagnostic, doc.uri, doc.getText(), kind, diagnostic.range.start.line));
        continue;
      }
      // The text moved on since the diagnostic was made: recompute the fixes from the current text.
      current ??= await currentAnalysis(doc);
      const match = current.analysis.findings.find((f) => f.code === diagnostic.code && sameRange(f.range, diagnostic.range));
      if (match) actions.push(...toCodeActions(diagnostic, match.fixes));
      if (match && kind) actions.push(...suppressionActions(diagnostic, doc.uri, doc.getText(), kind, match.range.start.line));
    }
    if (isGoEnvFile(doc.uri)) actions.push(...(await goEnvFileActions(doc, params.context.diagnostics)));
    return actions;
  });

  // ---- the go environment: "Show Go environment" view and `go env -u` ---------------------------

  /** The view of `go env` with the environment's findings on their lines (settings of the workspace folder). */
  function goEnvironmentView(uri: string, settings: Settings): EnvironmentView {
    const info = workspaceGo?.toolchain();
    const goenv = goEnvFile(info);
    const { known, goVersion } = workspaceFacts();
    const { findings } = environmentFindings(info, { facts: known, rules: settings.rules, log });
    return environmentView({ uri, info, goenv, goenvText: goenv ? readSmallFile(goenv) : undefined, findings, notice: goNotice(goVersion.version) });
  }

  async function rootSettings(): Promise<Settings> {
    return rootPath ? settingsFor(pathToFileURL(rootPath).href) : DEFAULT_SETTINGS;
  }

  /** Why the workspace's go is not in use, said in the view and the status bar (the log says it once). */
  function goNotice(version: string): string | undefined {
    if (init.trusted === false) return `Restricted mode: go is not run; using built-in Go ${version} tables`;
    const why = workspaceGo?.unavailable();
    if (!why) return undefined;
    return `${/ was not found$/.test(why) ? 'go not found' : `go could not be run (${why})`} — using built-in Go ${version} tables`;
  }

  /** On the read-only view: `go env -u` and the documentation, no edits. */
  async function viewCodeActions(uri: string, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    const all = allUnsetKeys(goEnvironmentView(uri, await rootSettings()));
    const actions: CodeAction[] = [];
    for (const d of diagnostics) {
      if (d.source !== 'xbd') continue;
      const data = d.data as EnvDiagnosticData | undefined;
      actions.push(...unsetActions(d, data?.unset ?? [], all, data?.goenv));
      actions.push(...openDocsAction(d));
    }
    return actions;
  }

  /** In the go env file itself: `go env -u` for the keys a finding's own fix would delete. */
  async function goEnvFileActions(doc: TextDocument, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    const text = doc.getText();
    const { analysis } = await currentAnalysis(doc);
    const all = [...new Set(analysis.findings.flatMap((f) => unsetKeysOf(f, doc.uri, text)))];
    const goenv = workspaceGo?.goEnvFile();
    const actions: CodeAction[] = [];
    for (const d of diagnostics) {
      const data = d.data as DiagnosticData | undefined;
      const match = analysis.findings.find((f) => f.code === d.code && sameRange(f.range, d.range));
      const fixes = match?.fixes ?? (data?.version === doc.version ? data.fixes : []);
      const keys = unsetKeysOf({ file: doc.uri, range: d.range, code: String(d.code), severity: 'warning', message: typeof d.message === 'string' ? d.message : d.message.value, fixes }, doc.uri, text);
      actions.push(...unsetActions(d, keys, all, goenv));
    }
    return actions;
  }

  connection.onRequest(GO_ENVIRONMENT_REQUEST, async (params: { uri?: string } | undefined): Promise<GoEnvironmentResult> => {
    await parserReady;
    const uri = params?.uri && isEnvironmentView(params.uri) ? params.uri : ENV_VIEW_DEFAULT_URI;
    const view = goEnvironmentView(uri, await rootSettings());
    return { uri, text: view.text, goenv: view.goenv, diagnostics: viewDiagnostics(view, documents.get(uri)?.version ?? 0), unset: allUnsetKeys(view) };
  });

  /** `xbd.goEnvUnset`: never in an untrusted workspace; asks the user unless the client already did. */
  async function goEnvUnset(raw: unknown[] | undefined): Promise<{ unset?: string[]; error?: string }> {
    const args = parseUnsetArgs(raw);
    if (!args) return { error: `${SERVER_COMMANDS.goEnvUnset} expects [{ names: string[] }]` };
    if (init.trusted === false || !workspaceGo) {
      const error = 'go env -u refused: the workspace is not trusted, so xbd runs no process';
      log(`xbd: ${error}`);
      return { error };
    }
    if (!args.confirmed) {
      const goenv = workspaceGo.goEnvFile() ?? 'the go env file';
      const answer = await connection.window.showWarningMessage(`${goEnvUnsetTitle(args.names)}? This edits ${goenv}`, { title: 'Run' }, { title: 'Cancel' }).catch(() => undefined);
      if (answer?.title !== 'Run') return { error: 'cancelled' };
    }
    const result = await workspaceGo.unset(args.names);
    log(`xbd: go env -u ${args.names.join(' ')}: ${result.error ?? 'done'}`);
    return result.error !== undefined ? { error: result.error } : { unset: args.names };
  }

  connection.onHover(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const { analysis, facts: used } = await currentAnalysis(doc);
    return hoverFor(analysis, params.position, used);
  });

  connection.languages.inlayHint.on(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const { analysis, facts: used, settings } = await currentAnalysis(doc);
    return settings.inlayHints ? inlayHintsFor(analysis, params.range, used) : [];
  });

  // ---- the target picker (client/src/target): lists and tooltip --------------------------------

  /** Facts without a target, and the Go version builds outside golang images assume (workspace go, go.mod, newest). */
  function workspaceFacts(): { known: Facts; goVersion: ReturnType<typeof defaultGoVersion> } {
    const known = workspaceGo ? workspaceGo.facts(facts) : facts;
    const modVersion = rootPath ? moduleGoVersion(pathToFileURL(join(rootPath, 'Dockerfile')).href) : undefined;
    return { known, goVersion: defaultGoVersion(known, modVersion) };
  }

  connection.onRequest(WORKSPACE_PLATFORMS_REQUEST, async (): Promise<WorkspacePlatforms> => {
    await parserReady;
    const { known, goVersion } = workspaceFacts();
    const uses = [];
    for (const doc of documents.all()) uses.push(...usesOf(doc.uri, (await currentAnalysis(doc)).analysis));
    const rootSettings = rootPath ? await settingsFor(pathToFileURL(rootPath).href) : DEFAULT_SETTINGS;
    const open = new Set(documents.all().map((d) => d.uri));
    const rulesOff = Object.fromEntries(RULES.map((r) => [r.code, 'off' as const]));
    for (const file of scanWorkspace(folderPaths, rootSettings.exclude, open)) {
      uses.push(...usesOf(file.uri, analyze({ path: file.uri, kind: file.kind, text: file.text }, { facts: known, rules: rulesOff })));
    }
    return {
      host: `${known.host.goos}/${known.host.goarch}`,
      goVersion: goVersion.version,
      goVersionBecause: goVersion.because,
      used: groupUses(uses),
      ports: portList(known, goVersion.version),
    };
  });

  connection.onRequest(TARGET_INFO_REQUEST, (params: { target?: string } | undefined): TargetInfo => {
    const { known, goVersion } = workspaceFacts();
    const notice = goNotice(goVersion.version);
    return { ...describeTarget(parseTarget(params?.target ?? ''), known, goVersion, emulatedArches()), ...(notice ? { goNotice: notice } : {}) };
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command === SERVER_COMMANDS.openDocs) await openDocs(connection, canShowDocument, params.arguments);
    if (params.command === SERVER_COMMANDS.goEnvUnset) return goEnvUnset(params.arguments);
  });

  documents.listen(connection);
  connection.listen();
}

/** The URI the client's view uses when a request does not name one. */
const ENV_VIEW_DEFAULT_URI = `${GO_ENVIRONMENT_SCHEME}:/go%20env`;

/** A go env file's text (they are tiny; anything over 1 MB is not one). */
function readSmallFile(path: string): string | undefined {
  try {
    return statSync(path).size <= 1024 * 1024 ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}
