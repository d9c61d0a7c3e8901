import type { GoReleaserModel } from '../model/types';
import type { Rule, RuleContext, RuleReport } from './rule';
import { brief, notes } from './helpers';

export const XB702: Rule<'goreleaser'> = {
  code: 'XB702',
  title: 'GoReleaser docker image not built for its binaries\' platform',
  severity: 'warning',
  kinds: ['goreleaser'],
  fixable: true,
  witnesses: [
    {
      claim: 'A docker entry\'s binaries are built for its goarch (amd64 unless set): an x86-64 executable.',
      env: { GOOS: 'linux', GOARCH: 'amd64', CGO_ENABLED: '0' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'x86-64' } }],
    },
    {
      claim: 'With goarch arm64 they are aarch64 executables, whatever platform the image is labelled with.',
      env: { GOOS: 'linux', GOARCH: 'arm64', CGO_ENABLED: '0' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'ARM aarch64' } }],
    },
  ],
  check(ctx: RuleContext<GoReleaserModel>): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const image of ctx.model.images) {
      const binaries = image.binaries;
      if (!binaries) continue;
      const flag = `--platform=${binaries.platform}`;
      const named = image.platforms?.[0];
      if (!named) {
        const edit = binaries.addFlag(flag);
        reports.push({
          range: binaries.anchor,
          message: brief(`${image.by} has no --platform: add "${flag}" to build_flag_templates.`, `The image would be labelled with the build machine's platform.`),
          related: notes(ctx.file.path, binaries.anchor, [`docker build labels the image with the build machine's platform, so on any other machine it holds ${binaries.platform} binaries it cannot run.`]),
          fixes: edit ? [{ title: `Add ${flag}`, isPreferred: true, edits: [edit] }] : [],
        });
      } else if (named.value !== undefined && named.value !== binaries.platform && !(binaries.platform.startsWith('linux/arm/') && named.value === 'linux/arm')) {
        reports.push({
          range: named.range,
          message: `${image.by} is built for ${named.value} with ${binaries.platform} binaries: make --platform match goarch.`,
          fixes: [],
        });
      }
    }
    return reports;
  },
};
