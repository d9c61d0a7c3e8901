// The browser server (dist/server-browser.js, the extension's `browser` entry) in a Web Worker of Debian's
// Chromium (headless, driven by playwright-core): served over loopback HTTP, it answers `initialize`, loads
// tree-sitter's wasm from the folder the client names, and publishes our diagnostics for a Dockerfile and a
// shell script opened under a github.dev-style URI. The page speaks JSON-RPC to the worker with postMessage,
// as vscode-languageclient/browser does. Chromium has no `require` or `process` in a worker: any Node built-in
// the bundle still used would throw there.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CHROMIUM, playwright, type Any } from '../vscode/code-server';
import { repoRoot } from '../support/paths';

const DIST = join(repoRoot(), 'dist');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

let http: Server;
let base = '';
let browser: Any;
const requested: string[] = [];

// The worker script at /worker/, the wasm files only at /extension/dist/ (where VS Code serves the
// extension's files): the server finds them through initializationOptions.wasmFolder.
const ROUTES: Record<string, { file: string; type: string }> = {
  '/worker/server-browser.js': { file: 'server-browser.js', type: 'text/javascript' },
  '/extension/dist/server-browser.js': { file: 'server-browser.js', type: 'text/javascript' },
  '/extension/dist/web-tree-sitter.wasm': { file: 'web-tree-sitter.wasm', type: 'application/wasm' },
  '/extension/dist/tree-sitter-bash.wasm': { file: 'tree-sitter-bash.wasm', type: 'application/wasm' },
};

