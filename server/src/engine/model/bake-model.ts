import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { parseHcl, type HclNode } from '../config/hcl';
import { items, pairs, parseYaml, spanOf, stringOf } from '../config/yaml';
import type { LineIndex } from '../text';
import type { SourceFile } from '../types';
import type { ModelBuilder } from './builder';
import { COMPOSE_FILE } from '../documents';
import { composeTargets } from './bake-compose';
import type { BakeValue as Value, RawTarget } from './bake-values';
import type { BakeModel, BakeTarget, ImageBuild, ModelOptions } from './types';

type Group = BakeModel['groups'][number];

/** Depth of `inherits` chains followed (bake itself rejects cycles). */
const MAX_INHERITS = 8;

/**
 * A docker-bake file (HCL through tree-sitter-hcl, JSON, or a compose file through `yaml`): each target's
 * Dockerfile, context, target stage, platforms and args, after `inherits`; and the groups. Values built from
 * variables or functions are unknown.
 */
export function bakeModel(file: SourceFile, lines: LineIndex, options: ModelOptions, parts: ModelBuilder): BakeModel {
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  const format = COMPOSE_FILE.test(name) ? 'compose' : /\.json$/i.test(file.path) ? 'json' : 'hcl';
  const groups: Group[] = [];
  const model: BakeModel = { ...parts.base(), kind: 'bake', format, targets: [], groups };
  const raw = format === 'compose' ? composeTargets(file.text) : format === 'json' ? jsonTargets(file.text, groups) : hclTargets(file.text, groups);
  if (typeof raw === 'string') {
    options.log?.(`xbd: ${file.path}: not read: ${raw}`);
    return model;
  }
  const byName = new Map(raw.map((t) => [t.name, t]));
  for (const t of raw) {
    const attrs = resolved(t, byName, 0, new Set());
    model.targets.push({ name: t.name, range: lines.range(t.start, t.end), inherits: strings(attrs.get('inherits')), own: ownAttributes(t), build: imageOf(t.name, t, attrs, lines) });
  }
  return model;
}

/** A target's attributes with those of the targets it inherits below them (each parent over the one before, its own last). */
function resolved(t: RawTarget, byName: Map<string, RawTarget>, depth: number, seen: Set<string>): Map<string, Value> {
  const out = new Map<string, Value>();
  if (depth > MAX_INHERITS || seen.has(t.name)) return new Map(t.attrs);
  seen.add(t.name);
  for (const parent of strings(t.attrs.get('inherits'))) {
    const p = byName.get(parent);
    // A parent from another bake file (docker-bake.override.hcl) is merged by the plan, not here.
    if (!p) continue;
    for (const [k, v] of resolved(p, byName, depth + 1, seen)) merge(out, k, v);
  }
  for (const [k, v] of t.attrs) merge(out, k, v);
  return out;
}

/**
 * Sets an attribute over an inherited one: maps (args, labels) merge key by key, a later entry winning where
 * the consumers read them into a Map; every other attribute replaces.
 */
function merge(out: Map<string, Value>, key: string, v: Value): void {
  const below = out.get(key);
  out.set(key, below?.kind === 'map' && v.kind === 'map' ? { ...v, entries: [...below.entries, ...v.entries] } : v);
}

/** The attribute names a target sets itself, each arg as `args.NAME` (the keys `--set` addresses). */
function ownAttributes(t: RawTarget): string[] {
  return [...t.attrs].flatMap(([k, v]) => (k === 'args' && v.kind === 'map' ? v.entries.map((e) => `args.${e.key}`) : k === 'inherits' ? [] : [k]));
}

function strings(v: Value | undefined): string[] {
  if (!v) return [];
  const list = v.kind === 'list' ? v.items : [v];
  return list.flatMap((i) => (i.kind === 'string' && i.value !== undefined ? [i.value] : []));
}

function imageOf(name: string, t: RawTarget, attrs: Map<string, Value>, lines: LineIndex): ImageBuild {
  const build: ImageBuild = { by: `bake target ${name}`, range: lines.range(t.start, t.end), args: new Map() };
  build.target = textOf(attrs.get('target'));
  build.dockerfile = textOf(attrs.get('dockerfile'));
  build.context = textOf(attrs.get('context'));
  const platforms = attrs.get('platforms');
  if (platforms) {
    // A computed list (`split(",", PLATFORMS)`) is one unknown platform.
    const list = platforms.kind === 'list' ? platforms.items : [platforms];
    build.platforms = list.map((p) => ({ value: textOf(p), range: lines.range(p.start, p.end) }));
  }
  const args = attrs.get('args');
  if (args?.kind === 'map') {
    for (const e of args.entries) build.args.set(e.key, { value: textOf(e.value), range: lines.range(e.value.start, e.value.end), nameRange: lines.range(e.keyStart, e.keyEnd) });
  }
  return build;
}

// ---- HCL ----------------------------------------------------------------------------------------

function hclTargets(text: string, groups: Group[]): RawTarget[] | string {
  const tree = parseHcl(text);
  if (typeof tree === 'string') return `${tree} (docker-bake.json is read without it)`;
  // Stryker disable next-line BlockStatement: the finally frees the tree's WebAssembly memory; no result depends on it
  try { return blocksOf(tree.rootNode, groups); } finally { tree.delete(); }
}

