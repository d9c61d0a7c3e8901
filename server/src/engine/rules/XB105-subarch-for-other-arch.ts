import { SUBARCH_ARCHES, SUBARCH_VARS, type SubarchVar } from '../knowledge/subarch';
import type { Assignment } from '../model/types';
import { rangeKey, writtenAt } from './helpers';
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
    const places = new Map<string, RuleReport | null>();
    for (const context of ctx.model.contexts) {
      const goarch = context.env.get('GOARCH')?.value;
      // A scope's final state that sets no GOARCH builds nothing to judge.
      if (!goarch && !context.command) continue;
      for (const name of SUBARCH_VARS) {
        const entry = context.env.get(name);
        if (!entry?.site || entry.value === undefined || entry.value === '') continue;
        const site = writtenAt(entry.site);
        const key = rangeKey(site.range);
        if (!goarch || SUBARCH_ARCHES[name as SubarchVar].includes(goarch)) places.set(key, null);
        else if (!places.has(key)) places.set(key, useless(name as SubarchVar, goarch, site));
      }
    }
    return [...places.values()].filter((r): r is RuleReport => r !== null);
  },
};

function useless(name: SubarchVar, goarch: string, site: Assignment): RuleReport {
  return {
    range: site.range,
    message:
      `${name} has no effect with GOARCH=${goarch}: remove it.` +
      ` It only matters for GOARCH=${SUBARCH_ARCHES[name].join('/')}` +
      (name === 'GO386' ? '.' : '; Go still validates it, so an invalid value fails the build.'),
    fixes: [{ title: `Remove ${name}`, isPreferred: true, edits: [site.remove()] }],
  };
}
