import type { Node } from 'yaml';
import { child, scalarText, spanOf, stringOf } from '../config/yaml';
import type { Range } from '../types';
import { inputLines, isTemplated, type ConfigFile } from './config-sites';
import type { BakeOverride, BakeRun } from './types';

/**
 * A docker/bake-action step: `files` and `targets` (newline- or comma-separated), `set` (one override a
 * line, each mapped to its line), `workdir`, and `source` (a Git URL other than the repository's own
 * `{{defaultContext}}` is a remote definition: nothing local is read).
 */
export function bakeActionRun(cfg: ConfigFile, step: Node, by: string, workingDirectory: string | undefined): BakeRun {
  const w = child(step, 'with');
  const range = cfg.lines.range(...spanOf(step));
  const run: BakeRun = { by, range, overrides: [] };
  run.files = listInput(stringOf(child(w, 'files')));
  run.targets = listInput(stringOf(child(w, 'targets')));
  const source = stringOf(child(w, 'source'))?.trim();
  const workdir = stringOf(child(w, 'workdir')) ?? workingDirectory ?? '';
  if (source === undefined || source === '.' || source.startsWith('./')) run.cwd = isTemplated(workdir) ? undefined : joinDir(workdir, source ?? '');
  // Stryker disable next-line Regex: what follows {{defaultContext}} starts with its one colon, if any
  else if (source.startsWith('{{defaultContext}}')) run.cwd = source.slice('{{defaultContext}}'.length).replace(/^:/, '') || '.';
  else run.remote = true;
  const set = child(w, 'set');
  const text = set ? scalarText(set, cfg.text) : undefined;
  if (text) {
    for (const { line, at, lead } of inputLines(text.text)) {
      const written = line.trim();
      // A blank line is no override (parseOverride refuses it).
      if (written.startsWith('#')) continue;
      const [s, e] = text.span(at + lead, at + lead + written.length);
      const range = cfg.lines.range(s, e);
      // `${{ matrix.target }}.platform=…`: which targets it reaches, and what it sets, is unknown.
      const o = isTemplated(written.split('=')[0]) ? unknownOverride(range) : parseOverride(written, range);
      if (o) run.overrides.push(o);
    }
  } else if (set) {
    // Not a text we can map back (an expression, a folded scalar): its overrides are unknown.
    run.overrides.push(unknownOverride(cfg.lines.range(...spanOf(set))));
  }
  return run;
}

/** Options of `docker buildx bake` that take a value (the next word when not written `--flag=value`). */
// Stryker disable next-line Regex: no option of bake starts or ends like one of these without being it
const VALUED = /^(-f|--file|--set|--builder|--progress|--metadata-file|--provenance|--sbom|--call|--list|--allow|--var)$/;

/**
 * `docker buildx bake` (or `docker bake`, `docker buildx f`) with its evaluated words: `-f`/`--file`,
 * `--set`, and the targets. Ranges are the command's (`range`: the walker gives programs other than go no
 * word ranges).
 */
export function bakeCommandRun(name: string, args: (string | undefined)[], by: string, range: Range, cwd: string | undefined): BakeRun | undefined {
  if (name !== 'docker') return undefined;
  const rest = args[0] === 'buildx' ? args.slice(1) : args;
  if (rest[0] !== 'bake' && !(args[0] === 'buildx' && rest[0] === 'f')) return undefined;
  const run: BakeRun = { by, range, overrides: [], ...(cwd !== undefined ? { cwd } : {}) };
  const words = rest.slice(1);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === undefined) {
      // An unknown word: a target or an option's value we cannot tell; the targets are unknown.
      run.targets = [...(run.targets ?? []), undefined];
      continue;
    }
    const eq = w.indexOf('=');
    const [flag, inline] = w.startsWith('--') && eq > 0 ? [w.slice(0, eq), w.slice(eq + 1)] : [w, undefined];
    if (VALUED.test(flag)) {
      const value = inline !== undefined ? inline : words[++i];
      if (flag === '-f' || flag === '--file') run.files = [...(run.files ?? []), value];
      else if (flag === '--set') {
        const o = value === undefined ? unknownOverride(range) : parseOverride(value, range);
        if (o) run.overrides.push(o);
      }
      continue;
    }
    if (w.startsWith('-')) continue; // --push, --load, --print, --no-cache, --pull: no value
    run.targets = [...(run.targets ?? []), w];
  }
  return run;
}

/** An override we cannot read: it may set anything on any target (the plan makes the platforms unknown). */
function unknownOverride(range: Range): BakeOverride {
  return { pattern: '*', key: '?', value: undefined, append: false, range };
}

/**
 * `pattern.key[.name]=value` as bake reads `--set`: the pattern before the first dot, `+=` appends (arrays
 * such as `platform`), `args.NAME` without `=` takes the value from bake's environment (unknown here).
 */
export function parseOverride(written: string, range: Range): BakeOverride | undefined {
  const eq = written.indexOf('=');
  const lhs = eq < 0 ? written : written.slice(0, eq);
  const append = lhs.endsWith('+');
  const keys = (append ? lhs.slice(0, -1) : lhs).split('.');
  if (keys.length < 2 || !keys[0]) return undefined;
  const [pattern, key, ...name] = keys;
  const value = eq < 0 ? undefined : written.slice(eq + 1);
  return { pattern, key, ...(name.length ? { name: name.join('.') } : {}), value: value === undefined || isTemplated(value) || value.includes('$') ? undefined : value, append, range };
}

/** Whether a target name matches a `--set` pattern: Go's path.Match (`*`, `?`, `[…]`) on the whole name. */
export function matchesPattern(pattern: string, name: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      // Stryker disable next-line EqualityOperator: close is past i, never 0
      if (close < 0) return false; // path.Match: ErrBadPattern, which bake reports; nothing matches
      // `[^…]` negates in path.Match as in a JS class.
      re += `[${pattern.slice(i + 1, close)}]`;
      i = close;
    } else if (c === '\\' && i + 1 < pattern.length) re += escape(pattern[++i]);
    else re += escape(c);
  }
  return regExp(`^${re}$`)?.test(name) ?? false;
}

/** A RegExp, or undefined when the source is none (a reversed range, `[z-a]`): path.Match reports it, nothing matches. */
function regExp(source: string): RegExp | undefined {
  // Stryker disable next-line BlockStatement: an empty catch gives undefined too
  try { return new RegExp(source); } catch { return undefined; }
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A List/CSV input of an action: newline- or comma-separated; an expression is one unknown entry. */
function listInput(value: string | undefined): (string | undefined)[] | undefined {
  if (value === undefined) return undefined;
  if (isTemplated(value)) return [undefined];
  return value.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
}

function joinDir(dir: string, rel: string): string {
  const parts: string[] = [];
  for (const p of `${dir}/${rel}`.split('/')) {
    if (!p || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return parts.join('/') || '.';
}
