import type { GoVersion } from '../knowledge/go-versions';
import type { DocumentKind, Range, TextEdit } from '../types';

/** How a variable came to be set: decides what a fix may rewrite and whether the go process sees it. */
export type AssignmentKind =
  | 'prefix' // GOOS=linux go build
  | 'env-command' // env GOOS=linux go build
  | 'export' // export GOOS=linux
  | 'shell' // GOOS=linux as its own statement (not exported unless already exported or `set -a`)
  | 'dockerfile-env' // ENV GOOS=linux
  | 'dockerfile-arg' // ARG GOOS=linux
  | 'make' // GOOS := linux
  | 'goenv' // GOOS=linux in a go env file
  | 'argument'; // linux in `build linux arm64`, when the function does GOOS=$1: the word the caller wrote

/** One place in a file that assigns a variable, with exact ranges for messages and fixes. */
export interface Assignment {
  file: string;
  name: string;
  kind: AssignmentKind;
  nameRange: Range;
  /** The whole `NAME=value` text (for ENV/ARG the property; for make the whole line). */
  range: Range;
  /** The value's source text, quotes included; empty range right after `=` when the value is empty. */
  valueRange: Range;
  valueText: string;
  /** The value after quote removal and expansion; undefined when it cannot be known statically. */
  value: string | undefined;
  /** True when the value is written literally here (so a fix may rewrite valueRange). */
  literal: boolean;
  /**
   * The assignment of another build variable this value was copied from (`GOOS=$(GOOS)` in a recipe).
   * Value rules report the original, not every copy.
   */
  fromSite?: Assignment;
  /** Make only: the targets of a target-specific variable (`release: GOOS := linux`). */
  makeTargets?: string[];
  /** Edit that adds `name=value` beside this assignment, in the same form (same prefix list, ENV line...). */
  addSibling(name: string, value: string): TextEdit;
  /** Edit that removes this assignment without disturbing its neighbours. */
  remove(): TextEdit;
}

/** A variable's effective value where a go command runs, remembering where it came from. */
export interface EnvEntry {
  name: string;
  value: string | undefined;
  /** The text it was written as, for messages: `$TARGETARCH`, `linux`. */
  expr: string;
  /** Where it was assigned; undefined for values that come from outside (build args, CI). */
  site?: Assignment;
  /** Where the value was written, for every variable (`site` is set for build variables only). */
  definition?: Assignment;
  /** After shell branches that disagree: every branch's assignment (`site` is the first of them). */
  branchSites?: Assignment[];
}

export type GoTool = 'go' | 'xx-go' | 'gox' | 'goreleaser';

/** A word of a command line with its evaluated value and range. */
export interface Word {
  text: string;
  value: string | undefined;
  range: Range;
  /**
   * When the word is exactly one variable reference (`$LDFLAGS`, `"${LDFLAGS}"`, `$(LDFLAGS)`): where
   * that variable's value was written, for any variable, so a fix can edit the literal there.
   */
  source?: Assignment;
}

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
