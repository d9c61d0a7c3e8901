import { NEWEST_GO, toGoVersion, type GoVersion } from '../knowledge/go-versions';
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

/**
 * Which Go a build outside a golang image uses: the workspace's go; else the build plan's Go for the module
 * (setup-go in CI: one version, or go.mod's line read by go-version-file); else go.mod's `go`/`toolchain` line,
 * which is a minimum: every Go from it up to the newest known may build it; else the newest known.
 */
export function defaultGoVersion(facts: Facts, goModVersion?: string, planned?: { from: GoVersion; to: GoVersion; because: string }): GoVersionSource {
  const fromGo = facts.goVersion ? toGoVersion(facts.goVersion) : undefined;
  if (fromGo) return { version: fromGo, because: `the workspace's go (go${facts.goVersion})` };
  if (planned) return { version: planned.from, because: planned.because, ...(planned.to !== planned.from ? { upTo: planned.to } : {}) };
  const fromMod = goModVersion ? toGoVersion(goModVersion) : undefined;
  if (fromMod) return { version: fromMod, because: `go ${goModVersion} in go.mod, a minimum`, ...(fromMod !== NEWEST_GO ? { upTo: NEWEST_GO } : {}) };
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
