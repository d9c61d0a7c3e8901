import type { GoReleaserModel } from '../model/types';
import type { Rule, RuleContext, RuleReport } from './rule';
import { brief, MESSAGE_LIMITS, notes } from './helpers';
import { parsePlatform } from '../knowledge/platforms';

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
      } else if (named.value !== undefined && !samePlatform(named.value, binaries.platform)) {
        reports.push({
          range: named.range,
          message: mismatch(image.by, named.value, binaries.platform),
          fixes: [],
        });
      }
    }
    return reports;
  },
};

/**
 * The image's platform can run its binaries: the same os and arch as BuildKit normalises them
 * (linux/arm64/v8 is linux/arm64, linux/arm is linux/arm/v7), and an arm variant no older than the one the
 * binaries need (GOARM=6 code runs on an arm/v7 image's machines; GOARM=7 code does not run on arm/v6).
 */
function samePlatform(named: string, built: string): boolean {
  const a = parsePlatform(named);
  const b = parsePlatform(built);
  if (a === undefined || b === undefined) return named === built;
  if (a.os !== b.os || a.arch !== b.arch) return false;
  // Stryker disable next-line OptionalChaining: parsePlatform gives arm a variant always (v7 when none is written)
  return a.arch === 'arm' ? Number(a.variant?.slice(1)) >= Number(b.variant?.slice(1)) : a.variant === b.variant;
}

/** The message for an image built for another platform than its binaries; a long --platform value (a list) moves out of the lead. */
function mismatch(by: string, named: string, built: string): string {
  const lead = `${by} is built for ${named} with ${built} binaries: make --platform match goarch.`;
  return lead.length <= MESSAGE_LIMITS.firstSentence ? lead : brief(`${by} is not built for its ${built} binaries: make --platform match goarch.`, `Its --platform is ${named}.`);
}
