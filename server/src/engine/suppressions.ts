import { RULES } from './rules';
import type { LineIndex } from './text';
import type { DocumentKind, Finding, Range, Severity, SourceFile, TextEdit } from './types';

/**
 * In-file suppressions: `# xbd-ignore XB201 XB301` on the line before (or at the end of) the offending
 * line, `# xbd-ignore-file XB301` anywhere. Every kind of file xbd reads uses `#` comments, but where a
 * `#` starts a comment differs, and so does what "the offending line" is when a command is continued
 * over several lines:
 *
 * - a directive covers the whole logical line it stands above or ends: a `\`-continued shell command,
 *   make line or Dockerfile instruction (whose continuation may contain comment lines, as BuildKit
 *   drops those), so a comment above `RUN` covers every line of that RUN;
 * - full-line comments work everywhere; trailing ones only where `#` really starts a comment: shell
 *   scripts, make files, and Dockerfile RUN instructions in shell form (after ENV or ARG a `#` is part
 *   of the value, and in a go env file the value is read verbatim up to the line's end).
 */

/** The code under which the engine reports problems with suppressions themselves (not a rule: no witnesses). */
export const SUPPRESSION_CODE = 'XB900';

export interface DirectiveCode {
  code: string;
  /** The token as written (case kept). */
  range: Range;
}

export interface Directive {
  scope: 'line' | 'file';
  /** The line of the comment. */
  line: number;
  /** True when the comment ends a line that holds code. */
  trailing: boolean;
  codes: DirectiveCode[];
  /** From the `#` to the end of the line. */
  commentRange: Range;
  /** Where a new code is appended (right after the last code, or after the keyword). */
  appendAt: Range['start'];
  /** Lines this directive covers (line scope); empty for file scope or when nothing follows. */
  covers: number[];
}

export interface Suppressions {
  directives: Directive[];
  /** Codes suppressed in the whole file. */
  file: Set<string>;
  /** Codes suppressed per line. */
  lines: Map<number, Set<string>>;
}

const DIRECTIVE = /^#+[ \t]*xbd-ignore(-file)?(?=[\s,]|$)/;
/** What counts as a code token in a directive: XB… (even malformed), or another tool's code (SC2086, DL3008). */
const CODE_TOKEN = /^(?:XB\w*|[A-Za-z]{2,}\d+)$/i;

/**
 * Drops the findings a directive hides and adds one XB900 hint per unknown code or code-less directive
 * (XB900 obeys `xbd.rules` and `xbd-ignore-file XB900` like any code). XB900 is not in the rule
 * registry: it makes no claim about Go, so it has no witnesses for the truth harness to run.
 */
export function applySuppressions(file: SourceFile, lines: LineIndex, findings: Finding[], rules?: Record<string, Severity | 'off'>): Finding[] {
  const s = readSuppressions(file.text, file.kind, lines);
  // Stryker disable next-line ConditionalExpression: with no directive nothing is dropped or reported anyway; the test saves the work
  if (!s.directives.length) return findings;
  const kept = findings.filter((f) => !isSuppressed(s, f));
  const configured = rules?.[SUPPRESSION_CODE];
  if (configured === 'off') return kept;
  for (const p of directiveProblems(s, KNOWN_CODES, lines)) {
    if (isSuppressed(s, { code: SUPPRESSION_CODE, range: p.range })) continue;
    kept.push({
      file: file.path,
      range: p.range,
      code: SUPPRESSION_CODE,
      severity: configured ?? 'hint',
      message: p.message,
      fixes: p.removal ? [{ title: p.removal.title, isPreferred: true, edits: [{ file: file.path, ...p.removal.edit }] }] : [],
    });
  }
  return kept;
}

/** Codes a directive may name: every rule's, and XB900 itself. */
export const KNOWN_CODES: ReadonlySet<string> = new Set([...RULES.map((r) => r.code), SUPPRESSION_CODE]);

