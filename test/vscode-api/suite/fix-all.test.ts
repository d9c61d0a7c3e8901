// Issue 17 points 3 and 4 as an extension sees them: one diagnostic and one action per cause and place,
// titles that name every line a fix changes, and "Fix all xbd problems" both as a source action and from
// editor.codeActionsOnSave, writing what `xbd check --fix` writes.
import * as assert from 'node:assert/strict';
import { afterEach, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { MAKEFILE } from './expected';
import { activateExtension, expectDiagnostics, open, ours, restore, waitFor } from './workspace';

/** examples/worker/Makefile after `xbd check --fix` (errors and warnings fixed; the CLI's output, checked by test/lsp/fixes.test.ts). */
function fixedMakefile(text: string): string {
  return text.replace('export GOEXPERIMENT := unified\n', '').replace('GOOS=macos', 'GOOS=darwin').replace('GOAMD64=3', 'GOAMD64=v3');
}

async function actions(uri: vscode.Uri, range: vscode.Range, kind: string): Promise<vscode.CodeAction[]> {
  const all = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>('vscode.executeCodeActionProvider', uri, range, kind, 50);
  return (all ?? []).filter((a): a is vscode.CodeAction => !('command' in a && typeof a.command === 'string'));
}

describe('fix-all, one action per fix, titles that name their lines', () => {
  before(activateExtension);
  let changed: { doc: vscode.TextDocument; text: string } | undefined;
  afterEach(async () => {
    await vscode.workspace.getConfiguration('editor').update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace);
    if (changed) await restore(changed.doc, changed.text);
    changed = undefined;
  });

  it('examples/edge/Dockerfile line 8: one diagnostic (XB310, not also XB304) and each action once; the GOARM fix names the ARG line it edits', async () => {
    const doc = await open('edge/Dockerfile');
    await expectDiagnostics(doc.uri, ['XB107@6', 'XB310@8']);
    const line8 = ours(doc.uri).find((d) => d.codeText === 'XB310')!;
    const titles = (await actions(doc.uri, line8.range, vscode.CodeActionKind.QuickFix.value)).map((a) => a.title);
    assert.deepEqual(titles.filter((t, i) => titles.indexOf(t) !== i), [], JSON.stringify(titles));
    // The stage's image is named for arm/v6 (arm32v6/alpine): the fix also moves it to the official image.
    assert.ok(titles.includes('Remove --platform=linux/arm/v6, and use alpine:3.20'), JSON.stringify(titles));
    const xb107 = ours(doc.uri).find((d) => d.codeText === 'XB107')!;
    const goarm = (await actions(doc.uri, xb107.range, vscode.CodeActionKind.QuickFix.value)).map((a) => a.title);
    assert.ok(goarm.includes('Set GOARM from TARGETVARIANT — also edits line 3'), JSON.stringify(goarm));
  });

  it('examples/worker/Makefile: "Remove unified" says it deletes line 5; Fix all xbd problems (source.fixAll.xbd) writes what xbd check --fix writes', async () => {
    const doc = await open('worker/Makefile');
    await expectDiagnostics(doc.uri, MAKEFILE);
    const text = doc.getText();
    changed = { doc, text };
    const xb106 = ours(doc.uri).find((d) => d.codeText === 'XB106')!;
    const titles = (await actions(doc.uri, xb106.range, vscode.CodeActionKind.QuickFix.value)).map((a) => a.title);
    assert.ok(titles.includes('Remove unified — deletes line 5 `export GOEXPERIMENT := unified`'), JSON.stringify(titles));
    assert.ok(titles.includes('Fix all xbd problems'), 'fix-all is in the quick-fix menu of a file with several fixable problems');
    const [fixAll, ...more] = await actions(doc.uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.xbd');
    assert.equal(more.length, 0);
    assert.equal(fixAll?.title, 'Fix all xbd problems');
    assert.equal(fixAll.kind?.value, 'source.fixAll.xbd');
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit!));
    assert.equal(doc.getText(), fixedMakefile(text));
    await expectDiagnostics(doc.uri, []);
  });

  it('editor.codeActionsOnSave { "source.fixAll.xbd": "explicit" } fixes the file when it is saved', async () => {
    const doc = await open('worker/Makefile');
    await expectDiagnostics(doc.uri, MAKEFILE);
    const text = doc.getText();
    changed = { doc, text };
    await vscode.workspace.getConfiguration('editor').update('codeActionsOnSave', { 'source.fixAll.xbd': 'explicit' }, vscode.ConfigurationTarget.Workspace);
    // A real edit (the file must be dirty for a save to run the actions), then save.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), '# saved\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    // The save command acts on the active editor: make sure it is this one (an earlier test opened a docs page).
    await vscode.window.showTextDocument(doc, { preview: false });
    await waitFor('the Makefile to be the active editor', () => vscode.window.activeTextEditor?.document === doc);
    await vscode.commands.executeCommand('workbench.action.files.save');
    await waitFor('the save to apply the fix-all', () => !doc.isDirty && doc.getText() === `# saved\n${fixedMakefile(text)}`).catch((e: Error) => {
      throw new Error(`${e.message}; dirty: ${doc.isDirty}; text now:\n${doc.getText()}`);
    });
    await expectDiagnostics(doc.uri, []);
  });
});
