import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { pickerItems } from './picker-items';
import { CLIENT_COMMANDS, parseTarget, TARGET_INFO_REQUEST, WORKSPACE_PLATFORMS_REQUEST, type TargetInfo, type WorkspacePlatforms } from '../../../server/src/contract';
import { goEnvFor, statusLabel, syncBuildEnv, withBuildEnv } from './platform';

/** Editors the status-bar item is shown for. */
const LANGUAGES = new Set(['go', 'go.mod', 'go.work', 'dockerfile', 'makefile', 'shellscript', 'goenv']);
/** workspaceState keys: what the client wrote into gopls's build.env, and whether the user agreed to it. */
const WRITTEN_KEY = 'xbd.gopls.written';
const CONFIRMED_KEY = 'xbd.gopls.confirmed';

/**
 * The status-bar target picker: shows the target the workspace is analysed for (`xbd.target`), its
 * tooltip comes from the server (`xbd/targetInfo`), the picker's lists too (`xbd/workspacePlatforms`).
 * A change of `xbd.target`, picked here or typed into settings.json, re-analyses (the server pulls the
 * setting) and, with `xbd.syncGopls`, is mirrored into the workspace's gopls → build.env.
 */
export class TargetStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('xbd.target', vscode.StatusBarAlignment.Right, 101);
  private readonly disposables: vscode.Disposable[] = [];
  private tooltipFor: string | undefined;
  /** The server's status text for a target value (`linux/arm64 (go env)` when none is picked). */
  private serverLabel: { target: string; label: string } | undefined;
  /** Set while this item writes xbd.target: it mirrors the change into gopls itself. */
  private setting = false;
  /** The server's word that the workspace's go is not in use ("go not found — using built-in Go 1.27 tables"). */
  private goNotice: string | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: () => LanguageClient | undefined,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.item.name = 'Go Cross-Build Doctor: target';
    this.item.command = CLIENT_COMMANDS.pickTarget;
    this.disposables.push(
      this.item,
      // With an argument (keybindings, other extensions, tests) the target is set without the picker.
      vscode.commands.registerCommand(CLIENT_COMMANDS.pickTarget, (target?: unknown) => (typeof target === 'string' ? this.setTypedTarget(target) : this.pick())),
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh(true)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('xbd.target') || e.affectsConfiguration('xbd.syncGopls')) {
          this.refresh(true);
          // A target set by this item or its command syncs there (and says how); a settings.json edit here.
          if (!this.setting) void this.syncGopls(false);
        }
      }),
    );
    this.refresh();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** The server (re)started: the tooltip may now be answered. */
  serverReady(): void {
    this.refresh(true);
  }

  private target(): string {
    return vscode.workspace.getConfiguration('xbd').get<string>('target', '').trim();
  }

  private host(): string {
    const goos = ({ win32: 'windows', sunos: 'solaris' } as Record<string, string>)[process.platform] ?? process.platform;
    const goarch = ({ x64: 'amd64', ia32: '386' } as Record<string, string>)[process.arch] ?? process.arch;
    return `${goos}/${goarch}`;
  }

  private refresh(tooltipToo = false): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !LANGUAGES.has(editor.document.languageId)) {
      this.item.hide();
      return;
    }
    const target = this.target();
    const limited = !vscode.workspace.isTrusted;
    this.item.text = this.text(target, limited);
    if (tooltipToo || this.tooltipFor !== target) void this.updateTooltip(target, limited);
    this.item.show();
  }

  private text(target: string, limited: boolean): string {
    // Restricted mode says "limited" already; otherwise a missing or broken go shows as a warning sign.
    const notice = limited ? ' $(shield) limited' : this.goNotice ? ' $(warning) no go' : '';
    // The server's label knows the go env (`linux/arm64 (go env)`); until it answers, the local guess.
    const label = this.serverLabel?.target === target ? this.serverLabel.label : statusLabel(parseTarget(target), this.host());
    return `$(server-environment) ${label}${notice}`;
  }

  private async updateTooltip(target: string, limited: boolean): Promise<void> {
    this.tooltipFor = target;
    const md = new vscode.MarkdownString('', true);
    if (limited) {
      md.appendMarkdown(
        '**Restricted mode: analysis is limited.** The workspace is not trusted, so no process is started: its go is not run and the embedded knowledge of Go is used; settings that name programs are ignored.\n\n',
      );
    }
    const client = this.client();
    try {
      const info = client?.isRunning() ? await client.sendRequest<TargetInfo>(TARGET_INFO_REQUEST, { target }) : undefined;
      this.goNotice = info?.goNotice;
      if (info) this.serverLabel = { target, label: info.label };
      if (this.goNotice && !limited) md.appendMarkdown(`$(warning) **${this.goNotice}.** (xbd: Show Go environment)\n\n`);
      md.appendMarkdown(info ? info.markdown : `**Target platform: ${statusLabel(parseTarget(target), this.host())}**`);
    } catch (err) {
      this.output.warn(`${TARGET_INFO_REQUEST} failed: ${String(err)}`);
      md.appendMarkdown(`**Target platform: ${statusLabel(parseTarget(target), this.host())}**`);
    }
    const sync = vscode.workspace.getConfiguration('xbd').get<boolean>('syncGopls', true) && (await goplsListens());
    md.appendMarkdown(
      `\n\n---\n\n${target ? `Picked: stored in this workspace's settings (.vscode/settings.json) as \`xbd.target\` = \`${target}\`` : 'None picked (`xbd.target` is empty)'}` +
        `${sync ? '; mirrored into `gopls` → `build.env` (`xbd.syncGopls`)' : ''}. Click to pick a target platform.`,
    );
    if (this.tooltipFor === target) {
      this.item.tooltip = md;
      this.item.text = this.text(target, limited);
    }
  }

  private async pick(): Promise<void> {
    const client = this.client();
    let data: WorkspacePlatforms | undefined;
    try {
      data = client?.isRunning()
        ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Finding target platforms…' }, () =>
            client.sendRequest<WorkspacePlatforms>(WORKSPACE_PLATFORMS_REQUEST, {}),
          )
        : undefined;
    } catch (err) {
      this.output.warn(`${WORKSPACE_PLATFORMS_REQUEST} failed: ${String(err)}`);
    }
    data ??= { host: this.host(), goVersion: '?', goVersionBecause: 'the server is not running', used: [], ports: [] };
    const items = pickerItems(data, this.target(), (uri) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri)));
    const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { target?: string }>();
    quickPick.title = `Target platform (Go ${data.goVersion}: ${data.goVersionBecause})`;
    quickPick.placeholder = 'Analyse the workspace for… (type os/arch[/variant])';
    quickPick.matchOnDescription = true;
    quickPick.matchOnDetail = true;
    quickPick.items = items.map((i) =>
      i.kind === 'separator'
        ? { label: i.label, kind: vscode.QuickPickItemKind.Separator }
        : { label: i.label, description: i.description, detail: i.detail, target: i.target, picked: i.picked },
    );
    const current = quickPick.items.find((i) => i.picked);
    if (current) quickPick.activeItems = [current];
    const chosen = await new Promise<string | undefined>((resolve) => {
      quickPick.onDidAccept(() => {
        const typed = quickPick.value.trim();
        const item = quickPick.selectedItems[0];
        resolve(item?.target ?? (parseTarget(typed) ? typed : undefined));
        quickPick.hide();
      });
      quickPick.onDidHide(() => resolve(undefined));
      quickPick.show();
    });
    quickPick.dispose();
    if (chosen === undefined) return;
    await this.setTarget(chosen, true);
  }

  /**
   * `xbd.pickTarget` with an argument: `os/arch[/variant]`, or '' for none (this machine, or the go env).
   * Returns what became of gopls's build.env, for callers that want to know (tests, other extensions).
   */
  private async setTypedTarget(target: string): Promise<GoplsSync | undefined> {
    const trimmed = target.trim();
    if (trimmed && !parseTarget(trimmed)) {
      void vscode.window.showErrorMessage(`Not a target platform: "${target}" (expected os/arch or os/arch/variant, e.g. linux/arm64).`);
      return undefined;
    }
    return this.setTarget(trimmed, false);
  }

  private async setTarget(target: string, fromPicker: boolean): Promise<GoplsSync | undefined> {
    if (!vscode.workspace.workspaceFolders?.length) {
      void vscode.window.showWarningMessage('Open a folder to pick a target platform: the choice is stored in the workspace settings.');
      return undefined;
    }
    // Workspace scope only; empty removes the key. The server re-analyses on the change event.
    this.setting = true;
    try {
      await vscode.workspace.getConfiguration('xbd').update('target', target || undefined, vscode.ConfigurationTarget.Workspace);
    } finally {
      this.setting = false;
    }
    return this.syncGopls(fromPicker);
  }

  /**
   * Mirrors xbd.target into the workspace's gopls → build.env (never user settings). With xbd.syncGopls
   * turned off, what the client wrote before is removed (once) and nothing more is written.
   */
  private async syncGopls(askInPicker: boolean): Promise<GoplsSync> {
    if (!vscode.workspace.workspaceFolders?.length) return 'off';
    const listens = await goplsListens();
    const wanted = vscode.workspace.getConfiguration('xbd').get<boolean>('syncGopls', true);
    const enabled = wanted && listens;
    const written = this.context.workspaceState.get<Record<string, string>>(WRITTEN_KEY, {});
    if (!enabled && !Object.keys(written).length) return wanted ? 'nothing reads it' : 'off';
    const target = enabled ? parseTarget(this.target()) : undefined;
    const gopls = vscode.workspace.getConfiguration().inspect<Record<string, unknown>>('gopls')?.workspaceValue;
    const env = gopls?.['build.env'];
    const previous = this.context.workspaceState.get<Record<string, string>>(WRITTEN_KEY, {});
    const sync = syncBuildEnv(env && typeof env === 'object' ? (env as Record<string, unknown>) : undefined, target ? goEnvFor(target) : undefined, previous);
    if (!sync.summary) return 'unchanged';
    if (enabled && !this.context.workspaceState.get<boolean>(CONFIRMED_KEY)) {
      const question =
        `Tell gopls too? To analyse _${target?.goos ?? 'os'}.go files and //go:build lines for the picked target platform, ` +
        `write into this workspace's "gopls" → "build.env" setting (.vscode/settings.json): ${sync.summary}. ` +
        'Other build.env keys are kept; these go again when you pick this machine. User settings are never changed.';
      // From the picker the question is the picker's next step (top of the window, where the status item's
      // hover cannot cover it); a target set otherwise is asked in a notification.
      const answer = askInPicker
        ? (
            await vscode.window.showQuickPick(
              [
                { label: 'Write build.env', detail: sync.summary },
                { label: 'Not now' },
                { label: "Don't sync", detail: 'xbd.syncGopls: false in this workspace' },
              ],
              { title: 'gopls → build.env', placeHolder: question, ignoreFocusOut: true },
            )
          )?.label
        : await vscode.window.showInformationMessage(question, 'Write build.env', 'Not now', "Don't sync");
      if (answer === "Don't sync") {
        await vscode.workspace.getConfiguration('xbd').update('syncGopls', false, vscode.ConfigurationTarget.Workspace);
        return 'declined';
      }
      if (answer !== 'Write build.env') return 'declined';
      await this.context.workspaceState.update(CONFIRMED_KEY, true);
    }
    try {
      await vscode.workspace.getConfiguration().update('gopls', withBuildEnv(gopls, sync.env), vscode.ConfigurationTarget.Workspace);
    } catch (err) {
      this.output.warn(`could not write gopls build.env: ${String(err)}`);
      if (listens) void vscode.window.showWarningMessage(`Could not write gopls → build.env: ${String(err)} (xbd.syncGopls)`);
      return 'failed';
    }
    await this.context.workspaceState.update(WRITTEN_KEY, sync.written);
    this.output.info(`gopls build.env: ${sync.summary}`);
    vscode.window.setStatusBarMessage(`gopls build.env: ${sync.summary}`, 5000);
    return 'written';
  }
}

/**
 * What became of gopls's build.env after a target was set: `nothing reads it` (no gopls setting, or no Go
 * code in the workspace: nothing asked, nothing written), `off` (xbd.syncGopls false), `unchanged`,
 * `declined`, `written`, `failed`.
 */
export type GoplsSync = 'nothing reads it' | 'off' | 'unchanged' | 'declined' | 'written' | 'failed';

/**
 * Whether gopls would read build.env: the Go extension (or anything else) registers the `gopls` setting,
 * and the workspace has Go code. Otherwise nothing reads it, and nothing is asked or written.
 */
export async function goplsListens(): Promise<boolean> {
  if (vscode.workspace.getConfiguration().inspect('gopls')?.defaultValue === undefined) return false;
  const found = await vscode.workspace.findFiles('**/{go.mod,go.work,*.go}', '**/{node_modules,vendor,.git}/**', 1);
  return found.length > 0;
}
