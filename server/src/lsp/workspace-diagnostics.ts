import { fileURLToPath } from 'node:url';
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { mergeReached, type DocumentKind, type Facts, type ReachedIndex } from '../engine';
import { parseTarget, type Settings } from '../contract';
import { toDiagnostic } from './convert';
import type { ClientSession } from './session';
import type { SettingsStore } from './settings-store';
import { readBuildFile, scanWorkspace } from './workspace-platforms';
import type { Workspace } from './workspace';

/**
 * Diagnostics for the workspace's build files that are not open: a bounded background pass (the picker's
 * scan: at most 300 files of up to 256 KB, 20,000 entries, 12 folders deep; `xbd.exclude` and the skipped
 * folders honoured) through the shared pipeline (size limit, module, includes), published as an open
 * document's are. Open documents are the editor's business: their unsaved text wins, and when one closes its
 * file on disk is reported again. The pass reads files and starts no process, so it runs in restricted mode
 * too, on the embedded knowledge of Go, as open documents do.
 */
export class WorkspaceDiagnostics {
  /** Files this pass published findings for (cleared when they leave the workspace's scan). */
  private readonly published = new Set<string>();
  /** Bumped by each pass: an older pass still running stops. */
  private pass = 0;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly workspace: Workspace,
    private readonly settings: SettingsStore,
    private readonly session: ClientSession,
    private readonly parserReady: Promise<void>,
    private readonly log: (message: string) => void,
    private readonly reached: ReachedIndex,
    private readonly reachedChanged: (uris: string[]) => void,
  ) {}

  /**
   * Analyses every build file of the workspace that is not open (at start, after a settings or go change),
   * or only those `only` accepts (after the build plan changed for them).
   */
  async refresh(only?: (uri: string) => boolean): Promise<void> {
    // A partial pass neither stops a full one nor is stopped: a file it analyses is analysed with the current plan.
    const pass = only ? this.pass : ++this.pass;
    const superseded = () => !only && pass !== this.pass;
    await this.parserReady;
    const settings = await this.settings.root();
    if (superseded()) return;
    const open = new Set(this.documents.all().map((d) => d.uri));
    const started = Date.now();
    const files = scanWorkspace(this.session.folderPaths, settings.exclude, open, true);
    const seen = new Set<string>();
    let findings = 0;
    for (const file of files) {
      // Between files the server answers requests; a newer pass replaces this one.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (superseded()) return;
      if (this.documents.get(file.uri)) continue;
      seen.add(file.uri);
      if (only && !only(file.uri)) continue;
      findings += this.publish(file.uri, file.kind, file.text, settings);
    }
    if (only) return;
    for (const uri of this.published) {
      if (seen.has(uri) || this.documents.get(uri)) continue;
      this.published.delete(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    this.log(`xbd: workspace: ${seen.size} build files not open analysed in ${Date.now() - started} ms, ${findings} findings`);
  }

  /** A document closed: what its file on disk holds is reported again (nothing when it is not a workspace build file). */
  async closed(uri: string): Promise<void> {
    await this.fromDisk(uri);
  }

  /** A build file changed, appeared or went away on disk; open documents are left to the editor. */
  async changedOnDisk(uri: string): Promise<void> {
    if (this.documents.get(uri)) return;
    await this.fromDisk(uri);
  }

  private async fromDisk(uri: string): Promise<void> {
    await this.parserReady;
    const settings = await this.settings.root();
    const file = this.diskFile(uri);
    if (this.documents.get(uri)) return;
    // Not a build file (any more): clear what this pass said about it, if anything. An excluded file is the
    // pipeline's to refuse (publish sends none for it).
    if (!file) {
      if (this.published.delete(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    this.publish(uri, file.kind, file.text, settings);
  }

  /** A build file inside a workspace folder, read from disk (bounded as the scan is); undefined otherwise. */
  private diskFile(uri: string): { kind: DocumentKind; text: string } | undefined {
    return readBuildFile(uri, this.workspace.relativePath(uri));
  }

  /** Runs the pipeline on one file and publishes its findings; returns how many. */
  private publish(uri: string, kind: DocumentKind, text: string, settings: Settings): number {
    const target = parseTarget(settings.target);
    const known = this.workspace.known();
    const facts: Facts = target ? { ...known, target } : known;
    const path = fileURLToPath(uri);
    const result = this.workspace.pipeline.run({ id: uri, kind, text, path, relativePath: this.workspace.relativePath(uri) }, settings, facts, this.log, this.workspace.planFor(uri, settings));
    const changed = this.reached.record(uri, result.ok ? (result.analysis.reached ?? []) : []).filter((other) => other !== uri);
    const findings = mergeReached(result.ok ? result.analysis.findings : [], this.reached.of(uri));
    if (changed.length) queueMicrotask(() => this.reachedChanged(changed));
    if (findings.length) this.published.add(uri);
    else this.published.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: findings.map((f) => toDiagnostic(f, 0)) });
    return findings.length;
  }
}
