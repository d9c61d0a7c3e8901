// Settings as a user changes them: xbd.rules in the workspace settings turns a code off or changes its
// severity, and removing it brings the diagnostics back, without reopening the file.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { MAKEFILE } from './expected';
import { activateExtension, expectDiagnostics, open, ours, setWorkspaceSetting } from './workspace';

describe('settings (xbd.rules)', () => {
  before(activateExtension);
  after(() => setWorkspaceSetting('rules', undefined));

  it('{ XB101: "off", XB106: "warning" } drops XB101 and demotes XB106; removing it restores both', async () => {
    const doc = await open('worker/Makefile');
    await expectDiagnostics(doc.uri, MAKEFILE);
    await setWorkspaceSetting('rules', { XB101: 'off', XB106: 'warning' });
    assert.deepEqual(vscode.workspace.getConfiguration('xbd', doc.uri).get('rules'), { XB101: 'off', XB106: 'warning' });
    await expectDiagnostics(doc.uri, ['XB104@19', 'XB106@5']);
    assert.equal(ours(doc.uri).find((d) => d.codeText === 'XB106')!.severity, vscode.DiagnosticSeverity.Warning);
    await setWorkspaceSetting('rules', undefined);
    await expectDiagnostics(doc.uri, MAKEFILE);
    assert.equal(ours(doc.uri).find((d) => d.codeText === 'XB106')!.severity, vscode.DiagnosticSeverity.Error);
  });
});
