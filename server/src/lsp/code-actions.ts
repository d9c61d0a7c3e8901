import { CodeActionKind, type CodeAction, type Connection, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isEnvironmentView } from '../go/environment-view';
import type { Finding, ReachedIndex } from '../engine';
import type { Cached, DocumentAnalyses } from './analyses';
import { shows, type DiagnosticData } from './convert';
import { FIX_ALL_TITLE, fixActions, fixAllAction, textAnalyzer, wantsFixAll, withoutDuplicates } from './fixes';
import type { GoEnvironmentFeature } from './go-environment-feature';
import { suppressionActions } from './suppress-actions';
import type { Workspace } from './workspace';

/**
 * textDocument/codeAction: the fixes of the finding a diagnostic shows (from the current analysis), "ignore
 * for this line", "Fix all xbd problems" (`source.fixAll.xbd`, and in the quick-fix menu when a file has
 * more than one fixable problem), and in the go environment view and the go env file, `go env -u`.
 * The same action for two diagnostics is offered once.
 */
export function registerCodeActions(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  analyses: DocumentAnalyses,
  workspace: Workspace,
  goEnvironment: GoEnvironmentFeature,
  /** What callers' analyses reached in each file: their findings are published there too (diagnostics.ts). */
  reached: ReachedIndex,
): void {
  connection.onCodeAction(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    if (isEnvironmentView(doc.uri)) return goEnvironment.viewCodeActions(doc.uri, params.context.diagnostics);
    const kind = analyses.kindOf(doc);
    const only = params.context.only;
    const current: Cached = await analyses.current(doc);
    const findings = current.analysis.findings;
    const analyzeText = kind ? textAnalyzer(doc, kind, current, workspace) : undefined;
    if (only && !only.some((k) => k === CodeActionKind.QuickFix || k.startsWith(`${CodeActionKind.QuickFix}.`))) {
      // Source actions only (codeActionsOnSave, the Source Action menu).
      const all = analyzeText && wantsFixAll(only) ? fixAllAction(doc, findings, analyzeText) : undefined;
      return all ? [all] : [];
    }
    const actions: CodeAction[] = [];
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== 'xbd') continue;
      const data = diagnostic.data as DiagnosticData | undefined;
      // The text may have moved on since the diagnostic was made: its fixes come from the current analysis.
      const shown = (f: Finding) => shows(diagnostic, f);
      // A finding a caller's analysis reached here, as published with this version (the caller's reading of it).
      const match = findings.find(shown) ?? (data?.version === doc.version ? reached.of(doc.uri).flatMap((r) => r.findings).find(shown) : undefined);
      if (match) actions.push(...fixActions(diagnostic, match.fixes, doc, findings, analyzeText));
      const line = match?.range.start.line ?? (data?.version === doc.version ? diagnostic.range.start.line : undefined);
      if (kind && line !== undefined) actions.push(...suppressionActions(diagnostic, doc.uri, doc.getText(), kind, line));
    }
    if (analyzeText && actions.length && fixableCount(findings) > 1) {
      const all = fixAllAction(doc, findings, analyzeText, CodeActionKind.QuickFix);
      if (all) actions.push({ ...all, title: FIX_ALL_TITLE });
    }
    if (workspace.isGoEnvFile(doc.uri)) actions.push(...(await goEnvironment.goEnvFileActions(doc, params.context.diagnostics)));
    return withoutDuplicates(actions);
  });
}

/** Findings `xbd check --fix` would fix (errors and warnings with a preferred fix). */
function fixableCount(findings: Finding[]): number {
  return findings.filter((f) => (f.severity === 'error' || f.severity === 'warning') && f.fixes.some((x) => x.isPreferred)).length;
}
