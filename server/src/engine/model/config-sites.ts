import { isMap, isSeq, type Node } from 'yaml';
import { spanOf, stringOf } from '../config/yaml';
import { nextPlaceholder, type Placeholder, type Placeholders } from '../shell/placeholders';
import { LineIndex, MappedText } from '../text';
import type { Range, TextEdit } from '../types';
import type { Assignment, EnvEntry } from './types';

/** The file a config reader works on. */
export interface ConfigFile {
  path: string;
  text: string;
  lines: LineIndex;
}

/** True when a value holds a GitHub Actions expression or a Go template (GoReleaser): unknown until run. */
export function isTemplated(value: string): boolean {
  return value.includes('${{') || value.includes('{{');
}

/** Blanks up to the column of `offset` (a key after `- ` is indented by the dash too). */
function indentAt(file: ConfigFile, offset: number): string {
  const lineStart = file.lines.offsetAt({ line: file.lines.positionAt(offset).line, character: 0 });
  return file.text.slice(lineStart, offset).replace(/[^\t]/g, ' ');
}

/** Removes whole lines [start, end) of the offsets' lines (an entry on its own lines). */
function removeLines(file: ConfigFile, start: number, end: number): TextEdit {
  const first = file.lines.positionAt(start).line;
  const last = file.lines.positionAt(end - 1).line;
  const from = file.lines.offsetAt({ line: first, character: 0 });
  // Past the last line, offsetAt gives the end of the text.
  const to = file.lines.offsetAt({ line: last + 1, character: 0 });
  return { file: file.path, range: file.lines.range(from, to), newText: '' };
}

/**
 * `NAME: value` in a YAML mapping (a workflow's `env:`): the key is the name, the scalar the value.
 * A sibling goes on the next line at the key's indentation (or after a comma in a flow mapping).
 */
export function mappingSite(file: ConfigFile, name: string, keyNode: Node, value: Node | undefined, parent: Node): Assignment {
  const [keyStart, keyEnd] = spanOf(keyNode);
  const [valueStart, valueEnd] = value ? spanOf(value) : [keyEnd + 1, keyEnd + 1];
  const raw = value ? stringOf(value) : '';
  const flow = isMap(parent) && parent.flow;
  return {
    file: file.path,
    name,
    kind: 'config',
    nameRange: file.lines.range(keyStart, keyEnd),
    range: file.lines.range(keyStart, valueEnd),
    valueRange: file.lines.range(valueStart, valueEnd),
    valueText: file.text.slice(valueStart, valueEnd),
    value: raw === undefined || isTemplated(raw) ? undefined : raw,
    literal: raw !== undefined && !isTemplated(raw),
    addSibling: (n, v) => ({
      file: file.path,
      range: file.lines.range(valueEnd, valueEnd),
      newText: flow ? `, ${n}: ${quoteYaml(v)}` : `${file.lines.eol}${indentAt(file, keyStart)}${n}: ${quoteYaml(v)}`,
    }),
    remove: () => removeLines(file, keyStart, valueEnd),
  };
}

/**
 * `NAME=value` as an item of a YAML list (GoReleaser's `env:`). Undefined when the item is no such
 * scalar or its text does not map to the source exactly. A sibling is a new item after it.
 */
export function listItemSite(file: ConfigFile, item: Node, parent: Node): Assignment | undefined {
  const raw = stringOf(item);
  if (raw === undefined) return undefined;
  const eq = raw.indexOf('=');
  if (eq <= 0) return undefined;
  const [start, end] = spanOf(item);
  const source = file.text.slice(start, end);
  const inner = source.indexOf(raw);
  if (inner < 0) return undefined; // escapes: not exact
  const nameStart = start + inner;
  const value = raw.slice(eq + 1);
  const flow = isSeq(parent) && parent.flow;
  return {
    file: file.path,
    name: raw.slice(0, eq),
    kind: 'config',
    nameRange: file.lines.range(nameStart, nameStart + eq),
    range: file.lines.range(start, end),
    valueRange: file.lines.range(nameStart + eq + 1, nameStart + raw.length),
    valueText: value,
    value: isTemplated(value) ? undefined : value,
    literal: !isTemplated(value),
    addSibling: (n, v) => ({
      file: file.path,
      range: file.lines.range(end, end),
      newText: flow ? `, ${n}=${v}` : `${file.lines.eol}${lineIndent(file, start)}- ${n}=${v}`,
    }),
    remove: () => removeLines(file, start, end),
  };
}

/**
 * A value written as a YAML scalar that names a build variable's value (a matrix entry, a goos item). A list
 * item has no place for another variable beside it: `sibling` says where the owner puts one, else none is added.
 */
export function scalarSite(file: ConfigFile, name: string, node: Node, sibling?: (name: string, value: string) => TextEdit | undefined): (Assignment & { value: string }) | undefined {
  const raw = stringOf(node);
  if (raw === undefined || isTemplated(raw)) return undefined;
  const [start, end] = spanOf(node);
  return {
    file: file.path,
    name,
    kind: 'config',
    nameRange: file.lines.range(start, end),
    range: file.lines.range(start, end),
    valueRange: file.lines.range(start, end),
    valueText: file.text.slice(start, end),
    value: raw,
    literal: true,
    addSibling: (n, v) => sibling?.(n, v) ?? { file: file.path, range: file.lines.range(end, end), newText: '' },
    remove: () => removeLines(file, start, end),
  };
}

