import { walkShell, type ShellInput, type ShellResult, type SimpleCommand } from '../shell/walk';
import { goCommandOf, GO_WATCH, unseenBy } from './go-command';
import type { Assignment, EnvContext, GoCommand, GoVersionSource, LostAssignment } from './types';

/** Where the go commands of one shell text run: the context's Go version and description. */
export interface ShellPlace {
  goVersion: GoVersionSource;
  /** "stage build", "recipe of release", "this script". */
  where: string;
  /** Dockerfile only: the stage whose RUN it is. */
  stageIndex?: number;
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
  private readonly cut: string[] = [];

  constructor(readonly file: string) {}

  /** Walks one shell text (watching the go command and build variables) and adds what it ran. */
  walk(input: Omit<ShellInput, 'watch'>, place: ShellPlace): ShellResult & { goCommands: GoCommand[]; others: SimpleCommand[] } {
    const result = walkShell({ ...input, watch: GO_WATCH });
    return { ...result, ...this.addShell(result, place) };
  }

  /**
   * Adds one shell walk: its sites, the go commands it ran (each an EnvContext, with the plain shell
   * variables it did not see), what a budget cut. Returns the go commands, in order, and the other
   * programs run (package managers: what they install).
   */
  addShell(result: ShellResult, place: ShellPlace): { goCommands: GoCommand[]; others: SimpleCommand[] } {
    this.assignments.push(...result.assignments);
    const commands: GoCommand[] = [];
    const others: SimpleCommand[] = [];
    for (const run of result.commands) {
      const command = goCommandOf(this.file, run);
      if (!command) {
        others.push(run);
        continue;
      }
      commands.push(command);
      this.commands.push(command);
      this.contexts.push({ env: command.env, goVersion: place.goVersion, command, ...(place.stageIndex !== undefined ? { stageIndex: place.stageIndex } : {}), where: place.where });
      for (const site of new Set(unseenBy(run))) this.lost.push({ site, command, why: 'not-exported' });
    }
    for (const c of result.cut) if (!this.cut.includes(c)) this.cut.push(c);
    return { goCommands: commands, others };
  }

  /** One log line for everything a budget cut in this file, or undefined when nothing was. */
  cutReport(): string | undefined {
    if (!this.cut.length) return undefined;
    return `xbd: ${this.file}: not followed: ${this.cut.join('; ')}; what they could set is taken as unknown`;
  }
}
