import type { Position, Range } from './types';

/** Whether `a` is at `b` or before it. */
export function atOrBefore(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

const RECENT_POSITIONS = 8;

/** Converts between string offsets and line/character positions of one text. */
export class LineIndex {
  private readonly starts: number[] = [0];
  /** The last positions made, by offset modulo their count: positions are never changed, so equal ones are shared. */
  private readonly recentOffsets = new Int32Array(RECENT_POSITIONS).fill(-1);
  // Stryker disable next-line ArrayDeclaration: the list grows as slots are filled either way
  private readonly recentPositions: Position[] = new Array(RECENT_POSITIONS);

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // \r\n counts as one break; a lone \r is a break too, as in LSP.
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    // A site's range starts where its name does and ends where its value does: one object for each place.
    // Stryker disable next-line ArithmeticOperator,ConditionalExpression: another slot, or none, only makes the same position again (text.test.ts pins every position)
    const slot = o & (RECENT_POSITIONS - 1);
    // Stryker disable next-line ConditionalExpression: a position made again is equal to the shared one
    if (this.recentOffsets[slot] === o) return this.recentPositions[slot];
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    const position = { line: lo, character: o - this.starts[lo] };
    this.recentOffsets[slot] = o;
    this.recentPositions[slot] = position;
    return position;
  }

  offsetAt(p: Position): number {
    if (p.line >= this.starts.length) return this.text.length;
    if (p.line < 0) return 0;
    return Math.min(this.starts[p.line] + p.character, this.lineEnd(p.line));
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** Offset just before the line break of `line`. */
  lineEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    let end = next;
    if (end > this.starts[line] && this.text[end - 1] === '\n') end--;
    if (end > this.starts[line] && this.text[end - 1] === '\r') end--;
    return end;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The line break the file uses most ("\r\n" or "\n"), for inserted lines. */
  get eol(): string {
    // Asked by every quick fix that inserts a line: the whole text is scanned once.
    return (this.lineBreak ??= this.text.includes('\r\n') ? '\r\n' : '\n');
  }

  private lineBreak: string | undefined;
}

/**
 * Text derived from a document (a RUN line without its continuations, a make recipe with its variables
 * replaced) that remembers, for every character, the document offset it came from. Stored as runs, so
 * a 5 MB script costs one array of runs, not one entry per character.
 */
export class MappedText {
  /**
   * Per run, three numbers: the offset in this text where it starts, its document offset, and 1 when its
   * characters follow on (else 0). One array, not one per field: a Makefile has a MappedText per line.
   */
  private readonly runs: number[] = [];
  private joined = '';

  /** Appends `s` whose first character sits at document offset `from` (consecutive characters follow). */
  append(s: string, from: number, consecutive = true): void {
    if (!s) return;
    this.runs.push(this.joined.length, from, consecutive ? 1 : 0);
    this.joined += s;
  }

  get text(): string {
    return this.joined;
  }

  /** Document offset of the character at `i`; the end of the text maps just after its last character. */
  origin(i: number): number {
    const count = this.runs.length / 3;
    if (!count) return 0;
    const length = this.joined.length;
    if (i >= length) return this.originIn(count - 1, length - 1) + 1;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.runs[3 * mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return this.originIn(lo, i);
  }

  private originIn(run: number, i: number): number {
    const at = 3 * run;
    return this.runs[at + 2] ? this.runs[at + 1] + (i - this.runs[at]) : this.runs[at + 1];
  }

  /** Document offsets of the span [start, end) of this text. */
  span(start: number, end: number): [number, number] {
    if (end <= start) return [this.origin(start), this.origin(start)];
    return [this.origin(start), this.origin(end - 1) + 1];
  }

  static of(s: string, from: number): MappedText {
    const m = new MappedText();
    m.append(s, from);
    return m;
  }
}

/** Applies non-overlapping edits given as offsets; later edits first so offsets stay valid. */
export function applyOffsetEdits(text: string, edits: { start: number; end: number; newText: string }[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.end > limit) continue; // overlapping edit: keep the first applied, never corrupt text
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    limit = e.start;
  }
  return out;
}

const NON_ASCII = /[^\x00-\x7f]/;

/** The UTF-8 length of a text, counted without encoding it. */
export function utf8Length(text: string): number {
  // Build files are mostly ASCII: a native scan finds where counting must start (a 1.7 MB Makefile, counted
  // from its start on the server's thread when it opened: 2.7-7.4 ms; scanned: 0.8 ms).
  const first = text.search(NON_ASCII);
  if (first < 0) return text.length;
  let bytes = text.length;
  for (let i = first; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    // 2 bytes below U+0800, 3 for the rest of the BMP; a surrogate pair (2 units) is 4 bytes.
    bytes += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2;
  }
  return bytes;
}
