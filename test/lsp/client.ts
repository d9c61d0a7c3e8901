// A small, real LSP client for protocol tests: spawns the bundled server (dist/server.js --stdio), speaks
// JSON-RPC over its stdio, records every publishDiagnostics in arrival order and lets tests await them.
// Nothing here sleeps for a fixed time: every wait resolves on an event (or fails on a timeout).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CodeActionRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  UnregistrationRequest,
  WorkDoneProgressCreateRequest,
  type ClientCapabilities,
  type CodeAction,
  type Command,
  type Diagnostic,
  type InitializeResult,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type Registration,
  type TextDocumentContentChangeEvent,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';

/** The repository root: the first folder above this bundle that holds package.json. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = up;
  }
  return dir;
}

export const SERVER = join(repoRoot(), 'dist', 'server.js');
/** Generous: it only bounds how long a failing test hangs, and test machines can be very busy. */
export const DEFAULT_TIMEOUT_MS = 15_000;

/** What VS Code (via vscode-languageclient) declares, trimmed to what this server can use. */
/** `configuration: false` makes a client that cannot answer workspace/configuration (the server then uses defaults). */
export function vscodeLikeCapabilities(opts: { configuration?: boolean } = {}): ClientCapabilities {
  return {
    workspace: {
      configuration: opts.configuration ?? true,
      didChangeConfiguration: { dynamicRegistration: true },
      didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
      workspaceFolders: true,
      applyEdit: true,
      workspaceEdit: { documentChanges: true },
    },
    textDocument: {
      synchronization: { dynamicRegistration: true, didSave: true, willSave: true, willSaveWaitUntil: true },
      publishDiagnostics: {
        relatedInformation: true,
        versionSupport: true,
        codeDescriptionSupport: true,
        dataSupport: true,
        tagSupport: { valueSet: [1, 2] },
      },
      codeAction: {
        dynamicRegistration: true,
        isPreferredSupport: true,
        dataSupport: true,
        codeActionLiteralSupport: {
          codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'refactor.extract', 'refactor.inline', 'refactor.rewrite', 'source', 'source.organizeImports'] },
        },
      },
    },
    window: { workDoneProgress: true },
  };
}

export interface StartOptions {
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
  /** The `xbd` section answered to workspace/configuration; tests may replace `client.settings` later. */
  settings?: Record<string, unknown>;
  rootUri?: string | null;
  /** Extra environment for the server process (PATH is /nonexistent unless given here). */
  env?: Record<string, string>;
  /** Custom notifications of the server to record in `notifications` (from the start: none is missed). */
  notifications?: string[];
  /** Another server script to spawn instead of the bundled one (the bench's floor server). */
  server?: string;
}

export interface Published {
  /** Arrival index over all notifications this client recorded (see `mark()`). */
  seq: number;
  params: PublishDiagnosticsParams;
}

export class LspClient {
  readonly published: Published[] = [];
  readonly logs: string[] = [];
  /** The server's custom notifications named in StartOptions.notifications, in arrival order. */
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly configurationRequests: { section?: string; scopeUri?: string }[] = [];
  readonly registrations: string[] = [];
  /** Every registration with its options (file watchers, for instance), in arrival order. */
  readonly registered: Registration[] = [];
  settings: Record<string, unknown>;
  initializeResult!: InitializeResult;
  private stderr = '';
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exitPromise: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly listeners = new Set<() => void>();
  private seq = 0;

