import type { Range, TextEdit } from '../types';

/**
 * What the shell walker reports, in terms every model shares: where a variable was assigned, its value
 * where a command runs, and the evaluated words of a command. The model's types re-export these.
 */

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
  | 'config' // GOOS: linux in a workflow's env, a GoReleaser build, a bake target (YAML/HCL/JSON)
  | 'argument' // linux in `build linux arm64`, when the function does GOOS=$1: the word the caller wrote
  | 'make-command-line' // GOARCH=arm64 in `make build GOARCH=arm64`
  | 'gox-target'; // linux/arm64 in `gox -osarch linux/arm64`

/** A value that depends on the build machine: host id (knowledge/hosts.ts) → value there; hosts where it is unknown are absent. */
export type HostValues = ReadonlyMap<string, string>;

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
  /**
   * When `value` is unknown only because it depends on the machine that runs the build (`$(shell uname -m)`):
   * its value on each build host where that is known (knowledge/hosts.ts).
   */
  hostValues?: HostValues;
  /**
   * Plain shell assignments only: where their statement starts (the first of `GOOS=linux GOARCH=arm64`), where a
   * single `export ` exports every assignment of the line.
   */
  statementStart?: Range['start'];
  /** Make only: the targets of a target-specific variable (`release: GOOS := linux`). */
  makeTargets?: string[];
  /**
   * Make only: in a branch of a conditional that make skips with the values the Makefile sets
   * (`ifeq ($(GOARCH),arm)` when it sets GOARCH to amd64). Its value is judged where it is written; no
   * build reads it unless make's command line changes the condition.
   */
  unread?: true;
  /**
   * Other assignments of the variable that take effect where this one does once it is removed, nearest
   * first: an earlier value it replaced, a make `?=` skipped because this one had set the variable.
   */
  hides?: Assignment[];
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
  /** As Assignment.hostValues: the value per build host when it depends on the host only. */
  hostValues?: HostValues;
  /** Where it was assigned; undefined for values that come from outside (build args, CI). */
  site?: Assignment;
  /** Where the value was written, for every variable (`site` is set for build variables only). */
  definition?: Assignment;
  /** After shell branches that disagree: every branch's assignment (`site` is the first of them). */
  branchSites?: Assignment[];
}

/** A word of a command line with its evaluated value and range. */
export interface Word {
  text: string;
  value: string | undefined;
  range: Range;
  /**
   * One of several words a single written word became (`$FLAGS` holding `-race -trimpath`, an array's
   * elements): its range is the whole written word, so no fix may edit it as if it were this word alone.
   */
  shared?: true;
  /**
   * When the word is exactly one variable reference (`$LDFLAGS`, `"${LDFLAGS}"`, `$(LDFLAGS)`): where
   * that variable's value was written, for any variable, so a fix can edit the literal there.
   */
  source?: Assignment;
}

/** What takes effect again, nearest first, once an assignment that replaced `site` is removed (Assignment.hides). */
export function comesBack(site: Assignment): Assignment[] {
  return [site, ...(site.hides ?? [])];
}

/**
 * Whether the word's range is exactly its text on one line, so an offset into the text is one on that line
 * (not so for a word that came from an expansion, or spans a line continuation).
 */
export function writtenOnOneLine(word: Word): boolean {
  return word.range.start.line === word.range.end.line && word.range.end.character - word.range.start.character === word.text.length;
}
