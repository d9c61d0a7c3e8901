import { formatPlatform, parsePlatform } from '../knowledge/platforms';
import type { Stage } from '../model/dockerfile-model';
import type { DockerfileModel } from '../model/types';
import type { PlanSource, PlannedBuild } from '../plan/build-plan';
import type { Fix, Range } from '../types';
import { fit, followsTarget, notes, officialImageEdit, platformStage, sourceStages, stageLabel } from './helpers';
import type { ModelOf, Rule, RuleContext, RuleReport } from './rule';
import { EXEC_FORMAT_ERROR, RUN_LINUX_ARM64 } from './witness-runs';

/**
 * The plan builds the Dockerfile for a platform, but the stage that becomes the image (the build's
 * `target`, else the last stage) holds only another one: its image is an architecture's (`amd64/alpine`,
 * `arm64v8/debian`). The image is labelled with the platform asked for while every program in it is of the
 * pinned one. Judged on the plan's named platforms only: a build that names none builds the builder's own,
 * which says nothing about the pin. A constant `--platform` is XB304's (judged by the plan too).
 */
export const XB708: Rule<'dockerfile'> = {
  code: 'XB708',
  title: 'Image stage holds another platform than the build asks for',
  severity: 'error',
  kinds: ['dockerfile'],
  fixable: true,
  witnesses: [
    {
      claim: 'Programs of one architecture do not start on another: an arm64 binary run on this amd64 machine is refused by the kernel, and Go reports "exec format error".',
      ...RUN_LINUX_ARM64,
      expect: EXEC_FORMAT_ERROR,
    },
  ],
  check(ctx: RuleContext<ModelOf<'dockerfile'>>): RuleReport[] {
    const { model } = ctx;
    const byStage = new Map<number, { platform: string; source: PlanSource; by: string }[]>();
    for (const build of ctx.plan?.builds ?? []) {
      const stage = imageStage(model, build);
      if (!stage) continue;
      const root = platformStage(model, stage.index);
      if (root.runsOn !== 'constant' || !root.pinnedByImage || root.platformValue === undefined) continue;
      if (coveredByXB310(model, stage)) continue;
      for (const p of build.platforms ?? []) {
        if (p.value === undefined || samePlatform(p.value, root.platformValue)) continue;
        const list = byStage.get(stage.index) ?? byStage.set(stage.index, []).get(stage.index)!;
        if (!list.some((x) => x.platform === p.value)) list.push({ platform: p.value, source: p.source, by: build.by });
      }
    }
    const reports: RuleReport[] = [];
    for (const [index, built] of byStage) {
      const stage = model.stages[index];
      const root = platformStage(model, index);
      const pin = root.platformValue!;
      const range: Range = stage.imageRange;
      // A stage built FROM another stage names no architecture image of its own: no edit.
      const official = officialImageEdit(ctx, stage);
      const fixes: Fix[] = official ? [{ title: `Use ${official.image}`, isPreferred: true, edits: [official.edit] }] : [];
      const role = stage.index === model.stages.length - 1 ? 'The image stage' : `Stage ${stage.name ?? stage.index}, the image built,`;
      const what = root !== stage ? `is built FROM ${stageLabel(root)}, which holds only ${pin}` : `holds only ${pin} (${stage.pinnedByImage}/)`;
      const todo = official ? `use ${official.image.length <= 24 ? official.image : 'the official image'}` : root === stage ? `drop ${stage.pinnedByImage}/ from the image` : 'build it FROM a multi-platform image';
      const first = built[0];
      const platforms = built.map((b) => b.platform).join(',');
      const evidence = `Built for ${platforms} by ${first.source.label}.`;
      const lead = `${role} ${what}: ${todo}.`;
      const { message, rest } = fit(lead.length <= 110 ? lead : `${role} holds only ${pin}: ${todo}.`, evidence.length <= 60 ? evidence : `Built for ${platforms} by ${first.source.label.slice(first.source.label.lastIndexOf('/') + 1)}.`, `Its programs fail there with "exec format error".`);
      reports.push({
        range,
        message,
        fixes,
        related: [
          ...built.map((b) => ({ file: b.source.file, range: b.source.range, message: `${b.by} builds ${b.platform} here (${b.source.label})` })),
          { file: ctx.file.path, range, message: `${stageLabel(stage)} becomes the image; its userland (${root.image ?? root.imageExpr}) is ${pin} whatever platform the build asks for` },
          ...notes(ctx.file.path, range, rest),
        ],
      });
    }
    return reports;
  },
};

/** The stage a build makes the image of: its `target` (stage names are case-insensitive), else the last. */
function imageStage(model: DockerfileModel, build: PlannedBuild): Stage | undefined {
  if (build.target === undefined) return model.stages[model.stages.length - 1];
  return model.stages.find((s) => s.name !== undefined && s.name.toLowerCase() === build.target!.toLowerCase());
}

/** XB310 reports an image stage pinned to a platform that receives a binary following the target: its finding says more. */
function coveredByXB310(model: DockerfileModel, stage: Stage): boolean {
  // A stage other stages are built FROM or copy from is not the one XB310 reports (the last stage never is such a source).
  if (sourceStages(model).has(stage.index)) return false;
  return model.deliveries.some((d) => d.stageIndex === stage.index && d.artefact.stageIndex !== stage.index && followsTarget(model, d.artefact));
}

function samePlatform(a: string, b: string): boolean {
  const pa = parsePlatform(a);
  const pb = parsePlatform(b);
  return !pa || !pb || formatPlatform(pa) === formatPlatform(pb);
}
