import type { Range, TextEdit } from '../types';
import { isLiteral } from '../shell/walk';
import { writtenOnOneLine } from '../shell/types';
import type { Assignment, EnvEntry, GoCommand, Program, Word } from './types';

// A `make` command line as a shell runs it (a Dockerfile RUN, a recipe's $(MAKE), a workflow step):
// what it asks make for, and how the go commands it runs are placed on it.

/** The program word of a make command as written: `make`, `gmake`, or a Makefile's `$(MAKE)`. */
export const MAKE_PROGRAM = /^(\$[({]MAKE[)}]|make|gmake)$/;

const MAKE_VALUED = new Set(['-C', '-f', '-I', '-o', '-W', '-l', '--directory', '--file', '--makefile', '--include-dir', '--old-file', '--what-if']);

/** What a `make` command line asks for: the directory (-C, relative), the Makefile (-f), goals and VAR=value words. */
export interface MakeArguments {
  dir?: string;
  file?: string;
  targets: string[];
  /** The environment the recipes get: the command's, with the command line's VAR=value over it. */
  env: Map<string, EnvEntry>;
  /** The command line's VAR=value written in place (the sites of those env entries). */
  sites: Assignment[];
}

/** Each make command's arguments read once: its command-line sites are the same objects for every reader. */
const read = new WeakMap<Program, MakeArguments | undefined>();

/** Reads a make command's arguments; undefined when a word cannot be read (it could name another directory or file). */
export function makeArguments(program: Program): MakeArguments | undefined {
  if (!read.has(program)) read.set(program, readArguments(program));
  return read.get(program);
}

function readArguments(program: Program): MakeArguments | undefined {
  let dir: string | undefined;
  let file: string | undefined;
  const targets: string[] = [];
  const sites: Assignment[] = [];
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
      const value = a.slice(name.length + 1);
      const site = commandLineSite(program, program.words[i], name, value);
      if (site) sites.push(site);
      env.set(name, { name, value, expr: site?.valueText ?? value, ...(site ? { site, definition: site } : {}) });
    } else targets.push(a);
  }
  return { dir, file, targets, env, sites };
}

/**
 * `GOARCH=arm64` on make's command line, as written: where value rules report it and a fix rewrites it
 * (it overrides the Makefile's own assignment of the variable). Only for a word written whole on one line
 * as `NAME=…`; a word that came from an expansion has no place of its own.
 */
function commandLineSite(program: Program, word: Word, name: string, value: string): Assignment | undefined {
  if (!word.text.startsWith(`${name}=`) || !writtenOnOneLine(word)) return undefined;
  const { start, end } = word.range;
  const at = (character: number) => ({ line: start.line, character });
  const valueText = word.text.slice(name.length + 1);
  const file = program.file;
  return {
    file,
    name,
    kind: 'make-command-line',
    nameRange: { start, end: at(start.character + name.length) },
    range: word.range,
    valueRange: { start: at(start.character + name.length + 1), end },
    valueText,
    value,
    literal: isLiteral(valueText) && !/['"\\]/.test(valueText),
    addSibling: (n, v) => ({ file, range: { start: end, end }, newText: ` ${n}=${v}` }),
    // With the blank before it: the program word always comes first, so there is one.
    remove: () => ({ file, range: { start: at(Math.max(0, start.character - 1)), end }, newText: '' }),
  };
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

