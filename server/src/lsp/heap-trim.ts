import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { performance } from 'node:perf_hooks';
import { runInNewContext } from 'node:vm';

/** How much V8 lets the heap grow past what survived its last full collection before it starts the next. */
export const HEAP_GROWING_PERCENT = 10;

/**
 * Called by the server's analysis worker: V8's own heap growth while it works through large documents, the
 * server's lean heap (leanHeap) again once its queue is empty. The flags are the process's:
 * - lean, a 100,000-line Makefile, whose model fills hundreds of MB, triggered a full collection at every 10%
 *   of growth (the growth row: 4.47 s, 3.93 s with V8's default; means of five alternated runs);
 * - with its young generation kept at 1 MB, the worker scavenged 4-5 times as often opening 5,000-line
 *   Dockerfiles (89-113 scavenges, 350-410 ms, against 20-25 and 130-190 ms).
 * Small documents, analysed on the server's thread, keep the lean heap the memory row measures; the worker's
 * heap goes when it stops.
 */
export function heapGrowthForLargeAnalysis(large: boolean): void {
  if (large) {
    // 0 is V8's own default: a factor it picks from the collector's speed.
    setFlagsFromString('--heap-growing-percent=0');
    setFlagsFromString(`--semi-space-growth-factor=${V8_SEMI_SPACE_GROWTH_FACTOR}`);
  } else leanHeap();
}

/** When the client last sent a message: a collection waits until it has been quiet a while. */
let lastActivity = performance.now();

/** Marks the server busy now (a client message arrived): a full collection waits until it is idle again. */
export function noteActivity(): void {
  lastActivity = performance.now();
}

/**
 * Keeps the server's heap near what it holds. Analyses allocate a lot that dies at once (parse trees,
 * walks, models); V8 grows the heap rather than collect its old space fully, so 500 open Dockerfiles left
 * ~250 MB resident although less than 48 MB was alive. Every `everyMs`, when the heap has grown by
 * `growth` bytes since the last full collection and no client message came for `idleMs` (longer than the
 * default debounce, so a validation about to run is not held up), one is run. A full collection blocks
 * the thread for tens of ms, up to hundreds on a large heap: run while the user types, it delayed the
 * diagnostics and hovers they waited for; run when idle, nobody waits for it. Node only; where `gc`
 * cannot be exposed this does nothing.
 */
export function trimHeapWhenIdle(growth = 16 * 1024 * 1024, idleMs = 250, everyMs = 100): void {
  leanHeap();
  // `gc` is exposed on first need: a new context costs a few ms the server's start does not have to pay.
  let collect: (() => void) | null | undefined;
  let live = getHeapStatistics().used_heap_size;
  const timer = setInterval(() => {
    if (performance.now() - lastActivity < idleMs) return;
    if (getHeapStatistics().used_heap_size - live < growth) return;
    collect ??= exposeGc();
    if (!collect) return clearInterval(timer);
    collect();
    live = getHeapStatistics().used_heap_size;
  }, everyMs);
  timer.unref();
}

/** The V8 flag that stops the young generation of the server's thread from growing (leanHeap). */
export const YOUNG_GENERATION_NOT_GROWN = '--semi-space-growth-factor=1';
/** V8's own factor, which starting a worker thread sets again (Node 20). */
const V8_SEMI_SPACE_GROWTH_FACTOR = 2;

/**
 * The server's lean heap, the flags being the process's (the analysis worker sets V8's own while it works,
 * heapGrowthForLargeAnalysis, and these again when its queue is empty):
 * - while busy, V8's own collections (concurrent marking, short pauses) keep the heap in check: made to run at
 *   10% growth instead of V8's default (up to 2x+), 500 open Dockerfiles keep ~180 MB resident instead of ~250;
 * - V8 doubles the young generation (two semi-spaces, 1 MB each at start, up to 16 MB) when much of it
 *   survives a scavenge, and never gives it back: a burst of opens left 32 MB of empty young generation
 *   resident for good. Not grown, 500 open Dockerfiles hold ~97 MB instead of ~128 MB, and opens and edits
 *   took as long (the bench, both builds in one hour). Starting a worker thread sets V8's factor again.
 */
function leanHeap(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  setFlagsFromString(YOUNG_GENERATION_NOT_GROWN);
}

/** V8's full collection as a function (the analysis worker's too); null where it cannot be had. */
export function exposeGc(): (() => void) | null {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}
