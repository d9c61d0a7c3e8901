import { formatPlatform, parsePlatform } from '../knowledge/platforms';
import { subcommandDoes } from '../knowledge/go-command';
import type { Stage } from '../model/dockerfile-model';
import type { GoCommand } from '../model/types';
import type { Fix, Range, TextEdit } from '../types';
import { fit, notes, buildsArm32, canPrefix, dropFlag, stageLabel, targetBuildEdits } from './helpers';
import { judgedByPlan } from './plan-gate';
import { type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';
import { BUILD_LINUX_ARM64, BUILD_NATIVE } from './witness-runs';


export const XB304: Rule<'dockerfile'> = {
  code: 'XB304',
  title: 'FROM --platform pins a constant platform',
  severity: 'warning',
  kinds: ['dockerfile'],
  fixable: true,
  witnesses: [
    {
      claim: 'With no GOOS/GOARCH, go build targets the platform it runs on: in a stage pinned to linux/amd64 (as on this linux/amd64 machine) an x86-64 binary.',
      ...BUILD_NATIVE,
      inspect: [{ kind: 'file', expect: { output: 'x86-64' } }],
      expect: { exit: 'ok' },
    },
    {
      claim: 'The fix cross-compiles from the build platform: GOOS=$TARGETOS GOARCH=$TARGETARCH for a linux/arm64 image (linux, arm64) gives an ARM aarch64 binary on this amd64 machine.',
      ...BUILD_LINUX_ARM64,
      inspect: [{ kind: 'file', expect: { output: 'ARM aarch64' } }],
      expect: { exit: 'ok' },
    },
  ],
  check(ctx: RuleContext<ModelOf<'dockerfile'>>): RuleReport[] {
    const { model, file } = ctx;
    const reports: RuleReport[] = [];
    for (const stage of model.stages) {
      const flag = stage.platform;
      // A stage built FROM another stage takes that stage's platform; its own flag does nothing.
      if (!flag || stage.parent !== undefined) continue;
      // BuildKit treats the value as constant only when no variable was expanded in it.
      if (flag.expr.includes('$')) continue;
      const platform = parsePlatform(flag.expr);
      if (!platform) continue;
      // BuildKit's own check (FromPlatformFlagConstDisallowed) accepts a stage named after its OS or
      // architecture (`AS build_amd64`): the per-platform stage pattern.
      const name = stage.name ?? '';
      if (name.includes(platform.os) || name.includes(platform.arch)) continue;
      const shown = formatPlatform(platform);
      const builds = ctx.model.contexts
        .filter((c) => c.stageIndex === stage.index && c.command?.tool === 'go' && subcommandDoes(c.command.subcommand, 'writesBinary'))
        .map((c) => c.command as GoCommand);
      const pinned = `FROM --platform=${flag.expr} pins ${stageLabel(stage)} to ${shown}, whatever platform the image is built for`;
      const deliberate = `If the pin is deliberate, name the stage AS ${stage.name ?? 'runtime'}-${platform.arch}.`;
      const related = [
        { file: file.path, range: flag.range, message: pinned },
        {
          file: file.path,
          range: flag.range,
          message: `a deliberate pin: name the stage after it (e.g. AS ${stage.name ?? 'runtime'}-${platform.arch}), as BuildKit's FromPlatformFlagConstDisallowed check expects`,
        },
      ];
      let said: { message: string; rest: string[] };
      let fixes: Fix[];
      if (builds.length) {
        const first = builds[0];
        const goarch = first.env.get('GOARCH');
        const at = `go ${first.subcommand} on line ${first.range.start.line + 1}`;
        if (goarch && goarch.value === undefined) {
          // Already cross-compiling for the target: the pin only decides where the toolchain runs.
          said = fit(
            `Go runs as ${shown} here, under emulation on other build machines: use --platform=$BUILDPLATFORM.`,
            `${at} already builds for GOARCH=${goarch.expr}.`,
            deliberate,
          );
        } else {
          const target = goarch && goarch.value !== '' ? `GOARCH=${goarch.value}` : shown;
          said = fit(
            `This stage builds for ${target} on every build: use $BUILDPLATFORM and GOOS=$TARGETOS GOARCH=$TARGETARCH.`,
            `${at} builds for ${shown}${goarch && goarch.value !== '' ? '' : ' (no GOARCH: Go targets the platform it runs on)'}.`,
            deliberate,
          );
        }
        // An exec-form RUN takes no prefix; $BUILDPLATFORM alone would build the builder's architecture.
        const edits = builds.every((b) => canPrefix(b, ctx.lines)) ? crossCompile(stage, builds, flag.range, ctx.file.text) : [];
        fixes = edits.length ? [{ title: 'Build on $BUILDPLATFORM and cross-compile for $TARGETOS/$TARGETARCH', isPreferred: true, edits }] : [];
      } else {
        said = fit(
          `This stage is pinned to ${shown} for every build: remove --platform to follow the requested platform.`,
          deliberate,
        );
        fixes = [{ title: `Remove --platform=${flag.expr}`, isPreferred: true, edits: [dropFlag(file.path, ctx.lines, flag.flagRange)] }];
      }
      reports.push({ range: flag.range, message: said.message, fixes, related: [...notes(file.path, flag.range, said.rest), ...related] });
    }
    return judgedByPlan(ctx, reports);
  },
};

/**
 * `$BUILDPLATFORM` in place of the constant, and the same GOOS/GOARCH edits XB301/XB302 make (a constant
 * GOARCH stays: XB306/XB307 judge it).
 */
function crossCompile(stage: Stage, builds: GoCommand[], valueRange: Range, text: string): TextEdit[] {
  return [{ file: builds[0].file, range: valueRange, newText: '$BUILDPLATFORM' }, ...targetBuildEdits(stage, builds, { goarm: buildsArm32(text) })];
}
