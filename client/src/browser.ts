// The extension in the browser (vscode.dev, github.dev; package.json `browser`): the language server runs in a
// web worker (dist/server-browser.js) with the same engine. There is no go to run and no process to start, so
// the server is told the workspace is untrusted and has no go: embedded knowledge only.
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions } from 'vscode-languageclient/browser';
import { DOCUMENT_SELECTOR } from './selector';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Go Cross-Build Doctor', { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('xbd.restartServer', async () => {
      await client?.stop().catch(() => undefined);
      await start(context, output);
    }),
    vscode.commands.registerCommand('xbd.showOutput', () => output.show(true)),
    // Contributed for the desktop, where they read the workspace's go: say why they do nothing here.
    ...['xbd.pickTarget', 'xbd.showGoEnvironment'].map((command) =>
      vscode.commands.registerCommand(command, () => vscode.window.showInformationMessage('Go Cross-Build Doctor: in the browser there is no go to ask; this command needs VS Code on the desktop.')),
    ),
  );
  await start(context, output);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

async function start(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<void> {
  const { workerUrl, wasm } = await serverFiles(vscode.Uri.joinPath(context.extensionUri, 'dist'));
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    initializationOptions: { trusted: false, goPath: false, ...wasm },
    outputChannel: output,
  };
  const worker = new (globalThis as unknown as { Worker: new (url: string) => never }).Worker(workerUrl);
  client = new LanguageClient('xbd', 'Go Cross-Build Doctor', worker, clientOptions);
  await client.start();
}

const WASM_FILES = ['web-tree-sitter.wasm', 'tree-sitter-bash.wasm', 'tree-sitter-hcl.wasm'];

/**
 * Where the worker script and the wasm files are for the browser. vscode.dev serves the extension over https:
 * their URLs. An extension installed on a remote (code-server, Codespaces) has vscode-remote: URIs, from
 * which VS Code cannot start a worker and the worker cannot fetch: the client reads the files through the
 * workspace file system, starts the worker from a blob: URL and hands it the wasm bytes (base64: the
 * initialization options are JSON).
 */
async function serverFiles(dist: vscode.Uri): Promise<{ workerUrl: string; wasm: { wasmFolder: string } | { wasmFiles: Record<string, string> } }> {
  const script = vscode.Uri.joinPath(dist, 'server-browser.js');
  if (dist.scheme === 'https' || dist.scheme === 'http') return { workerUrl: script.toString(true), wasm: { wasmFolder: dist.toString(true) } };
  const wasmFiles: Record<string, string> = {};
  for (const file of WASM_FILES) wasmFiles[file] = base64(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dist, file)));
  const workerUrl = URL.createObjectURL(new Blob([await vscode.workspace.fs.readFile(script)], { type: 'text/javascript' }));
  return { workerUrl, wasm: { wasmFiles } };
}

function base64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}
