import {
  CodeActionKind,
  DiagnosticSeverity,
  type CodeAction,
  type Diagnostic,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver/node';
import { docsUrl, type Finding, type Fix, type Severity } from '../engine';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * What a diagnostic carries: the version of the document it was made for. Its fixes stay in the server's
 * analysis, where code actions take them (they were a quarter of every publish's bytes, sent on each keystroke).
 */
export interface DiagnosticData {
  version: number;
}

export function toDiagnostic(f: Finding, version: number): Diagnostic {
  const data: DiagnosticData = { version };
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: docsUrl(f.code) },
    source: 'xbd',
    message: f.message,
    data,
    ...(f.related?.length
      ? { relatedInformation: f.related.map((r) => ({ location: { uri: r.file, range: r.range }, message: r.message })) }
      : {}),
  };
}

/** The quick fixes of one diagnostic, as workspace edits grouped by document. */
export function toCodeActions(diagnostic: Diagnostic, fixes: Fix[]): CodeAction[] {
  return fixes.map((fix) => {
    const changes: Record<string, LspTextEdit[]> = {};
    for (const e of fix.edits) (changes[e.file] ??= []).push({ range: e.range, newText: e.newText });
    return {
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: fix.isPreferred || undefined,
      edit: { changes },
    };
  });
}

/** True when `d` is the diagnostic of finding `f` (same code, same range). */
export function shows(d: Diagnostic, f: Finding): boolean {
  return f.code === d.code && sameRange(f.range, d.range);
}

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}
