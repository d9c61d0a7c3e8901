// The worker thread that analyses large documents (dist/server.js started again as a worker thread: one
// bundle, so the VSIX ships the engine once), so that their analysis never
// keeps the server from answering other requests. It keeps the last analysis of each document it was given
// and answers hovers and inlay hints from it. Messages: see AnalysisJob and WorkerReply in analysis-remote.ts.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { analyze, forgetDockerfileReading, initShellParser, type Analysis, type Facts } from '../engine';
import { includeReaderFor, URI_IDS } from '../pipeline';
import { hoverFor } from './hover';
import { inlayHintsFor } from './inlay-hints';
import { ANALYSIS_WORKER_ROLE, type WorkerReply, type WorkerRequest } from './analysis-remote';
import { usesOf } from './workspace-platforms';
import { exposeGc, heapGrowthForLargeAnalysis } from './heap-trim';

/** The analyses the worker keeps for hovers (the newest few documents). */
const KEPT = 4;
const kept = new Map<string, { version: number; analysis: Analysis; facts: Facts }>();
const queue: WorkerRequest[] = [];
let draining = false;
let ready: Promise<void>;
const reply = (message: WorkerReply) => parentPort!.postMessage(message);
/** V8's full collection, exposed on the first idle time. */
let collect: (() => void) | null | undefined;

/** True in the thread AnalysisWorker started. */
export function isAnalysisWorker(): boolean {
  return !isMainThread && (workerData as { role?: string } | null)?.role === ANALYSIS_WORKER_ROLE;
}

/** Serves analysis requests from the server's thread until it terminates this one. */
export function runAnalysisWorker(): void {
  ready = initShellParser((workerData as { wasmDir: string }).wasmDir);
  parentPort!.on('message', receive);
}

function receive(request: WorkerRequest): void {
  // A newer version of a document replaces its analysis still waiting in the queue.
  if (request.type === 'analyze') {
    const stale = queue.findIndex((q) => q.type === 'analyze' && q.uri === request.uri);
    if (stale >= 0) {
      reply({ type: 'superseded', id: queue[stale].id });
      queue.splice(stale, 1);
    }
  }
  if (request.type === 'forget') {
    kept.delete(request.uri);
    forgetDockerfileReading(request.uri);
    return;
  }
  if (request.type === 'collect') {
    collect ??= exposeGc();
    collect?.();
    return;
  }
  queue.push(request);
  if (!draining) {
    draining = true;
    heapGrowthForLargeAnalysis(true);
    void ready.then(drain, (err) => {
      for (const q of queue.splice(0)) reply({ type: 'error', id: q.id, message: `the shell parser did not load: ${String(err)}` });
      draining = false;
      heapGrowthForLargeAnalysis(false);
    });
  }
}

/** One request per turn of the event loop, so that newer messages are seen between them. */
function drain(): void {
  const request = queue.shift();
  if (!request) {
    draining = false;
    heapGrowthForLargeAnalysis(false);
    return;
  }
  try {
    handle(request);
  } catch (err) {
    reply({ type: 'error', id: request.id, message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
  setImmediate(drain);
}

function handle(request: WorkerRequest): void {
  if (request.type === 'analyze') {
    const { options } = request;
    const log = (message: string) => reply({ type: 'log', message });
    const readInclude = includeReaderFor(request.kind, options.maxFileSize, { ...URI_IDS, openText: (uri) => options.openTexts[uri] }, log);
    const analysis = analyze({ path: request.uri, kind: request.kind, text: request.text }, { facts: options.facts, goModVersion: options.goModVersion, goMod: options.goMod, rules: options.rules, log, readInclude, ...(options.plan ? { plan: options.plan } : {}) });
    kept.delete(request.uri);
    kept.set(request.uri, { version: request.version, analysis, facts: options.facts });
    while (kept.size > KEPT) kept.delete(kept.keys().next().value!);
    reply({ type: 'analysed', id: request.id, findings: analysis.findings, reached: analysis.reached, included: analysis.model?.included, uses: usesOf(request.uri, analysis) });
    return;
  }
  if (request.type === 'forget' || request.type === 'collect') return;
  const entry = kept.get(request.uri);
  const current = entry && entry.version === request.version ? entry : undefined;
  if (request.type === 'hover') reply({ type: 'hover', id: request.id, hover: current ? hoverFor(current.analysis, request.position, current.facts) : null });
  else if (request.type === 'inlayHints') reply({ type: 'inlayHints', id: request.id, hints: current ? inlayHintsFor(current.analysis, request.range, current.facts) : [] });
}
