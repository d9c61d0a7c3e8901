import { suggestGoos } from '../knowledge/go-values';
import { isKnownGoos } from '../knowledge/ports';
import { brief, contextsOf, valueSites, goVersionNote, replaceValue, targetOf, versionAt } from './helpers';
import { type ModelOf, type Rule, type RuleContext, type RuleReport, VALUE_FILES, type ValueFile } from './rule';

export const XB101: Rule<ValueFile> = {
  code: 'XB101',
  title: 'GOOS is not a Go operating system',
  severity: 'error',
  kinds: VALUE_FILES,
  fixable: true,
  versioned: true,
  witnesses: [
    {
      claim: 'An operating system name Go does not use is rejected when building, in every covered version.',
      env: { GOOS: 'macos', GOARCH: 'amd64' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: unsupported GOOS/GOARCH pair macos/amd64' },
    },
    {
      claim: 'GOOS is case-sensitive.',
      env: { GOOS: 'Linux', GOARCH: 'amd64' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: unsupported GOOS/GOARCH pair Linux/amd64' },
    },
    {
      claim: '`go env` does not check GOOS, so a wrong value goes unnoticed until the build.',
      env: { GOOS: 'macos' },
      args: ['env', 'GOOS'],
      expect: { exit: 'ok', stdout: 'macos' },
    },
  ],
  check(ctx: RuleContext<ModelOf<ValueFile>>): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const site of valueSites(ctx.model, ['GOOS'])) {
      if (isKnownGoos(site.value)) continue;
      const v = versionAt(site, ctx);
      const context = contextsOf(site, ctx.model)[0];
      const goarch = (context && targetOf(context.env, ctx).goarch) ?? 'amd64';
      const suggestion = suggestGoos(site.value, isKnownGoos);
      const shown = site.literal ? site.value : `${site.valueText} (= ${site.value})`;
      reports.push({
        range: site.valueRange,
        message: brief(
          `GOOS=${shown} is not a Go operating system: ${suggestion ? `use ${suggestion}` : 'pick one from `go tool dist list`'}.`,
          `Go ${v.version} stops with "go: unsupported GOOS/GOARCH pair ${site.value}/${goarch}".`,
        ),
        related: [goVersionNote(site.file, site.valueRange, v)],
        fixes:
          suggestion && site.literal
            ? [{ title: `Change GOOS to ${suggestion}`, isPreferred: true, edits: [replaceValue(site, suggestion)] }]
            : [],
      });
    }
    return reports;
  },
};
