import type { DockerfileModel } from '../model/types';
import type { RelatedInformation } from '../types';
import { subcommandDoes } from '../knowledge/go-command';
import { fit, notes, buildsArm32, copiedImages, platformStage, stageLabel, targetBuildEdits } from './helpers';
import { judgedByPlan } from './plan-gate';
import { type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';
import { BUILD_LINUX_ARM64, BUILD_NATIVE, EXEC_FORMAT_ERROR, RUN_LINUX_ARM64 } from './witness-runs';


/**
 * True when plain `go` in the stage follows $TARGETPLATFORM through tonistiigi/xx: `xx-go --wrap` run in
 * this stage or one it is built FROM, or the older `tonistiigi/xx:golang` image copied in (`COPY
 * --from=tonistiigi/xx:golang / /`, directly or through a stage FROM that image), whose `go` wrapper sets
 * GOOS/GOARCH/GOARM from TARGETPLATFORM (which the stage must declare for the wrapper to see it).
 */
function wrappedByXx(ctx: RuleContext<DockerfileModel>, stageIndex: number, wrapping: ReadonlySet<number>): boolean {
  const { model } = ctx;
  const chain = new Set<number>();
  for (let i: number | undefined = stageIndex; i !== undefined && !chain.has(i); i = model.stages[i].parent) chain.add(i);
  if ([...chain].some((i) => wrapping.has(i))) return true;
  if (!model.stages[stageIndex].env.has('TARGETPLATFORM')) return false;
  return [...chain].some((i) => copiedImages(ctx, model.stages[i]).some((image) => XX_GOLANG.test(image)));
}

/** The stages in which `xx-go --wrap` runs (found once: the rule asks per binary). */
function xxWrapStages(model: DockerfileModel): Set<number> {
  // Stryker disable next-line MethodExpression: xx-go --wrap takes no other argument
  const wraps = new Set(model.commands.filter((c) => c.tool === 'xx-go' && c.args.some((a) => a.value === '--wrap')));
  const stages = new Set<number>();
  // Stryker disable next-line ConditionalExpression: every context of a Dockerfile's RUN has its stage
  for (const x of model.contexts) if (x.command && wraps.has(x.command) && x.stageIndex !== undefined) stages.add(x.stageIndex);
  return stages;
}

/** The older xx image with the go wrapper (`tonistiigi/xx:golang`, optionally pinned by digest). */
const XX_GOLANG = /^(docker\.io\/)?tonistiigi\/xx:golang(@sha256:[0-9a-f]+)?$/;

export const XB302: Rule<'dockerfile'> = {
  code: 'XB302',
  title: 'Binary built for the build platform lands in a target-platform image',
  severity: 'error',
  kinds: ['dockerfile'],
  fixable: true,
  witnesses: [
    {
      claim: 'Without GOOS/GOARCH, go build targets the machine it runs on: on this linux/amd64 machine (the builder) an x86-64 binary.',
      ...BUILD_NATIVE,
      inspect: [{ kind: 'file', expect: { output: 'x86-64' } }],
      expect: { exit: 'ok' },
    },
    {
      claim: 'A binary for another architecture cannot be started: an arm64 binary run on this amd64 machine is refused by the kernel, and Go reports "exec format error".',
      ...RUN_LINUX_ARM64,
      expect: EXEC_FORMAT_ERROR,
    },
    {
      claim: 'The fix, GOOS=$TARGETOS GOARCH=$TARGETARCH, cross-compiles on the builder: for linux/arm64 an ARM aarch64 binary, which runs on arm64 (qemu-user).',
      ...BUILD_LINUX_ARM64,
      inspect: [
        { kind: 'file', expect: { output: 'ARM aarch64' } },
        { kind: 'qemu', qemu: { arch: 'aarch64' }, expect: { exit: 'ok', output: 'hello' } },
      ],
      expect: { exit: 'ok' },
    },
  ],
  check(ctx: RuleContext<ModelOf<'dockerfile'>>): RuleReport[] {
    const { model } = ctx;
    const reports: RuleReport[] = [];
    const wrapping = xxWrapStages(model);
    for (const artefact of model.artefacts) {
      const command = artefact.command;
      if (command.tool !== 'go' || !subcommandDoes(command.subcommand, 'writesBinary')) continue;
      const root = platformStage(model, artefact.stageIndex);
      if (root.runsOn !== 'build' && root.runsOn !== 'constant') continue;
      // tonistiigi/xx (`xx-go --wrap`, or the older xx:golang image's go wrapper) makes plain go follow $TARGETPLATFORM.
      if (wrappedByXx(ctx, artefact.stageIndex, wrapping)) continue;
      // A GOARCH written with a value is someone else's case: a constant (XB306/XB307), or a variable
      // that follows the target or is empty for want of an ARG (XB303).
      const goarch = command.env.get('GOARCH');
      if (goarch && (goarch.value !== '' || goarch.expr.includes('$'))) continue;
      const into = model.deliveries.filter((d) => d.artefact === artefact && platformStage(model, d.stageIndex).runsOn === 'target');
      if (!into.length) continue;

      const stage = model.stages[artefact.stageIndex];
      const builder =
        root.runsOn === 'build'
          ? `runs on $BUILDPLATFORM${root !== stage ? ` (the platform of ${stageLabel(root)})` : ''}`
          : `is pinned to ${root.platformValue}${root !== stage ? ` (by ${stageLabel(root)})` : ''}${root.pinnedByImage ? `: its image ${root.image} holds only that platform` : ''}`;
      const arch = root.runsOn === 'build' ? "the builder's architecture (amd64 on an amd64 builder)" : `always ${root.platformValue}`;
      const consumer = model.stages[into[0].stageIndex];
      const cgo = command.env.get('CGO_ENABLED')?.value === '1' && 'With CGO_ENABLED=1 that also needs a C compiler for the target (XB202).';
      const related: RelatedInformation[] = [
        ...into.map((d) => ({ file: ctx.file.path, range: d.range, message: `copied into ${stageLabel(model.stages[d.stageIndex])} here, which follows the target platform` })),
        {
          file: ctx.file.path,
          range: stage.fromRange,
          message: `${stageLabel(stage)} ${builder}: Go builds for the machine it runs on, so ${artefact.path ?? 'the binary'} is ${arch}`,
        },
      ];
      const { message, rest } = fit(
        `${artefact.path ?? 'The binary'} is built for ${root.runsOn === 'build' ? "the builder's platform" : root.platformValue} in every image: ` +
          'set GOOS=$TARGETOS GOARCH=$TARGETARCH.',
        cgo,
        `In ${stageLabel(consumer)}, other architectures fail with "exec format error".`,
      );
      reports.push({
        range: command.goRange,
        message,
        fixes: [
          {
            title: 'Build for $TARGETOS/$TARGETARCH',
            isPreferred: true,
            edits: targetBuildEdits(stage, [command], { goarm: buildsArm32(ctx.file.text) }),
          },
        ],
        related: [...related, ...notes(ctx.file.path, command.goRange, rest)],
      });
    }
    return judgedByPlan(ctx, reports);
  },
};
