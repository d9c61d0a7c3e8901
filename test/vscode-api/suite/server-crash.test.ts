// A server that dies (kill -9, as the OOM killer would) is restarted by the language client, and the
// open documents are analysed again: an edit made afterwards gets its diagnostics within RESTART_MS.
import * as assert from 'node:assert/strict';
import { afterEach, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { MAKEFILE } from './expected';
import { activateExtension, expectDiagnostics, open, restore, serverPids, waitFor } from './workspace';

/** Bound for the client to notice the crash, start a new server and publish diagnostics for an edit. */
const RESTART_MS = 15_000;

describe('server crash', () => {
  before(activateExtension);
  let changed: { doc: vscode.TextDocument; text: string } | undefined;
  afterEach(async () => {
    if (changed) await restore(changed.doc, changed.text);
    changed = undefined;
  });

  it('kill -9 of the server: the client starts a new one and an edit gets diagnostics again', async () => {
    const doc = await open('worker/Makefile');
    await expectDiagnostics(doc.uri, MAKEFILE);
    const [victim] = await waitFor('one running xbd server', () => serverPids().length === 1 && serverPids());
    const killedAt = Date.now();
    process.kill(victim!, 'SIGKILL');
    const [next] = await waitFor('a new server process', () => {
      const pids = serverPids();
      return pids.length === 1 && pids[0] !== victim && pids;
    }, RESTART_MS);
    assert.notEqual(next, victim);
    // A new target with a wrong GOARCH: only a live server can report it.
    changed = { doc, text: doc.getText() };
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, end, '\nbsd:\n\tGOOS=freebsd GOARCH=x86_64 go build -o dist/worker-freebsd .\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(doc.lineAt(21).text, '\tGOOS=freebsd GOARCH=x86_64 go build -o dist/worker-freebsd .');
    await expectDiagnostics(doc.uri, [...MAKEFILE, 'XB102@22'], RESTART_MS - (Date.now() - killedAt));
    console.log(`xbd server ${victim} killed; ${next} restarted and diagnosed the edit in ${Date.now() - killedAt} ms`);
  });
});
