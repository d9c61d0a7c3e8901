import { SUBARCH_ARCHES, SUBARCH_VARS, type SubarchVar } from '../knowledge/subarch';
import { once, rangeKey, writtenAt } from './helpers';
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
    const reports: RuleReport[] = [];
    for (const context of ctx.model.contexts) {
      const goarch = context.env.get('GOARCH');
      if (!goarch || goarch.value === undefined || goarch.value === '') continue;
      for (const name of SUBARCH_VARS) {
        const entry = context.env.get(name);
        if (!entry?.site || entry.value === undefined || entry.value === '') continue;
        if (SUBARCH_ARCHES[name as SubarchVar].includes(goarch.value)) continue;
        reports.push({
          range: writtenAt(entry.site).range,
          message:
            `${name} has no effect with GOARCH=${goarch.value}: remove it.` +
            ` It only matters for GOARCH=${SUBARCH_ARCHES[name].join('/')}` +
            (name === 'GO386' ? '.' : '; Go still validates it, so an invalid value fails the build.'),
          fixes: [{ title: `Remove ${name}`, isPreferred: true, edits: [writtenAt(entry.site).remove()] }],
        });
      }
    }
    return reports.filter(once((r) => rangeKey(r.range)));
  },
};
