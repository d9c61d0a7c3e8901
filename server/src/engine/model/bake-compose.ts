import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { child, items, pairs, parseYaml, scalarText, spanOf, stringOf } from '../config/yaml';
import type { BakeValue, RawTarget } from './bake-values';

/**
 * A compose file as bake reads it: each service with a `build:` is a target of the service's name, with the
 * build's context (the string form, or `context:`), dockerfile, args (mapping or `KEY=value` list), target
 * and platforms; `x-bake:` inside `build:` sets bake attributes compose has no key for, and its
 * `platforms` win over the build's. Values with `${…}` interpolation are unknown (bake fills them from the
 * environment and `.env`).
 */
export function composeTargets(text: string): RawTarget[] | string {
  const { root, error } = parseYaml(text);
  if (error && !isMap(root)) return `YAML: ${error}`;
  const out: RawTarget[] = [];
  for (const service of pairs(child(root, 'services'))) {
    const build = child(service.value, 'build');
    if (!build) continue;
    const attrs = new Map<string, BakeValue>();
    const [start] = spanOf(service.keyNode);
    const end = spanOf(service.value ?? service.keyNode)[1];
    if (isScalar(build)) {
      attrs.set('context', stringValue(build));
      out.push({ name: service.key, start, end, attrs });
      continue;
    }
    for (const key of ['context', 'dockerfile', 'target'] as const) {
      const node = child(build, key);
      // A list or mapping there is no path bake can use: unknown.
      if (node) attrs.set(key, stringValue(node));
    }
    const args = child(build, 'args');
    if (args) attrs.set('args', argsValue(args, text));
    const platforms = child(build, 'platforms');
    if (platforms) attrs.set('platforms', listValue(platforms, text));
    const xBake = child(build, 'x-bake');
    const xPlatforms = child(xBake, 'platforms');
    if (xPlatforms) attrs.set('platforms', listValue(xPlatforms, text));
    out.push({ name: service.key, start, end, attrs });
  }
  return out;
}

function stringValue(node: Node): BakeValue {
  const [start, end] = spanOf(node);
  const value = stringOf(node);
  return { kind: 'string', value: value === undefined || value.includes('$') ? undefined : value, start, end };
}

/** `args:` as a mapping (`GO_VERSION: "1.22"`) or a list (`- GO_VERSION=1.22`); a name without a value comes from the environment (unknown). */
function argsValue(node: Node, text: string): BakeValue {
  const [start, end] = spanOf(node);
  const entries: Extract<BakeValue, { kind: 'map' }>['entries'] = [];
  if (isMap(node)) {
    for (const p of pairs(node)) {
      const [keyStart, keyEnd] = spanOf(p.keyNode);
      const value: BakeValue = p.value && isScalar(p.value) && p.value.value !== null ? stringValue(p.value) : { kind: 'string', value: undefined, start: keyStart, end: keyEnd };
      entries.push({ key: p.key, keyStart, keyEnd, value });
    }
  } else if (isSeq(node)) {
    for (const item of items(node)) {
      const mapped = scalarText(item, text);
      if (!mapped) continue;
      const t = mapped.text;
      const eq = t.indexOf('=');
      const [keyStart, keyEnd] = mapped.span(0, eq < 0 ? t.length : eq);
      if (eq < 0) {
        entries.push({ key: t.trim(), keyStart, keyEnd, value: { kind: 'string', value: undefined, start: keyStart, end: keyEnd } });
        continue;
      }
      const [vs, ve] = mapped.span(eq + 1, t.length);
      const raw = t.slice(eq + 1);
      entries.push({ key: t.slice(0, eq).trim(), keyStart, keyEnd, value: { kind: 'string', value: raw.includes('$') ? undefined : raw, start: vs, end: ve } });
    }
  }
  return { kind: 'map', entries, start, end };
}

/** A list of platforms: a YAML list, or one string of comma-separated platforms (each mapped to where it is written). */
function listValue(node: Node, text: string): BakeValue {
  const [start, end] = spanOf(node);
  const out: BakeValue[] = [];
  for (const item of items(node)) {
    const mapped = scalarText(item, text);
    if (!mapped) {
      const [s, e] = spanOf(item);
      out.push({ kind: 'string', value: undefined, start: s, end: e });
      continue;
    }
    for (const m of mapped.text.matchAll(/[^,\s]+/g)) {
      const [s, e] = mapped.span(m.index!, m.index! + m[0].length);
      out.push({ kind: 'string', value: m[0].includes('$') ? undefined : m[0], start: s, end: e });
    }
  }
  return { kind: 'list', items: out, start, end };
}
