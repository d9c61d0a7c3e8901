import { EXPERIMENTS } from '../knowledge/generated/go-experiments';
import { brief, goVersionNote, replaceValue, valueSites, versionAt } from './helpers';
import { type ModelOf, type Rule, type RuleContext, type RuleReport, VALUE_FILES, type ValueFile } from './rule';

export const XB106: Rule<ValueFile> = {
  code: 'XB106',
  title: 'GOEXPERIMENT names an unknown experiment',
  severity: 'error',
  kinds: VALUE_FILES,
  fixable: true,
  versioned: true,
  witnesses: [
    {
      claim: 'unified IR is the default since Go 1.20 and the experiment name is gone.',
      env: { GOEXPERIMENT: 'unified' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: unknown GOEXPERIMENT unified' },
    },
  ],
  check(ctx: RuleContext<ModelOf<ValueFile>>): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const site of valueSites(ctx.model, ['GOEXPERIMENT'])) {
      const v = versionAt(site, ctx);
      const known = new Set(EXPERIMENTS[v.version]);
      // Go splits on commas only: a blank after a comma is part of the next name, and fails.
      const names = site.value.split(',').filter(Boolean);
      const bad = names.filter((n) => n !== 'none' && !known.has(n) && !(n.startsWith('no') && n !== 'nonone' && known.has(n.slice(2))));
      if (!bad.length) continue;
      const kept = names.filter((n) => !bad.includes(n));
      const edit = kept.length ? replaceValue(site, kept.join(',')) : site.remove();
      reports.push({
        range: site.valueRange,
        message: brief(
          `Go ${v.version} does not know the experiment${bad.length > 1 ? 's' : ''} ${bad.map((b) => JSON.stringify(b)).join(', ')}: remove ${bad.length > 1 ? 'them' : 'it'} from GOEXPERIMENT.`,
          `The build stops with "go: unknown GOEXPERIMENT ${bad[0].replace(/^no/, '')}".`,
        ),
        related: [goVersionNote(site.file, site.valueRange, v)],
        fixes: site.literal ? [{ title: `Remove ${bad.join(', ')}`, isPreferred: true, edits: [edit] }] : [],
      });
    }
    return reports;
  },
};
