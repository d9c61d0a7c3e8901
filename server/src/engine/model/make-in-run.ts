import { LineIndex } from '../text';
import { ModelBuilder, type Program } from './builder';
import { makefileModel } from './makefile-model';
import { makeArguments, placedAt } from './make-command';
import type { GoCommand, ModelOptions, RangeNotes } from './types';

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

/** The Makefiles GNU make looks for, in its order, when no -f names one. */
const DEFAULT_MAKEFILES = ['GNUmakefile', 'makefile', 'Makefile'];

/** Called for `make` and `gmake` only (dockerfile-model.ts picks them). */
export function makeRun(program: Program, dockerfile: string, workdir: string, context: ContextCopies, options: ModelOptions, notes: RangeNotes): MakeRun | undefined {
  if (!options.readInclude) return undefined;
  // Where make runs is unknown: a WORKDIR or `cd` that cannot be read.
  if (!workdir || program.cwd === undefined) return undefined;
  const args = makeArguments(program);
  if (!args) return undefined;
  const dir = joinPath(joinPath(workdir, program.cwd), args.dir ?? '');
  const { file, targets, env } = args;
  for (const name of file ? [file] : DEFAULT_MAKEFILES) {
    // A Makefile outside the copied context (make runs elsewhere, `-f /usr/share/cross.mk`) is not the adapter's to read.
    const word = contextPath(joinPath(dir, name), context);
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
    // Stryker disable next-line StringLiteral: makefileModel reads a file's path and text, never its kind
    makefileModel({ path, kind: 'makefile', text }, new LineIndex(text), options, parts, { targets, env });
    for (const a of parts.assignments) for (const r of [a.nameRange, a.range, a.valueRange]) notes.set(a.file, r, { file: a.file });
    const via = { makefile: path };
    return { path, dir, commands: parts.commands.map((c) => ({ ...placedAt(c, program.range, dockerfile), via })) };
  }
  return undefined;
}

/** A path in the image as the reader names it (relative to the build context), when the stage copied the context there. */
export function contextPath(path: string, context: ContextCopies): string | undefined {
  // The deepest copy holding the path: its files are the ones there (a later copy over an earlier one).
  const inside = context.map((root) => {
    const prefix = root.endsWith('/') ? root : `${root}/`;
    return path === root ? '' : path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
  });
  return inside.filter((p) => p !== undefined).sort((a, b) => a.length - b.length)[0];
}

export function joinPath(dir: string, path: string): string {
  const joined = path.startsWith('/') ? path : `${dir}/${path}`;
  const out: string[] = [];
  for (const part of joined.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}
