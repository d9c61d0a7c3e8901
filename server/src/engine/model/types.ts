import type { GoVersion } from '../knowledge/go-versions';
import type { Assignment, EnvEntry, Word } from '../shell/types';
import type { DocumentKind, Range, TextEdit } from '../types';

export type { Assignment, AssignmentKind, EnvEntry, Word } from '../shell/types';

export type GoTool = 'go' | 'xx-go' | 'gox' | 'goreleaser';

/** One invocation of the go command (or a wrapper that sets the target itself). */
export interface GoCommand {
  file: string;
  /** Where `cd` moved the shell before this command, relative to its start ('' = not moved; undefined = unknown). */
  cwd?: string;
  tool: GoTool;
  /** build, install, run, test, vet, env, generate, ... */
  subcommand: string;
  /** The whole simple command, prefixes included. */
  range: Range;
  /** The `go` word itself. */
  goRange: Range;
  args: Word[];
  /** -tags, -ldflags, -o, -race, -buildmode, ... keyed without the dash; value for valued flags. */
  flags: Map<string, Word>;
  env: Map<string, EnvEntry>;
  /** Inserts text (e.g. `CGO_ENABLED=0 `) right before the `go` word. */
  insertBefore(text: string): TextEdit;
}

/** Where the Go version a verdict assumes came from. */
export interface GoVersionSource {
  version: GoVersion;
  /** e.g. "golang:1.22-alpine on line 3", "go.mod", "the workspace's go", "the newest known Go". */
  because: string;
}

/** A set of values that act together: a go command's environment, or a scope's final state. */
export interface EnvContext {
  env: Map<string, EnvEntry>;
  goVersion: GoVersionSource;
  command?: GoCommand;
  /** Dockerfile only: the stage this context belongs to. */
  stageIndex?: number;
  /** Human description for messages: "stage build", "recipe of target release". */
  where: string;
}

/** A file a go command writes, in the stage that runs it (Dockerfile). */
export interface Artefact {
  command: GoCommand;
  stageIndex: number;
  /** Absolute path of the output; undefined when it cannot be known. */
  path?: string;
}

/** How an artefact reaches another stage: `COPY --from`, or a stage built FROM the producer. */
export interface Delivery {
  artefact: Artefact;
  /** The stage that receives (and may run) it. */
  stageIndex: number;
  /** The COPY instruction (or the FROM line) that brings it. */
  range: Range;
}

export interface RangeNote {
  /** Set when the range lies in another file than the one analysed. */
  file?: string;
  /** The make conditionals around it, for messages: "when `ifeq ($(OS),Windows_NT)` holds". */
  condition?: string;
}

export interface LostAssignment {
  site: Assignment;
  command: GoCommand;
  why: 'not-exported' | 'earlier-recipe-line';
}

/** Everything the rules read about one file. */
export interface BuildModel {
  file: string;
  kind: DocumentKind;
  assignments: Assignment[];
  commands: GoCommand[];
  contexts: EnvContext[];
  /** Dockerfile only. */
  stages: import('./dockerfile-model').Stage[];
  /** Images used in FROM lines and --platform values (for XB107's ARMv6 hints). */
  images: { name: string; platform?: string; range: Range }[];
  /** Dockerfile only: what go commands write, and where it is copied to. */
  artefacts: Artefact[];
  deliveries: Delivery[];
  /**
   * Assignments that do not reach a go command that runs after them: a plain shell variable never
   * exported (XB501), or an assignment on an earlier recipe line, which ran in another shell (XB502).
   */
  lost?: LostAssignment[];
  /** Dockerfile only: the ARGs declared before the first FROM. */
  globalArgs?: import('./dockerfile-model').GlobalArg[];
  /**
   * Makefile only: the files `include` read (as the adapter named them), in reading order. An adapter
   * re-analyses the Makefile when one of them changes.
   */
  included?: string[];
  /**
   * What a finding reported on one of these ranges (by identity: the range objects of sites and
   * commands) must say or where it really is: the make conditional it sits under, or another file
   * (an included Makefile), where the finding belongs when that file is analysed itself.
   */
  rangeNotes?: WeakMap<Range, RangeNote>;
  /** Dockerfile only: every `ARG NAME=default`, global or in a stage. */
  argDefaults?: import('./dockerfile-model').ArgDefault[];
}
