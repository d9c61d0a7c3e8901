// The language server in a browser's web worker (vscode.dev, github.dev: the extension's `browser` entry):
// the same startServer and engine as dist/server.js, over vscode-languageserver's browser transport
// (postMessage). The bundle (scripts/build.mjs) replaces the Node built-ins with ./browser/node-shims: no disk,
// no process. The client says the workspace is untrusted and that there is no go, so only the embedded
// knowledge is used.
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { initShellParser } from '../engine';
import { startServer } from './server';

interface WorkerScope {
  location: { href: string };
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}
const worker = globalThis as unknown as WorkerScope;

/**
 * The tree-sitter wasm files lie beside this bundle. Where that is comes from `initialize`
 * (initializationOptions.wasmFolder, the extension's dist/ URL, or wasmFiles, the files' bytes in base64 by
 * name: VS Code may start the worker from a blob URL), else from the worker's own URL.
 */
function parserFromInitialize(): Promise<void> {
  return new Promise((resolve, reject) => {
    const listener = (event: { data: unknown }) => {
      const message = event.data as { method?: string; params?: { initializationOptions?: { wasmFolder?: unknown; wasmFiles?: unknown } } } | undefined;
      if (message?.method !== 'initialize') return;
      worker.removeEventListener('message', listener);
      const { wasmFolder, wasmFiles } = message.params?.initializationOptions ?? {};
      const where = wasmFiles && typeof wasmFiles === 'object' ? bytesOf(wasmFiles as Record<string, string>) : typeof wasmFolder === 'string' && wasmFolder ? wasmFolder : new URL('.', worker.location.href).href;
      initShellParser(where).then(resolve, reject);
    };
    worker.addEventListener('message', listener);
  });
}

function bytesOf(files: Record<string, string>): Record<string, Uint8Array> {
  return Object.fromEntries(Object.entries(files).map(([name, b64]) => [name, Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))]));
}

const connection = createConnection(new BrowserMessageReader(worker as never), new BrowserMessageWriter(worker as never));
const parserReady = parserFromInitialize();
parserReady.catch(() => undefined); // reported per request by the server
startServer(connection, parserReady);
