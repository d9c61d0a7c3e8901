import type { Hover, InlayHint, Position, Range, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, detectKind, findingsAfterCommentEdit, forgetDockerfileReading, type Analysis, type AnalyzeOptions, type DocumentKind, type Facts, utf8Length } from '../engine';
import { isEnvironmentView } from '../go/environment-view';
import { URI_IDS } from '../pipeline';
import type { AnalysisWorker, RemoteAnalysis, Uses } from './analysis-remote';
import { parseTarget, type Settings } from '../contract';
import type { SettingsStore } from './settings-store';
import type { Workspace } from './workspace';

/** A document of more characters than this is analysed in the worker (a 200-line Dockerfile has ~6,000). */
export const REMOTE_THRESHOLD = 16 * 1024;

export interface Cached {
  version: number;
  settings: Settings;
  /** The workspace's state it was made in (Workspace.stateOf): the generation and the document's part of the plan. */
  state: string;
  /** The facts the analysis used (the picked target included). */
  facts: Facts;
  analysis: Analysis;
  /** The text analysed, so the next version can tell a comment-only edit. */
  text: string;
  /**
   * True when the model is at hand for hovers and inlay hints (here, or in the worker when `remote`); false when
   * the findings were carried over from the previous version without a parse, or the model was let go.
   */
  complete: boolean;
  /** The files the analysis read besides the document (a Makefile's includes): kept when the model is let go. */
  included?: string[];
  /** Analysed in the worker, which keeps the model: hovers and inlay hints are asked there. */
  remote?: { uses: Uses };
  /** Its findings were let go too (beyond ANALYSES_KEPT): never reused, only `included` is read. */
  dropped?: true;
}

/**
 * How many documents, the most recently analysed, keep their analysis (model, line index, findings). The
 * others keep only their version and the files they read: the client already shows their findings, and
 * anything that needs the model or the findings again (a hover, a code action, a comment edit, publishing
 * again) analyses them again. 500 open 200-line Dockerfiles otherwise held ~10 MB of findings, 16 a model.
 */
export const ANALYSES_KEPT = 16;

/** What analysing a document needs besides its text; undefined when it is not analysed at all. */
type Inputs = { kind: DocumentKind; options: AnalyzeOptions };

/**
 * The last analysis per open document: diagnostics, code actions, hovers and inlay hints share it (one
 * parse per version). Holds only caches; every verdict comes from `analyze`. Documents over
 * REMOTE_THRESHOLD characters are analysed in the worker thread, so that the server keeps answering
 * requests about other documents meanwhile; a newer version replaces an older one still waiting there.
 */
