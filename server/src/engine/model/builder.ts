import { walkShell, type ShellInput, type ShellResult } from '../shell/walk';
import { goCommandOf, GO_WATCH, unseenBy } from './go-command';
import { goxTargets } from './gox';
import type { Range, TextEdit } from '../types';
import { placeholderOf } from '../shell/placeholders';
import { goreleaserCall, joinRelative, programCall } from './calls';
import { MAKE_PROGRAM, makeArguments } from './make-command';
import { RangeNotes, type Assignment, type BakeRun, type Call, type EnvContext, type EnvEntry, type GoCommand, type GoVersionSource, type ImageBuild, type IncludeReader, type LostAssignment, type Program } from './types';

export type { Program } from './types';

/** Where the go commands of one shell text run: the context's Go version and description. */
export interface ShellPlace {
  goVersion: GoVersionSource;
  /** "stage build", "recipe of release", "this script". */
  where: string;
  /** Dockerfile only: the stage whose RUN it is. */
  stageIndex?: number;
  /** Where the text runs when the file says (a workflow job's runner). */
  runner?: { goos?: string; goarch?: string };
  /**
   * Where the shell starts, relative to the file's directory ('' for a Makefile's recipes, '../..' for a
   * workflow's steps: the checkout): set when the make, script and goreleaser runs it makes are calls to follow.
   */
  callsFrom?: string;
  /** A script's shell (not a Makefile recipe's): a plain `make` there runs the Makefile of its directory, a call. */
  script?: boolean;
}

/**
 * The parts of a BuildModel every input kind produces: build-variable sites, go commands with the
 * environment each runs in, assignments go did not see, and what a spent budget cut. An input kind is a
 * reader of its own syntax that feeds this builder its shell texts (or its own sites and contexts).
 */
export class ModelBuilder {
  readonly assignments: Assignment[] = [];
  readonly commands: GoCommand[] = [];
  readonly contexts: EnvContext[] = [];
  readonly lost: LostAssignment[] = [];
  readonly calls: Call[] = [];
  /** Image builds (`docker buildx build`) a reader found; Makefiles and scripts collect them for the build plan. */
  readonly images: ImageBuild[] = [];
  /** Runs of `docker buildx bake` a reader found (Makefile recipes). */
  readonly bakes: BakeRun[] = [];
  readonly notes: RangeNotes;
  /** What a spent budget cut, once each. */
  readonly cut: string[] = [];

  /** Reads the files a shell text sources (`. ./env.sh`), for the kinds whose shells start at a known place. */
  reader?: IncludeReader;
  /** The files sourced texts read (an adapter re-analyses this file when one changes). */
  readonly sourced: string[] = [];

  constructor(readonly file: string) {
    this.notes = new RangeNotes(file);
  }

  /** The fields every kind's model has, shared with this builder (what is added later is in the model). */
  base(): { file: string; assignments: Assignment[]; commands: GoCommand[]; contexts: EnvContext[]; lost: LostAssignment[]; rangeNotes: RangeNotes; calls: Call[] } {
    return { file: this.file, assignments: this.assignments, commands: this.commands, contexts: this.contexts, lost: this.lost, rangeNotes: this.notes, calls: this.calls };
  }

  /** Claims the ranges of this file's own sites and commands in the notes, once the model is complete. */
  claimOwnRanges(): void {
    for (const a of this.assignments) {
      // A sourced file's sites keep their own file: a finding there is that file's.
      if (a.file !== this.file) for (const r of [a.nameRange, a.range, a.valueRange]) this.notes.set(a.file, r, this.notes.get(r, a.file) ?? { file: a.file });
      else for (const r of [a.nameRange, a.range, a.valueRange]) this.notes.claim(r);
    }
    for (const c of this.commands) for (const r of [c.range, c.goRange]) this.notes.claim(r);
  }

