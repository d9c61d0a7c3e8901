import { NEWEST_GO } from '../knowledge/go-versions';
import type { Assignment, BuildModel, EnvContext, EnvEntry, GoVersionSource } from '../model/types';
import type { Facts, TextEdit } from '../types';
import type { RuleContext } from './rule';

/** Rewrites an assignment's value in place, keeping the quotes it was written with. */
export function replaceValue(site: Assignment, value: string): TextEdit {
  const q = site.valueText[0];
  const quoted = (q === '"' || q === "'") && site.valueText.endsWith(q) && site.valueText.length >= 2;
  return { file: site.file, range: site.valueRange, newText: quoted ? `${q}${value}${q}` : value };
}

/**
 * Assignments of `names` whose value is known and written there (not copied from another build
 * variable's assignment, which is checked itself): the places value rules report.
 */
export function valueSites(model: BuildModel, names: readonly string[]): (Assignment & { value: string })[] {
  return model.assignments.filter(
    (a): a is Assignment & { value: string } =>
      names.includes(a.name) && a.value !== undefined && a.value !== '' && (a.literal || !a.fromSite),
  );
}

const contextIndex = new WeakMap<BuildModel, Map<Assignment, EnvContext[]>>();

/** The contexts (go commands, scopes) in which this assignment is the effective value. */
export function contextsOf(site: Assignment, model: BuildModel): EnvContext[] {
  let index = contextIndex.get(model);
  if (!index) {
    // Built once per model so rules stay linear in the size of the file.
    index = new Map();
    for (const c of model.contexts) {
      for (const e of c.env.values()) {
        if (!e.site) continue;
        const list = index.get(e.site) ?? [];
        if (list[list.length - 1] !== c) list.push(c);
        index.set(e.site, list);
      }
    }
    contextIndex.set(model, index);
  }
  return index.get(site) ?? [];
}

/** The Go version a verdict about this assignment assumes: that of the first context it acts in. */
export function versionAt(site: Assignment, ctx: RuleContext): GoVersionSource {
  const first = contextsOf(site, ctx.model)[0];
  if (first) return first.goVersion;
  return ctx.model.contexts[0]?.goVersion ?? { version: NEWEST_GO, because: 'the newest Go this version of xbd knows' };
}

/**
 * The platform Go would target in a context: the explicit GOOS/GOARCH, else the host's. In a Dockerfile
 * the host is the Linux builder.
 */
export function targetOf(env: Map<string, EnvEntry>, ctx: RuleContext): { goos?: string; goarch?: string; explicit: boolean } {
  const host = hostOf(ctx.model, ctx.facts);
  const goos = env.get('GOOS');
  const goarch = env.get('GOARCH');
  return {
    goos: goos && goos.value !== '' ? goos.value : host.goos,
    goarch: goarch && goarch.value !== '' ? goarch.value : host.goarch,
    explicit: Boolean((goos && goos.value !== '') || (goarch && goarch.value !== '')),
  };
}

export function hostOf(model: BuildModel, facts: Facts): { goos: string; goarch: string } {
  return model.kind === 'dockerfile' ? { goos: 'linux', goarch: facts.host.goarch } : facts.host;
}

/** "Go 1.22 (golang:1.22-alpine on line 3)" — how messages name the version a verdict assumes. */
export function goLabel(v: GoVersionSource): string {
  return `Go ${v.version} (${v.because})`;
}

/** Reports once per range: the same assignment can act in several contexts. */
export function once<T>(keyOf: (t: T) => string): (t: T) => boolean {
  const seen = new Set<string>();
  return (t) => {
    const k = keyOf(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  };
}

export function rangeKey(r: { start: { line: number; character: number } }): string {
  return `${r.start.line}:${r.start.character}`;
}
