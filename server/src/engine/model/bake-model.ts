import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { parseHcl, type HclNode } from '../config/hcl';
import { pairs, parseYaml, spanOf, stringOf } from '../config/yaml';
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
  const model: BakeModel = { ...parts.base(), kind: 'bake', format, targets: [], groups: [] };
  const groups: Group[] = [];
  const raw = format === 'compose' ? composeTargets(file.text) : format === 'json' ? jsonTargets(file.text, groups) : hclTargets(file.text, groups);
  model.groups = groups;
  if (typeof raw === 'string') {
    model.unread = raw;
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

/** A target's attributes with those of the targets it inherits below them (its own win). */
function resolved(t: RawTarget, byName: Map<string, RawTarget>, depth: number, seen: Set<string>): Map<string, Value> {
  const out = new Map<string, Value>();
  if (depth > MAX_INHERITS || seen.has(t.name)) return new Map(t.attrs);
  seen.add(t.name);
  for (const parent of strings(t.attrs.get('inherits'))) {
    const p = byName.get(parent);
    if (!p) continue;
    for (const [k, v] of resolved(p, byName, depth + 1, seen)) {
      const own = out.get(k);
      out.set(k, k === 'args' && own?.kind === 'map' && v.kind === 'map' ? { ...v, entries: [...own.entries, ...v.entries] } : v);
    }
  }
  for (const [k, v] of t.attrs) {
    const inherited = out.get(k);
    // args merge key by key; every other attribute replaces.
    out.set(k, k === 'args' && inherited?.kind === 'map' && v.kind === 'map' ? { ...v, entries: [...inherited.entries.filter((e) => !v.entries.some((o) => o.key === e.key)), ...v.entries] } : v);
  }
  return out;
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
  const dockerfile = attrs.get('dockerfile');
  const context = attrs.get('context');
  const target = attrs.get('target');
  if (target?.kind === 'string' && target.value !== undefined) build.target = target.value;
  if (dockerfile?.kind === 'string' && dockerfile.value !== undefined) build.dockerfile = dockerfile.value;
  if (context?.kind === 'string' && context.value !== undefined) build.context = context.value;
  const platforms = attrs.get('platforms');
  if (platforms) {
    const list = platforms.kind === 'list' ? platforms.items : [platforms];
    build.platforms = list.map((p) => ({ value: p.kind === 'string' ? p.value : undefined, range: lines.range(p.start, p.end) }));
  }
  const args = attrs.get('args');
  if (args?.kind === 'map') {
    for (const e of args.entries) {
      build.args.set(e.key, { value: e.value.kind === 'string' ? e.value.value : undefined, range: lines.range(e.value.start, e.value.end), nameRange: lines.range(e.keyStart, e.keyEnd) });
    }
  }
  return build;
}

// ---- HCL ----------------------------------------------------------------------------------------

function hclTargets(text: string, groups: Group[]): RawTarget[] | string {
  const tree = parseHcl(text);
  if (typeof tree === 'string') return `${tree} (docker-bake.json is read without it)`;
  try {
    const out: RawTarget[] = [];
    // Top-level blocks, also those tree-sitter wrapped in an ERROR node around a half-typed one.
    const topLevel = tree.rootNode.descendantsOfType('block').filter((b) => {
      for (let p = b?.parent; p; p = p.parent) if (p.type === 'block') return false;
      return true;
    });
    for (const block of topLevel) {
      if (!block) continue;
      const [kind, label] = block.namedChildren;
      if ((kind?.text !== 'target' && kind?.text !== 'group') || label?.type !== 'string_lit') continue;
      const name = hclString(label);
      if (name === undefined) continue;
      const attrs = new Map<string, Value>();
      const inner = block.namedChildren.find((n) => n?.type === 'body');
      for (const attr of inner?.namedChildren ?? []) {
        if (attr?.type !== 'attribute') continue;
        const [key, expr] = attr.namedChildren;
        if (key && expr) attrs.set(key.text, hclValue(expr));
      }
      if (kind.text === 'group') {
        groups.push({ name, targets: strings(attrs.get('targets')) });
        continue;
      }
      out.push({ name, start: block.startIndex, end: block.endIndex, attrs });
    }
    return out;
  } finally {
    tree.delete();
  }
}

/** A quoted string without interpolation or escapes; undefined when it has either. */
function hclString(node: HclNode): string | undefined {
  const parts = node.namedChildren.filter((n) => n && n.type !== 'quoted_template_start' && n.type !== 'quoted_template_end');
  if (parts.some((p) => p?.type !== 'template_literal')) return undefined;
  return parts.map((p) => p!.text).join('');
}

/** Offsets are UTF-16 code units in web-tree-sitter, like the document's. */
function hclValue(node: HclNode): Value {
  const start = node.startIndex;
  const end = node.endIndex;
  const inner = node.type === 'expression' ? node.namedChildren[0] : node;
  if (!inner) return { kind: 'other', start, end };
  switch (inner.type) {
    case 'literal_value': {
      const lit = inner.namedChildren[0];
      if (lit?.type === 'string_lit') return { kind: 'string', value: hclString(lit), start, end };
      if (lit?.type === 'numeric_lit' || lit?.type === 'bool_lit') return { kind: 'string', value: lit.text, start, end };
      return { kind: 'other', start, end };
    }
    case 'template_expr':
      return { kind: 'string', value: undefined, start, end };
    case 'collection_value': {
      const c = inner.namedChildren[0];
      if (c?.type === 'tuple') return { kind: 'list', items: c.namedChildren.filter((n) => n?.type === 'expression').map((n) => hclValue(n!)), start, end };
      if (c?.type === 'object') {
        const entries: { key: string; keyStart: number; keyEnd: number; value: Value }[] = [];
        for (const elem of c.namedChildren) {
          if (elem?.type !== 'object_elem') continue;
          const key = elem.childForFieldName('key');
          const val = elem.childForFieldName('val');
          if (!key || !val) continue;
          const k = hclValue(key);
          const name = key.namedChildren[0]?.type === 'variable_expr' ? key.text : k.kind === 'string' ? k.value : undefined;
          if (name !== undefined) entries.push({ key: name, keyStart: key.startIndex, keyEnd: key.endIndex, value: hclValue(val) });
        }
        return { kind: 'map', entries, start, end };
      }
      return { kind: 'other', start, end };
    }
    default:
      return { kind: 'other', start, end };
  }
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

function jsonValue(node: Node): Value {
  const [start, end] = spanOf(node);
  if (isScalar(node)) return { kind: 'string', value: stringOf(node)?.includes('${') ? undefined : stringOf(node), start, end };
  if (isSeq(node)) return { kind: 'list', items: node.items.filter((n): n is Node => !!n && typeof n === 'object').map(jsonValue), start, end };
  if (isMap(node)) {
    return { kind: 'map', entries: pairs(node).flatMap((p) => (p.value ? [{ key: p.key, keyStart: spanOf(p.keyNode)[0], keyEnd: spanOf(p.keyNode)[1], value: jsonValue(p.value) }] : [])), start, end };
  }
  return { kind: 'other', start, end };
}

export type { BakeTarget };