export class DocumentAnalyses {
  private readonly cache = new Map<string, Cached>();
  /** Remote analyses under way, per document: a hover and the diagnostics of one version share one. */
  private readonly inflight = new Map<string, { version: number; settings: Settings; state: string; done: Promise<Cached> }>();

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly workspace: Workspace,
    private readonly settings: SettingsStore,
    private readonly parserReady: Promise<void>,
    private readonly log: (message: string) => void,
    private readonly worker?: AnalysisWorker,
  ) {}

  /**
   * The analysis of the document's current version with these settings: from the cache, or made now and
   * cached. Diagnostics need only the findings, which a comment-only edit of a Dockerfile carries over
   * without a parse; features that read the model get a complete analysis.
   */
  async of(doc: TextDocument, settings: Settings, need: { findingsOnly?: boolean } = {}): Promise<Cached> {
    // The build plan first: when an input of it changed, the document's state moves before a cached analysis is judged.
    this.workspace.planFor(doc.uri, settings);
    const reused = this.reusable(doc, settings, need);
    if (reused) return reused;
    const version = doc.version;
    const state = this.workspace.stateOf(doc.uri);
    const text = doc.getText();
    const target = parseTarget(settings.target);
    const known = this.workspace.known();
    const effective: Facts = target ? { ...known, target } : { ...known };
    const inputs = this.inputs(doc, text, settings, effective);
    if (inputs && text.length > REMOTE_THRESHOLD && this.worker?.available) {
      const running = this.inflight.get(doc.uri);
      if (running && running.version === version && running.settings === settings && running.state === state) return running.done;
      const done = this.remote(doc.uri, version, text, settings, effective, inputs).then(
        (remote): Cached => {
          if (!remote) return this.cache.get(doc.uri) ?? this.emptyEntry(version, settings, state, effective, text);
          const entry: Cached = { version, settings, state, facts: effective, text, complete: true, analysis: { findings: remote.findings, reached: remote.reached }, included: remote.included, remote: { uses: remote.uses } };
          if (state === this.workspace.stateOf(doc.uri) && this.documents.get(doc.uri)?.version === version) this.keep(doc.uri, entry);
          return entry;
        },
        // The worker is gone: analyse here.
        () => this.local(doc.uri, version, text, settings, state, effective, inputs),
      );
      this.inflight.set(doc.uri, { version, settings, state, done });
      void done.finally(() => {
        if (this.inflight.get(doc.uri)?.done === done) this.inflight.delete(doc.uri);
      });
      return done;
    }
    return this.local(doc.uri, version, text, settings, state, effective, inputs);
  }

  /** `of` for request handlers: waits for the parser and the document's settings. */
  async current(doc: TextDocument): Promise<Cached> {
    await this.parserReady;
    return this.of(doc, await this.settings.for(doc.uri));
  }

  /** The worker let go of its models: remote analyses keep their findings, and are redone when a hover needs the model. */
  workerStopped(): void {
    for (const [uri, cached] of this.cache) if (cached.remote) this.cache.set(uri, { ...cached, complete: false, remote: undefined });
  }

  /** A hover from the worker, which holds the model of a `remote` analysis. */
  remoteHover(uri: string, version: number, position: Position): Promise<Hover | null> {
    return this.worker ? this.worker.hover(uri, version, position).catch(() => null) : Promise.resolve(null);
  }

  /** Inlay hints from the worker, which holds the model of a `remote` analysis. */
  remoteInlayHints(uri: string, version: number, range: Range): Promise<InlayHint[]> {
    return this.worker ? this.worker.inlayHints(uri, version, range).catch(() => []) : Promise.resolve([]);
  }

  kindOf(doc: TextDocument): DocumentKind | undefined {
    // The text's start, not a range of lines: a range made the document index every line of its text (11 ms
    // on the server's thread for a 1.7 MB Makefile as it opened), and only the first line's shebang counts.
    return detectKind(doc.uri, doc.languageId, doc.getText().slice(0, 200)) ?? this.workspace.goEnvKind(doc.uri);
  }

  forget(uri: string): void {
    this.cache.delete(uri);
    this.inflight.delete(uri);
    forgetDockerfileReading(uri);
    this.worker?.forget(uri);
  }

  /** Drops the cached analyses of the Makefiles that included `uri` and returns their URIs. */
  dropIncluders(uri: string): string[] {
    const dropped: string[] = [];
    for (const [other, cached] of this.cache) {
      if (other === uri || !cached.included?.includes(uri)) continue;
      this.cache.delete(other);
      dropped.push(other);
    }
    return dropped;
  }

  /** The cached analysis when it holds for this version, or the previous findings across a comment-only edit. */
  private reusable(doc: TextDocument, settings: Settings, need: { findingsOnly?: boolean }): Cached | undefined {
    const cached = this.cache.get(doc.uri);
    if (cached?.dropped) return undefined;
    const same = cached && cached.settings === settings && cached.state === this.workspace.stateOf(doc.uri);
    if (same && cached.version === doc.version && (cached.complete || need.findingsOnly)) return cached;
    if (!same || !need.findingsOnly || this.kindOf(doc) !== 'dockerfile') return undefined;
    const text = doc.getText();
    if (Math.max(utf8Length(text), utf8Length(cached.text)) > settings.maxFileSize) return undefined;
    const findings = findingsAfterCommentEdit({ text: cached.text, findings: cached.analysis.findings }, text);
    if (!findings) return undefined;
    const carried: Cached = { ...cached, version: doc.version, text, complete: false, analysis: { findings, reached: cached.analysis.reached }, remote: undefined };
    this.keep(doc.uri, carried);
    return carried;
  }

  private local(uri: string, version: number, text: string, settings: Settings, state: string, facts: Facts, inputs: Inputs | undefined): Cached {
    // Most documents opened are never edited: a Dockerfile's reading is kept for its next version from its second analysis on.
    const keepReading = this.cache.has(uri);
    const analysis = inputs ? analyze({ path: uri, kind: inputs.kind, text }, { ...inputs.options, keepReading }) : { findings: [] };
    const fresh: Cached = { version, settings, state, facts, text, complete: true, analysis, included: analysis.model?.included };
    this.keep(uri, fresh);
    return fresh;
  }

  private remote(uri: string, version: number, text: string, settings: Settings, facts: Facts, inputs: Inputs): Promise<RemoteAnalysis> {
    const openTexts: Record<string, string> = {};
    // The files it may read: a Makefile's includes, and the Makefiles, scripts and GoReleaser configs it runs.
    if (inputs.kind === 'makefile' || inputs.kind === 'dockerfile' || inputs.kind === 'workflow' || inputs.kind === 'shell') {
      for (const d of this.documents.all()) {
        const kind = d.uri === uri ? undefined : this.kindOf(d);
        if (kind === 'makefile' || kind === 'shell' || kind === 'goreleaser') openTexts[d.uri] = d.getText();
      }
    }
    const { goModVersion, goMod, rules, plan } = inputs.options;
    return this.worker!.analyze(uri, version, inputs.kind, text, { facts, goModVersion, goMod, rules, plan, maxFileSize: settings.maxFileSize, openTexts });
  }

  private emptyEntry(version: number, settings: Settings, state: string, facts: Facts, text: string): Cached {
    return { version, settings, state, facts, text, complete: false, analysis: { findings: [] } };
  }

  /** Caches `entry` as the most recently used, and lets go of the analyses of the least recently used beyond the limit. */
  private keep(uri: string, entry: Cached): void {
    this.cache.delete(uri);
    this.cache.set(uri, entry);
    let kept = 0;
    for (const [other, cached] of [...this.cache].reverse()) {
      // A remote analysis's model is the worker's (let go when it idles), and large documents are few: kept whole.
      if (cached.dropped || cached.remote || ++kept <= ANALYSES_KEPT) continue;
      this.cache.set(other, { ...cached, complete: false, dropped: true, analysis: { findings: [] } });
    }
  }

  /** The kind and options to analyse the document with; undefined when it is not analysed (no kind, excluded, too large). */
  private inputs(doc: TextDocument, text: string, settings: Settings, effective: Facts): Inputs | undefined {
    const kind = detectKind(doc.uri, doc.languageId, text.slice(0, 200)) ?? this.workspace.goEnvKind(doc.uri);
    if (!kind || isEnvironmentView(doc.uri)) return undefined;
    const file = { id: doc.uri, kind, text, path: URI_IDS.toPath(doc.uri), relativePath: this.workspace.relativePath(doc.uri) };
    const prepared = this.workspace.pipeline.prepare(file, settings, effective, this.log);
    if (prepared.ok) return { kind, options: { ...prepared.options, plan: this.workspace.planFor(doc.uri, settings) } };
    if (prepared.reason === 'size') this.log(`xbd: ${doc.uri}: ${prepared.message} (xbd.maxFileSize)`);
    return undefined;
  }
}
