import type { BuildModel, Stage } from './types';

/** The stage a stage is ultimately built FROM (itself when its FROM is an image): it decides where the stage's commands run. */
export function rootStage(model: BuildModel, stage: Stage): Stage {
  // Stryker disable next-line ConditionalExpression: stages come from Dockerfile models only (stageOf); the kind test narrows the model's type
  if (model.kind !== 'dockerfile') return stage;
  let s = stage;
  // A FROM names only stages above it, so every parent is an earlier stage and the walk ends.
  while (s.parent !== undefined) s = model.stages[s.parent];
  return s;
}

/** The Dockerfile stage a context (or anything with a stage index) belongs to; undefined outside Dockerfiles. */
export function stageOf(model: BuildModel, at: { stageIndex?: number }): Stage | undefined {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: only Dockerfile contexts carry a stage index, and model.stages[undefined] is undefined
  return model.kind === 'dockerfile' && at.stageIndex !== undefined ? model.stages[at.stageIndex] : undefined;
}
