import type { BuildModel, Stage } from './types';

/** The Dockerfile stage a context (or anything with a stage index) belongs to; undefined outside Dockerfiles. */
export function stageOf(model: BuildModel, at: { stageIndex?: number }): Stage | undefined {
  return model.kind === 'dockerfile' && at.stageIndex !== undefined ? model.stages[at.stageIndex] : undefined;
}
