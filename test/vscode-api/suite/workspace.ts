// Helpers for the suite that runs inside VS Code's extension host: the opened workspace is a scratch copy
// of examples/ (made by the launcher), so the tests may edit and configure it.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'xbd.go-cross-build-doctor';
/** Upper bound of every wait; all of them poll and return as soon as the condition holds. */
export const WAIT_MS = 20_000;

/** A file of the opened workspace (a copy of examples/). */
export function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the launcher must open the examples workspace');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

/** Activates our extension (idempotent) so its commands and server exist before a test looks. */
export async function activateExtension(): Promise<void> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed in this VS Code`);
  await ext.activate();
}

/** Opens a workspace file in an editor (our client pulls diagnostics for what is shown). */
export async function open(relative: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(relative));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** Our diagnostics for `uri`, with the code as a plain string. */
export function ours(uri: vscode.Uri): Array<vscode.Diagnostic & { codeText: string }> {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'xbd')
    .map((d) => Object.assign(d, { codeText: String(typeof d.code === 'object' ? d.code.value : d.code) }));
}

/** `CODE@line` (1-based, as an editor shows it) for each of our diagnostics, sorted. */
export function codesAndLines(uri: vscode.Uri): string[] {
  return ours(uri)
    .map((d) => `${d.codeText}@${d.range.start.line + 1}`)
    .sort();
}

/** Polls `fn` every 100 ms until it returns something other than undefined/false. */
export async function waitFor<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, ms = WAIT_MS): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the diagnostics of `uri` are exactly `expected` (CODE@line, sorted) and returns them. */
export async function expectDiagnostics(uri: vscode.Uri, expected: string[], ms = WAIT_MS): Promise<string[]> {
  const want = [...expected].sort();
  try {
    return await waitFor(`diagnostics ${want.join(', ')} on ${vscode.workspace.asRelativePath(uri)}`, () => {
      const now = codesAndLines(uri);
      return JSON.stringify(now) === JSON.stringify(want) ? now : undefined;
    }, ms);
  } catch (e) {
    throw new Error(`${(e as Error).message}; now: ${JSON.stringify(codesAndLines(uri))}`);
  }
}

/** Process ids of our language servers: node processes running dist/server.js, children of this extension host. */
export function serverPids(): number[] {
  const table = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' });
  return table
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => !!m && Number(m[2]) === process.pid && /[/\\]dist[/\\]server\.js\b/.test(m[3]!))
    .map((m) => Number(m[1]));
}

/** Sets an `xbd.*` setting in the workspace (undefined removes it). */
export async function setWorkspaceSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('xbd').update(key, value, vscode.ConfigurationTarget.Workspace);
}

/**
 * Puts `doc` back to `text` and saves it, so the next test sees the file as the launcher copied it.
 * (An edit plus save, not the Revert command: that acts on whatever editor has focus.)
 */
export async function restore(doc: vscode.TextDocument, text: string): Promise<void> {
  if (doc.getText() !== text) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
    assert.ok(await vscode.workspace.applyEdit(edit), `could not restore ${doc.uri.path}`);
  }
  if (doc.isDirty) assert.ok(await doc.save(), `could not save ${doc.uri.path}`);
}
