import { MarkupKind, type Connection, type InlayHint, type Range, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { goCommandHints, type Analysis, type Facts, type MachineGoEnv } from '../engine';
import type { DocumentAnalyses } from './analyses';
import type { Workspace } from './workspace';

/**
 * textDocument/inlayHint: before each compiling go command's arguments, the target platform and cgo state
 * it resolves to, where the line does not already say them.
 */
export function inlayHintsFor(analysis: Analysis, range: Range, facts: Facts, machine: MachineGoEnv = {}): InlayHint[] {
  if (!analysis.model) return [];
  const inside = (p: Range['start']) =>
    (p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character)) &&
    (p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character));
  return goCommandHints(analysis.model, facts, machine)
    .filter((h) => inside(h.position))
    .map((h) => ({
      position: h.position,
      label: h.label,
      ...(h.before ? { paddingRight: true } : { paddingLeft: true }),
      tooltip: { kind: MarkupKind.Markdown, value: h.tooltip },
    }));
}

/** GOOS/GOARCH of the workspace's go as `go env` reports them (the go env file counts), when go was asked. */
export function machineGoEnv(workspace: Workspace): MachineGoEnv {
  const env = workspace.go?.toolchain()?.env;
  return { ...(env?.GOOS ? { goos: env.GOOS } : {}), ...(env?.GOARCH ? { goarch: env.GOARCH } : {}) };
}

/** Registers textDocument/inlayHint on the documents' shared analyses (off with `xbd.inlayHints: false`). */
export function registerInlayHints(connection: Connection, documents: TextDocuments<TextDocument>, analyses: DocumentAnalyses, workspace: Workspace): void {
  connection.languages.inlayHint.on(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const { analysis, facts: used, settings, remote, version } = await analyses.current(doc);
    if (!settings.inlayHints) return [];
    return remote ? analyses.remoteInlayHints(doc.uri, version, params.range) : inlayHintsFor(analysis, params.range, used, machineGoEnv(workspace));
  });
}