/** Reads every directive of a file and what it covers. */
export function readSuppressions(text: string, kind: DocumentKind, lines: LineIndex): Suppressions {
  const directives: Directive[] = [];
  const file = new Set<string>();
  const byLine = new Map<number, Set<string>>();
  // Fast path: most files have no directive at all.
  // Stryker disable next-line ConditionalExpression,StringLiteral: a file without the keyword has no directive anyway; the test saves the work
  if (!text.includes('xbd-ignore')) return { directives, file, lines: byLine };
  const structure = lineStructure(text, kind, lines);

  // Stryker disable next-line EqualityOperator: past the last line there is no comment
  for (let line = 0; line < lines.lineCount; line++) {
    const comment = structure.comments[line];
    // Stryker disable next-line ConditionalExpression: a line with no comment does not start with `#`, so DIRECTIVE finds nothing in it either
    if (comment === undefined) continue;
    const start = lines.offsetAt({ line, character: 0 });
    const lineText = text.slice(start, lines.lineEnd(line));
    const body = lineText.slice(comment);
    const m = DIRECTIVE.exec(body);
    if (!m) continue;
    const trailing = lineText.slice(0, comment).trim() !== '';
    const codes: DirectiveCode[] = [];
    let appendAt = start + comment + m[0].length;
    const re = /[^\s,]+/g;
    re.lastIndex = m[0].length;
    for (let t = re.exec(body); t; t = re.exec(body)) {
      if (!CODE_TOKEN.test(t[0])) break;
      const from = start + comment + t.index;
      codes.push({ code: t[0].toUpperCase(), range: lines.range(from, from + t[0].length) });
      appendAt = from + t[0].length;
    }
    const scope = m[1] ? 'file' : 'line';
    // Stryker disable next-line ConditionalExpression,StringLiteral,ArrayDeclaration: a file-wide directive's lines are never read (its codes go to `file`, and the quick fix looks for line directives)
    const covers = scope === 'file' ? [] : trailing ? structure.groupLines(line) : coveredBelow(line, structure, lines.lineCount);
    directives.push({
      scope,
      line,
      trailing,
      codes,
      commentRange: lines.range(start + comment, lines.lineEnd(line)),
      appendAt: lines.positionAt(appendAt),
      covers,
    });
    for (const { code } of codes) {
      if (scope === 'file') file.add(code);
      else for (const l of covers) (byLine.get(l) ?? byLine.set(l, new Set()).get(l)!).add(code);
    }
  }
  return { directives, file, lines: byLine };
}

/** True when a directive hides this finding (its first line decides). */
export function isSuppressed(s: Suppressions, finding: Pick<Finding, 'code' | 'range'>): boolean {
  return s.file.has(finding.code) || Boolean(s.lines.get(finding.range.start.line)?.has(finding.code));
}

/** What is wrong with a directive: an unknown code, or no code at all (a bare directive suppresses nothing). */
export interface DirectiveProblem {
  range: Range;
  message: string;
  /** Edit that removes the unknown code (or the whole comment when it is the only one). */
  removal?: { title: string; edit: Omit<TextEdit, 'file'> };
}

export function directiveProblems(s: Suppressions, known: ReadonlySet<string>, lines: LineIndex): DirectiveProblem[] {
  const out: DirectiveProblem[] = [];
  for (const d of s.directives) {
    const keyword = d.scope === 'file' ? 'xbd-ignore-file' : 'xbd-ignore';
    if (!d.codes.length) {
      out.push({
        range: d.commentRange,
        message: `${keyword} names no rule code, so it suppresses nothing: list the codes to ignore, e.g. "# ${keyword} XB301".`,
      });
      continue;
    }
    for (const c of d.codes) {
      if (known.has(c.code)) continue;
      const near = [...known].filter((k) => oneEditApart(k, c.code));
      const hint = near.length ? ` Did you mean ${near.join(' or ')}?` : '';
      const removeWhole = d.codes.length === 1;
      out.push({
        range: c.range,
        message: `${c.code} in ${keyword} is not a code of xbd, so nothing is suppressed for it.${hint}`,
        removal: removeWhole
          ? { title: `Remove this ${keyword} comment`, edit: { range: removeComment(d, lines), newText: '' } }
          : { title: `Remove ${c.code} from the ${keyword} comment`, edit: { range: removeToken(c.range, lines), newText: '' } },
      });
    }
  }
  return out;
}

