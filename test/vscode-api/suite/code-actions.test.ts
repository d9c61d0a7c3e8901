// Quick fixes as an extension sees them: vscode.executeCodeActionProvider returns our fix, and applying
// its WorkspaceEdit changes only the wrong value and clears the diagnostic.
import * as assert from 'node:assert/strict';
import { afterEach, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { DOCKERFILE, MAKEFILE } from './expected';
import { activateExtension, expectDiagnostics, open, ours, restore } from './workspace';

/** The code actions VS Code collects for `range` (resolved, as the lightbulb would show them). */
async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const all = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>(
    'vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value, 20,
  );
  return (all ?? []).filter((a): a is vscode.CodeAction => !('command' in a && typeof a.command === 'string'));
}

/** Applies the fix titled `title` for the diagnostic `code` and returns the changed lines (0-based). */
async function applyFix(doc: vscode.TextDocument, code: string, title: string): Promise<number[]> {
  const diag = ours(doc.uri).find((d) => d.codeText === code);
  assert.ok(diag, `no ${code} on ${doc.uri.path}`);
  const actions = await codeActions(doc.uri, diag.range);
  const fix = actions.find((a) => a.title === title);
  assert.ok(fix, `"${title}" not offered; offered: ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `kind: ${fix.kind?.value}`);
  assert.equal(fix.isPreferred, true, 'the fix is the preferred action (Ctrl+. picks it, auto-fix applies it)');
  assert.ok(actions.some((a) => a.title === `Ignore ${code} for this line`), 'the suppression action is offered too');
  assert.ok(fix.edit, 'the fix carries a WorkspaceEdit');
  const lines = fix.edit.entries().flatMap(([uri, edits]) => {
    assert.equal(uri.toString(), doc.uri.toString(), 'the fix edits only this file');
    return edits.map((e) => e.range.start.line);
  });
  assert.ok(await vscode.workspace.applyEdit(fix.edit));
  return lines;
}

describe('quick fixes (vscode.executeCodeActionProvider)', () => {
  before(activateExtension);
  // Put the file back for the other tests.
  let changed: { doc: vscode.TextDocument; text: string } | undefined;
  afterEach(async () => {
    if (changed) await restore(changed.doc, changed.text);
    changed = undefined;
  });

  it('Dockerfile XB102: "Change to amd64" rewrites x86_64 and the diagnostic goes away', async () => {
    const doc = await open('api/Dockerfile');
    await expectDiagnostics(doc.uri, DOCKERFILE);
    const before = doc.getText();
    changed = { doc, text: before };
    assert.deepEqual(await applyFix(doc, 'XB102', 'Change to amd64'), [12]);
    assert.equal(doc.lineAt(12).text, 'RUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -o /out/api-amd64 ./cmd/api');
    assert.equal(doc.getText(), before.replace('GOARCH=x86_64', 'GOARCH=amd64'), 'nothing else changed');
    await expectDiagnostics(doc.uri, ['XB104@11']);
  });

  it('Makefile XB101: "Change GOOS to darwin" rewrites macos and the diagnostic goes away', async () => {
    const doc = await open('worker/Makefile');
    await expectDiagnostics(doc.uri, MAKEFILE);
    changed = { doc, text: doc.getText() };
    assert.deepEqual(await applyFix(doc, 'XB101', 'Change GOOS to darwin'), [15]);
    assert.match(doc.lineAt(15).text, /^\tGOOS=darwin GOARCH=arm64 go build /);
    await expectDiagnostics(doc.uri, ['XB104@19', 'XB106@5']);
  });
});
