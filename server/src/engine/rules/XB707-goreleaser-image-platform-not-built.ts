import { parsePlatform } from '../knowledge/platforms';
import { isKnownGoarch, isKnownGoos } from '../knowledge/ports';
import { targetLabel } from '../model/goreleaser-model';
import type { GoReleaserModel, ImageBuild, ReleaseTarget } from '../model/types';
import type { Range } from '../types';
import { brief, notes } from './helpers';
import type { Rule, RuleContext, RuleReport } from './rule';

export const XB707: Rule<'goreleaser'> = {
  code: 'XB707',
  title: 'GoReleaser image for a platform no build makes binaries for',
  severity: 'warning',
  kinds: ['goreleaser'],
  fixable: false,
  witnesses: [
    {
      claim: 'A binary is built for the GOARCH it is given: an arm64 build holds aarch64 code only, none for another architecture.',
      env: { GOOS: 'linux', GOARCH: 'arm64', CGO_ENABLED: '0' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'ARM aarch64', notOutput: 'x86-64' } }],
    },
  ],
  check(ctx: RuleContext<GoReleaserModel>): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const image of ctx.model.images) {
      const targets = targetsFor(ctx.model, image);
      if (!targets) continue;
      const wanted: { platform: string; range: Range }[] = image.binaries
        ? [{ platform: image.binaries.platform, range: image.binaries.anchor }]
        : (image.platforms ?? []).flatMap((p) => (p.value === undefined ? [] : [{ platform: p.value, range: p.range }]));
      for (const w of wanted) {
        const p = parsePlatform(w.platform);
        if (!p) continue;
        if (targets.some((t) => t.goos === p.os && t.goarch === p.arch && (p.arch !== 'arm' || `v${t.goarm ?? '6'}` === (p.variant ?? 'v7')))) continue;
        const from = image.ids ? `builds ${image.ids.join(', ')}` : 'the builds';
        reports.push({
          range: w.range,
          message: brief(`No build makes ${w.platform} binaries for ${image.by}: add that target or drop the platform.`, `GoReleaser has nothing to copy in for it.`),
          // Only targets go can build: `goarch: armv7` makes no binaries (XB102 says why).
          related: notes(ctx.file.path, w.range, [`${from} make ${[...new Set(targets.filter((t) => isKnownGoos(t.goos) && isKnownGoarch(t.goarch)).map(targetLabel))].join(', ') || 'no target'}.`]),
          fixes: [],
        });
      }
    }
    return reports;
  },
};

/** The targets whose binaries an image can take: those of its `ids` (or all builds); undefined when not all are known. */
function targetsFor(model: GoReleaserModel, image: ImageBuild): ReleaseTarget[] | undefined {
  if (!model.builds.length) return undefined; // GoReleaser's default build: not read
  const builds = model.builds.filter((b) => !image.ids || image.ids.includes(b.name));
  if (image.ids && builds.length !== image.ids.length) return undefined; // an id we do not know (templated, or another config)
  // Another builder's binaries (prebuilt, rust…) or a target list we could not read: not known.
  if (builds.some((b) => b.skipped || !b.targetsKnown)) return undefined;
  return builds.flatMap((b) => b.targets);
}
