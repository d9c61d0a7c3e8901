import { LineIndex } from '../text';
import type { Range, TextEdit } from '../types';
import { ModelBuilder, type Program } from './builder';
import { makefileModel } from './makefile-model';
import type { EnvEntry, GoCommand, ModelOptions, RangeNotes } from './types';

/**
 * `RUN make build` in a Dockerfile: the go commands of that target's recipe run in the stage, with the
 * stage's environment (and the RUN's prefixes) exported to them. The Makefile is read from the build
 * context through the adapter's include reader, when the stage copied the context into the directory
 * make runs in (`COPY . .` in WORKDIR). Each go command found is placed on the `make` command of the
 * RUN (where it runs, and where a prefix such as `GOARCH=$TARGETARCH ` makes it reach go); the
 * Makefile's own sites keep their ranges, noted as that file's so no finding lands on them here.
 */
export interface MakeRun {
  /** The Makefile as the adapter named it. */
  path: string;
  /** The directory make runs in, in the image. */
  dir: string;
  commands: GoCommand[];
}

/** Where the stage has the build context: the absolute directories `COPY . DEST` (no --from) wrote it to. */
export type ContextCopies = string[];

const MAKE_VALUED = new Set(['-C', '-f', '-I', '-o', '-W', '-l', '--directory', '--file', '--makefile', '--include-dir', '--old-file', '--what-if']);

export function makeRun(program: Program, dockerfile: string, workdir: string, context: ContextCopies, options: ModelOptions, notes: RangeNotes): MakeRun | undefined {
  if ((program.name !== 'make' && program.name !== 'gmake') || !options.readInclude || !workdir || program.cwd === undefined) return undefined;
  let dir = joinPath(workdir, program.cwd || '.');
  let file: string | undefined;
  const targets: string[] = [];
  const env = new Map<string, EnvEntry>(program.env);
  for (let i = 0; i < program.args.length; i++) {
    const a = program.args[i];
    if (a === undefined) return undefined; // a word we cannot read could name another directory or file
    const long = /^(--[a-z-]+)=(.*)$/.exec(a);
    const [flag, inline] = long ? [long[1], long[2]] : /^-[CfIoWl]./.test(a) ? [a.slice(0, 2), a.slice(2)] : [a, undefined];
    if (MAKE_VALUED.has(flag)) {
      const value = inline ?? program.args[++i];
      if (value === undefined) return undefined;
      if (flag === '-C' || flag === '--directory') dir = joinPath(dir, value);
      if (flag === '-f' || flag === '--file' || flag === '--makefile') file = value;
    } else if (a.startsWith('-')) continue;
    else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) {
      const name = a.slice(0, a.indexOf('='));
      env.set(name, { name, value: a.slice(name.length + 1), expr: a.slice(name.length + 1) });
    } else targets.push(a);
  }
  const root = context.filter((d) => dir === d || dir.startsWith(d === '/' ? '/' : `${d}/`)).sort((x, y) => y.length - x.length)[0];
  if (root === undefined) return undefined;
  const relDir = dir.slice(root.length).replace(/^\/+/, '');
  const names = file ? [file] : ['GNUmakefile', 'makefile', 'Makefile'];
  for (const name of names) {
    const word = name.startsWith('/') ? (name.startsWith(root) ? name.slice(root.length).replace(/^\/+/, '') : undefined) : relDir ? `${relDir}/${name}` : name;
    if (word === undefined) return undefined;
    let found: { path: string; text: string }[];
    try {
      found = options.readInclude(word, dockerfile);
    } catch {
      return undefined;
    }
    if (!found.length) continue;
    const { path, text } = found[0];
    const parts = new ModelBuilder(path);
    makefileModel({ path, kind: 'makefile', text }, new LineIndex(text), options, parts, { targets, env });
    for (const a of parts.assignments) for (const r of [a.nameRange, a.range, a.valueRange]) notes.set(a.file, r, { file: a.file });
    const via = { makefile: path };
    return { path, dir, commands: parts.commands.map((c) => ({ ...placedAt(c, program.range, dockerfile), via })) };
  }
  return undefined;
}

/** A go command of the Makefile as the RUN's `make` runs it: every range it reports on is the make command's. */
function placedAt(command: GoCommand, range: Range, file: string): GoCommand {
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

export function joinPath(dir: string, path: string): string {
  const joined = path.startsWith('/') ? path : `${dir.replace(/\/$/, '')}/${path}`;
  const out: string[] = [];
  for (const part of joined.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}
