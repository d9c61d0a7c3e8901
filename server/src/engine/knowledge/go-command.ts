/**
 * Facts about the go command itself: what each subcommand does with the target, and what each build flag
 * takes. Rules and the model ask these tables instead of keeping sets of their own.
 */

/** What a go subcommand does with GOOS/GOARCH, cgo and the flags. */
export interface SubcommandFacts {
  /** Compiles packages for the target (cgo runs, the C compiler is needed, GOOS/GOARCH matter). */
  compiles: boolean;
  /** Links a binary (linker flags reach the linker, the C linker runs for external linking). */
  links: boolean;
  /** Leaves a binary behind (`-o`, or GOBIN for install) that something else may run or ship. */
  writesBinary: boolean;
  /** Runs what it built on this machine (`go run`, `go test`). */
  runsBinary: boolean;
}

const NONE: SubcommandFacts = { compiles: false, links: false, writesBinary: false, runsBinary: false };

export const GO_SUBCOMMANDS: Readonly<Record<string, SubcommandFacts>> = {
  build: { compiles: true, links: true, writesBinary: true, runsBinary: false },
  install: { compiles: true, links: true, writesBinary: true, runsBinary: false },
  run: { compiles: true, links: true, writesBinary: false, runsBinary: true },
  test: { compiles: true, links: true, writesBinary: false, runsBinary: true },
  // vet type-checks for the target and runs cgo on cgo packages, but links nothing.
  vet: { compiles: true, links: false, writesBinary: false, runsBinary: false },
};

export type SubcommandRole = keyof SubcommandFacts;

/** Whether `go <subcommand>` does `role`; unknown subcommands (env, mod, tool…) do nothing of these. */
export function subcommandDoes(subcommand: string, role: SubcommandRole): boolean {
  return (Object.hasOwn(GO_SUBCOMMANDS, subcommand) ? GO_SUBCOMMANDS[subcommand] : NONE)[role];
}

/** A go build flag: whether it takes a value, and, for the flag lists, which tool reads the list. */
export interface BuildFlagFacts {
  /** `-flag value` or `-flag=value` (false: a boolean flag). */
  takesValue: boolean;
  /** The value is a list of another tool's flags (and so often has blanks). */
  listFor?: 'linker' | 'compiler' | 'assembler' | 'gccgo compiler';
  /** Changes what a build produces (as opposed to -x, -v, -p, -mod…), so it does not belong in the go env file. */
  changesOutput: boolean;
}

const flag = (takesValue: boolean, changesOutput: boolean, listFor?: BuildFlagFacts['listFor']): BuildFlagFacts => ({
  takesValue,
  changesOutput,
  ...(listFor ? { listFor } : {}),
});

/** The build flags shared by build, install, run, test and vet (`go help build`). */
export const GO_BUILD_FLAGS: Readonly<Record<string, BuildFlagFacts>> = {
  ldflags: flag(true, true, 'linker'),
  gcflags: flag(true, true, 'compiler'),
  asmflags: flag(true, true, 'assembler'),
  gccgoflags: flag(true, true, 'gccgo compiler'),
  tags: flag(true, true),
  buildmode: flag(true, true),
  installsuffix: flag(true, true),
  compiler: flag(true, true),
  pgo: flag(true, true),
  overlay: flag(true, true),
  covermode: flag(true, true),
  coverpkg: flag(true, true),
  mod: flag(true, false),
  modfile: flag(true, false),
  pkgdir: flag(true, false),
  toolexec: flag(true, false),
  p: flag(true, false),
  exec: flag(true, false),
  trimpath: flag(false, true),
  race: flag(false, true),
  msan: flag(false, true),
  asan: flag(false, true),
  linkshared: flag(false, true),
  cover: flag(false, true),
};

/** The facts of build flag `name` (without the dash); undefined for flags that are not build flags. */
export function goBuildFlag(name: string): BuildFlagFacts | undefined {
  return Object.hasOwn(GO_BUILD_FLAGS, name) ? GO_BUILD_FLAGS[name] : undefined;
}

/**
 * Programs that run the go command for a target, and where their subcommand is: go's own after its
 * flags (`go -C dir build`), goreleaser's first word (`goreleaser build`); xx-go and gox only build.
 */
export const GO_TOOLS: Readonly<Record<string, { subcommand: 'after-flags' | 'first-word' | 'build' }>> = {
  go: { subcommand: 'after-flags' },
  'xx-go': { subcommand: 'build' },
  gox: { subcommand: 'build' },
  goreleaser: { subcommand: 'first-word' },
};

/**
 * Flags of the go command other than the shared build flags that take their value as the next word:
 * go's own -C, build's -o, the test flags (`go help testflag`), -buildvcs as scripts write it.
 */
export const GO_OTHER_VALUED_FLAGS: readonly string[] = [
  'C', 'o', 'run', 'skip', 'count', 'timeout', 'bench', 'benchtime', 'cpu', 'parallel', 'coverprofile',
  'cpuprofile', 'memprofile', 'blockprofile', 'mutexprofile', 'trace', 'outputdir', 'shuffle', 'fuzz',
  'fuzztime', 'buildvcs',
];
