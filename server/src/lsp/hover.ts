import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import { explainAt, type Analysis, type Facts } from '../engine';

/** textDocument/hover from the document's cached analysis: build variables and BuildKit platform args. */
export function hoverFor(analysis: Analysis, position: Position, facts: Facts): Hover | null {
  if (!analysis.model || !analysis.lines) return null;
  const found = explainAt(analysis.model, analysis.lines, position, facts);
  return found ? { range: found.range, contents: { kind: MarkupKind.Markdown, value: found.markdown } } : null;
}
