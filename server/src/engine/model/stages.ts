import type { BuildModel, Stage } from './types';

/** The stage a stage is ultimately built FROM (itself when its FROM is an image): it decides where the stage's commands run. */
export function rootStage(model: BuildModel, stage: Stage): Stage {
  if (model.kind !== 'dockerfile') return stage;
  let s = stage;
  for (let hops = 0; s.parent !== undefined && hops < model.stages.length; hops++) s = model.stages[s.parent];
  return s;
}

/** The Dockerfile stage a context (or anything with a stage index) belongs to; undefined outside Dockerfiles. */
export function stageOf(model: BuildModel, at: { stageIndex?: number }): Stage | undefined {
  return model.kind === 'dockerfile' && at.stageIndex !== undefined ? model.stages[at.stageIndex] : undefined;
}
