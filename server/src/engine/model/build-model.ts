import { NEWEST_GO, toGoVersion } from '../knowledge/go-versions';
import { LineIndex } from '../text';
import type { Facts, SourceFile } from '../types';
import { ModelBuilder } from './builder';
import { dockerfileModel } from './dockerfile-model';
import { makefileModel } from './makefile-model';
import { bakeModel } from './bake-model';
import { goreleaserModel } from './goreleaser-model';
import { goenvModel, gomodModel, shellModel } from './simple-models';
import { workflowModel } from './workflow-model';
import type { BuildModel, GoVersionSource, ModelOptions } from './types';

export type { IncludeReader, ModelOptions } from './types';

/** Which Go a build outside a golang image uses: the workspace's go, else go.mod, else the newest known. */
export function defaultGoVersion(facts: Facts, goModVersion?: string): GoVersionSource {
  const fromGo = facts.goVersion ? toGoVersion(facts.goVersion) : undefined;
  if (fromGo) return { version: fromGo, because: `the workspace's go (go${facts.goVersion})` };
  const fromMod = goModVersion ? toGoVersion(goModVersion) : undefined;
  if (fromMod) return { version: fromMod, because: `go ${goModVersion} in go.mod` };
  return { version: NEWEST_GO, because: 'the newest Go this version of xbd knows' };
}

/** Parses one file into the build model the rules read. */
export function buildModel(file: SourceFile, options: ModelOptions): { model: BuildModel; lines: LineIndex } {
  const lines = new LineIndex(file.text);
  const parts = new ModelBuilder(file.path);
  parts.reader = options.readInclude;
  const model = modelOf(file, lines, options, parts);
  parts.claimOwnRanges();
  if (parts.sourced.length) model.included = [...new Set([...(model.included ?? []), ...parts.sourced])];
  const cut = parts.cutReport();
  if (cut) options.log?.(cut);
  return { model, lines };
}

function modelOf(file: SourceFile, lines: LineIndex, options: ModelOptions, parts: ModelBuilder): BuildModel {
  switch (file.kind) {
    case 'dockerfile':
      return dockerfileModel(file, lines, options, parts);
    case 'makefile':
      return makefileModel(file, lines, options, parts);
    case 'shell':
      return shellModel(file, lines, options, parts);
    case 'goenv':
      return goenvModel(file, lines, options, parts);
    case 'gomod':
      return gomodModel(parts);
    case 'workflow':
      return workflowModel(file, lines, options, parts);
    case 'bake':
      return bakeModel(file, lines, options, parts);
    case 'goreleaser':
      return goreleaserModel(file, lines, options, parts);
  }
}
