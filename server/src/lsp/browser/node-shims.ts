// What the server's Node-only code finds in the browser bundle (scripts/build.mjs resolves node:fs,
// node:fs/promises, node:url, node:child_process and node:module here; node:path is path-browserify). A web
// worker has no disk and runs no process: every read fails as a missing file does, nothing is spawned. The
// server gets here only for file: URIs and for a trusted workspace's go, which the browser client never gives.

function missing(what: string): Error {
  return Object.assign(new Error(`${what}: no file system in the browser`), { code: 'ENOENT' });
}

export function readFileSync(path: unknown): never {
  throw missing(`readFileSync ${String(path)}`);
}
export function statSync(path: unknown): never {
  throw missing(`statSync ${String(path)}`);
}
export function readdirSync(path: unknown): never {
  throw missing(`readdirSync ${String(path)}`);
}
export function realpathSync(path: unknown): never {
  throw missing(`realpathSync ${String(path)}`);
}
export function existsSync(): boolean {
  return false;
}
export async function readFile(path: unknown): Promise<never> {
  throw missing(`readFile ${String(path)}`);
}

/** Never starts anything: reports the command as impossible, as Node reports a missing program. */
export function execFile(file: string, ...rest: unknown[]): { kill(): void } {
  const callback = rest.find((r) => typeof r === 'function') as ((err: Error, stdout: string, stderr: string) => void) | undefined;
  const err = Object.assign(new Error(`${file}: no processes in the browser`), { code: 'ENOENT', killed: false });
  if (callback) queueMicrotask(() => callback(err, '', ''));
  return { kill() {} };
}

export function createRequire(): never {
  throw new Error('require: not available in the browser');
}

export function fileURLToPath(url: string | URL): string {
  const u = new URL(url);
  if (u.protocol !== 'file:') throw new TypeError(`not a file URL: ${u.href}`);
  return decodeURIComponent(u.pathname);
}

export function pathToFileURL(path: string): URL {
  const u = new URL('file:///');
  u.pathname = path; // the setter percent-encodes what a URL path cannot hold
  return u;
}
