// Our commands as other extensions and keybindings reach them: registered under the ids package.json
// contributes; Restart Server really replaces the server; Pick Target with an argument sets xbd.target
// (and says what became of gopls's build.env); Open documentation opens the page the VSIX ships.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { MAKEFILE } from './expected';
import { EXTENSION_ID, activateExtension, expectDiagnostics, open, serverPids, setWorkspaceSetting, waitFor, workspaceFile } from './workspace';

describe('commands', () => {
  before(activateExtension);

  it('registers every command package.json contributes, each under the category "xbd" (typing xbd in the palette finds them)', async () => {
    const commands = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as Array<{ command: string; category: string }>;
    assert.deepEqual([...new Set(commands.map((c) => c.category))], ['xbd']);
    const contributed = commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, ['xbd.pickTarget', 'xbd.restartServer', 'xbd.showGoEnvironment', 'xbd.showOutput']);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((c) => !registered.has(c)), []);
    await vscode.commands.executeCommand('xbd.showOutput');
  });

  it('xbd.restartServer replaces the server process and diagnostics come from the new one', async () => {
    const doc = await open('worker/Makefile');
    await expectDiagnostics(doc.uri, MAKEFILE);
    const [old] = await waitFor('one running xbd server', () => serverPids().length === 1 && serverPids());
    await vscode.commands.executeCommand('xbd.restartServer');
    const [next] = await waitFor('the old server to exit and a new one to run', () => {
      const pids = serverPids();
      return pids.length === 1 && pids[0] !== old && pids;
    });
    assert.notEqual(next, old);
    await expectDiagnostics(doc.uri, MAKEFILE);
  });

  describe('xbd.pickTarget with a target argument', () => {
    // go test runs the binary it builds: for another architecture than this machine's, XB503 says it
    // cannot run here, unless that architecture is the picked target (then the user runs it elsewhere).
    const foreign = process.arch === 'arm64' ? 'amd64' : 'arm64';
    const script = 'scripts/test-foreign.sh';
    after(() => setWorkspaceSetting('target', undefined));

    it(`sets xbd.target in the workspace and re-analyses: linux/${foreign} clears XB503, '' (the host) brings it back`, async () => {
      await vscode.workspace.fs.writeFile(workspaceFile(script), Buffer.from(`#!/bin/sh\nGOOS=linux GOARCH=${foreign} go test ./...\n`));
      const doc = await open(script);
      await expectDiagnostics(doc.uri, ['XB503@2']);
      await vscode.commands.executeCommand('xbd.pickTarget', `linux/${foreign}`);
      assert.equal(vscode.workspace.getConfiguration('xbd').inspect('target')?.workspaceValue, `linux/${foreign}`);
      await expectDiagnostics(doc.uri, []);
      await vscode.commands.executeCommand('xbd.pickTarget', '');
      assert.equal(vscode.workspace.getConfiguration('xbd').inspect('target')?.workspaceValue, undefined);
      await expectDiagnostics(doc.uri, ['XB503@2']);
    });

    it('with xbd.syncGopls on, asks nothing and writes no gopls setting when nothing reads it (no Go extension here)', async () => {
      await setWorkspaceSetting('syncGopls', true);
      try {
        assert.equal(vscode.workspace.getConfiguration().inspect('gopls')?.defaultValue, undefined, 'no extension registers gopls in this VS Code');
        const outcome = await vscode.commands.executeCommand('xbd.pickTarget', 'linux/arm64');
        assert.equal(outcome, 'nothing reads it');
        assert.equal(vscode.workspace.getConfiguration().inspect('gopls')?.workspaceValue, undefined);
        assert.equal(await vscode.commands.executeCommand('xbd.pickTarget', ''), 'nothing reads it');
      } finally {
        await setWorkspaceSetting('syncGopls', undefined);
      }
    });

    it('refuses a target that is not os/arch[/variant] and leaves the setting alone', async () => {
      await vscode.commands.executeCommand('xbd.pickTarget', 'arm64');
      assert.equal(vscode.workspace.getConfiguration('xbd').inspect('target')?.workspaceValue, undefined);
    });
  });

  it('"Open documentation" opens the rule page shipped in the extension (works offline)', async () => {
    await vscode.commands.executeCommand('xbd.openDocs', 'https://github.com/go-cross-build-doctor/xbd/blob/main/docs/rules/XB102.md');
    const editor = await waitFor('the shipped page in an editor', () => vscode.window.activeTextEditor?.document.uri.path.endsWith('/docs/rules/XB102.md') && vscode.window.activeTextEditor);
    assert.equal(editor.document.uri.scheme, 'file');
    assert.ok(editor.document.uri.fsPath.startsWith(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath), editor.document.uri.fsPath);
    assert.match(editor.document.getText(), /XB102/);
  });
});
