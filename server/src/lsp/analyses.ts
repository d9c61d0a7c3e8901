import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, compileGlobs, detectKind, findingsAfterCommentEdit, type Analysis, type DocumentKind, type Facts } from '../engine';
import { isEnvironmentView } from '../go/environment-view';
import { diskIncludeReader } from '../workspace-files/include-reader';
import { parseTarget, type Settings } from './settings';
import type { SettingsStore } from './settings-store';
import type { Workspace } from './workspace';

export interface Cached {
  version: number;
  settings: Settings;
  generation: number;
  /** The facts the analysis used (the picked target included). */
  facts: Facts;
  analysis: Analysis;
  /** The text analysed, so the next version can tell a comment-only edit. */
  text: string;
  /** False when the findings were carried over from the previous version without a parse, or the model was let go. */
  complete: boolean;
  /** The files the analysis read besides the document (a Makefile's includes): kept when the model is let go. */
  included?: string[];
}

/**
 * How many documents keep their whole analysis (model, line index) for hovers and inlay hints; the others
 * keep only their findings and text, and are analysed again when a feature needs the model. Hundreds of
 * open documents would otherwise each hold a model.
 */
export const COMPLETE_ANALYSES_KEPT = 16;

/**
 * The last analysis per open document: diagnostics, code actions, hovers and inlay hints share it (one
 * parse per version). Holds only caches; every verdict comes from `analyze`.
 */
export class DocumentAnalyses {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly workspace: Workspace,
    private readonly settings: SettingsStore,
    private readonly parserReady: Promise<void>,
    private readonly log: (message: string) => void,
  ) {}

  /**
   * The analysis of the document's current version with these settings: from the cache, or made now and
   * cached. Diagnostics need only the findings, which a comment-only edit of a Dockerfile carries over
   * without a parse; features that read the model get a complete analysis.
   */
  of(doc: TextDocument, settings: Settings, need: { findingsOnly?: boolean } = {}): Cached {
    const cached = this.cache.get(doc.uri);
    const same = cached && cached.settings === settings && cached.generation === this.workspace.generation;
    if (same && cached.version === doc.version && (cached.complete || need.findingsOnly)) return cached;
    const text = doc.getText();
    if (same && need.findingsOnly && this.kindOf(doc) === 'dockerfile' && Math.max(text.length, cached.text.length) <= settings.maxFileSize) {
      const findings = findingsAfterCommentEdit({ text: cached.text, findings: cached.analysis.findings }, text);
      if (findings) {
        const carried: Cached = { ...cached, version: doc.version, text, complete: false, analysis: { findings } };
        this.keep(doc.uri, carried);
        return carried;
      }
    }
    const target = parseTarget(settings.target);
    const known = this.workspace.known();
    const effective: Facts = target ? { ...known, target } : { ...known };
    const analysis = this.analyzeDocument(doc, text, settings, effective);
    const fresh: Cached = { version: doc.version, settings, generation: this.workspace.generation, facts: effective, text, complete: true, analysis, included: analysis.model?.included };
    this.keep(doc.uri, fresh);
    return fresh;
  }

  /** Caches `entry` as the most recently used, and lets go of the models of the least recently used beyond the limit. */
  private keep(uri: string, entry: Cached): void {
    this.cache.delete(uri);
    this.cache.set(uri, entry);
    let complete = 0;
    for (const [other, cached] of [...this.cache].reverse()) {
      if (!cached.complete || ++complete <= COMPLETE_ANALYSES_KEPT) continue;
      this.cache.set(other, { ...cached, complete: false, analysis: { findings: cached.analysis.findings } });
    }
  }

  /** `of` for request handlers: waits for the parser and the document's settings. */
  async current(doc: TextDocument): Promise<Cached> {
    await this.parserReady;
    return this.of(doc, await this.settings.for(doc.uri));
  }

  kindOf(doc: TextDocument): DocumentKind | undefined {
    return detectKind(doc.uri, doc.languageId, doc.getText({ start: { line: 0, character: 0 }, end: { line: 3, character: 0 } }).slice(0, 200)) ?? this.workspace.goEnvKind(doc.uri);
  }

  forget(uri: string): void {
    this.cache.delete(uri);
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

  private analyzeDocument(doc: TextDocument, text: string, settings: Settings, effective: Facts): Analysis {
    const kind = detectKind(doc.uri, doc.languageId, text.slice(0, 200)) ?? this.workspace.goEnvKind(doc.uri);
    if (!kind || isEnvironmentView(doc.uri)) return { findings: [] };
    const rel = settings.exclude.length ? this.workspace.relativePath(doc.uri) : undefined;
    if (rel !== undefined && compileGlobs(settings.exclude)(rel)) return { findings: [] };
    if (text.length > settings.maxFileSize) {
      this.log(`xbd: ${doc.uri} has ${text.length} characters, over xbd.maxFileSize (${settings.maxFileSize}); not analysed`);
      return { findings: [] };
    }
    const module = this.workspace.go?.moduleOptions(doc.uri, kind) ?? { goModVersion: this.workspace.moduleGoVersion(doc.uri) };
    const readInclude = kind === 'makefile' ? this.includeReader(settings) : undefined;
    return analyze({ path: doc.uri, kind, text }, { facts: effective, ...module, rules: settings.rules, log: this.log, readInclude });
  }

  /** Included Makefiles come from the editor when open (unsaved edits count), else from the disk. */
  private includeReader(settings: Settings) {
    return diskIncludeReader({
      maxFileSize: settings.maxFileSize,
      toPath: (uri) => (uri.startsWith('file:') ? fileURLToPath(uri) : undefined),
      toId: (path) => pathToFileURL(path).href,
      openText: (uri) => this.documents.get(uri)?.getText(),
    });
  }
}
