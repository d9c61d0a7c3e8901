// Our commands as other extensions and keybindings reach them: registered under the ids package.json
// contributes; Restart Server really replaces the server; Pick Target with an argument sets xbd.target.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { MAKEFILE } from './expected';
import { EXTENSION_ID, activateExtension, expectDiagnostics, open, serverPids, setWorkspaceSetting, waitFor, workspaceFile } from './workspace';

describe('commands', () => {
  before(activateExtension);

  it('registers every command package.json contributes', async () => {
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command).sort();
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

    it('refuses a target that is not os/arch[/variant] and leaves the setting alone', async () => {
      await vscode.commands.executeCommand('xbd.pickTarget', 'arm64');
      assert.equal(vscode.workspace.getConfiguration('xbd').inspect('target')?.workspaceValue, undefined);
    });
  });
});
