// Diagnostics as an extension sees them: vscode.languages.getDiagnostics for example files, with our
// codes, lines, severities and documentation links, and for the workspace's files nobody opened.
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { DOCKERFILE, MAKEFILE } from './expected';
import { activateExtension, expectDiagnostics, open, ours, waitFor, workspaceFile } from './workspace';

describe('diagnostics (vscode.languages.getDiagnostics)', () => {
  before(activateExtension);

  it('examples/api/Dockerfile: XB104 on line 11, XB102 on line 13', async () => {
    const doc = await open('api/Dockerfile');
    assert.equal(doc.languageId, 'dockerfile');
    await expectDiagnostics(doc.uri, DOCKERFILE);
    const xb102 = ours(doc.uri).find((d) => d.codeText === 'XB102')!;
    assert.equal(xb102.severity, vscode.DiagnosticSeverity.Error);
    assert.match(xb102.message, /GOARCH=x86_64/);
    // The range is the value itself, so the squiggle sits under x86_64 only.
    assert.equal(doc.getText(xb102.range), 'x86_64');
    const code = xb102.code as { value: string; target: vscode.Uri };
    assert.match(code.target.toString(), /docs\/rules\/XB102\.md$/);
  });

  it('examples/worker/Makefile: XB106 on line 5, XB101 on line 16, XB104 on line 19', async () => {
    const doc = await open('worker/Makefile');
    assert.equal(doc.languageId, 'makefile');
    await expectDiagnostics(doc.uri, MAKEFILE);
    const byCode = new Map(ours(doc.uri).map((d) => [d.codeText, d]));
    assert.equal(doc.getText(byCode.get('XB101')!.range), 'macos');
    assert.equal(byCode.get('XB104')!.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(byCode.get('XB106')!.severity, vscode.DiagnosticSeverity.Error);
  });

  it('the whole workspace: every problem `xbd check examples` finds is in the Problems panel, files not opened included', async () => {
    // What `xbd check --no-go examples` reports (8 findings in 4 files).
    const cli = ['api/Dockerfile:XB104@11', 'api/Dockerfile:XB102@13', 'edge/Dockerfile:XB107@6', 'edge/Dockerfile:XB310@8', 'scripts/release.sh:XB102@9', 'worker/Makefile:XB106@5', 'worker/Makefile:XB101@16', 'worker/Makefile:XB104@19'];
    const all = () =>
      vscode.languages
        .getDiagnostics()
        .flatMap(([uri, list]) => list.filter((d) => d.source === 'xbd').map((d) => `${vscode.workspace.asRelativePath(uri)}:${String(typeof d.code === 'object' ? d.code.value : d.code)}@${d.range.start.line + 1}`));
    await waitFor(`all of ${cli.join(', ')}`, () => cli.every((c) => all().includes(c)) || undefined).catch((e: Error) => {
      throw new Error(`${e.message}; now: ${JSON.stringify(all())}`);
    });
    const release = workspaceFile('scripts/release.sh').toString();
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === release), 'scripts/release.sh was never opened');
  });
});
