import { MAKE_PROGRAM, makeArguments } from './make-command';
import type { Range } from '../types';
import type { Call, EnvEntry, GoCommand, Program } from './types';

/** The Makefile names GNU make tries, in order, when no -f is given. */
const MAKEFILE_NAMES = ['GNUmakefile', 'makefile', 'Makefile'];
/** The config names GoReleaser tries, in order, when no --config is given (its documentation, v1 and v2). */
const GORELEASER_NAMES = ['.goreleaser.yml', '.goreleaser.yaml', 'goreleaser.yml', 'goreleaser.yaml'];
/** Shells that run a script file given as their first operand. */
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh']);

interface Place {
  where: string;
  runner?: { goos?: string; goarch?: string };
  /** A script's shell (not a Makefile recipe's): a plain `make` there runs the Makefile of its directory, a call. */
  script?: boolean;
}

/** A script file by its name: `build.sh`, `make.bash`, `env.zsh`. */
const SCRIPT_FILE = /\.(ba|z)?sh$/;

/**
 * A program run that is another build file: `make TARGET` (a Makefile elsewhere: -C or -f; the same
 * Makefile's $(MAKE) is followed inside its model), `./build.sh`, `bash scripts/x.sh`, `sh x.sh`.
 * `shown` is the program word as written (`$(MAKE)` for a placeholder). Undefined for anything else,
 * and when a word that names the file cannot be read.
 */
export function programCall(program: Program, shown: string, base: string, place: Place): Call | undefined {
  if (program.cwd === undefined) return undefined;
  const dir = joinRelative(base, program.cwd);
  const common = { cwd: dir, env: program.env, range: program.range, where: place.where, ...(place.runner ? { runner: place.runner } : {}) };
  if (MAKE_PROGRAM.test(shown)) {
    const args = makeArguments(program);
    if (!args) return undefined;
    // In a Makefile's recipes (their shell starts at the Makefile: ''), a plain make runs the same Makefile: the
    // model's own (makefile-model.ts).
    if (!place.script && base === '' && args.dir === undefined && args.file === undefined) return undefined;
    const at = joinRelative(dir, args.dir ?? '');
    const names = (args.file ? [args.file] : MAKEFILE_NAMES).map((n) => joinRelative(at, n));
    return { kind: 'makefile', names, targets: args.targets, ...common, env: args.env };
  }
  const script = scriptOf(program);
  if (script === undefined) return undefined;
  // Stryker disable next-line ArrayDeclaration: follow/ reads a call's targets for Makefiles only (a script has no goals)
  return { kind: 'shell', names: [joinRelative(dir, script)], targets: [], ...common };
}

/** The script file a command runs: `./build.sh`, `scripts/x.sh`, or the first operand of `bash`/`sh` (not `-c`). */
export function scriptOf(program: Program): string | undefined {
  const own = scriptProgram(program.path);
  if (own) return own;
  if (SHELLS.has(program.name)) {
    const operand = program.args.find((a) => a === undefined || !a.startsWith('-'));
    // Stryker disable next-line StringLiteral: an unknown word is no option, whatever text stands for it
    if (program.args.some((a) => /^-[a-zA-Z]*c/.test(a ?? ''))) return undefined;
    // Stryker disable next-line StringLiteral: an unknown operand names no script, whatever text stands for it
    return SCRIPT_FILE.test(operand ?? '') ? operand : undefined;
  }
  return undefined;
}

/** The script a command names as its program (`./build.sh`, `scripts/build.sh`): from the walker's word. */
function scriptProgram(word: string | undefined): string | undefined {
  return word !== undefined && word.includes('/') && SCRIPT_FILE.test(word) && !word.startsWith('/') ? word : undefined;
}

/** `goreleaser release` (or build): the config it reads (--config/-f, else the default names) with its environment. */
export function goreleaserCall(command: GoCommand, args: (string | undefined)[], base: string, place: Place): Call | undefined {
  if (command.cwd === undefined) return undefined;
  return goreleaserRun(args, joinRelative(base, command.cwd), command.env, command.range, place);
}

/**
 * GoReleaser run in `dir` with `args` (a command's words, or the `args` input of goreleaser/goreleaser-action):
 * the config it reads. Undefined when a --config value cannot be read.
 */
export function goreleaserRun(args: (string | undefined)[], dir: string, env: Map<string, EnvEntry>, range: Range, place: Place): Call | undefined {
  let config: string | undefined;
  for (const [i, a] of args.entries()) {
    // Stryker disable next-line StringLiteral: an unknown word is no option, whatever text stands for it
    const m = /^(--config|-f)(?:=(.*))?$/.exec(a ?? '');
    if (!m) continue;
    config = m[2] ?? args[i + 1];
    if (config === undefined) return undefined;
  }
  const names = (config ? [config] : GORELEASER_NAMES).map((n) => joinRelative(dir, n));
  // Stryker disable next-line ArrayDeclaration: follow/ reads a call's targets for Makefiles only (GoReleaser has no goals)
  return { kind: 'goreleaser', names, cwd: dir, targets: [], env, range, where: place.where, ...(place.runner ? { runner: place.runner } : {}) };
}

/**
 * `dir/path` kept relative ('..' kept at the front; '' for the directory itself, as Call.cwd): the reader
 * resolves it against the caller's directory. Absolute when `dir` or `path` is (`make -C /src/app`).
 */
export function joinRelative(dir: string, path: string): string {
  if (path.startsWith('/')) return path;
  if (dir.startsWith('/')) return `/${joinRelative(dir.slice(1), path)}`;
  const out: string[] = [];
  for (const part of `${dir}/${path}`.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}
