import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { MappedText } from '../text';

export type { Node as YamlNode, Scalar as YamlScalar, YAMLMap as YamlMap } from 'yaml';

/**
 * YAML (and JSON, its subset) through the `yaml` package: one document, its nodes with source offsets.
 * Returns undefined with the first error when the text is not a YAML document we can read.
 */
export function parseYaml(text: string): { root: Node | undefined; error?: string } {
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: false });
  const error = doc.errors[0]?.message;
  return { root: (doc.contents ?? undefined) as Node | undefined, ...(error ? { error } : {}) };
}

/** The value node of `key` in a mapping (undefined when the node is no mapping or has no such key). */
export function child(node: Node | undefined, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  return (pair?.value ?? undefined) as Node | undefined;
}

/** The pairs of a mapping with a string key. */
export function pairs(node: Node | undefined): { key: string; keyNode: Scalar; value: Node | undefined; pair: Pair }[] {
  if (!isMap(node)) return [];
  const out: { key: string; keyNode: Scalar; value: Node | undefined; pair: Pair }[] = [];
  for (const p of (node as YAMLMap).items) {
    if (isScalar(p.key)) out.push({ key: String(p.key.value), keyNode: p.key, value: (p.value ?? undefined) as Node | undefined, pair: p });
  }
  return out;
}

/** The items of a sequence; a single node stands for a one-item list (as GoReleaser and Actions accept). */
export function items(node: Node | undefined): Node[] {
  if (isSeq(node)) return node.items.filter((n): n is Node => n !== null && typeof n === 'object');
  return node ? [node] : [];
}

/** A scalar's value as a string (numbers and booleans as written), undefined for collections and null. */
export function stringOf(node: Node | undefined): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  if (typeof node.value === 'number' && node.source !== undefined) return String(node.source);
  return String(node.value);
}

/** Source offsets of a node's value (without trailing comments). */
export function spanOf(node: Node): [number, number] {
  const r = node.range ?? [0, 0, 0];
  return [r[0], r[1]];
}

/**
 * A scalar's decoded text with, for every character, the source offset it came from: plain and quoted
 * one-line scalars without escapes, and literal and folded block scalars (`run: |`, `run: >`). Undefined
 * when the mapping cannot be exact (escapes, multi-line flow scalars): callers then do not read the text.
 */
export function scalarText(node: Node | undefined, text: string): MappedText | undefined {
  if (!isScalar(node) || node.range === undefined || node.range === null) return undefined;
  const value = stringOf(node);
  if (value === undefined) return undefined;
  const [start, end] = node.range;
  const source = text.slice(start, end);
  switch (node.type) {
    case 'PLAIN':
      // A plain scalar over several lines is folded: each line without its indentation, joined by blanks.
      return source === value ? MappedText.of(value, start) : foldedLines(value, linesOf(text, start, end).map(trimmed));
    case 'QUOTE_SINGLE':
    case 'QUOTE_DOUBLE':
      return source.length >= 2 && source.slice(1, -1) === value ? MappedText.of(value, start + 1) : undefined;
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      return blockScalar(value, text, start, end);
    default:
      return undefined;
  }
}

/**
 * Maps a block scalar line by line: each content line loses the block's indentation. Between two lines the
 * value holds what YAML made of the line breaks (a literal block keeps them; a folded one turns a break into a
 * blank, or keeps it where a line is empty or more indented): those characters stand at the first break. The
 * result is the parser's value or nothing.
 */
function blockScalar(value: string, text: string, start: number, end: number): MappedText | undefined {
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd >= end) return value === '' ? new MappedText() : undefined;
  if (/\d/.test(text.slice(start, headerEnd).replace(/#.*/, ''))) return undefined; // explicit indentation indicator
  const lines = linesOf(text, headerEnd + 1, end);
  const indent = Math.min(...lines.filter((l) => l.text.trim() !== '').map((l) => l.text.length - l.text.trimStart().length));
  if (!Number.isFinite(indent)) return value === '' ? new MappedText() : undefined;
  return foldedLines(value, lines.map((l) => ({ ...l, at: l.at + indent, text: l.text.slice(indent) })));
}

interface SourceLine {
  /** Offset of its first character. */
  at: number;
  text: string;
  /** Offset of its line break (or of the scalar's end). */
  eol: number;
}

/** The lines of text[from, end), without their line breaks. */
function linesOf(text: string, from: number, end: number): SourceLine[] {
  const lines: SourceLine[] = [];
  for (let at = from; at < end; ) {
    let eol = text.indexOf('\n', at);
    if (eol < 0 || eol > end) eol = end;
    const lineEnd = eol > at && text[eol - 1] === '\r' ? eol - 1 : eol;
    lines.push({ at, text: text.slice(at, lineEnd), eol: lineEnd });
    at = eol + 1;
  }
  return lines;
}

function trimmed(line: SourceLine): SourceLine {
  const lead = line.text.length - line.text.trimStart().length;
  return { ...line, at: line.at + lead, text: line.text.trim() };
}

/**
 * Maps `value` onto the content of `lines`: each line's text stands in the value as written, and between two
 * lines the value holds what YAML made of the breaks (kept, or folded into a blank): those characters stand at
 * the first break. The result is the parser's value or nothing.
 */
function foldedLines(value: string, lines: SourceLine[]): MappedText | undefined {
  // The text of the next line with content after each line ('' after the last), found in one pass from the end.
  const nextContent: string[] = new Array(lines.length);
  for (let i = lines.length - 1, after = ''; i >= 0; i--) {
    nextContent[i] = after;
    if (lines[i].text.trim() !== '') after = lines[i].text;
  }
  const out = new MappedText();
  let pos = 0;
  for (let i = 0; i < lines.length && pos < value.length; i++) {
    const content = lines[i].text;
    if (!value.startsWith(content, pos)) return undefined;
    out.append(content, lines[i].at);
    pos += content.length;
    // The breaks up to the next line with content: newlines and blanks in the value, up to where that line starts.
    const next = nextContent[i];
    let stop = pos;
    while (stop < value.length && (value[stop] === '\n' || value[stop] === ' ') && !(next && value.startsWith(next, stop))) stop++;
    out.append(value.slice(pos, stop), lines[i].eol, false);
    pos = stop;
    while (i + 1 < lines.length && lines[i + 1].text.trim() === '' && next) i++;
  }
  return out.text === value ? out : undefined;
}