/**
 * The edit behind "Ignore XBnnn for this line": adds the code to a directive that already stands above
 * the logical line, else inserts `# xbd-ignore XBnnn` as a line of its own above it, indented like it.
 * In a make recipe the comment line starts at column 0: a tab-indented `#` line would be handed to the
 * shell (and echoed by make), while an unindented one is a make comment that does not end the recipe.
 */
export function ignoreLineEdit(text: string, kind: DocumentKind, lines: LineIndex, line: number, code: string): Omit<TextEdit, 'file'> {
  const structure = lineStructure(text, kind, lines);
  const first = structure.groupStart(line);
  const existing = readSuppressions(text, kind, lines).directives.find((d) => d.scope === 'line' && !d.trailing && d.covers.includes(first));
  if (existing) {
    if (existing.codes.some((c) => c.code === code)) return { range: { start: existing.appendAt, end: existing.appendAt }, newText: '' };
    return { range: { start: existing.appendAt, end: existing.appendAt }, newText: ` ${code}` };
  }
  const start = lines.offsetAt({ line: first, character: 0 });
  // Stryker disable next-line Regex: the blanks at the line's start match at index 0 with or without the anchor
  let indent = /^[ \t]*/.exec(text.slice(start, lines.lineEnd(first)))![0];
  if (kind === 'makefile' && indent.startsWith('\t')) indent = '';
  if (kind === 'goenv') indent = '';
  const at = { line: first, character: 0 };
  return { range: { start: at, end: at }, newText: `${indent}# xbd-ignore ${code}${lines.eol}` };
}

// ---- line structure ------------------------------------------------------------------------------

interface LineStructure {
  /** Per line: the offset (in the line) of a `#` that starts a comment, if any. */
  comments: (number | undefined)[];
  /** Per line: true when the line is only a comment (blanks before it allowed). */
  commentOnly: boolean[];
  blank: boolean[];
  groupStart(line: number): number;
  groupLines(line: number): number[];
}

function lineStructure(text: string, kind: DocumentKind, lines: LineIndex): LineStructure {
  const n = lines.lineCount;
  const comments: (number | undefined)[] = [];
  const commentOnly: boolean[] = [];
  const blank: boolean[] = [];
  const start: number[] = [];
  const escape = kind === 'dockerfile' ? dockerfileEscape(text) : '\\';
  let groupFirst = -1; // first line of the logical line being continued, or -1
  // The current Dockerfile instruction is a RUN. In exec form (a JSON array) every `#` is inside a string, which
  // shellCommentStart skips; brackets that are no JSON (`RUN [ -n "$CI" ] && …`) are shell form to Docker too.
  // Stryker disable next-line BooleanLiteral: the first line that is no comment or blank sets it before it is read
  let dockerRun = false;
  // Stryker disable next-line EqualityOperator: a line past the last is blank and belongs to no group
  for (let line = 0; line < n; line++) {
    const s = lines.offsetAt({ line, character: 0 });
    const lineText = text.slice(s, lines.lineEnd(line));
    const trimmed = lineText.trimStart();
    blank[line] = trimmed === '';
    const lead = lineText.length - trimmed.length;
    commentOnly[line] = trimmed.startsWith('#');
    if (commentOnly[line]) comments[line] = lead;
    const inGroup = groupFirst >= 0;
    // Dockerfile continuations skip comment and blank lines (BuildKit drops them); elsewhere they end it.
    if (inGroup && kind === 'dockerfile' && (commentOnly[line] || blank[line])) {
      start[line] = commentOnly[line] ? line : groupFirst;
      continue;
    }
    if (commentOnly[line] || blank[line]) {
      groupFirst = -1;
      start[line] = line;
      continue;
    }
    const first = inGroup ? groupFirst : line;
    start[line] = first;
    if (!inGroup && kind === 'dockerfile') dockerRun = /^RUN(\s|$)/i.test(trimmed);
    if (kind === 'shell' || kind === 'makefile' || (kind === 'dockerfile' && dockerRun)) {
      const at = shellCommentStart(lineText);
      if (at !== undefined) comments[line] = at;
    }
    // A line that ends in a comment is not continued: its last character is the comment's.
    const continued = comments[line] === undefined && endsWithEscape(kind === 'dockerfile' ? lineText.trimEnd() : lineText, escape);
    groupFirst = continued ? first : -1;
  }
  const members = new Map<number, number[]>();
  for (let line = 0; line < n; line++) if (!commentOnly[line] && !blank[line]) (members.get(start[line]) ?? members.set(start[line], []).get(start[line])!).push(line);
  return {
    comments,
    commentOnly,
    blank,
    groupStart: (line) => start[line] ?? line,
    groupLines: (line) => members.get(start[line]) ?? [line],
  };
}

