/**
 * Reuse of a Dockerfile's findings across an edit that only touches comments.
 *
 * Typing in a comment produces a new document version per keystroke, and none of them can change what
 * the build does. When the old and new text differ only inside comment or blank lines that stand
 * between instructions (not inside a continuation or a heredoc, not a parser directive, not an
 * `xbd-ignore`), and the line count is the same, every finding keeps its line, column and message (the
 * messages that cite line numbers stay true because no line moved). The caller then skips the parse.
 */
import type { Finding, Range } from './types';

export interface PreviousAnalysis {
  text: string;
  findings: Finding[];
}

/** The previous findings when they still hold for `text`, or undefined when the document must be analysed. */
export function findingsAfterCommentEdit(previous: PreviousAnalysis, text: string): Finding[] | undefined {
  const before = previous.text;
  if (before === text) return previous.findings;
  let prefix = 0;
  const shorter = Math.min(before.length, text.length);
  while (prefix < shorter && before.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;

  // Most edits are inside an instruction: seen on the edited lines alone, before the texts are split into lines
  // (a keystroke in a LABEL of a 5,000-line Dockerfile: ~5 ms on the server's thread for nothing).
  // Stryker disable next-line ConditionalExpression,LogicalOperator: an early answer only; freeLines below says the same of these lines
  if (!onlyCommentsOrBlanks(before, prefix, before.length - suffix) || !onlyCommentsOrBlanks(text, prefix, text.length - suffix)) return undefined;
  const oldLines = before.split(/\r\n|\r|\n/);
  const newLines = text.split(/\r\n|\r|\n/);
  if (oldLines.length !== newLines.length) return undefined;
  const first = lineAt(text, prefix);
  const last = lineAt(text, text.length - suffix);
  if (first !== lineAt(before, prefix) || last !== lineAt(before, before.length - suffix)) return undefined;

  const oldFree = freeLines(oldLines);
  const newFree = freeLines(newLines);
  for (let line = first; line <= last; line++) {
    if (!oldFree[line] || !newFree[line]) return undefined;
  }
  const touches = (r: Range) => !(r.end.line < first || r.start.line > last);
  for (const f of previous.findings) {
    if (touches(f.range)) return undefined;
    if (f.related?.some((r) => touches(r.range))) return undefined;
    if (f.fixes.some((fix) => fix.edits.some((e) => touches(e.range)))) return undefined;
  }
  return previous.findings;
}

/** Whether the lines that hold text[from, to) are all comments or blank (CR, LF and CRLF all end a line). */
// Stryker disable all: an early answer only: a weaker test leaves the answer to freeLines, which says the same of the edited lines; a wider slice (mixed line breaks) only sends a comment edit to a full analysis, which finds the same
function onlyCommentsOrBlanks(text: string, from: number, to: number): boolean {
  const start = Math.max(text.lastIndexOf('\n', from - 1), text.lastIndexOf('\r', from - 1)) + 1;
  const ends = [text.indexOf('\n', to), text.indexOf('\r', to)].filter((i) => i >= 0);
  return text
    .slice(start, ends.length ? Math.min(...ends) : text.length)
    .split(/\r\n|\r|\n/)
    .every((line) => COMMENT_OR_BLANK.test(line));
}
// Stryker restore all

/** The 0-based line that holds character `offset` (CR, LF and CRLF all end a line). */
function lineAt(text: string, offset: number): number {
  let line = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) line++;
  }
  return line;
}

const DIRECTIVE = /^\s*#\s*[A-Za-z][\w-]*\s*=/;
const COMMENT_OR_BLANK = /^\s*(#.*)?$/;
const HEREDOC = /<<-?\s*(["']?)([A-Za-z_][\w.-]*)\1/g;

/**
 * For each line: whether it is a comment or blank line that no instruction reads. Lines inside a
 * continuation (BuildKit drops comments there, but they sit between the parts of one instruction) and
 * heredoc bodies are not free; neither is anything that looks like a parser directive or a suppression.
 */
function freeLines(lines: string[]): boolean[] {
  const escape = escapeOf(lines);
  const free = new Array<boolean>(lines.length).fill(false);
  let continued = false;
  const terminators: { word: string; strip: boolean }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (terminators.length) {
      const t = terminators[0];
      if ((t.strip ? line.replace(/^\t+/, '') : line) === t.word) terminators.shift();
      continue;
    }
    const inert = COMMENT_OR_BLANK.test(line);
    if (inert && !continued) {
      free[i] = !DIRECTIVE.test(line) && !/xbd-ignore/i.test(line);
      continue;
    }
    if (inert) continue; // a comment or blank line inside a continuation keeps it going
    for (const m of line.matchAll(HEREDOC)) terminators.push({ word: m[2], strip: m[0].startsWith('<<-') });
    continued = endsWithEscape(line, escape);
    // Heredoc bodies start after the instruction's last line.
    if (continued && terminators.length) {
      // Rare: a heredoc opener followed by a continuation. Treat the rest as not free.
      return free.fill(false, i);
    }
  }
  return free;
}

function endsWithEscape(line: string, escape: string): boolean {
  const trimmed = line.replace(/[ \t]+$/, '');
  return trimmed.endsWith(escape);
}

/** The escape character from the `# escape=` directive at the top, else backslash. */
function escapeOf(lines: string[]): string {
  for (const line of lines) {
    const m = /^\s*#\s*([A-Za-z][\w-]*)\s*=\s*(\S*)\s*$/.exec(line);
    if (!m) break;
    if (m[1].toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) return m[2];
  }
  return '\\';
}
