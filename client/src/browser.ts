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
  const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    initializationOptions: { trusted: false, goPath: false, wasmFolder: dist.toString(true) },
    outputChannel: output,
  };
  const worker = new (globalThis as unknown as { Worker: new (url: string) => never }).Worker(vscode.Uri.joinPath(dist, 'server-browser.js').toString(true));
  client = new LanguageClient('xbd', 'Go Cross-Build Doctor', clientOptions, worker);
  await client.start();
}