/** The lines a full-line directive covers: the logical line after the comment block it stands in. */
function coveredBelow(line: number, structure: LineStructure, n: number): number[] {
  let t = line + 1;
  while (t < n && structure.commentOnly[t]) t++;
  if (t >= n || structure.blank[t]) return [];
  // A comment inside a Dockerfile continuation covers the rest of that instruction (its whole logical line).
  return structure.groupLines(t);
}

/** Where a shell comment starts in a line: a `#` at the start of a word, outside quotes. */
function shellCommentStart(line: string): number | undefined {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if (c === '\\') i++;
    else if (c === "'" || c === '"') quote = c;
    // (Never at the line's start: lineStructure asks only about lines that do not start with a comment.)
    else if (c === '#' && /[\s;&|()]/.test(line[i - 1])) return i;
  }
  return undefined;
}

function endsWithEscape(text: string, escape: string): boolean {
  let count = 0;
  for (let i = text.length - 1; i >= 0 && text[i] === escape; i--) count++;
  return count % 2 === 1;
}

/** A Dockerfile's escape character: the `# escape=` parser directive, else backslash. */
function dockerfileEscape(text: string): string {
  for (const line of text.split(/\r\n|\r|\n/, 20)) {
    const m = /^#\s*([a-zA-Z]+)\s*=\s*(\S*)\s*$/.exec(line);
    if (!m) return '\\';
    if (m[1].toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) return m[2];
  }
  return '\\';
}

function removeComment(d: Directive, lines: LineIndex): Range {
  if (!d.trailing) {
    const next = d.line + 1 < lines.lineCount ? { line: d.line + 1, character: 0 } : d.commentRange.end;
    return { start: { line: d.line, character: 0 }, end: next };
  }
  // Take the blanks before the `#` too.
  let s = lines.offsetAt(d.commentRange.start);
  while (/[ \t]/.test(lines.text[s - 1])) s--; // stops at the code the comment ends
  return { start: lines.positionAt(s), end: d.commentRange.end };
}

function removeToken(range: Range, lines: LineIndex): Range {
  let s = lines.offsetAt(range.start);
  while (/[ \t,]/.test(lines.text[s - 1])) s--; // stops at the keyword or the code before
  return { start: lines.positionAt(s), end: range.end };
}

function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    let diff = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
    if (diff === 1) return true;
    // One transposition: XB130 for XB103.
    for (let i = 0; i + 1 < a.length; i++) {
      if (a[i] !== b[i]) return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return false;
  }
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  for (let i = 0; i < long.length; i++) if (long.slice(0, i) + long.slice(i + 1) === short) return true;
  return false;
}
