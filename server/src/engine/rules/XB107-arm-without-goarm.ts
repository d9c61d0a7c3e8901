import { plannedPlatforms } from '../plan/platforms';
import { compareGo } from '../knowledge/go-versions';
import type { Fix } from '../types';
import { fit, notes, once, platformStage, rangeKey, goCommandsThat } from './helpers';
import { BUILD_FILES, type BuildFile, type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';
import { stageOf } from '../model/stages';

/** Images and platforms that say the binary will run on ARMv6/v5 hardware. */
const ARMV6_IMAGE = /(^|\/)(arm32v[56]\/|balenalib\/(rpi|raspberry-pi)(?!2|3|4)[-\w]*)/;
const ARMV6_PLATFORM = /^linux\/arm\/v[56]$/;

export const XB107: Rule<BuildFile> = {
  code: 'XB107',
  title: 'GOARCH=arm without GOARM',
  severity: 'information',
  kinds: BUILD_FILES,
  fixable: true,
  witnesses: [
    {
      claim: 'A cross build for arm without GOARM targets ARMv7.',
      env: { GOOS: 'linux', GOARCH: 'arm' },
      args: ['env', 'GOARM'],
      versions: { to: '1.21' },
      expect: { exit: 'ok', stdout: '7' },
    },
    {
      claim: 'Go 1.22 and 1.23 print the default with its float mode: still ARMv7.',
      env: { GOOS: 'linux', GOARCH: 'arm' },
      args: ['env', 'GOARM'],
      versions: { from: '1.22', to: '1.23' },
      expect: { exit: 'ok', stdout: '7,hardfloat' },
    },
    {
      claim: 'From Go 1.24 the default prints as 7 again.',
      env: { GOOS: 'linux', GOARCH: 'arm' },
      args: ['env', 'GOARM'],
      versions: { from: '1.24' },
      expect: { exit: 'ok', stdout: '7' },
    },
  ],
  check(ctx: RuleContext<ModelOf<BuildFile>>): RuleReport[] {
    const reports: RuleReport[] = [];
    const armv6Runtime = ctx.model.kind === 'dockerfile' && ctx.model.images.some((i) => ARMV6_IMAGE.test(i.name) || ARMV6_PLATFORM.test(i.platform ?? ''));
    for (const { context, command } of goCommandsThat(ctx.model, 'links')) {
      const goarch = context.env.get('GOARCH');
      if (!goarch || context.env.has('GOARM')) continue;
      const followsTarget = goarch.value === undefined && /\$\{?TARGETARCH\b/.test(goarch.expr);
      if (goarch.value !== 'arm' && !followsTarget) continue;
      // In a stage that runs on the target itself, GOARCH=$TARGETARCH is a native build: the image's Go
      // applies its own GOARM default, so only a cross build (from $BUILDPLATFORM or a pinned platform) defaults to 7.
      // A stage built FROM another runs where that one does (`FROM base AS builder`, base on $BUILDPLATFORM).
      const stage = stageOf(ctx.model, context);
      if (followsTarget && stage && ctx.model.kind === 'dockerfile' && platformStage(ctx.model, stage.index).runsOn === 'target') continue;
      // A C compiler for hard-float ARMv7 says the target is v7.
      if (/gnueabihf|armv7/.test(context.env.get('CC')?.value ?? '')) continue;
      // $TARGETARCH in a Dockerfile: the build plan says whether ARMv6/v5 is among the platforms built.
      const planned = followsTarget && ctx.model.kind === 'dockerfile' ? plannedPlatforms(ctx.plan) : undefined;
      const armv6Built = planned?.find((p) => /^linux\/arm\/v[56]$/.test(p));
      if (planned && !armv6Built) continue; // the plan builds no ARMv6/v5: the default GOARM=7 fits its arm platforms
      const planSource = armv6Built ? ctx.plan?.builds.flatMap((b) => b.platforms ?? []).find((p) => p.value === armv6Built)?.source : undefined;
      const site = goarch.site;
      const range = site && site.kind === 'prefix' ? site.range : command.goRange;
      const fixes: Fix[] = [];
      if (ctx.model.kind === 'dockerfile' && followsTarget) {
        const value = '${TARGETVARIANT#v}';
        const edit = site && site.kind === 'prefix' ? site.addSibling('GOARM', value) : command.insertBefore(`GOARM=${value} `);
        const declare = stage && !stage.env.has('TARGETVARIANT') ? [stage.declareArgs(['TARGETVARIANT'])] : [];
        fixes.push({ title: 'Set GOARM from TARGETVARIANT', isPreferred: true, edits: [edit, ...declare] });
      } else {
        for (const level of ['6', '7']) {
          const edit = site && site.kind === 'prefix' ? site.addSibling('GOARM', level) : command.insertBefore(`GOARM=${level} `);
          fixes.push({ title: `Set GOARM=${level}${level === '6' ? ' (runs on ARMv6 and ARMv7)' : ' (ARMv7 and newer only)'}`, isPreferred: false, edits: [edit] });
        }
      }
      // GOARM=${TARGETVARIANT#v} is also set for the other platforms of the build: 3 for linux/amd64/v3, 8 for
      // linux/arm64/v8. Go before 1.23 refuses any such GOARM whatever GOARCH is ("go: invalid GOARM", measured:
      // see knowledge/subarch.ts), so there the fix would break those builds and is not offered.
      const unsafeForOtherTargets = ctx.model.kind === 'dockerfile' && followsTarget && compareGo(context.goVersion.version, '1.23') < 0;
      // What does not fit goes to related information: the lead alone leaves no room for the crash it prevents.
      const { message, rest } = fit(
        `GOARCH=${goarch.value ?? goarch.expr} without GOARM: a cross build targets ARMv7; ` +
          (ctx.model.kind === 'dockerfile' && followsTarget
            ? unsafeForOtherTargets
              ? 'set GOARM for the arm/v6 build.'
              : 'set GOARM=${TARGETVARIANT#v}.'
            : 'set GOARM=6 to run on ARMv6 too.'),
        armv6Built && planSource ? `Built for ${armv6Built} by ${planSource.label}.` : armv6Runtime && 'This Dockerfile runs it on an ARMv6/v5 image.',
        'On ARMv6 (Raspberry Pi Zero/1) and ARMv5 it dies with "illegal instruction".',
      );
      const related = [
        ...(planSource ? [{ file: planSource.file, range: planSource.range, message: `${armv6Built} is built here` }] : []),
        ...notes(ctx.file.path, range, rest),
      ];
      reports.push({
        range,
        severity: armv6Runtime || armv6Built ? 'warning' : 'information',
        message,
        fixes: unsafeForOtherTargets ? [] : fixes,
        ...(related.length ? { related } : {}),
      });
    }
    return reports.filter(once((r) => rangeKey(r.range)));
  },
};