  /**
   * Walks one shell text (watching the go command and build variables) and adds what it ran: its sites,
   * the go commands (each an EnvContext, with the plain shell variables it did not see), what a budget
   * cut. Returns the walk, its go commands in order, and the other programs run (package managers).
   */
  walk(input: Omit<ShellInput, 'watch'>, place: ShellPlace): ShellResult & { goCommands: GoCommand[]; others: Program[]; runs: (GoCommand | Program)[] } {
    const goCommands: GoCommand[] = [];
    const others: Program[] = [];
    const runs: (GoCommand | Program)[] = [];
    const reader = this.reader;
    const from = place.callsFrom;
    const readSourced = reader && from !== undefined
      ? (word: string, cwd: string | undefined) => {
          if (cwd === undefined) return undefined;
          const found = readFirst(reader, joinRelative(joinRelative(from, cwd), word), this.file);
          if (found && !this.sourced.includes(found.path)) this.sourced.push(found.path);
          return found;
        }
      : undefined;
    const result = walkShell({ ...input, watch: GO_WATCH, ...(readSourced ? { readSourced } : {}) }, (run) => {
      const command = goCommandOf(this.file, run);
      if (!command) {
        const program: Program = {
          name: run.name,
          // Stryker disable next-line OptionalChaining: a run always has its program word
          path: run.words[0]?.value,
          args: run.words.slice(1).map((w) => w.value),
          words: run.words.slice(1),
          file: run.file,
          cwd: run.cwd,
          range: run.range,
          insertBefore: run.insertBefore,
          get env() {
            return run.env;
          },
        };
        others.push(program);
        runs.push(program);
        const shown = placeholderOf(run.name, input.placeholders)?.expr ?? run.name;
        // `make build GOARCH=arm64`: what the command line sets is this file's to report and fix.
        if (MAKE_PROGRAM.test(shown)) this.assignments.push(...(makeArguments(program)?.sites ?? []));
        if (place.callsFrom !== undefined) {
          const call = programCall(program, shown, place.callsFrom, place);
          if (call) this.calls.push(call);
        }
        return;
      }
      if (place.callsFrom !== undefined && command.tool === 'goreleaser') {
        // Stryker disable next-line MethodExpression: the program word, goreleaser, is never --config or -f
        const call = goreleaserCall(command, run.words.slice(1).map((w) => w.value), place.callsFrom, place);
        if (call) this.calls.push(call);
      }
      runs.push(command);
      goCommands.push(command);
      this.commands.push(command);
      this.contexts.push({ env: command.env, goVersion: place.goVersion, command, stageIndex: place.stageIndex, ...(place.runner ? { runner: place.runner } : {}), where: place.where });
      for (const site of new Set(unseenBy(run))) this.lost.push({ site, command, why: 'not-exported' });
      if (command.tool === 'gox') {
        // Every pair gox builds is a target of its own (gox.ts).
        const { sites, targets } = goxTargets(command);
        this.assignments.push(...sites);
        for (const env of targets) this.contexts.push({ env, goVersion: place.goVersion, command, stageIndex: place.stageIndex, where: place.where });
      }
    });
    this.assignments.push(...result.assignments);
    this.noteCuts(result.cut);
    // The walk's own result object, completed (a copy of it per recipe showed in profiles of large Makefiles).
    return Object.assign(result, { goCommands, others, runs });
  }

  /** Takes what a builder of another walk of this file's texts (a matrix leg's) cut and sourced, for the log and the watchers. */
  absorb(other: ModelBuilder): void {
    this.noteCuts(other.cut);
    for (const s of other.sourced) if (!this.sourced.includes(s)) this.sourced.push(s);
  }

  /** Adds what a walk's budgets cut, each phrase once per file. */
  noteCuts(cuts: readonly string[]): void {
    for (const c of cuts) if (!this.cut.includes(c)) this.cut.push(c);
  }

  /** One log line for everything a budget cut in this file, or undefined when nothing was. */
  cutReport(): string | undefined {
    if (!this.cut.length) return undefined;
    return `xbd: ${this.file}: not followed: ${this.cut.join('; ')}; what they could set is taken as unknown`;
  }
}

/** The file a reader finds first for `name`; undefined when it finds none or cannot read (a folder, no permission). */
function readFirst(reader: IncludeReader, name: string, from: string): ReturnType<IncludeReader>[number] | undefined {
  try {
    return reader(name, from)[0];
  } catch {
    // Nothing read: the caller goes on without the file.
  }
}
