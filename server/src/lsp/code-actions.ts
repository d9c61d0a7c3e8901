import type { CodeAction, Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isEnvironmentView } from '../go/environment-view';
import type { Cached, DocumentAnalyses } from './analyses';
import { sameRange, toCodeActions, type DiagnosticData } from './convert';
import type { GoEnvironmentFeature } from './go-environment-feature';
import { suppressionActions } from './suppress-actions';
import type { Workspace } from './workspace';

/**
 * textDocument/codeAction: the fixes a diagnostic carries (recomputed when the text moved on), "ignore
 * for this line", and in the go environment view and the go env file, `go env -u`.
 */
export function registerCodeActions(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  analyses: DocumentAnalyses,
  workspace: Workspace,
  goEnvironment: GoEnvironmentFeature,
): void {
  connection.onCodeAction(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    if (isEnvironmentView(doc.uri)) return goEnvironment.viewCodeActions(doc.uri, params.context.diagnostics);
    const actions: CodeAction[] = [];
    let current: Cached | undefined;
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== 'xbd') continue;
      const data = diagnostic.data as DiagnosticData | undefined;
      const kind = analyses.kindOf(doc);
      if (data && data.version === doc.version) {
        actions.push(...toCodeActions(diagnostic, data.fixes));
        if (kind) actions.push(...suppressionActions(diagnostic, doc.uri, doc.getText(), kind, diagnostic.range.start.line));
        continue;
      }
      // The text moved on since the diagnostic was made: recompute the fixes from the current text.
      current ??= await analyses.current(doc);
      const match = current.analysis.findings.find((f) => f.code === diagnostic.code && sameRange(f.range, diagnostic.range));
      if (match) actions.push(...toCodeActions(diagnostic, match.fixes));
      if (match && kind) actions.push(...suppressionActions(diagnostic, doc.uri, doc.getText(), kind, match.range.start.line));
    }
    if (workspace.isGoEnvFile(doc.uri)) actions.push(...(await goEnvironment.goEnvFileActions(doc, params.context.diagnostics)));
    return actions;
  });
}
