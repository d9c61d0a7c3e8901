import { MarkupKind, type InlayHint, type Range } from 'vscode-languageserver/node';
import { goCommandHints, type Analysis, type Facts } from '../engine';

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