/** The target blocks of a file's tree; its group blocks go to `groups`. */
function blocksOf(root: HclNode, groups: Group[]): RawTarget[] {
  const out: RawTarget[] = [];
  // Every block, also one tree-sitter wrapped in an ERROR node around a half-typed one. Blocks nested in
  // another (a variable's validation) are never named target or group.
  for (const block of root.descendantsOfType('block')) {
    const [kind, label] = block.namedChildren;
    if ((kind.text !== 'target' && kind.text !== 'group') || label?.type !== 'string_lit') continue;
    const name = hclString(label);
    if (name === undefined) continue;
    const attrs = new Map<string, Value>();
    const body = block.namedChildren.find((n) => n.type === 'body');
    for (const attr of body?.namedChildren ?? []) {
      if (attr.type !== 'attribute') continue;
      const [key, expr] = attr.namedChildren;
      // Stryker disable next-line ConditionalExpression,LogicalOperator: tree-sitter gives an attribute both; a half-typed one comes out as an ERROR node
      if (key && expr) attrs.set(key.text, hclValue(expr));
    }
    if (kind.text === 'group') {
      groups.push({ name, targets: strings(attrs.get('targets')) });
      continue;
    }
    out.push({ name, start: block.startIndex, end: block.endIndex, attrs });
  }
  return out;
}

/** A quoted string without interpolation or escapes (`\\`, `\"`, `$${`): undefined when it has either. */
function hclString(node: HclNode): string | undefined {
  // A string_lit holds no interpolation (that is a template_expr): its text is its template_literal, if any.
  const text = node.namedChildren.find((n) => n.type === 'template_literal')?.text ?? '';
  return /\\|\$\$\{|%%\{/.test(text) ? undefined : text;
}

/** An attribute's expression; offsets are UTF-16 code units in web-tree-sitter, like the document's. */
function hclValue(node: HclNode): Value {
  const start = node.startIndex;
  const end = node.endIndex;
  const inner = node.namedChildren[0];
  // Stryker disable next-line OptionalChaining: an expression always has its one child, also in a half-typed file
  switch (inner?.type) {
    case 'literal_value': {
      const lit = inner.namedChildren[0];
      if (lit.type === 'string_lit') return { kind: 'string', value: hclString(lit), start, end };
      if (lit.type === 'numeric_lit' || lit.type === 'bool_lit') return { kind: 'string', value: lit.text, start, end };
      return { kind: 'other', start, end };
    }
    case 'collection_value': {
      const c = inner.namedChildren[0];
      // Comments are nodes too: only expressions are items, only object_elem entries.
      if (c.type === 'tuple') return { kind: 'list', items: c.namedChildren.filter((n) => n.type === 'expression').map(hclValue), start, end };
      if (c.type === 'object') return { kind: 'map', entries: c.namedChildren.flatMap((elem) => (elem.type === 'object_elem' ? objectEntry(elem) : [])), start, end };
      return { kind: 'other', start, end };
    }
    default:
      return { kind: 'other', start, end };
  }
}

/** `NAME = value` or `"NAME" = value` in an object; none when the key is computed. */
function objectEntry(elem: HclNode): Extract<Value, { kind: 'map' }>['entries'] {
  const key = elem.childForFieldName('key');
  const val = elem.childForFieldName('val');
  // Stryker disable next-line ConditionalExpression,LogicalOperator: tree-sitter gives an object_elem both fields; a half-typed one comes out as an ERROR node
  if (!key || !val) return [];
  const name = key.namedChildren[0].type === 'variable_expr' ? key.text : textOf(hclValue(key));
  return name === undefined ? [] : [{ key: name, keyStart: key.startIndex, keyEnd: key.endIndex, value: hclValue(val) }];
}

/** A value's text when it is a string bake reads as written; undefined when computed or not a string. */
function textOf(v: Value | undefined): string | undefined {
  return v?.kind === 'string' ? v.value : undefined;
}

// ---- JSON ---------------------------------------------------------------------------------------

function jsonTargets(text: string, groups: Group[]): RawTarget[] | string {
  const { root, error } = parseYaml(text);
  if (error && !isMap(root)) return `JSON: ${error}`;
  for (const g of pairs(pairs(root).find((p) => p.key === 'group')?.value)) {
    const targets = pairs(g.value).find((p) => p.key === 'targets')?.value;
    groups.push({ name: g.key, targets: targets ? strings(jsonValue(targets)) : [] });
  }
  const targets = pairs(root).find((p) => p.key === 'target')?.value;
  return pairs(targets).map(({ key, keyNode, value }) => {
    const attrs = new Map<string, Value>();
    for (const p of pairs(value)) if (p.value) attrs.set(p.key, jsonValue(p.value));
    return { name: key, start: spanOf(keyNode)[0], end: spanOf(value ?? keyNode)[1], attrs };
  });
}

/** A JSON value: a scalar, a list, or an object (pairs() reads nothing else). */
function jsonValue(node: Node): Value {
  const [start, end] = spanOf(node);
  if (isScalar(node)) return { kind: 'string', value: stringOf(node)?.includes('${') ? undefined : stringOf(node), start, end };
  if (isSeq(node)) return { kind: 'list', items: items(node).map(jsonValue), start, end };
  return { kind: 'map', entries: pairs(node).flatMap((p) => (p.value ? [{ key: p.key, keyStart: spanOf(p.keyNode)[0], keyEnd: spanOf(p.keyNode)[1], value: jsonValue(p.value) }] : [])), start, end };
}

export type { BakeTarget };
