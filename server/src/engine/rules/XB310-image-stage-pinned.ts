import type { Stage } from '../model/dockerfile-model';
import type { Artefact, DockerfileModel } from '../model/types';
import type { Fix, RelatedInformation } from '../types';
import { notes, fit, dropFlag, followsTarget, officialImageEdit, platformStage, sourceStages, stageLabel } from './helpers';
import { judgedByPlan } from './plan-gate';
import { type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';
import { BUILD_LINUX_ARM64, EXEC_FORMAT_ERROR, RUN_LINUX_ARM64 } from './witness-runs';

export const XB310: Rule<'dockerfile'> = {
  code: 'XB310',
  title: 'Image stage pinned to the build platform holds a target binary',
  severity: 'error',
  kinds: ['dockerfile'],
  fixable: true,
  // XB304's "pins a constant platform" on the same flag, with advice to keep the pin.
  supersedes: ['XB304'],
  witnesses: [
    {
      claim: 'GOARCH=$TARGETARCH makes the binary the target\'s: for linux/arm64 an ARM aarch64 executable, whatever machine builds it.',
      ...BUILD_LINUX_ARM64,
      inspect: [{ kind: 'file', expect: { output: 'ARM aarch64' } }],
      expect: { exit: 'ok' },
    },
    {
      claim: 'Programs of one architecture do not start on another: an arm64 binary run on this amd64 machine is refused by the kernel, and Go reports "exec format error".',
      ...RUN_LINUX_ARM64,
      expect: EXEC_FORMAT_ERROR,
    },
  ],
  check(ctx: RuleContext<ModelOf<'dockerfile'>>): RuleReport[] {
    const { model } = ctx;
    const last = model.stages.length - 1;
    const reports: RuleReport[] = [];
    for (const stage of model.stages) {
      const root = platformStage(model, stage.index);
      if (root.runsOn !== 'build' && root.runsOn !== 'constant') continue;
      // The image: the last stage, or a stage nothing else builds on or copies from (a --target candidate).
      const source = sourceStages(model).has(stage.index);
      if (stage.index !== last && source) continue;
      // scratch and distroless/static hold no programs of their own that could be the wrong architecture.
      if (root.libc === 'none') continue;
      const incoming = model.deliveries.filter((d) => d.stageIndex === stage.index && d.artefact.stageIndex !== stage.index && followsTarget(model, d.artefact));
      if (!incoming.length) continue;

      const artefact = incoming[0].artefact;
      const pin = root.runsOn === 'build' ? '$BUILDPLATFORM' : root.platformValue;
      const pinned = root === stage ? `is pinned to ${pin}` : `is built FROM ${stageLabel(root)}, pinned to ${pin}`;
      const role = stage.index === last ? 'becomes the image' : 'can become the image (docker build --target)';
      const userland = root.runsOn === 'build' ? "the builder's architecture" : `always ${root.platformValue}`;
      const related: RelatedInformation[] = incoming.map((d) => ({ file: ctx.file.path, range: d.range, message: `${d.artefact.path ?? 'the binary'} is copied in here` }));
      const fixes: Fix[] = [];
      if (root === stage && stage.platform) {
        fixes.push({ title: `Remove --platform=${stage.platform.expr}`, isPreferred: true, edits: [dropFlag(ctx.file.path, ctx.lines, stage.platform.flagRange)] });
      }
      const official = root === stage ? officialImageEdit(ctx, stage) : undefined;
      if (official) fixes.push({ title: `Use ${official.image}`, isPreferred: true, edits: [official.edit] });
      const range = root.platform?.range ?? stage.imageRange;
      related.push(
        {
          file: ctx.file.path,
          range,
          message:
            `${stageLabel(stage)} ${role} but ${pinned}: its userland (${root.image ?? root.imageExpr}: shell, libc, whatever RUN installs) is ${userland}`,
        },
        {
          file: ctx.file.path,
          range: artefact.command.goRange,
          message: `${artefact.path ?? 'the binary'} is built for the platform being built: ${describe(model, artefact)}`,
        },
      );
      const { message, rest } = fit(
          root === stage && stage.pinnedByImage
            ? `${stage.index === last ? 'The image stage' : 'This --target stage'} holds only ${pin}, but its binary follows the target platform: ${official && official.image.length <= 24 ? `use ${official.image}` : `drop ${stage.pinnedByImage}/ from the image`}.`
            : root === stage
            ? `${stage.index === last ? 'The image stage' : 'This --target stage'} is pinned to ${pin}, but its binary follows the target platform: remove --platform.`
            : `${stage.index === last ? 'The image stage' : 'This --target stage'} is built FROM stage ${root.name ?? root.index} (${pin}): build it FROM a base image.`,
          root.runsOn === 'build'
            ? 'On other architectures its shell, CMD or HEALTHCHECK fail with "exec format error".'
          : `Unless every build asks for --platform ${root.platformValue}, one of them fails with "exec format error".`,
      );
      reports.push({ range, message, fixes, related: [...related, ...notes(ctx.file.path, range, rest)] });
    }
    return judgedByPlan(ctx, reports);
  },
};

function describe(model: DockerfileModel, artefact: Artefact): string {
  const goarch = artefact.command.env.get('GOARCH');
  if (goarch?.expr.includes('TARGETARCH')) return `GOARCH=${goarch.expr}`;
  const producer: Stage = platformStage(model, artefact.stageIndex);
  return `a native build in ${stageLabel(producer)}, which follows the target platform`;
}
