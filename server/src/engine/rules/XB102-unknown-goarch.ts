import { suggestGoarch } from '../knowledge/go-values';
import { isKnownGoarch } from '../knowledge/ports';
import type { TextEdit } from '../types';
import { brief, contextsOf, fit, goLabel, goVersionNote, hostValueSites, notes, replaceValue, targetOf, valueOnHost, valueSites, versionAt } from './helpers';
import { type ModelOf, type Rule, type RuleContext, type RuleReport, VALUE_FILES, type ValueFile } from './rule';

export const XB102: Rule<ValueFile> = {
  code: 'XB102',
  title: 'GOARCH is not a Go architecture',
  severity: 'error',
  kinds: VALUE_FILES,
  fixable: true,
  versioned: true,
  witnesses: [
    {
      claim: 'The kernel name aarch64 is rejected: Go calls the architecture arm64.',
      env: { GOOS: 'linux', GOARCH: 'aarch64' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: unsupported GOOS/GOARCH pair linux/aarch64' },
    },
    {
      claim: 'x86_64 is rejected: Go calls it amd64.',
      env: { GOOS: 'linux', GOARCH: 'x86_64' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: unsupported GOOS/GOARCH pair linux/x86_64' },
    },
    {
      claim: 'A Docker platform variant such as arm/v7 is not a GOARCH.',
      env: { GOOS: 'linux', GOARCH: 'arm/v7' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: unsupported GOOS/GOARCH pair linux/arm/v7' },
    },
    {
      claim: 'The fix for armv7 (GOARCH=arm GOARM=7) builds.',
      env: { GOOS: 'linux', GOARCH: 'arm', GOARM: '7' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'ok' },
    },
  ],
  check(ctx: RuleContext<ModelOf<ValueFile>>): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const site of valueSites(ctx.model, ['GOARCH'])) {
      if (isKnownGoarch(site.value)) continue;
      const v = versionAt(site, ctx);
      const contexts = contextsOf(site, ctx.model);
      const goos = (contexts[0] && targetOf(contexts[0].env, ctx).goos) ?? 'linux';
      const meaning = suggestGoarch(site.value, isKnownGoarch);
      const shown = site.literal ? site.value : `${site.valueText} (= ${site.value})`;
      const edits: TextEdit[] = [];
      if (meaning && site.literal) {
        edits.push(replaceValue(site, meaning.goarch));
        const hasGoarm = contexts.some((c) => c.env.has('GOARM')) || ctx.model.assignments.some((a) => a.name === 'GOARM');
        if (meaning.goarm && !hasGoarm) edits.push(site.addSibling('GOARM', meaning.goarm));
      }
      const target = meaning ? (meaning.goarm ? `GOARCH=${meaning.goarch} with GOARM=${meaning.goarm}` : meaning.goarch) : '';
      reports.push({
        range: site.valueRange,
        message: brief(
          `GOARCH=${shown} is not a Go architecture: ${meaning ? `use ${target}` : 'pick one from `go tool dist list`'}.`,
          `Go ${v.version} stops with "go: unsupported GOOS/GOARCH pair ${goos}/${site.value}".`,
        ),
        related: [goVersionNote(site.file, site.valueRange, v)],
        fixes: edits.length ? [{ title: `Change to ${target}`, isPreferred: true, edits }] : [],
      });
    }
    // A value taken from the build machine (`uname -m`): each common host on which it is not a GOARCH.
    for (const { site, bad } of hostValueSites(ctx.model, ['GOARCH'], isKnownGoarch)) {
      const v = versionAt(site, ctx);
      const goosEntry = contextsOf(site, ctx.model)[0]?.env.get('GOOS');
      const names = bad.map(({ host, value }) => `${value} on ${host.label}`).join(', ');
      const { host, value } = bad[0];
      const goos = valueOnHost(goosEntry, host) || host.goos;
      const meaning = suggestGoarch(value, isKnownGoarch);
      const { message, rest } = fit(
        `GOARCH is ${value} on ${host.label}, not a Go name: map it${meaning ? ` to ${meaning.goarch}` : ''} or use \`go env GOARCH\`.`,
        bad.length > 1 && `Also on: ${names}.`,
        `${goLabel(v)} stops with "unsupported GOOS/GOARCH pair ${goos}/${value}".`,
      );
      reports.push({
        range: site.valueRange,
        message,
        fixes: [],
        related: [...notes(ctx.file.path, site.valueRange, [`GOARCH=${site.valueText} depends on the machine that runs the build.`, ...rest])],
      });
    }
    return reports;
  },
};
