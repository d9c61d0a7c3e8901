/**
 * Fix titles that name every line a fix changes: a rule's title says what the fix does at the finding
 * ("Remove unified"); the lines beyond that word are said here, from the edits themselves, so no title
 * can understate its edit ("Remove unified — deletes line 5", "… — adds `ARG TARGETARCH` after line 2").
 */
import type { LineIndex } from './text';
import type { Fix, Range } from './types';

/** Longest inserted or removed line quoted in a title; longer ones are named by number only. */
const QUOTE_MAX = 40;

/** `fix.title`, followed by what its edits do to lines other than the finding's words (1-based line numbers). */
export function fixTitle(fix: Fix, at: Range, lines: LineIndex, file?: string): string {
  const said: string[] = [];
  const also = new Set<number>();
  for (const e of fix.edits) {
    if (file !== undefined && e.file !== file) continue;
    const start = lines.offsetAt(e.range.start);
    const end = lines.offsetAt(e.range.end);
    const removed = lines.text.slice(start, end);
    const atLineStart = e.range.start.character === 0 || lines.text[start - 1] === '\n';
    if (!e.newText && removed.endsWith('\n') && atLineStart) {
      // Whole lines go.
      const first = e.range.start.line + 1;
      const last = e.range.end.line;
      const text = removed.trimEnd();
      said.push(first === last ? `deletes line ${first}${quoted(text)}` : `deletes lines ${first}–${last}`);
      continue;
    }
    if (e.newText.includes('\n') && start === end) {
      // New lines: `\nARG X` at a line's end, or `ARG X\n` at a line's start.
      const added = e.newText.split('\n').filter((l) => l.trim());
      const after = e.newText.startsWith('\n') ? e.range.start.line + 1 : e.range.start.line;
      const what = added.length === 1 ? quoted(added[0].trim()) : ` ${added.length} lines`;
      said.push(after === 0 ? `adds${what || ' a line'} before line 1` : `adds${what || ' a line'} after line ${after}`);
      continue;
    }
    for (let l = e.range.start.line; l <= e.range.end.line; l++) if (l < at.start.line || l > at.end.line) also.add(l + 1);
  }
  if (also.size) said.push(`also edits ${plural([...also].sort((a, b) => a - b))}`);
  return said.length ? `${fix.title} — ${said.join('; ')}` : fix.title;
}

function quoted(text: string): string {
  return text && text.length <= QUOTE_MAX ? ` \`${text}\`` : '';
}

function plural(lines: number[]): string {
  if (lines.length === 1) return `line ${lines[0]}`;
  return `lines ${lines.slice(0, -1).join(', ')} and ${lines[lines.length - 1]}`;
}
