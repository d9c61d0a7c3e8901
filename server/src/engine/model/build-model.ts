import { NEWEST_GO, toGoVersion } from '../knowledge/go-versions';
import { LineIndex } from '../text';
import type { Facts, SourceFile } from '../types';
import { ModelBuilder } from './builder';
import { dockerfileModel } from './dockerfile-model';
import { makefileModel } from './makefile-model';
import { goenvModel, gomodModel, shellModel } from './simple-models';
import type { BuildModel, GoVersionSource } from './types';

export interface ModelOptions {
  /** The Go version for builds whose image does not say (Makefiles, scripts, non-golang images). */
  goVersion: GoVersionSource;
  /** Makefiles: reads the files an `include` line names (the engine never reads the disk). */
  readInclude?: IncludeReader;
  /** Where the engine says what it did not follow (a spent budget of the shell walker). */
  log?: (message: string) => void;
}

/**
 * The files one word of an `include` line names (a path, or a glob in its last segment), resolved the
 * way make does: relative to the directory make runs in, the top Makefile's. `[]` when none can be read
 * (missing, too large, outside what the adapter allows). Paths are in the form the adapter uses for
 * documents (file paths for the CLI, URIs for the server).
 */
export type IncludeReader = (word: string, makefile: string) => { path: string; text: string }[];

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
  const model = modelOf(file, lines, options, parts);
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
      return goenvModel(file, lines, options);
    case 'gomod':
      return gomodModel(file);
  }
}
