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
 * one-line scalars without escapes, and literal block scalars (`run: |`). Undefined when the mapping
 * cannot be exact (escapes, folded or multi-line flow scalars): callers then do not read the text.
 */
export function scalarText(node: Node | undefined, text: string): MappedText | undefined {
  if (!isScalar(node) || node.range === undefined || node.range === null) return undefined;
  const value = stringOf(node);
  if (value === undefined) return undefined;
  const [start, end] = node.range;
  const source = text.slice(start, end);
  switch (node.type) {
    case 'PLAIN':
      return source === value ? MappedText.of(value, start) : undefined;
    case 'QUOTE_SINGLE':
    case 'QUOTE_DOUBLE':
      return source.length >= 2 && source.slice(1, -1) === value ? MappedText.of(value, start + 1) : undefined;
    case 'BLOCK_LITERAL':
      return literalBlock(value, text, start, end);
    default:
      return undefined;
  }
}

/** Maps a literal block scalar line by line: each content line loses the block's indentation. */
function literalBlock(value: string, text: string, start: number, end: number): MappedText | undefined {
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd >= end) return value === '' ? new MappedText() : undefined;
  if (/\d/.test(text.slice(start, headerEnd).replace(/#.*/, ''))) return undefined; // explicit indentation indicator
  const lines: { at: number; text: string; eol: number }[] = [];
  for (let at = headerEnd + 1; at < end; ) {
    let eol = text.indexOf('\n', at);
    if (eol < 0 || eol > end) eol = end;
    const lineEnd = eol > at && text[eol - 1] === '\r' ? eol - 1 : eol;
    lines.push({ at, text: text.slice(at, lineEnd), eol: lineEnd });
    at = eol + 1;
  }
  const indent = Math.min(...lines.filter((l) => l.text.trim() !== '').map((l) => l.text.length - l.text.trimStart().length));
  if (!Number.isFinite(indent)) return value === '' ? new MappedText() : undefined;
  const out = new MappedText();
  let length = 0;
  for (const line of lines) {
    if (length >= value.length) break;
    const content = line.text.slice(indent);
    out.append(content.slice(0, value.length - length), line.at + indent);
    length += Math.min(content.length, value.length - length);
    if (length < value.length) {
      out.append('\n', line.eol);
      length++;
    }
  }
  return out.text === value ? out : undefined;
}
