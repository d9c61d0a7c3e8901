import { isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import { items, pairs, stringOf } from '../config/yaml';
import { isTemplated } from './config-sites';

/** One combination of a job's matrix: each key's value as written (a scalar, a mapping or a list). */
export type Leg = Map<string, Node>;

/**
 * The most legs a job is judged per leg: beyond, the job stays unknown (as with a matrix from an
 * expression), so one file cannot multiply the analysis time without bound. GitHub allows 256.
 */
export const MAX_LEGS = 32;

/**
 * A job's matrix as GitHub expands it (the Actions docs, "Running variations of jobs"): the cartesian product
 * of its list keys in the order written; minus every combination an `exclude` entry matches (all its keys
 * equal, mappings matched partially); then each `include` entry, in order, extends every original
 * combination whose original keys it does not change (it may overwrite what an earlier include added), and
 * when it extends none it is a combination of its own. `unknown` says why no legs can be known: an
 * expression anywhere in the matrix (`${{ fromJSON(…) }}`), a key that is no list, more than MAX_LEGS legs.
 */
export function expandMatrix(matrix: Node | undefined): { legs: Leg[] } | { unknown: string; tooMany?: true } {
  if (!isMap(matrix)) return { unknown: isScalar(matrix) ? 'the matrix is an expression' : 'the matrix is no mapping' };
  if (holdsExpression(matrix)) return { unknown: 'a matrix value is an expression' };
  const keys: { key: string; values: Node[] }[] = [];
  let include: Node[] = [];
  let exclude: Node[] = [];
  for (const { key, value } of pairs(matrix)) {
    if (key === 'include') include = items(value);
    else if (key === 'exclude') exclude = items(value);
    else if (isSeq(value) && value.items.length > 0) keys.push({ key, values: items(value) });
    else return { unknown: `matrix.${key} is no list of values` };
  }
  let size = 1;
  for (const k of keys) size *= k.values.length;
  if (keys.length && size > 256) return { unknown: `${size} combinations`, tooMany: true };
  let product: Leg[] = keys.length ? [new Map()] : [];
  for (const { key, values } of keys) product = product.flatMap((leg) => values.map((v) => new Map(leg).set(key, v)));
  const original = product.filter((leg) => !exclude.some((entry) => matchesAll(entry, leg)));
  const originalKeys = new Set(keys.map((k) => k.key));
  const added: Leg[] = [];
  for (const entry of include) {
    if (!isMap(entry)) return { unknown: 'an include entry is no mapping' };
    const fields = pairs(entry).filter((p): p is typeof p & { value: Node } => p.value !== undefined);
    let extended = false;
    for (const leg of original) {
      if (fields.some((f) => originalKeys.has(f.key) && !sameValue(f.value, leg.get(f.key)))) continue;
      for (const f of fields) if (!originalKeys.has(f.key)) leg.set(f.key, f.value);
      extended = true;
    }
    if (!extended) added.push(new Map(fields.map((f) => [f.key, f.value])));
  }
  const legs = [...original, ...added];
  if (legs.length === 0) return { unknown: 'the matrix has no combination' };
  if (legs.length > MAX_LEGS) return { unknown: `${legs.length} legs, more than ${MAX_LEGS}`, tooMany: true };
  return { legs };
}

function holdsExpression(node: Node | undefined): boolean {
  if (!node) return false;
  if (isAlias(node)) return true; // an alias is read as unknown, as an expression is
  if (isScalar(node)) return isTemplated(stringOf(node) ?? '');
  if (isMap(node)) return pairs(node).some((p) => holdsExpression(p.value));
  if (isSeq(node)) return items(node).some(holdsExpression);
  return false;
}

/** An exclude entry matches a leg when each of its keys matches the leg's value (partially, for mappings). */
function matchesAll(entry: Node, leg: Leg): boolean {
  if (!isMap(entry)) return false;
  return pairs(entry).every((p) => p.value !== undefined && partialMatch(p.value, leg.get(p.key)));
}

function partialMatch(pattern: Node, value: Node | undefined): boolean {
  if (!value) return false;
  if (isMap(pattern)) return isMap(value) && pairs(pattern).every((p) => p.value !== undefined && partialMatch(p.value, childOf(value, p.key)));
  if (isSeq(pattern)) return isSeq(value) && items(pattern).every((p, i) => partialMatch(p, items(value)[i]));
  return sameValue(pattern, value);
}

function childOf(node: Node, key: string): Node | undefined {
  return pairs(node).find((p) => p.key === key)?.value;
}

/** Equal values: scalars by their text, collections by their canonical form. */
function sameValue(a: Node, b: Node | undefined): boolean {
  return b !== undefined && canonical(a) === canonical(b);
}

function canonical(node: Node | undefined): string {
  if (!node) return '';
  if (isScalar(node)) return JSON.stringify(stringOf(node) ?? null);
  if (isMap(node)) return `{${pairs(node).map((p) => `${JSON.stringify(p.key)}:${canonical(p.value)}`).join(',')}}`;
  if (isSeq(node)) return `[${items(node).map(canonical).join(',')}]`;
  return '?';
}

/** The node `matrix.PATH` names in a leg (`platform.os` reads into a mapping). */
export function legNode(leg: Leg, path: string): Node | undefined {
  const [key, ...rest] = path.split('.');
  let node = leg.get(key);
  for (const k of rest) node = isMap(node) ? childOf(node, k) : undefined;
  return node;
}

/** `${{ matrix.PATH }}` as a whole expression: the PATH. */
const MATRIX_EXPRESSION = /^\$\{\{\s*matrix\.([\w-]+(?:\.[\w-]+)*)\s*\}\}$/;

/** The matrix path an expression (`${{ matrix.goarch }}`) reads, if it is nothing else. */
export function matrixPathOf(expression: string): string | undefined {
  return MATRIX_EXPRESSION.exec(expression.trim())?.[1];
}

/**
 * What `matrix.PATH` becomes in a leg's text: the scalar's text; '' when the leg has no such key (the
 * expression is null, which a string shows empty); undefined for a mapping or a list (JSON we do not render).
 */
export function legValue(leg: Leg, path: string): string | undefined {
  const node = legNode(leg, path);
  if (node === undefined) return '';
  return isScalar(node) ? (stringOf(node) ?? '') : undefined;
}

/**
 * A text with each `${{ matrix.PATH }}` replaced by the leg's value; undefined when any other expression
 * (or a matrix value we do not render) remains, since that part stays unknown.
 */
export function resolveInLeg(text: string, leg: Leg): string | undefined {
  let unknown = false;
  const out = text.replace(/\$\{\{([^}]*)\}\}/g, (whole) => {
    const path = matrixPathOf(whole);
    const value = path === undefined ? undefined : legValue(leg, path);
    if (value === undefined) unknown = true;
    return value ?? '';
  });
  return unknown || isTemplated(out) ? undefined : out;
}

