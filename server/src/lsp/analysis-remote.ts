import { Worker } from 'node:worker_threads';
import type { Hover, InlayHint, Position, Range } from 'vscode-languageserver/node';
import type { AnalyzeOptions, DocumentKind, Facts, Finding, Reached, RuleSetting } from '../engine';
import type { PlatformUse } from '../engine';

/** What workerData says when the server's bundle is started as the analysis worker (analysis-worker.ts). */
export const ANALYSIS_WORKER_ROLE = 'xbd-analysis-worker';


export interface RemoteOptions {
  facts: Facts;
  goModVersion?: string;
  goMod?: AnalyzeOptions['goMod'];
  rules?: Record<string, RuleSetting>;
  /** The document's part of the workspace's build plan. */
  plan?: AnalyzeOptions['plan'];
  maxFileSize: number;
  /** The open Makefiles' texts: an include reads them instead of the disk. */
  openTexts: Record<string, string>;
}

export type WorkerRequest =
  | { type: 'analyze'; id: number; uri: string; version: number; kind: DocumentKind; text: string; options: RemoteOptions }
  | { type: 'hover'; id: number; uri: string; version: number; position: Position }
  | { type: 'inlayHints'; id: number; uri: string; version: number; range: Range }
  | { type: 'forget'; id: number; uri: string }
  /** Idle with documents still open: let go of the garbage, keep the models and the memos. */
  | { type: 'collect'; id: number };

export type Uses = (PlatformUse & { uri: string })[];

export type WorkerReply =
  | { type: 'analysed'; id: number; findings: Finding[]; reached?: Reached[]; included?: string[]; uses: Uses }
  | { type: 'superseded'; id: number }
  | { type: 'hover'; id: number; hover: Hover | null }
  | { type: 'inlayHints'; id: number; hints: InlayHint[] }
  | { type: 'error'; id: number; message: string }
  | { type: 'log'; message: string };

/**
 * After this long idle, the worker lets go of its garbage; and it stops once no document it analysed is open,
 * so that its heap (a large document's model) does not stay in the server's memory. It used to stop while
 * the document was still open: the next edit after a pause started a worker and analysed the whole document
 * cold (a 5,000-line Dockerfile: ~1 s instead of ~0.1 s, and so did the first hover).
 */
export const WORKER_IDLE_MS = 5_000;

/** A finished remote analysis, or undefined when a newer version of the document replaced it. */
export type RemoteAnalysis = { findings: Finding[]; reached?: Reached[]; included?: string[]; uses: Uses } | undefined;

/**
 * The main thread's side of the analysis worker: started on first use, requests answered in order. When
 * the worker cannot start or dies, `available` turns false and the caller analyses on the main thread.
 */
export class AnalysisWorker {
  private worker: Worker | undefined;
  private broken = false;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (reply: WorkerReply) => void; reject: (err: Error) => void }>();
  private idle: NodeJS.Timeout | undefined;
  /** The open documents the worker analysed (it keeps their models and memos): it stays while there are any. */
  private readonly documents = new Set<string>();

  constructor(
    /** The server's own bundle, which runs as the worker when workerData names the role. */
    private readonly script: string,
    private readonly wasmDir: string,
    private readonly log: (message: string) => void,
    /** The worker stopped while idle: the models it held are gone. */
    private readonly onIdleStop: () => void = () => {},
    private readonly idleMs = WORKER_IDLE_MS,
  ) {}

  get available(): boolean {
    return !this.broken;
  }

  analyze(uri: string, version: number, kind: DocumentKind, text: string, options: RemoteOptions): Promise<RemoteAnalysis> {
    this.documents.add(uri);
    return this.request({ type: 'analyze', uri, version, kind, text, options }).then((r) => (r.type === 'analysed' ? { findings: r.findings, reached: r.reached, included: r.included, uses: r.uses } : undefined));
  }

  hover(uri: string, version: number, position: Position): Promise<Hover | null> {
    return this.request({ type: 'hover', uri, version, position }).then((r) => (r.type === 'hover' ? r.hover : null));
  }

  inlayHints(uri: string, version: number, range: Range): Promise<InlayHint[]> {
    return this.request({ type: 'inlayHints', uri, version, range }).then((r) => (r.type === 'inlayHints' ? r.hints : []));
  }

  forget(uri: string): void {
    if (!this.documents.delete(uri) || !this.worker) return;
    this.worker.postMessage({ type: 'forget', id: 0, uri } satisfies WorkerRequest);
    if (!this.documents.size && !this.pending.size) this.stopWhenIdle(this.worker);
  }

  private request(message: DistributiveOmit<WorkerRequest, 'id'>): Promise<WorkerReply> {
    const worker = this.start();
    if (!worker) return Promise.reject(new Error('the analysis worker is not running'));
    const id = this.nextId++;
    clearTimeout(this.idle);
    return new Promise<WorkerReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id } as WorkerRequest);
    }).then((reply) => {
      if (reply.type === 'error') throw new Error(reply.message);
      return reply;
    });
  }

  private stopWhenIdle(worker: Worker): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      if (this.worker !== worker || this.pending.size) return;
      if (this.documents.size) {
        worker.postMessage({ type: 'collect', id: 0 } satisfies WorkerRequest);
        return;
      }
      this.worker = undefined;
      void worker.terminate();
      this.onIdleStop();
    }, this.idleMs);
    this.idle.unref();
  }

  private start(): Worker | undefined {
    if (this.worker || this.broken) return this.worker;
    try {
      const worker = new Worker(this.script, { workerData: { role: ANALYSIS_WORKER_ROLE, wasmDir: this.wasmDir } });
      worker.unref();
      worker.on('message', (reply: WorkerReply) => {
        if (reply.type === 'log') return this.log(reply.message);
        const waiter = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        waiter?.resolve(reply);
        if (!this.pending.size) this.stopWhenIdle(worker);
      });
      const fail = (why: string) => {
        if (this.broken || this.worker !== worker) return;
        this.broken = true;
        this.worker = undefined;
        this.log(`xbd: the analysis worker stopped (${why}); large documents are analysed on the main thread`);
        for (const w of this.pending.values()) w.reject(new Error(`the analysis worker stopped: ${why}`));
        this.pending.clear();
      };
      worker.on('error', (err) => fail(String(err)));
      worker.on('exit', (code) => fail(`exit code ${code}`));
      this.worker = worker;
      return worker;
    } catch (err) {
      this.broken = true;
      this.log(`xbd: the analysis worker could not start (${String(err)}); large documents are analysed on the main thread`);
      return undefined;
    }
  }
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
