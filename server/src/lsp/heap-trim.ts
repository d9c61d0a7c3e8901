import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Keeps the server's heap near what it holds. Analyses allocate a lot that dies at once (parse trees,
 * walks, models); V8 grows the heap rather than collect its old space fully, so 500 open Dockerfiles left
 * ~250 MB resident although less than 48 MB was alive. Every `everyMs`, when the heap has grown by
 * `growth` bytes since the last full collection, one is run (a few tens of ms for a heap of tens of MB,
 * between two messages). Node only; where `gc` cannot be exposed this does nothing.
 */
export function trimHeapWhenGrown(growth = 16 * 1024 * 1024, everyMs = 200): void {
  // `gc` is exposed on first need: a new context costs a few ms the server's start does not have to pay.
  let collect: (() => void) | null | undefined;
  let live = getHeapStatistics().used_heap_size;
  const timer = setInterval(() => {
    if (getHeapStatistics().used_heap_size - live < growth) return;
    collect ??= exposeGc();
    if (!collect) return clearInterval(timer);
    collect();
    live = getHeapStatistics().used_heap_size;
  }, everyMs);
  timer.unref();
}

function exposeGc(): (() => void) | null {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}