/** Runs in the page: starts the worker, initializes it, opens the documents, collects what it sends back. */
async function session(page: Any, docs: { uri: string; languageId: string; text: string }[], where: { workerUrl: string; wasmFolder?: string }) {
  return page.evaluate(
    async ({ docs, workerUrl, wasmFolder }: { docs: { uri: string; languageId: string; text: string }[]; workerUrl: string; wasmFolder?: string }) => {
      const worker = new (globalThis as Any).Worker(workerUrl);
      const received: Any[] = [];
      const errors: string[] = [];
      worker.onerror = (e: Any) => errors.push(String(e.message));
      worker.onmessage = (e: Any) => received.push(e.data);
      const waitFor = async (pred: (m: Any) => boolean, ms = 20_000) => {
        const end = Date.now() + ms;
        for (;;) {
          const m = received.find(pred);
          if (m || errors.length) return m;
          if (Date.now() > end) return undefined;
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      worker.postMessage({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { processId: null, rootUri: null, workspaceFolders: null, capabilities: {}, initializationOptions: { trusted: false, goPath: false, debounceMs: 0, wasmFolder } },
      });
      const init = await waitFor((m) => m.id === 1);
      worker.postMessage({ jsonrpc: '2.0', method: 'initialized', params: {} });
      for (const d of docs) worker.postMessage({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { ...d, version: 1 } } });
      const diagnostics: Record<string, Any[]> = {};
      for (const d of docs) {
        const m = await waitFor((x) => x.method === 'textDocument/publishDiagnostics' && x.params.uri === d.uri);
        diagnostics[d.uri] = m?.params.diagnostics;
      }
      worker.postMessage({ jsonrpc: '2.0', id: 2, method: 'textDocument/hover', params: { textDocument: { uri: docs[0].uri }, position: { line: 3, character: 17 } } });
      const hover = await waitFor((m) => m.id === 2);
      // The quick fixes of the first document's first diagnostic, asked as an editor does.
      const first = diagnostics[docs[0].uri]?.[0];
      if (first) worker.postMessage({ jsonrpc: '2.0', id: 3, method: 'textDocument/codeAction', params: { textDocument: { uri: docs[0].uri }, range: first.range, context: { diagnostics: [first], only: ['quickfix'] } } });
      const actions = first ? await waitFor((m) => m.id === 3) : undefined;
      const logs = received.filter((m) => m.method === 'window/logMessage').map((m) => m.params.message);
      worker.terminate();
      return { init, diagnostics, hover, actions, errors, logs };
    },
    { docs, ...where },
  );
}

describe('browser server in a Web Worker (Chromium)', { timeout: 120_000 }, () => {
  before(async () => {
    assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: run \`scripts/install-vscode-test.sh\` (as root) first`);
    for (const r of Object.values(ROUTES)) readFileSync(join(DIST, r.file)); // dist/ must be built: fail, never skip
    http = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      requested.push(path);
      const route = ROUTES[path];
      if (path === '/') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>xbd</title>');
      } else if (route) {
        res.writeHead(200, { 'content-type': route.type }).end(readFileSync(join(DIST, route.file)));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
    browser = await playwright().chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await new Promise((resolve) => http?.close(resolve));
  });

  it('answers initialize and publishes diagnostics for a Dockerfile and a shell script (tree-sitter wasm)', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    const dockerfile = 'vscode-vfs://github/example/app/Dockerfile';
    const script = 'vscode-vfs://github/example/app/scripts/cross.sh';
    const r = await session(page, [
      { uri: dockerfile, languageId: 'dockerfile', text: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN GOOS=linux GOARCH=x86_64 go build -o /out/app .\n' },
      { uri: script, languageId: 'shellscript', text: '#!/bin/sh\nset -e\nexport GOOS=darwn\nGOARCH=arm64 go build -o bin/app .\n' },
    ], { workerUrl: '/worker/server-browser.js', wasmFolder: `${base}/extension/dist` });
    assert.deepEqual(r.errors, []);
    assert.equal(r.init?.result?.serverInfo?.name, 'xbd', JSON.stringify(r.init));
    assert.ok(r.init.result.capabilities.hoverProvider && r.init.result.capabilities.codeActionProvider);

    const docker = r.diagnostics[dockerfile];
    assert.ok(docker, `no diagnostics for the Dockerfile; logs: ${r.logs.join('\n')}`);
    assert.deepEqual(docker.map((d: Any) => [d.code, d.source, d.range.start.line]), [['XB102', 'xbd', 3]], r.logs.join('\n'));
    assert.match(docker[0].message, /GOARCH=x86_64 is not a Go architecture: use amd64\./);
    const fix = r.actions?.result?.find((a: Any) => a.isPreferred);
    assert.deepEqual(fix?.edit?.changes?.[dockerfile]?.map((e: Any) => e.newText), ['amd64'], JSON.stringify(r.actions));
    const sh = r.diagnostics[script];
    assert.deepEqual(sh?.map((d: Any) => d.code), ['XB101'], JSON.stringify(sh));
    assert.match(r.hover?.result?.contents?.value ?? '', /GOARCH/);

    // The wasm came from the folder the client named; the worker fetched nothing else.
    const fetched = [...new Set(requested)].filter((p) => p !== '/' && p !== '/favicon.ico').sort();
    assert.deepEqual(fetched, ['/extension/dist/tree-sitter-bash.wasm', '/extension/dist/tree-sitter-hcl.wasm', '/extension/dist/web-tree-sitter.wasm', '/worker/server-browser.js']);
    await page.close();
  });

  it('without wasmFolder, finds the wasm beside its own script', async () => {
    requested.length = 0;
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    const uri = 'vscode-test-web://mount/Makefile';
    const r = await session(page, [{ uri, languageId: 'makefile', text: 'build:\n\tGOOS=linux GOARCH=aarch64 go build -o bin/app .\n' }], { workerUrl: '/extension/dist/server-browser.js' });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.diagnostics[uri]?.map((d: Any) => d.code), ['XB102'], r.logs.join('\n'));
    assert.ok(requested.includes('/extension/dist/tree-sitter-bash.wasm'));
    await page.close();
  });

  it('the bundle has no Node built-in left to load and starts no process', () => {
    const bundle = readFileSync(join(DIST, 'server-browser.js'), 'utf8');
    assert.doesNotMatch(bundle, /require\(["'](child_process|node:child_process|os|node:os|net|node:net)["']\)/);
    assert.doesNotMatch(bundle, /from ["']node:/);
    // web-tree-sitter's own Node branch (`require("fs")` behind ENVIRONMENT_IS_NODE) is the only `require(` call.
    const requires = [...bundle.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(requires)].sort(), ['fs', 'path', 'url']);
  });
});
