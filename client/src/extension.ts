import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { TargetStatus } from './target/status';

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let targetStatus: TargetStatus | undefined;

/** Starts the language server; the client knows nothing about rules, only which documents to send. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Go Cross-Build Doctor', { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('xbd.restartServer', () => restart(context)),
    vscode.commands.registerCommand('xbd.showOutput', () => output.show(true)),
    // Trust granted later: restart so the server may now run the workspace's go.
    vscode.workspace.onDidGrantWorkspaceTrust(() => restart(context)),
  );
  targetStatus = new TargetStatus(context, () => client, output);
  context.subscriptions.push(targetStatus);
  await start(context);
  targetStatus.serverReady();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'dockerfile' },
      { language: 'makefile' },
      { language: 'shellscript' },
      { language: 'goenv' },
      { pattern: '**/{Dockerfile,Containerfile}{,.*}' },
      { pattern: '**/*.{dockerfile,Dockerfile,mk}' },
      { pattern: '**/go.env' },
    ],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/{go.mod,go.work,*.mk,*.make,Makefile*,makefile*,GNUmakefile*}') },
    initializationOptions: { trusted: vscode.workspace.isTrusted },
    outputChannel: output,
  };
  client = new LanguageClient('xbd', 'Go Cross-Build Doctor', serverOptions, clientOptions);
  await client.start();
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await client?.stop().catch(() => undefined);
  client = undefined;
  await start(context);
  targetStatus?.serverReady();
}
