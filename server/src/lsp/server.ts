import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { WorkspaceGo } from '../go/workspace-go';
import { DocumentAnalyses } from './analyses';
import type { AnalysisWorker } from './analysis-remote';
import { registerCodeActions } from './code-actions';
import { FIX_ALL_KIND } from './fixes';
import { Diagnostics } from './diagnostics';
import { GO_ENVIRONMENT_CHANGED, SERVER_COMMANDS, VERSION } from '../contract';
import { GoEnvironmentFeature } from './go-environment-feature';
import { registerHovers } from './hover';
import { registerInlayHints } from './inlay-hints';
import { Scheduler, type Clock } from './scheduler';
import { ClientSession } from './session';
import { SettingsStore } from './settings-store';
import { openDocs } from './suppress-actions';
import { registerTargetPicker } from './target-picker';
import { ReachedIndex } from '../engine';
import { FileWatchers } from './watchers';
import { Workspace } from './workspace';
import { WorkspaceDiagnostics } from './workspace-diagnostics';

export interface ServerOptions {
  clock?: Clock;
  /**
   * Starts the thread that analyses large documents (Node: dist/server.js again, as a worker). Without it (the
   * browser's web worker, which cannot start threads of its own) every analysis runs here.
   */
  worker?: (log: (message: string) => void, stopped: () => void) => AnalysisWorker;
}

/** What the server offers (features that depend on the client register dynamically). */
const INITIALIZE_RESULT: InitializeResult = {
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
    executeCommandProvider: { commands: [SERVER_COMMANDS.openDocs, SERVER_COMMANDS.goEnvUnset] },
    hoverProvider: true,
    inlayHintProvider: true,
  },
  serverInfo: { name: 'xbd', version: VERSION },
};

/**
 * The composition root: builds the server's named parts (session, settings, workspace, document
 * analyses, scheduling) and lets each editor feature register its own handlers.
 */
