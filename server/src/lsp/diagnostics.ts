import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isEnvironmentView } from '../go/environment-view';
import { mergeReached, type ReachedIndex } from '../engine';
import type { DocumentAnalyses } from './analyses';
import { toDiagnostic } from './convert';
import type { GoEnvironmentFeature } from './go-environment-feature';
import { viewDiagnostics } from './go-environment';
import type { Scheduler } from './scheduler';
import type { Settings } from '../contract';
import type { SettingsStore } from './settings-store';
import type { Workspace } from './workspace';

/** Publishes each open document's findings: at once on open, after the debounce on edits; on close, the file on disk's (workspace pass). */
export class Diagnostics {
  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly analyses: DocumentAnalyses,
    private readonly goEnvironment: GoEnvironmentFeature,
    /** What callers' analyses reached in other files (builds followed across files), shared with the workspace pass. */
    private readonly reached: ReachedIndex,
    /** Files whose reached findings changed: published again. */
    private readonly reachedChanged: (uris: string[]) => void,
  ) {}

  /** Analyses the document's current version (or reuses the cached analysis) and publishes its findings. */
  async validate(uri: string, settings: Settings): Promise<void> {
    const doc = this.documents.get(uri);
    if (!doc) return;
    try {
      if (isEnvironmentView(uri)) {
        const view = this.goEnvironment.view(uri, settings);
        void this.connection.sendDiagnostics({ uri, version: doc.version, diagnostics: viewDiagnostics(view, doc.version) });
        return;
      }
      const { analysis, version } = await this.analyses.of(doc, settings, { findingsOnly: true });
      // A newer version arrived while a large document was analysed in the worker: its own validation publishes.
      if (this.documents.get(uri)?.version !== version) return;
      const changed = this.reached.record(uri, analysis.reached ?? []).filter((other) => other !== uri);
      void this.connection.sendDiagnostics({
        uri,
        version,
        diagnostics: mergeReached(analysis.findings, this.reached.of(uri)).map((f) => toDiagnostic(f, version)),
      });
      if (changed.length) this.reachedChanged(changed);
    } catch (err) {
      // analyze() does not throw; this guards the adapter itself.
      this.connection.console.error(`xbd: validating ${uri} failed: ${err instanceof Error ? err.stack : String(err)}`);
    }
  }

  /** Document open, change and close: what to analyse again, and when. */
  register(
    scheduler: Scheduler,
    workspace: Workspace,
    settings: SettingsStore,
    reanalyseIncluders: (uri: string, delay?: number) => void,
    /** A closed document's file on disk is reported again by the workspace pass. */
    closed: (uri: string) => void = () => {},
  ): void {
    // TextDocuments reports an open as a content change too: an open is analysed at once, edits after the debounce.
    const justOpened = new Set<string>();
    this.documents.onDidOpen((e) => justOpened.add(e.document.uri));
    this.documents.onDidChangeContent((e) => {
      if (e.document.uri.endsWith('/go.mod')) {
        // Edited, not yet saved: forget the modules (go is asked again when it is saved).
        workspace.modulesChanged([e.document.uri]);
      }
      const opened = justOpened.delete(e.document.uri);
      scheduler.schedule(e.document.uri, opened ? 0 : undefined);
      reanalyseIncluders(e.document.uri);
    });
    this.documents.onDidClose((e) => {
      justOpened.delete(e.document.uri);
      scheduler.cancel(e.document.uri);
      this.analyses.forget(e.document.uri);
      settings.forget(e.document.uri);
      void this.connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
      closed(e.document.uri);
      // Its unsaved text no longer counts: the includers read the disk again.
      reanalyseIncluders(e.document.uri, 0);
    });
  }
}
