import { MarkupKind, type Connection, type Hover, type Position, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { explainAt, type Analysis, type Facts } from '../engine';
import type { DocumentAnalyses } from './analyses';

/** textDocument/hover from the document's cached analysis: build variables and BuildKit platform args. */
export function hoverFor(analysis: Analysis, position: Position, facts: Facts): Hover | null {
  if (!analysis.model || !analysis.lines) return null;
  const found = explainAt(analysis.model, analysis.lines, position, facts);
  return found ? { range: found.range, contents: { kind: MarkupKind.Markdown, value: found.markdown } } : null;
}

/** Registers textDocument/hover on the documents' shared analyses. */
export function registerHovers(connection: Connection, documents: TextDocuments<TextDocument>, analyses: DocumentAnalyses): void {
  connection.onHover(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const { analysis, facts: used, remote, version } = await analyses.current(doc);
    return remote ? analyses.remoteHover(doc.uri, version, params.position) : hoverFor(analysis, params.position, used);
  });
}
