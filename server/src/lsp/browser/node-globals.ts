// The Node globals the browser bundle's code uses (esbuild `inject`). `process`: the server reads process.platform and process.arch for
// the host of Facts (toolchain.ts hostPlatform), taken here from the browser's navigator, the machine the
// user builds on. Browsers do not always tell the architecture (Apple silicon says "MacIntel"): then amd64.
// No `versions.node`, so web-tree-sitter takes its browser path (fetch) instead of Node's.
const nav = (globalThis as { navigator?: { platform?: string; userAgent?: string } }).navigator;
const said = `${nav?.platform ?? ''} ${nav?.userAgent ?? ''}`;

export const process = {
  platform: /\bWin/i.test(said) ? 'win32' : /\b(Mac|iPhone|iPad)/i.test(said) ? 'darwin' : 'linux',
  arch: /\b(aarch64|arm64)\b/i.test(said) ? 'arm64' : 'x64',
  env: {} as Record<string, string | undefined>,
  /** path-browserify's resolve() asks for it; there is no working directory in a worker. */
  cwd: () => '/',
};

/**
 * dockerfile-ast looks for a UTF-8 byte order mark with `Buffer.from(char, "UTF-8")`; strings to UTF-8
 * bytes is all a worker needs of Buffer.
 */
export const Buffer = {
  from(value: unknown, encoding?: string): Uint8Array {
    if (typeof value !== 'string' || (encoding && !/^utf-?8$/i.test(encoding))) throw new Error('Buffer.from: only UTF-8 strings in the browser');
    return new TextEncoder().encode(value);
  },
};
