import type { Range, TextEdit } from '../types';
import type { EnvEntry, GoCommand, Program } from './types';

// A `make` command line as a shell runs it (a Dockerfile RUN, a recipe's $(MAKE), a workflow step):
// what it asks make for, and how the go commands it runs are placed on it.

const MAKE_VALUED = new Set(['-C', '-f', '-I', '-o', '-W', '-l', '--directory', '--file', '--makefile', '--include-dir', '--old-file', '--what-if']);

/** What a `make` command line asks for: the directory (-C, relative), the Makefile (-f), goals and VAR=value words. */
export interface MakeArguments {
  dir?: string;
  file?: string;
  targets: string[];
  /** The environment the recipes get: the command's, with the command line's VAR=value over it. */
  env: Map<string, EnvEntry>;
}

/** Reads a make command's arguments; undefined when a word cannot be read (it could name another directory or file). */
export function makeArguments(program: Program): MakeArguments | undefined {
  let dir: string | undefined;
  let file: string | undefined;
  const targets: string[] = [];
  const env = new Map<string, EnvEntry>(program.env);
  for (let i = 0; i < program.args.length; i++) {
    const a = program.args[i];
    if (a === undefined) return undefined;
    const long = /^(--[a-z-]+)=(.*)$/.exec(a);
    const [flag, inline] = long ? [long[1], long[2]] : /^-[CfIoWl]./.test(a) ? [a.slice(0, 2), a.slice(2)] : [a, undefined];
    if (MAKE_VALUED.has(flag)) {
      const value = inline ?? program.args[++i];
      if (value === undefined) return undefined;
      if (flag === '-C' || flag === '--directory') dir = dir === undefined || value.startsWith('/') ? value : `${dir}/${value}`;
      if (flag === '-f' || flag === '--file' || flag === '--makefile') file = value;
    } else if (a.startsWith('-')) continue;
    else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) {
      const name = a.slice(0, a.indexOf('='));
      env.set(name, { name, value: a.slice(name.length + 1), expr: a.slice(name.length + 1) });
    } else targets.push(a);
  }
  return { dir, file, targets, env };
}

/** A go command of a Makefile as a `make` elsewhere runs it (a RUN, a recipe's $(MAKE)): every range it reports on is the make command's. */
export function placedAt(command: GoCommand, range: Range, file: string): GoCommand {
  const at = (w: GoCommand['args'][number]) => ({ ...w, range, source: undefined });
  return {
    ...command,
    file,
    range,
    goRange: range,
    args: command.args.map(at),
    flags: new Map([...command.flags].map(([k, w]) => [k, at(w)])),
    insertBefore: (text: string): TextEdit => ({ file, range: { start: range.start, end: range.start }, newText: text }),
  };
}

