/**
 * "Fix all": which fixes `xbd check --fix` and the editor's `source.fixAll.xbd` apply, and the edits that
 * result. One selection for both adapters, so the editor's fix-all does exactly what the CLI does.
 */
import { applyOffsetEdits, LineIndex } from './text';
import type { Finding, Fix, Range, Severity } from './types';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];
/** Fix rounds per file: a fix may unlock another; bounded in case two fixes undo each other. */
const MAX_FIX_ROUNDS = 10;

/** One edit a fix-all made: where (in the text before that round), for which finding, and what changed. */
export interface AppliedFix {
  range: Range;
  code: string;
  title: string;
  before: string;
  after: string;
}

/** An edit in offsets of the original text. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export interface FixAllResult {
  text: string;
  applied: AppliedFix[];
  /** The findings of the fixed text. */
  findings: Finding[];
  /** The whole change as disjoint edits of the original text (an editor applies these in one step). */
  edits: OffsetEdit[];
}

/**
 * Applies the preferred fix of each reported finding at `minimum` severity or above, and only of those. A
 * fix with an edit in another file is not applied; one that overlaps an edit already chosen waits for
 * the next round (after re-analysis), where it is matched by code: a later round applies no more fixes of
 * a code than the report showed, and none of a code it did not show (a finding that only a fix revealed
 * is reported, not fixed).
 */
export function fixAll(path: string, text: string, findings: Finding[], minimum: Severity, analyzeText: (t: string) => Finding[]): FixAllResult {
  const original = text;
  const applied: AppliedFix[] = [];
  const allowed = new Set(SEVERITIES.slice(0, SEVERITIES.indexOf(minimum) + 1));
  const owed = new Map<string, number>();
  for (const f of findings) if (allowed.has(f.severity) && f.fixes.some((x) => x.isPreferred)) owed.set(f.code, (owed.get(f.code) ?? 0) + 1);
  let current = findings;
  let composed: OffsetEdit[] = [];
  for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
    const lines = new LineIndex(text);
    const chosen: (OffsetEdit & { finding: Finding; title: string; range: Range })[] = [];
    for (const finding of current) {
      if (!allowed.has(finding.severity) || !(owed.get(finding.code)! > 0)) continue;
      const fix = finding.fixes.find((x) => x.isPreferred);
      if (!fix || !fix.edits.length || fix.edits.some((e) => e.file !== path)) continue;
      const edits = fix.edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText, finding, title: fix.title, range: e.range }));
      if (edits.some((e) => chosen.some((c) => overlaps(e, c)))) continue;
      chosen.push(...edits);
      owed.set(finding.code, owed.get(finding.code)! - 1);
    }
    const next = applyOffsetEdits(text, chosen);
    if (!chosen.length || next === text) break;
    for (const e of chosen.sort((a, b) => a.start - b.start)) {
      if (text.slice(e.start, e.end) === e.newText) continue;
      applied.push({ range: e.range, code: e.finding.code, title: e.title, before: text.slice(e.start, e.end), after: e.newText });
    }
    // Compose from the last edit backwards: earlier offsets of this round stay valid.
    let step = text;
    for (const e of [...chosen].sort((a, b) => b.start - a.start || b.end - a.end)) {
      const after = applyOffsetEdits(step, [e]);
      composed = compose(composed, e, after);
      step = after;
    }
    text = next;
    current = analyzeText(text);
  }
  return { text, applied, findings: current, edits: composed.filter((e) => original.slice(e.start, e.end) !== e.newText) };
}

/**
 * Adds `edit` (in offsets of the text the `edits` produced) to `edits` (in offsets of the original text),
 * given `result`, the text after it. Edits it touches merge into one; the others keep their offsets.
 */
export function compose(edits: OffsetEdit[], edit: OffsetEdit, result: string): OffsetEdit[] {
  let delta = 0;
  /** The sum of (new length − old length) of the edits wholly before the new one, and of those it touches. */
  let deltaBefore = 0;
  let deltaTouched = 0;
  let curStart = edit.start;
  let curEnd = edit.end;
  const kept: OffsetEdit[] = [];
  for (const e of edits) {
    const cs = e.start + delta;
    const ce = cs + e.newText.length;
    const grow = e.newText.length - (e.end - e.start);
    if (ce < edit.start) {
      kept.push(e);
      deltaBefore += grow;
    } else if (cs > edit.end) kept.push(e);
    else {
      curStart = Math.min(curStart, cs);
      curEnd = Math.max(curEnd, ce);
      deltaTouched += grow;
    }
    delta += grow;
  }
  // The merged span holds every edit it touches whole: its ends map to the original through the others.
  const grown = edit.newText.length - (edit.end - edit.start);
  const merged = { start: curStart - deltaBefore, end: curEnd - deltaBefore - deltaTouched, newText: result.slice(curStart, curEnd + grown) };
  return [...kept, merged].sort((a, b) => a.start - b.start);
}

