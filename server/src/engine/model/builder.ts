import { walkShell, type ShellInput, type ShellResult } from '../shell/walk';
import { goCommandOf, GO_WATCH, unseenBy } from './go-command';
import { goxTargets } from './gox';
import type { Range } from '../types';
import { RangeNotes, type Assignment, type EnvContext, type EnvEntry, type GoCommand, type GoVersionSource, type ImageBuild, type LostAssignment } from './types';

/** A program other than go that a shell text runs, with its evaluated arguments (what a package manager installs). */
export interface Program {
  name: string;
  args: (string | undefined)[];
  /** Where `cd` moved the shell before it ran, as GoCommand.cwd. */
  cwd?: string;
  /** The whole command, and the environment it gets (what a `make` passes on to its recipes; built when asked). */
  range: Range;
  readonly env: Map<string, EnvEntry>;
}

/** Where the go commands of one shell text run: the context's Go version and description. */
export interface ShellPlace {
  goVersion: GoVersionSource;
  /** "stage build", "recipe of release", "this script". */
  where: string;
  /** Dockerfile only: the stage whose RUN it is. */
  stageIndex?: number;
  /** Where the text runs when the file says (a workflow job's runner). */
  runner?: { goos?: string; goarch?: string };
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
  /** Image builds (`docker buildx build`) a reader found; Makefiles and scripts collect them for the build plan. */
  readonly images: ImageBuild[] = [];
  readonly notes: RangeNotes;
  private readonly cut: string[] = [];

  constructor(readonly file: string) {
    this.notes = new RangeNotes(file);
  }

  /** The fields every kind's model has, shared with this builder (what is added later is in the model). */
  base(): { file: string; assignments: Assignment[]; commands: GoCommand[]; contexts: EnvContext[]; lost: LostAssignment[]; rangeNotes: RangeNotes } {
    return { file: this.file, assignments: this.assignments, commands: this.commands, contexts: this.contexts, lost: this.lost, rangeNotes: this.notes };
  }

  /** Claims the ranges of this file's own sites and commands in the notes, once the model is complete. */
  claimOwnRanges(): void {
    for (const a of this.assignments) if (a.file === this.file) for (const r of [a.nameRange, a.range, a.valueRange]) this.notes.claim(r);
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
    const result = walkShell({ ...input, watch: GO_WATCH }, (run) => {
      const command = goCommandOf(this.file, run);
      if (!command) {
        const program: Program = {
          name: run.name,
          args: run.words.slice(1).map((w) => w.value),
          cwd: run.cwd,
          range: run.range,
          get env() {
            return run.env;
          },
        };
        others.push(program);
        runs.push(program);
        return;
      }
      runs.push(command);
      goCommands.push(command);
      this.commands.push(command);
      this.contexts.push({ env: command.env, goVersion: place.goVersion, command, ...(place.stageIndex !== undefined ? { stageIndex: place.stageIndex } : {}), ...(place.runner ? { runner: place.runner } : {}), where: place.where });
      for (const site of new Set(unseenBy(run))) this.lost.push({ site, command, why: 'not-exported' });
      if (command.tool === 'gox') {
        // Every pair gox builds is a target of its own (gox.ts).
        const { sites, targets } = goxTargets(command);
        this.assignments.push(...sites);
        for (const env of targets) this.contexts.push({ env, goVersion: place.goVersion, command, ...(place.stageIndex !== undefined ? { stageIndex: place.stageIndex } : {}), where: place.where });
      }
    });
    this.assignments.push(...result.assignments);
    for (const c of result.cut) if (!this.cut.includes(c)) this.cut.push(c);
    return { ...result, goCommands, others, runs };
  }

  /** One log line for everything a budget cut in this file, or undefined when nothing was. */
  cutReport(): string | undefined {
    if (!this.cut.length) return undefined;
    return `xbd: ${this.file}: not followed: ${this.cut.join('; ')}; what they could set is taken as unknown`;
  }
}
