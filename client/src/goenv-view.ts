import * as vscode from 'vscode';
import type { LanguageClient, Middleware } from 'vscode-languageclient/node';
import { CLIENT_COMMANDS, GO_ENVIRONMENT_REQUEST, GO_ENVIRONMENT_SCHEME, SERVER_COMMANDS, type GoEnvironmentResult } from '../../server/src/contract';

/** The read-only view: the server answers its content (`xbd/goEnvironment`) and its diagnostics. */
const VIEW_URI = vscode.Uri.from({ scheme: GO_ENVIRONMENT_SCHEME, path: '/go env' });

/**
 * "Go Cross-Build Doctor: Show Go environment": a virtual document whose text the server makes (the
 * effective `go env`, header comments, one NAME=value per line). The document selector includes the
 * scheme, so the server receives it like any document and publishes the environment's findings and
 * code actions on it; the client knows no rule.
 */
export class GoEnvironmentView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(GO_ENVIRONMENT_SCHEME, this),
      vscode.commands.registerCommand(CLIENT_COMMANDS.showGoEnvironment, () => this.show()),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const client = this.client();
    if (!client?.isRunning()) return '# Go Cross-Build Doctor: the language server is not running (Restart Server).\n';
    try {
      const result = await client.sendRequest<GoEnvironmentResult>(GO_ENVIRONMENT_REQUEST, { uri: uri.toString() });
      return result.text;
    } catch (err) {
      this.output.warn(`xbd/goEnvironment failed: ${String(err)}`);
      return `# Go Cross-Build Doctor: could not read the go environment (${String(err)}).\n`;
    }
  }

  async show(): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(VIEW_URI);
    // A virtual document gets plaintext from its name; the goenv grammar highlights NAME=value and comments.
    const shown = doc.languageId === 'goenv' ? doc : await vscode.languages.setTextDocumentLanguage(doc, 'goenv');
    await vscode.window.showTextDocument(shown, { preview: false });
  }

  /** The server says go or its environment changed: the open view asks for its text again. */
  refresh(): void {
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === VIEW_URI.toString())) this.changed.fire(VIEW_URI);
  }
}

/**
 * Asks before `go env -u` runs (a modal dialog naming the file it edits), then lets the server run it
 * with `confirmed: true`; a failure is shown, success goes to the status bar briefly.
 */
export const confirmGoEnvUnset: Middleware['executeCommand'] = async (command, args, next) => {
  if (command !== SERVER_COMMANDS.goEnvUnset) return next(command, args);
  const a = (args[0] ?? {}) as { names?: unknown; goenv?: unknown };
  const names = Array.isArray(a.names) ? a.names.filter((n): n is string => typeof n === 'string') : [];
  if (!names.length) return undefined;
  const file = typeof a.goenv === 'string' ? a.goenv : 'the go env file';
  const run = 'Run';
  const answer = await vscode.window.showWarningMessage(
    `Run \`go env -u ${names.join(' ')}\`? This edits ${file}`,
    { modal: true, detail: 'The settings are removed for every go command of this user on this machine, not only this workspace.' },
    run,
  );
  if (answer !== run) return undefined;
  const result = (await next(command, [{ ...a, names, confirmed: true }])) as { error?: string; unset?: string[] } | undefined;
  if (result?.error) void vscode.window.showErrorMessage(`go env -u ${names.join(' ')}: ${result.error}`);
  else vscode.window.setStatusBarMessage(`go env -u ${names.join(' ')}: done`, 5000);
  return result;
};