/** Two edits touch the same text, or insert at the same place (their order would be a guess). */
function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start === b.start || (a.start < b.end && b.start < a.end);
}

/** Rounds of follow-up fixes folded into one: a fix that needs more than this is left as it is. */
const MAX_FOLLOW_UPS = 6;

/**
 * A fix whose result gets a new finding on the lines it changed (the emulation fix writes
 * `GOARCH=$TARGETARCH`, which then gets the ARMv6 note) becomes one fix that also applies the new
 * finding's preferred fix, so accepting it leaves those lines clean. Returns the fix's edits as offsets of
 * `text` and the titles of the fixes folded in; unchanged when nothing new appears or it has no fix.
 */
export function withFollowUps(
  path: string,
  text: string,
  edits: OffsetEdit[],
  before: Finding[],
  analyzeText: (t: string) => Finding[],
): { edits: OffsetEdit[]; text: string; folded: string[] } {
  let composed = [...edits].sort((a, b) => a.start - b.start);
  let result = applyOffsetEdits(text, composed);
  /** What the fix itself wrote, in offsets of the current result. */
  const own = changedSpans(composed);
  const folded: string[] = [];
  const existed = new Set(before.map((f) => `${f.code}|${f.message}`));
  /** Follow-ups folded in, by code, message and line: one that does not clear its finding is not folded twice. */
  const foldedAt = new Set<string>();
  for (let round = 0; round < MAX_FOLLOW_UPS; round++) {
    const lines = new LineIndex(result);
    const changed = changedSpans(composed);
    const fresh = analyzeText(result).filter((f) => {
      if (existed.has(`${f.code}|${f.message}`) || foldedAt.has(`${f.code}|${f.message}|${f.range.start.line}`)) return false;
      const s = lines.offsetAt(f.range.start);
      const e = lines.offsetAt(f.range.end);
      return changed.some((c) => lineOf(lines, s) <= lineOf(lines, c.end) && lineOf(lines, c.start) <= lineOf(lines, e));
    });
    const offsetsOf = (fix: Fix) => fix.edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText }));
    // A follow-up adds to the fix, never rewrites what the fix wrote ("Change to arm64" stays arm64).
    const next = fresh
      .map((f) => ({ f, fix: f.fixes.find((x) => x.isPreferred) }))
      .find((x) => x.fix && x.fix.edits.every((e) => e.file === path) && !offsetsOf(x.fix).some((e) => own.some((o) => rewrites(e, o))));
    if (!next?.fix) break;
    foldedAt.add(`${next.f.code}|${next.f.message}|${next.f.range.start.line}`);
    for (const e of offsetsOf(next.fix).sort((a, b) => b.start - a.start)) {
      const after = applyOffsetEdits(result, [e]);
      composed = compose(composed, e, after);
      result = after;
      const grow = e.newText.length - (e.end - e.start);
      for (const o of own) {
        if (o.start >= e.end) o.start += grow;
        if (o.end >= e.end) o.end += grow;
      }
    }
    folded.push(next.fix.title);
  }
  return { edits: composed.filter((e) => text.slice(e.start, e.end) !== e.newText), text: result, folded };
}

/** An edit that replaces or deletes text the fix wrote (an insertion only adds to it). */
function rewrites(e: { start: number; end: number }, own: { start: number; end: number }): boolean {
  return e.start < e.end && e.start < own.end && own.start < e.end;
}

/** Where the composed edits' new text lies in the result (offsets of the result). */
function changedSpans(edits: OffsetEdit[]): { start: number; end: number }[] {
  let delta = 0;
  return edits.map((e) => {
    const start = e.start + delta;
    delta += e.newText.length - (e.end - e.start);
    return { start, end: start + e.newText.length };
  });
}

function lineOf(lines: LineIndex, offset: number): number {
  return lines.positionAt(offset).line;
}
