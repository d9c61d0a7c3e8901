// Diagnostics as an extension sees them: vscode.languages.getDiagnostics for example files, with our
// codes, lines, severities and documentation links.
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { DOCKERFILE, MAKEFILE } from './expected';
import { activateExtension, expectDiagnostics, open, ours } from './workspace';

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
});