/** An environment entry for a site, as the walker and the rules read it. */
export function entryOf(site: Assignment, buildVariable: boolean): EnvEntry {
  return { name: site.name, value: site.value, expr: site.valueText, ...(buildVariable ? { site } : {}), definition: site };
}

/**
 * Shell text of a workflow `run:` with each `${{ … }}` expression replaced by a placeholder token whose
 * value is unknown: the runner substitutes it before the shell starts, so its text is no shell syntax.
 * `resolve` gives an expression's value where it is known (a matrix leg's `${{ matrix.goarch }}`): the token
 * keeps the expression's range, and the value's site (the matrix entry) where the value is written.
 */
export function withExpressions(source: MappedText, placeholders: Placeholders, resolve?: (expression: string) => Omit<Placeholder, 'expr'> | undefined): MappedText {
  const text = source.text;
  const out = new MappedText();
  const copy = (from: number, to: number): void => {
    for (let i = from; i < to; ) {
      let j = i + 1;
      // Stryker disable next-line ArithmeticOperator: runs save appends; these make every run one character, which maps the same
      while (j < to && source.origin(j) === source.origin(j - 1) + 1) j++;
      out.append(text.slice(i, j), source.origin(i));
      i = j;
    }
  };
  let at = 0;
  for (let open = text.indexOf('${{', at); open >= 0; open = text.indexOf('${{', at)) {
    const close = text.indexOf('}}', open + 3);
    // Stryker disable next-line EqualityOperator: close is past open, never 0
    if (close < 0) break;
    copy(at, open);
    const token = nextPlaceholder(placeholders);
    const expr = text.slice(open, close + 2);
    placeholders.set(token, { value: undefined, ...resolve?.(expr), expr });
    // The token's last character maps to the expression's last, so a span over the token covers the expression.
    // Stryker disable next-line BooleanLiteral: no word starts or ends inside a token, so where its inner characters map is never read
    out.append(token.slice(0, -1), source.origin(open), false);
    out.append(token.slice(-1), source.origin(close + 1));
    at = close + 2;
  }
  copy(at, text.length);
  return out;
}

/** The blanks a line starts with. */
function lineIndent(file: ConfigFile, offset: number): string {
  const line = file.lines.positionAt(offset).line;
  const start = file.lines.offsetAt({ line, character: 0 });
  return /^[ \t]*/.exec(file.text.slice(start, file.lines.lineEnd(line)))![0];
}

/**
 * Edit that adds `item` (YAML text of one list item) to the list under `key` of a block mapping: after its
 * last item, in its style (block or flow); or, without that key, a new `key:` with the item after the
 * mapping's first line. Undefined for a flow mapping or a list we cannot extend (empty block list).
 */
export function appendToList(file: ConfigFile, mapping: Node, key: string, item: string): TextEdit | undefined {
  if (!isMap(mapping) || mapping.flow || !mapping.items.length) return undefined;
  const pair = mapping.items.find((p) => stringOf(p.key as Node) === key);
  const list = pair?.value as Node | undefined;
  const eol = file.lines.eol;
  if (!pair) {
    const first = mapping.items[0];
    const firstStart = spanOf(first.key as Node)[0];
    const firstEnd = first.value ? spanOf(first.value as Node)[1] : spanOf(first.key as Node)[1];
    if (isMap(first.value) || isSeq(first.value)) return undefined; // its block runs on: no safe line to follow
    const at = file.lines.lineEnd(file.lines.positionAt(firstEnd).line);
    const indent = indentAt(file, firstStart);
    return { file: file.path, range: file.lines.range(at, at), newText: `${eol}${indent}${key}:${eol}${indent}  - ${item}` };
  }
  if (!isSeq(list)) return undefined;
  if (list.flow) {
    // A flow list's span ends with its `]`.
    const close = spanOf(list)[1] - 1;
    return { file: file.path, range: file.lines.range(close, close), newText: list.items.length ? `, ${item}` : item };
  }
  const last = list.items[list.items.length - 1] as Node | undefined;
  if (!last) return undefined;
  const [lastStart, lastEnd] = spanOf(last);
  const at = file.lines.lineEnd(file.lines.positionAt(lastEnd - 1).line);
  return { file: file.path, range: file.lines.range(at, at), newText: `${eol}${lineIndent(file, lastStart)}- ${item}` };
}

/** A YAML plain scalar when safe, else double-quoted. */
function quoteYaml(v: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(v) && !/^(true|false|null|yes|no|on|off|~)$/i.test(v) && !/^[\d.]+$/.test(v) ? v : JSON.stringify(v);
}

export type { Range };

/** The lines of an action's multi-line input (`set:`, `build-args:`): each with its offset and its indent's length. */
export function inputLines(text: string): { line: string; at: number; lead: number }[] {
  const out: { line: string; at: number; lead: number }[] = [];
  for (let at = 0; at < text.length; ) {
    let eol = text.indexOf('\n', at);
    if (eol < 0) eol = text.length;
    const line = text.slice(at, eol);
    out.push({ line, at, lead: line.length - line.trimStart().length });
    at = eol + 1;
  }
  return out;
}
