import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionKind, type CodeAction, type Connection, type Diagnostic } from 'vscode-languageserver/node';
import { SERVER_COMMANDS } from '../contract';
import { docsUrl, ignoreLineEdit, LineIndex, SUPPRESSION_CODE, type DocumentKind } from '../engine';

/**
 * The actions every xbd diagnostic gets besides its fixes: "Ignore XBnnn for this line" (an edit that
 * adds `# xbd-ignore XBnnn` above the logical line `line`) and "Open documentation for XBnnn".
 * `line` is where the finding starts in the current text (the diagnostic's range may be stale).
 */
export function suppressionActions(diagnostic: Diagnostic, uri: string, text: string, kind: DocumentKind, line: number): CodeAction[] {
  const code = String(diagnostic.code ?? '');
  if (!/^XB\d{3}$/.test(code)) return [];
  const actions: CodeAction[] = [];
  if (code !== SUPPRESSION_CODE) {
    const lines = new LineIndex(text);
    const edit = ignoreLineEdit(text, kind, lines, line, code);
    if (edit.newText) {
      actions.push({
        title: `Ignore ${code} for this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [uri]: [edit] } },
      });
    }
  }
  actions.push(...openDocsAction(diagnostic));
  return actions;
}

/** "Open documentation for XBnnn" alone (read-only documents get no "Ignore" edit). */
export function openDocsAction(diagnostic: Diagnostic): CodeAction[] {
  const code = String(diagnostic.code ?? '');
  if (!/^XB\d{3}$/.test(code)) return [];
  return [
    {
      title: `Open documentation for ${code}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title: `Open documentation for ${code}`, command: SERVER_COMMANDS.openDocs, arguments: [docsUrl(code)] },
    },
  ];
}

/**
 * The rule's page as shipped next to this server (`docs/rules/XBnnn.md` beside `dist/`: the VSIX carries
 * them), when it is there; undefined in the browser, which has no disk.
 */
export function shippedDocsPage(url: string, serverDir: string = __dirname): string | undefined {
  const code = /\/(XB\d{3})\.md$/.exec(url)?.[1];
  if (!code) return undefined;
  const page = join(serverDir, '..', 'docs', 'rules', `${code}.md`);
  return existsSync(page) ? pathToFileURL(page).href : undefined;
}

/**
 * Runs `xbd.openDocs`: the page shipped with the extension, opened in the editor (it works offline, and
 * says what this version's rule does), else the web page in a browser (`window/showDocument`, LSP 3.16,
 * VS Code included, without client code). Clients without showDocument get the URL in a message.
 */
export async function openDocs(connection: Connection, canShowDocument: boolean, args: unknown[] | undefined, serverDir?: string): Promise<void> {
  const url = typeof args?.[0] === 'string' ? args[0] : undefined;
  if (!url || !/^https:\/\//.test(url)) return;
  if (canShowDocument) {
    const page = shippedDocsPage(url, serverDir);
    const result = await connection.window
      .showDocument(page ? { uri: page, takeFocus: true } : { uri: url, external: true })
      .catch(() => ({ success: false }));
    if (result.success) return;
  }
  void connection.window.showInformationMessage(`xbd documentation: ${url}`);
}
