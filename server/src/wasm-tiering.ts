import { setFlagsFromString } from 'node:v8';

/**
 * Runs the tree-sitter grammars as V8's baseline (Liftoff) wasm code only; set once, before they are compiled.
 * Optimising their hot functions ran in V8's background threads:
 * - the server: their malloc arenas kept ~40 MB after the first parse and never gave it back (500 open
 *   200-line Dockerfiles, production build: 160 → 130 MB resident). A 200-line Dockerfile took no longer,
 *   a 3,000-line build script ≤10% longer.
 * - the CLI: the process waited for that compilation before it exited, ~0.6 s after printing its report.
 *   `xbd check` on a two-line Makefile took 0.85 s, 0.26 s without it; on the 10,000-line Makefile of the
 *   bench 1.22 → 0.73 s, on the 100,000-line one 3.6 → 3.1 s (two runs each).
 */
export function baselineWasmOnly(): void {
  setFlagsFromString('--liftoff-only');
}
