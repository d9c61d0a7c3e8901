import { SUBARCH_ARCHES, SUBARCH_VARS, type SubarchVar } from '../knowledge/subarch';
import type { Assignment } from '../model/types';
import { atOrBefore } from '../text';
import type { Range, TextEdit } from '../types';
import { rangeKey, underMakeConditional, writtenAt } from './helpers';
import { type ModelOf, type Rule, type RuleContext, type RuleReport, VALUE_FILES, type ValueFile } from './rule';

export const XB105: Rule<ValueFile> = {
  code: 'XB105',
  title: 'Sub-architecture variable set for another GOARCH',
  severity: 'information',
  kinds: VALUE_FILES,
  fixable: true,
  witnesses: [
    {
      claim: 'GOARM does nothing for arm64: the build succeeds.',
      env: { GOOS: 'linux', GOARCH: 'arm64', GOARM: '7' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'ok' },
    },
  ],
  check(ctx: RuleContext<ModelOf<ValueFile>>): RuleReport[] {
    // A value is useless only when no go command it reaches builds, or may build, for an architecture that
    // reads it: GOARM=7 shared by a GOARCH=arm and a GOARCH=arm64 build is needed by the first.
    const places = new Map<string, Useless | null>();
    const guarded = (s: Assignment | undefined) => underMakeConditional(ctx, s) || underMakeConditional(ctx, s?.fromSite);
    for (const context of ctx.model.contexts) {
      // make reads both branches of a conditional in turn, so a value set under one (`GOARM := 7` inside
      // `ifeq ($(GOARCH),arm)`) may belong to another build than the GOARCH read here: not ours to pair.
      const goarch = guarded(context.env.get('GOARCH')?.site) ? undefined : context.env.get('GOARCH')?.value;
      // A scope's final state that sets no GOARCH builds nothing to judge.
      if (!goarch && !context.command) continue;
      for (const name of SUBARCH_VARS) {
        const entry = context.env.get(name);
        if (!entry?.site || entry.value === undefined || entry.value === '') continue;
        const site = writtenAt(entry.site);
        const key = rangeKey(site.range);
        // (`site` is `entry.site` or the assignment it was copied from.)
        if (!goarch || guarded(entry.site) || SUBARCH_ARCHES[name as SubarchVar].includes(goarch)) places.set(key, null);
        else if (!places.has(key)) places.set(key, { name: name as SubarchVar, goarch, site });
      }
    }
    return [...places.values()].filter((u): u is Useless => u !== null).map((u) => report(u, hiddenToRemove(ctx, u, places)));
  },
};

interface Useless {
  name: SubarchVar;
  goarch: string;
  site: Assignment;
}

/**
 * The assignments removing `u.site` would bring back (`GOARM ?= 6` after `GOARM ?= 7`, an ENV it replaced)
 * that no build needs either: removed with it, or the next round would report them one by one. Kept: those
 * under a make conditional, those another build reads, values not known to be set, and any whose removal
 * would overlap another's (two of one ENV line).
 */
function hiddenToRemove(ctx: RuleContext, u: Useless, places: ReadonlyMap<string, Useless | null>): TextEdit[] {
  const edits = [u.site.remove()];
  for (const hidden of u.site.hides ?? []) {
    if (!hidden.value || underMakeConditional(ctx, hidden) || places.get(rangeKey(hidden.range)) === null) continue;
    const edit = hidden.remove();
    if (edits.every((e) => e.file !== edit.file || apart(e.range, edit.range))) edits.push(edit);
  }
  return edits;
}

/** Ranges that share no character (they may touch: two whole lines one after the other). */
function apart(a: Range, b: Range): boolean {
  return atOrBefore(a.end, b.start) || atOrBefore(b.end, a.start);
}

function report({ name, goarch, site }: Useless, edits: TextEdit[]): RuleReport {
  return {
    range: site.range,
    message:
      `${name} has no effect with GOARCH=${goarch}: remove it.` +
      ` It only matters for GOARCH=${SUBARCH_ARCHES[name].join('/')}` +
      (name === 'GO386' ? '.' : '; Go still validates it, so an invalid value fails the build.'),
    fixes: [{ title: `Remove ${name}`, isPreferred: true, edits }],
  };
}
