import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, detectKind, type Analysis, type Facts } from '../engine';
import { GoModLocator } from '../go/module';
import { hostPlatform, probeGo } from '../go/toolchain';
import { sameRange, toCodeActions, toDiagnostic, type DiagnosticData } from './convert';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from './settings';

/** What the client may pass in `initializationOptions`. */
interface InitOptions {
  /** False in an untrusted (restricted) workspace: then no process is ever spawned. */
  trusted?: boolean;
  /** Overrides the debounce for every document (tests and benchmarks use 0). */
  debounceMs?: number;
  /** The go binary to ask for its version; `false` disables running go at all. */
  goPath?: string | false;
}

/** Wires LSP requests to the engine. Holds only caches; every verdict comes from `analyze`. */
export function startServer(connection: Connection, parserReady: Promise<void>): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, { version: number; analysis: Analysis }>();
  const timers = new Map<string, NodeJS.Timeout>();
  const settingsCache = new Map<string, Promise<Settings>>();
  const goMods = new GoModLocator();
  const facts: Facts = { host: hostPlatform() };
  let init: InitOptions = {};
  let canPullConfiguration = false;
  let rootPath: string | undefined;

  const log = (message: string) => connection.console.log(message);

  connection.onInitialize((params): InitializeResult => {
    init = (params.initializationOptions ?? {}) as InitOptions;
    canPullConfiguration = Boolean(params.capabilities.workspace?.configuration);
    const root = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    rootPath = root?.startsWith('file:') ? fileURLToPath(root) : undefined;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'xbd', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (canPullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
    }
    // Learning the Go version never delays diagnostics: they run on embedded knowledge until it arrives.
    if (init.trusted !== false && init.goPath !== false && rootPath) {
      void probeGo(init.goPath || 'go', rootPath).then((probe) => {
        if (probe.version) {
          facts.goVersion = probe.version;
          log(`xbd: using go${probe.version} for builds outside golang images`);
          for (const doc of documents.all()) schedule(doc.uri, 0);
        } else log(`xbd: could not run go (${probe.error}); using embedded knowledge only`);
      });
    }
  });

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    for (const doc of documents.all()) schedule(doc.uri, 0);
  });

  connection.onDidChangeWatchedFiles(() => {
    goMods.clear();
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
      const analysis = analyzeDocument(doc, settings);
      analyses.set(uri, { version: doc.version, analysis });
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

  function analyzeDocument(doc: TextDocument, settings: Settings): Analysis {
    const text = doc.getText();
    const kind = detectKind(doc.uri, doc.languageId, text.slice(0, 200));
    if (!kind) return { findings: [] };
    if (text.length > settings.maxFileSize) {
      log(`xbd: ${doc.uri} has ${text.length} characters, over xbd.maxFileSize (${settings.maxFileSize}); not analysed`);
      return { findings: [] };
    }
    return analyze({ path: doc.uri, kind, text }, { facts, goModVersion: moduleGoVersion(doc.uri), rules: settings.rules, log });
  }

  // TextDocuments reports an open as a content change too: an open is analysed at once, edits after the debounce.
  const justOpened = new Set<string>();
  documents.onDidOpen((e) => justOpened.add(e.document.uri));
  documents.onDidChangeContent((e) => {
    if (e.document.uri.endsWith('/go.mod')) goMods.clear();
    const opened = justOpened.delete(e.document.uri);
    schedule(e.document.uri, opened ? 0 : undefined);
  });
  documents.onDidClose((e) => {
    justOpened.delete(e.document.uri);
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    analyses.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCodeAction(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const actions: CodeAction[] = [];
    let current = analyses.get(doc.uri);
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== 'xbd') continue;
      const data = diagnostic.data as DiagnosticData | undefined;
      if (data && data.version === doc.version) {
        actions.push(...toCodeActions(diagnostic, data.fixes));
        continue;
      }
      // The text moved on since the diagnostic was made: recompute the fixes from the current text.
      if (!current || current.version !== doc.version) {
        await parserReady;
        current = { version: doc.version, analysis: analyzeDocument(doc, await settingsFor(doc.uri)) };
        analyses.set(doc.uri, current);
      }
      const match = current.analysis.findings.find((f) => f.code === diagnostic.code && sameRange(f.range, diagnostic.range));
      if (match) actions.push(...toCodeActions(diagnostic, match.fixes));
    }
    return actions;
  });

  documents.listen(connection);
  connection.listen();
}
