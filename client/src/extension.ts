import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { CLIENT_COMMANDS, GO_ENVIRONMENT_CHANGED, GO_ENVIRONMENT_SCHEME, type GoEnvironmentChangedParams } from '../../server/src/contract';
import { confirmGoEnvUnset, GoEnvironmentView } from './goenv-view';
import { DOCUMENT_SELECTOR } from './selector';
import { TargetStatus } from './target/status';

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let targetStatus: TargetStatus | undefined;
let envView: GoEnvironmentView | undefined;

/** Starts the language server; the client knows nothing about rules, only which documents to send. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Go Cross-Build Doctor', { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand(CLIENT_COMMANDS.restartServer, () => restart(context)),
    vscode.commands.registerCommand(CLIENT_COMMANDS.showOutput, () => output.show(true)),
    // Trust granted later: restart so the server may now run the workspace's go.
    vscode.workspace.onDidGrantWorkspaceTrust(() => restart(context)),
    vscode.workspace.onDidOpenTextDocument((doc) => void markGoEnvFile(doc)),
  );
  targetStatus = new TargetStatus(context, () => client, output);
  envView = new GoEnvironmentView(() => client, output);
  context.subscriptions.push(targetStatus, envView);
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
      ...DOCUMENT_SELECTOR,
      // The "Show Go environment" view: the server publishes its diagnostics and code actions.
      { scheme: GO_ENVIRONMENT_SCHEME },
    ],
    // No static file watchers: the server registers its own (go.mod, go.work, *.go, files Makefiles
    // include, and the go env file, which may lie outside the workspace), so Neovim gets the same.
    middleware: { executeCommand: confirmGoEnvUnset },
    initializationOptions: { trusted: vscode.workspace.isTrusted },
    outputChannel: output,
  };
  client = new LanguageClient('xbd', 'Go Cross-Build Doctor', serverOptions, clientOptions);
  await client.start();
  // Go found, lost or its environment edited: refresh the view's text and the status bar's tooltip, and
  // treat the go env file as one wherever GOENV puts it (the static selector knows only go.env and go/env).
  client.onNotification(GO_ENVIRONMENT_CHANGED, (params: GoEnvironmentChangedParams | undefined) => {
    goEnvPath = params?.goenv;
    for (const doc of vscode.workspace.textDocuments) void markGoEnvFile(doc);
    envView?.refresh();
    targetStatus?.serverReady();
  });
}

/** The go env file the server's go reads (`go env GOENV`), once the server has said. */
let goEnvPath: string | undefined;

async function markGoEnvFile(doc: vscode.TextDocument): Promise<void> {
  if (goEnvPath && doc.uri.scheme === 'file' && doc.uri.fsPath === goEnvPath && doc.languageId !== 'goenv') {
    await vscode.languages.setTextDocumentLanguage(doc, 'goenv');
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await client?.stop().catch(() => undefined);
  client = undefined;
  await start(context);
  targetStatus?.serverReady();
}