/** Every `matrix.PATH` a text reads (in `${{ }}` or in an `if:` condition, which needs no braces). */
export function matrixPathsIn(text: string): string[] {
  return [...text.matchAll(/\bmatrix\.([\w-]+(?:\.[\w-]+)*)/g)].map((m) => m[1]);
}

/**
 * A step's `if:` in a leg: true or false when it is made of comparisons of matrix values with literals
 * (`matrix.goarch == 'arm64'`, `!=`, joined by `&&` or `||`, GitHub comparing strings without case);
 * undefined for anything else (other contexts, functions, parentheses).
 */
export function conditionInLeg(condition: string, leg: Leg): boolean | undefined {
  let text = condition.trim();
  const braces = /^\$\{\{([\s\S]*)\}\}$/.exec(text);
  if (braces) text = braces[1].trim();
  if (/[()]/.test(text)) return undefined;
  const any = text.split('||').map((alt) => {
    const all = alt.split('&&').map((atom) => comparison(atom.trim(), leg));
    return all.includes(false) ? false : all.includes(undefined) ? undefined : true;
  });
  return any.includes(true) ? true : any.includes(undefined) ? undefined : false;
}

function comparison(atom: string, leg: Leg): boolean | undefined {
  const m = /^(\S+)\s*(==|!=)\s*(\S+)$/.exec(atom);
  if (!m) return undefined;
  const side = (s: string): string | undefined => {
    const path = /^matrix\.([\w-]+(?:\.[\w-]+)*)$/.exec(s)?.[1];
    if (path !== undefined) return legValue(leg, path);
    const quoted = /^'((?:[^']|'')*)'$/.exec(s);
    if (quoted) return quoted[1].replace(/''/g, "'");
    return /^-?\d+(\.\d+)?$|^(true|false)$/.test(s) ? s : undefined;
  };
  const [a, b] = [side(m[1]), side(m[3])];
  if (a === undefined || b === undefined) return undefined;
  const equal = a.toLowerCase() === b.toLowerCase();
  return m[2] === '==' ? equal : !equal;
}

/**
 * How a leg is named in messages: its values at the keys that differ between the legs and that the job
 * reads (`goos=linux, goarch=arm64`), then the runner (`on ubuntu-latest`) when it is known.
 */
export function legLabel(leg: Leg, named: readonly string[], runner: string | undefined): string {
  const parts: string[] = [];
  for (const key of named) {
    const node = leg.get(key);
    if (node === undefined) continue;
    if (isMap(node)) for (const p of pairs(node)) parts.push(`${key}.${p.key}=${shown(p.value)}`);
    else parts.push(`${key}=${shown(node)}`);
  }
  const values = parts.join(', ');
  if (runner === undefined) return values || 'the only leg';
  return values ? `${values} on ${runner}` : `on ${runner}`;
}

function shown(node: Node | undefined): string {
  return isScalar(node) ? (stringOf(node) ?? '') : canonical(node);
}

/** The top-level keys whose values differ between legs (a key some legs lack differs too). */
export function differingKeys(legs: readonly Leg[]): string[] {
  const keys = [...new Set(legs.flatMap((l) => [...l.keys()]))];
  return keys.filter((k) => new Set(legs.map((l) => canonical(l.get(k)))).size > 1);
}

/** What a leg gives the paths a job reads: legs with the same key walk alike. */
export function legKey(leg: Leg, paths: readonly string[]): string {
  return paths.map((p) => canonical(legNode(leg, p))).join('\u0000');
}
