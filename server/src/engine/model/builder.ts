import type { ShellResult } from '../shell/walk';
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

  /** Adds one shell walk; returns its go commands (in order) for what the kind adds to them. */
  addShell(result: ShellResult, place: ShellPlace): GoCommand[] {
    this.assignments.push(...result.assignments);
    this.lost.push(...result.lost.map((l) => ({ ...l, why: 'not-exported' as const })));
    for (const command of result.commands) {
      this.commands.push(command);
      this.contexts.push({ env: command.env, goVersion: place.goVersion, command, ...(place.stageIndex !== undefined ? { stageIndex: place.stageIndex } : {}), where: place.where });
    }
    for (const c of result.cut) if (!this.cut.includes(c)) this.cut.push(c);
    return result.commands;
  }

  /** One log line for everything a budget cut in this file, or undefined when nothing was. */
  cutReport(): string | undefined {
    if (!this.cut.length) return undefined;
    return `xbd: ${this.file}: not followed: ${this.cut.join('; ')}; what they could set is taken as unknown`;
  }
}
