import { readFileSync, statSync } from 'node:fs';
import type { CodeAction, Connection, Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { environmentFindings, goEnvFile } from '../go/environment';
import { environmentView, isEnvironmentView, unsetKeysOf, type EnvironmentView } from '../go/environment-view';
import type { DocumentAnalyses } from './analyses';
import { shows } from './convert';
import {
  allUnsetKeys,
  goEnvUnsetTitle,
  parseUnsetArgs,
  unsetActions,
  viewDiagnostics,
  type EnvDiagnosticData,
} from './go-environment';
import { openDocsAction } from './suppress-actions';
import { GO_ENVIRONMENT_REQUEST, GO_ENVIRONMENT_SCHEME, SERVER_COMMANDS, type GoEnvironmentResult, type Settings } from '../contract';
import type { SettingsStore } from './settings-store';
import type { ClientSession } from './session';
import type { Workspace } from './workspace';

/** The URI the client's view uses when a request does not name one. */
const ENV_VIEW_DEFAULT_URI = `${GO_ENVIRONMENT_SCHEME}:/go%20env`;

/** The "Show Go environment" view, its code actions, `go env -u` in the go env file, and the xbd.goEnvUnset command. */
export class GoEnvironmentFeature {
  constructor(
    private readonly connection: Connection,
    private readonly session: ClientSession,
    private readonly workspace: Workspace,
    private readonly settings: SettingsStore,
    private readonly analyses: DocumentAnalyses,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly parserReady: Promise<void>,
    private readonly log: (message: string) => void,
  ) {}

  register(): void {
    this.connection.onRequest(GO_ENVIRONMENT_REQUEST, async (params: { uri?: string } | undefined): Promise<GoEnvironmentResult> => {
      await this.parserReady;
      const uri = params?.uri && isEnvironmentView(params.uri) ? params.uri : ENV_VIEW_DEFAULT_URI;
      const view = this.view(uri, await this.settings.root());
      return { uri, text: view.text, goenv: view.goenv, diagnostics: viewDiagnostics(view, this.documents.get(uri)?.version ?? 0), unset: allUnsetKeys(view) };
    });
  }

  /** The view of `go env` with the environment's findings on their lines (settings of the workspace folder). */
  view(uri: string, settings: Settings): EnvironmentView {
    const info = this.workspace.go?.toolchain();
    const goenv = goEnvFile(info);
    const { known, goVersion } = this.workspace.defaults();
    const { findings } = environmentFindings(info, { facts: known, rules: settings.rules, log: this.log });
    return environmentView({ uri, info, goenv, goenvText: goenv ? readSmallFile(goenv) : undefined, findings, notice: this.workspace.goNotice(goVersion.version) });
  }

  /** On the read-only view: `go env -u` and the documentation, no edits. */
  async viewCodeActions(uri: string, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    const all = allUnsetKeys(this.view(uri, await this.settings.root()));
    const actions: CodeAction[] = [];
    for (const d of diagnostics) {
      if (d.source !== 'xbd') continue;
      const data = d.data as EnvDiagnosticData | undefined;
      actions.push(...unsetActions(d, data?.unset ?? [], all, data?.goenv));
      actions.push(...openDocsAction(d));
    }
    return actions;
  }

  /** In the go env file itself: `go env -u` for the keys a finding's own fix would delete. */
  async goEnvFileActions(doc: TextDocument, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    const text = doc.getText();
    const { analysis } = await this.analyses.current(doc);
    const all = [...new Set(analysis.findings.flatMap((f) => unsetKeysOf(f, doc.uri, text)))];
    const goenv = this.workspace.go?.goEnvFile();
    const actions: CodeAction[] = [];
    for (const d of diagnostics) {
      const match = analysis.findings.find((f) => shows(d, f));
      const fixes = match?.fixes ?? [];
      const keys = unsetKeysOf({ file: doc.uri, range: d.range, code: String(d.code), severity: 'warning', message: typeof d.message === 'string' ? d.message : d.message.value, fixes }, doc.uri, text);
      actions.push(...unsetActions(d, keys, all, goenv));
    }
    return actions;
  }

  /** `xbd.goEnvUnset`: never in an untrusted workspace; asks the user unless the client already did. */
  async unset(raw: unknown[] | undefined): Promise<{ unset?: string[]; error?: string }> {
    const args = parseUnsetArgs(raw);
    if (!args) return { error: `${SERVER_COMMANDS.goEnvUnset} expects [{ names: string[] }]` };
    const go = this.workspace.go;
    if (!this.session.trusted || !go) {
      const error = 'go env -u refused: the workspace is not trusted, so xbd runs no process';
      this.log(`xbd: ${error}`);
      return { error };
    }
    if (!args.confirmed) {
      const goenv = go.goEnvFile() ?? 'the go env file';
      const answer = await this.connection.window.showWarningMessage(`${goEnvUnsetTitle(args.names)}? This edits ${goenv}`, { title: 'Run' }, { title: 'Cancel' }).catch(() => undefined);
      if (answer?.title !== 'Run') return { error: 'cancelled' };
    }
    const result = await go.unset(args.names);
    this.log(`xbd: go env -u ${args.names.join(' ')}: ${result.error ?? 'done'}`);
    return result.error !== undefined ? { error: result.error } : { unset: args.names };
  }
}

/** A go env file's text (they are tiny; anything over 1 MB is not one). */
function readSmallFile(path: string): string | undefined {
  try {
    return statSync(path).size <= 1024 * 1024 ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}