export function startServer(connection: Connection, parserReady: Promise<void>, options: ServerOptions = {}): void {
  const log = (message: string) => connection.console.log(message);
  const documents = new TextDocuments(TextDocument);
  const session = new ClientSession();
  const settings = new SettingsStore(connection, session);
  const workspace = new Workspace(session, (uri) => documents.get(uri)?.getText(), log);
  workspace.openDocuments = () => documents.all().map((d) => ({ uri: d.uri, languageId: d.languageId, text: d.getText() }));
  const worker = options.worker?.(log, () => analyses.workerStopped());
  const analyses: DocumentAnalyses = new DocumentAnalyses(documents, workspace, settings, parserReady, log, worker);
  const goEnvironment = new GoEnvironmentFeature(connection, session, workspace, settings, analyses, documents, parserReady, log);
  // Builds followed across files: a caller's analysis reaches its callees' findings; a change republishes them.
  const reached = new ReachedIndex();
  const reachedChanged = (uris: string[]) => {
    for (const uri of uris) {
      if (documents.get(uri)) scheduler.schedule(uri, 0);
      else void workspaceDiagnostics.changedOnDisk(uri);
    }
  };
  const diagnostics = new Diagnostics(connection, documents, analyses, goEnvironment, reached, reachedChanged);
  const scheduler = new Scheduler({
    settingsFor: (uri) => settings.for(uri),
    debounceMs: () => session.init.debounceMs,
    validate: (uri, s) =>
      void parserReady.then(
        () => diagnostics.validate(uri, s),
        (err) => connection.console.error(`xbd: the shell parser did not load, no analysis: ${String(err)}`),
      ),
    clock: options.clock,
  });
  const revalidateAll = () => {
    for (const doc of documents.all()) scheduler.schedule(doc.uri, 0);
  };
  /** Analyses the Makefiles that included `uri` again (after `delay`, default: the debounce). */
  const reanalyseIncluders = (uri: string, delay?: number) => {
    for (const other of analyses.dropIncluders(uri)) scheduler.schedule(other, delay);
  };
  const workspaceDiagnostics = new WorkspaceDiagnostics(connection, documents, workspace, settings, session, parserReady, log, reached, reachedChanged);
  const watchers = new FileWatchers(connection, session, workspace, log, {
    includedChanged: (uri) => reanalyseIncluders(uri, 0),
    everythingChanged: () => {
      revalidateAll();
      void workspaceDiagnostics.refresh();
    },
    buildFileChanged: (uri) => {
      workspace.planInputChangedOnDisk(uri);
      void workspaceDiagnostics.changedOnDisk(uri);
    },
  });
  // The build plan: an edit of a workflow, bake file, GoReleaser config, Makefile or script makes it again on
  // next use; the documents, open or not, whose part of it changed are analysed again.
  workspace.onPlanChanged = (changed) => {
    for (const doc of documents.all()) if (changed(doc.uri)) scheduler.schedule(doc.uri, 0);
    void workspaceDiagnostics.refresh(changed);
  };
  documents.onDidChangeContent((e) => workspace.planInputChanged(e.document.uri, analyses.kindOf(e.document)));
  documents.onDidClose((e) => workspace.planInputChanged(e.document.uri, analyses.kindOf(e.document)));

  connection.onInitialize((params): InitializeResult => {
    session.read(params);
    return INITIALIZE_RESULT;
  });

  connection.onInitialized(() => {
    if (session.canPullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
    }
    // Learning the workspace's Go never delays diagnostics: they run on embedded knowledge until it arrives.
    const go = new WorkspaceGo({
      root: session.rootPath,
      trusted: () => session.trusted,
      disabled: session.init.goPath === false,
      location: async () => {
        if (typeof session.init.goPath === 'string' && session.init.goPath) return { goPath: session.init.goPath };
        if (!session.canPullConfiguration) return {};
        const [xbd, goSettings] = (await connection.workspace.getConfiguration([{ section: 'xbd' }, { section: 'go' }])) as [{ goPath?: string }?, { goroot?: string; alternateTools?: Record<string, unknown> }?];
        return { goPath: xbd?.goPath, goroot: goSettings?.goroot, alternateTools: goSettings?.alternateTools };
      },
      log,
      onChange: () => {
        workspace.changed();
        revalidateAll();
        void workspaceDiagnostics.refresh();
        watchers.update();
        // The client refetches the view's text and the status bar's tooltip, and learns where the go env
        // file is (GOENV may name any path: the client gives that file the goenv language).
        void connection.sendNotification(GO_ENVIRONMENT_CHANGED, { goenv: workspace.go?.goEnvFile() }).catch(() => undefined);
      },
    });
    workspace.go = go;
    watchers.update();
    void go.refresh();
    // The workspace's build files nobody opened: reported without waiting for go (embedded knowledge until then).
    void workspaceDiagnostics.refresh();
  });

  connection.onDidChangeConfiguration(() => {
    settings.clear();
    workspace.rescan(); // xbd.exclude may have changed: the plan's inputs are read again
    revalidateAll();
    void workspaceDiagnostics.refresh();
    // xbd.inlayHints or xbd.target may have changed: ask the client to pull hints again.
    if (session.canRefreshInlayHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
  });

  watchers.register();
  diagnostics.register(scheduler, workspace, settings, reanalyseIncluders, (uri) => void workspaceDiagnostics.closed(uri));
  registerCodeActions(connection, documents, analyses, workspace, goEnvironment, reached);
  goEnvironment.register();
  registerHovers(connection, documents, analyses);
  registerInlayHints(connection, documents, analyses, workspace);
  registerTargetPicker(connection, documents, analyses, session, workspace, settings, parserReady);

  connection.onExecuteCommand(async (params) => {
    if (params.command === SERVER_COMMANDS.openDocs) await openDocs(connection, session.canShowDocument, params.arguments);
    if (params.command === SERVER_COMMANDS.goEnvUnset) return goEnvironment.unset(params.arguments);
  });

  documents.listen(connection);
  connection.listen();
}