  private constructor(
    readonly proc: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
    settings: Record<string, unknown>,
    notifications: string[],
  ) {
    this.settings = settings;
    for (const method of notifications) {
      connection.onNotification(method, (params: unknown) => {
        this.notifications.push({ method, params });
        this.notify();
      });
    }
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-8000);
    });
    // Writes after the server died must not crash the test process.
    proc.stdin.on('error', () => undefined);
    this.exitPromise = new Promise((resolve) => {
      proc.on('exit', (code, signal) => {
        this.exited = { code, signal };
        resolve(this.exited);
        this.notify();
      });
    });

    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push({ seq: this.seq++, params });
      this.notify();
    });
    connection.onNotification(LogMessageNotification.type, (params) => {
      this.logs.push(params.message);
      this.notify();
    });
    connection.onRequest(ConfigurationRequest.type, (params) => {
      return params.items.map((item) => {
        this.configurationRequests.push({ section: item.section, scopeUri: item.scopeUri });
        return this.configurationFor(item.section);
      });
    });
    connection.onRequest(RegistrationRequest.type, (params) => {
      for (const r of params.registrations) this.registrations.push(r.method);
      this.registered.push(...params.registrations);
      this.notify();
    });
    connection.onRequest(UnregistrationRequest.type, () => undefined);
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    connection.onError(() => undefined);
    connection.onClose(() => this.notify());
    connection.listen();
  }

  /** Spawns the bundled server and completes initialize/initialized. */
  static async start(opts: StartOptions = {}): Promise<LspClient> {
    const server = opts.server ?? SERVER;
    if (!existsSync(server)) throw new Error(`${server} is missing: run node scripts/build.mjs first`);
    const proc = spawn(process.execPath, [server, '--stdio'], {
      cwd: repoRoot(),
      // No go on PATH: even if goPath were left on, the server could not run a toolchain.
      env: { ...process.env, PATH: '/nonexistent', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const connection = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const client = new LspClient(proc, connection, opts.settings ?? {}, opts.notifications ?? []);
    try {
      client.initializeResult = await client.withTimeout(
        connection.sendRequest(InitializeRequest.type, {
          processId: process.pid,
          clientInfo: { name: 'xbd-protocol-tests' },
          rootUri: opts.rootUri ?? null,
          workspaceFolders: null,
          capabilities: opts.capabilities ?? vscodeLikeCapabilities(),
          initializationOptions: opts.initializationOptions ?? { debounceMs: 0, goPath: false },
        }),
        'initialize',
      );
      await connection.sendNotification(InitializedNotification.type, {});
    } catch (err) {
      await client.stop();
      throw err;
    }
    return client;
  }

  private configurationFor(section: string | undefined): unknown {
    const all = { xbd: this.settings };
    if (!section) return structuredClone(all);
    let value: unknown = all;
    for (const key of section.split('.')) {
      value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    }
    return value === undefined ? null : structuredClone(value);
  }

  // ---- documents -------------------------------------------------------------------------------

  async open(uri: string, languageId: string, text: string, version = 1): Promise<OpenDocument> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version, text },
    });
    return new OpenDocument(this, uri, languageId, version, text);
  }

  async change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges,
    });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async didChangeConfiguration(settings: unknown = null): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<(CodeAction | Command)[]> {
    const result = await this.withTimeout(
      this.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range,
        context: { diagnostics, triggerKind: 1, ...(only ? { only } : {}) },
      }),
      `codeAction ${uri}`,
    );
    return result ?? [];
  }

  // ---- waiting ---------------------------------------------------------------------------------

  /** The arrival index the next notification will get: pass it as `since` to ignore what came before. */
  mark(): number {
    return this.seq;
  }

  /** Publishes for `uri` received so far (optionally from `since` on), in arrival order. */
  publishesFor(uri: string, since = 0): Published[] {
    return this.published.filter((p) => p.params.uri === uri && p.seq >= since);
  }

  /**
   * The first publishDiagnostics for `uri` (and `version`, when given; `null` means "without a version")
   * that arrived at or after `since`, waiting for it if needed.
   */
  async diagnostics(
    uri: string,
    opts: { version?: number | null; since?: number; timeoutMs?: number } = {},
  ): Promise<PublishDiagnosticsParams> {
    const { version, since = 0 } = opts;
    const matches = (p: Published) =>
      p.seq >= since &&
      p.params.uri === uri &&
      (version === undefined || (version === null ? p.params.version === undefined : p.params.version === version));
    const found = await this.waitUntil(
      () => this.published.find(matches),
      `publishDiagnostics for ${uri}${version === undefined ? '' : ` version ${version}`}${since ? ` after #${since}` : ''}`,
      opts.timeoutMs,
    );
    return found.params;
  }

  /** Resolves with `check()`'s first defined result, re-checking on every event; rejects on timeout or server exit. */
  waitUntil<T>(check: () => T | undefined, what: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = () => {
        let value: T | undefined;
        try {
          value = check();
        } catch (err) {
          done();
          reject(err);
          return;
        }
        if (value !== undefined) {
          done();
          resolve(value);
        } else if (this.exited) {
          done();
          reject(new Error(`server exited (${JSON.stringify(this.exited)}) while waiting for ${what}\n${this.describe()}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${this.describe()}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(attempt);
      };
      this.listeners.add(attempt);
      attempt();
    });
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private withTimeout<T>(promise: Promise<T>, what: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${this.describe()}`)), timeoutMs);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  /** Context for failure messages: what was published, logged and written to stderr. */
  describe(): string {
    const pubs = this.published
      .slice(-10)
      .map((p) => `  #${p.seq} ${p.params.uri} v${p.params.version ?? '-'}: ${p.params.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`).join(', ') || '[]'}`)
      .join('\n');
    return [
      `last publishes:\n${pubs || '  (none)'}`,
      this.logs.length ? `server log:\n  ${this.logs.slice(-10).join('\n  ')}` : '',
      this.stderr ? `stderr:\n${this.stderr}` : '',
    ]
      .filter(Boolean)
      .join('\n');
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  get alive(): boolean {
    return this.exited === undefined && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** shutdown + exit, then waits for the process; kills it if it does not go. Safe to call twice. */
  async stop(timeoutMs = 3000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.alive) {
      try {
        // A server that dies meanwhile never answers: stop waiting when it exits.
        const answered = await Promise.race([
          this.withTimeout(this.connection.sendRequest(ShutdownRequest.type), 'shutdown', timeoutMs).then(() => true),
          this.exitPromise.then(() => false),
        ]);
        if (answered) await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // fall through to the kill below
      }
      let timer: NodeJS.Timeout | undefined;
      const gone = await Promise.race([
        this.exitPromise.then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
      ]);
      clearTimeout(timer);
      if (!gone) this.proc.kill('SIGKILL');
    }
    const result = await this.exitPromise;
    this.connection.dispose();
    return result;
  }
}

/** A document the client has open: keeps the client-side text in step with what it sends. */
export class OpenDocument {
  constructor(
    readonly client: LspClient,
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    public text: string,
  ) {}

  /** Sends one incremental didChange (as VS Code does) with a new version and applies it locally. */
  async edit(changes: { range: Range; text: string }[]): Promise<number> {
    const version = ++this.version;
    for (const c of changes) this.text = applyEdits(this.text, [{ range: c.range, newText: c.text }]);
    await this.client.change(this.uri, version, changes.map((c) => ({ range: c.range, text: c.text })));
    return version;
  }

  replace(range: Range, text: string): Promise<number> {
    return this.edit([{ range, text }]);
  }

  insert(at: Position, text: string): Promise<number> {
    return this.replace({ start: at, end: at }, text);
  }

  /**
   * Applies this document's part of a WorkspaceEdit the way VS Code reports it: one didChange whose
   * content changes run from the end of the document to the start, so each range is still valid.
   */
  applyWorkspaceEdit(edit: WorkspaceEdit): Promise<number> {
    const edits = editsFor(edit, this.uri);
    const ordered = [...edits].sort((a, b) => offsetAt(this.text, b.range.start) - offsetAt(this.text, a.range.start));
    return this.edit(ordered.map((e) => ({ range: e.range, text: e.newText })));
  }

  diagnostics(opts: { version?: number | null; since?: number; timeoutMs?: number } = {}): Promise<PublishDiagnosticsParams> {
    return this.client.diagnostics(this.uri, { version: this.version, ...opts });
  }

  close(): Promise<void> {
    return this.client.close(this.uri);
  }
}

// ---- text helpers ------------------------------------------------------------------------------

/** Line start offsets with LSP's line breaks (\n, \r\n, \r), as vscode-languageserver-textdocument counts them. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 /* \r */ || ch === 10 /* \n */) {
      if (ch === 13 && text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

export function offsetAt(text: string, pos: Position): number {
  const starts = lineStarts(text);
  if (pos.line >= starts.length) return text.length;
  if (pos.line < 0) return 0;
  const start = starts[pos.line];
  let end = pos.line + 1 < starts.length ? starts[pos.line + 1] : text.length;
  // The line's own break is not part of the line.
  while (end > start && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return Math.min(start + pos.character, end);
}

export function positionAt(text: string, offset: number): Position {
  const starts = lineStarts(text);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
  return { line, character: offset - starts[line] };
}

/** Applies non-overlapping edits whose ranges refer to `text` (the LSP TextEdit[] contract). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const withOffsets = edits.map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText }));
  withOffsets.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let lastStart = Infinity;
  for (const e of withOffsets) {
    if (e.end > lastStart) throw new Error('overlapping edits');
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    lastStart = e.start;
  }
  return out;
}

/** The edits a WorkspaceEdit makes to one document, whether it uses `changes` or `documentChanges`. */
export function editsFor(edit: WorkspaceEdit, uri: string): TextEdit[] {
  const out: TextEdit[] = [...(edit.changes?.[uri] ?? [])];
  for (const dc of edit.documentChanges ?? []) {
    if (!('textDocument' in dc) || dc.textDocument.uri !== uri) continue;
    out.push(...dc.edits.map((e) => ({ range: e.range, newText: 'newText' in e ? e.newText : e.snippet.value })));
  }
  return out;
}

/** The range of the `nth` (0-based) occurrence of `needle` in `text`. */
export function rangeOf(text: string, needle: string, nth = 0): Range {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${JSON.stringify(needle)} occurs fewer than ${nth + 1} times`);
  }
  return { start: positionAt(text, at), end: positionAt(text, at + needle.length) };
}

export function textAt(text: string, range: Range): string {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}

/** A diagnostic's message as text (LSP 3.18 also allows markup). */
export function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

export function isCodeAction(a: CodeAction | Command): a is CodeAction {
  return typeof (a as Command).command !== 'string';
}

/** Initialization options for protocol tests: no debounce, never run go. */
export const FAST = { debounceMs: 0, goPath: false };

/** Runs `body` against a fresh server (FAST unless `opts` says otherwise) and always shuts it down (kills it if it will not go). */
export async function withServer(opts: StartOptions, body: (client: LspClient) => Promise<void>): Promise<void> {
  const client = await LspClient.start({ initializationOptions: FAST, ...opts });
  try {
    await body(client);
  } finally {
    await client.stop();
  }
}
