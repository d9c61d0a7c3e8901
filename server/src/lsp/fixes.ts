import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, fixAll, fixTitle, LineIndex, withFollowUps, type DocumentKind, type Finding, type Fix } from '../engine';
import { URI_IDS } from '../pipeline';
import type { Cached } from './analyses';
import type { Workspace } from './workspace';

/** The code action kind of "Fix all xbd problems" (`editor.codeActionsOnSave: { "source.fixAll.xbd": "explicit" }`). */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.xbd`;
export const FIX_ALL_TITLE = 'Fix all xbd problems';
/** The severity `xbd check --fix` starts from by default: errors and warnings are fixed. */
const FIX_ALL_SEVERITY = 'warning';
/** Larger documents get their fixes as the rules made them: folding follow-ups re-analyses per fix. */
const FOLLOW_UP_MAX_CHARS = 16 * 1024;

/**
 * Analyses other versions of one document's text as its own analysis did (the shared pipeline's options:
 * same facts, settings, module, include reader); undefined when the document is not analysed.
 */
export function textAnalyzer(doc: TextDocument, kind: DocumentKind, cached: Cached, workspace: Workspace): ((text: string) => Finding[]) | undefined {
  const file = { id: doc.uri, kind, text: doc.getText(), path: URI_IDS.toPath(doc.uri), relativePath: workspace.relativePath(doc.uri) };
  const prepared = workspace.pipeline.prepare(file, cached.settings, cached.facts, () => {});
  if (!prepared.ok) return undefined;
  return (text) => analyze({ path: doc.uri, kind, text }, prepared.options).findings;
}

/**
 * A finding's fixes as code actions: each title names every line it changes, and a fix whose result would
 * get a new finding on those lines carries that finding's fix too.
 */
export function fixActions(diagnostic: Diagnostic, fixes: Fix[], doc: TextDocument, findings: Finding[], analyzeText: ((t: string) => Finding[]) | undefined): CodeAction[] {
  const text = doc.getText();
  const lines = new LineIndex(text);
  return fixes.map((fix) => {
    let edits = fix.edits;
    let title = fix.title;
    if (analyzeText && text.length <= FOLLOW_UP_MAX_CHARS && fix.edits.every((e) => e.file === doc.uri)) {
      const offsets = fix.edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText }));
      const closed = withFollowUps(doc.uri, text, offsets, findings, analyzeText);
      if (closed.folded.length) {
        edits = closed.edits.map((e) => ({ file: doc.uri, range: { start: lines.positionAt(e.start), end: lines.positionAt(e.end) }, newText: e.newText }));
        title = [fix.title, ...closed.folded.map(lowerFirst)].join(', and ');
      }
    }
    const changes: Record<string, TextEdit[]> = {};
    for (const e of edits) (changes[e.file] ??= []).push({ range: e.range, newText: e.newText });
    return {
      title: fixTitle({ ...fix, title, edits }, diagnostic.range, lines, doc.uri),
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: fix.isPreferred || undefined,
      edit: { changes },
    };
  });
}

/**
 * "Fix all xbd problems": exactly what `xbd check --fix` applies to this file (the engine's fixAll: the
 * preferred fix of each error and warning the report shows, after settings and suppressions), as one
 * edit of the current text. Undefined when there is nothing to fix.
 */
export function fixAllAction(doc: TextDocument, findings: Finding[], analyzeText: (t: string) => Finding[], kind: string = FIX_ALL_KIND): CodeAction | undefined {
  const text = doc.getText();
  const result = fixAll(doc.uri, text, findings, FIX_ALL_SEVERITY, analyzeText);
  if (!result.edits.length) return undefined;
  const lines = new LineIndex(text);
  const edits = result.edits.map((e) => ({ range: { start: lines.positionAt(e.start), end: lines.positionAt(e.end) }, newText: e.newText }));
  return { title: FIX_ALL_TITLE, kind, edit: { changes: { [doc.uri]: edits } } };
}

/** Whether a request's `only` asks for the fix-all kind (or a kind that holds it, `source`, `source.fixAll`). */
export function wantsFixAll(only: string[] | undefined): boolean {
  return !!only?.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(`${k}.`));
}

/** Code actions offered once: the same title with the same edits (two findings on one flag) is one action for both diagnostics. */
export function withoutDuplicates(actions: CodeAction[]): CodeAction[] {
  const byKey = new Map<string, CodeAction>();
  for (const a of actions) {
    const key = `${a.kind}|${a.title}|${JSON.stringify(a.edit ?? a.command ?? null)}`;
    const first = byKey.get(key);
    if (!first) byKey.set(key, a);
    else if (a.diagnostics?.length) first.diagnostics = [...(first.diagnostics ?? []), ...a.diagnostics];
  }
  return [...byKey.values()];
}

function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s;
}
