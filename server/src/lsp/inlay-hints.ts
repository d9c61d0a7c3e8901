import { MarkupKind, type Connection, type InlayHint, type Range, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { goCommandHints, type Analysis, type Facts } from '../engine';
import type { DocumentAnalyses } from './analyses';

/** textDocument/inlayHint: after each go command that compiles, the target and cgo state it resolves to. */
export function inlayHintsFor(analysis: Analysis, range: Range, facts: Facts): InlayHint[] {
  if (!analysis.model) return [];
  const inside = (p: Range['start']) =>
    (p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character)) &&
    (p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character));
  return goCommandHints(analysis.model, facts)
    .filter((h) => inside(h.position))
    .map((h) => ({ position: h.position, label: h.label, paddingLeft: true, tooltip: { kind: MarkupKind.Markdown, value: h.tooltip } }));
}

/** Registers textDocument/inlayHint on the documents' shared analyses (off with `xbd.inlayHints: false`). */
export function registerInlayHints(connection: Connection, documents: TextDocuments<TextDocument>, analyses: DocumentAnalyses): void {
  connection.languages.inlayHint.on(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const { analysis, facts: used, settings, remote, version } = await analyses.current(doc);
    if (!settings.inlayHints) return [];
    return remote ? analyses.remoteInlayHints(doc.uri, version, params.range) : inlayHintsFor(analysis, params.range, used);
  });
}
