import type { GoVersion } from '../knowledge/go-versions';
import type { BuildModel } from '../model/types';
import type { LineIndex } from '../text';
import type { ModuleInfo } from '../model/gomod';
import type { FilePlan } from '../plan/build-plan';
import type { DocumentKind, Facts, Fix, ModuleImport, Range, RelatedInformation, Severity, SourceFile } from '../types';

/** The module a file belongs to, as analyze gives it: `importSites` is undefined when the adapter scanned no sources. */
export type RuleModule = ModuleInfo & { importSites?: ModuleImport[] };

/** The project's home; rule pages live under docs/rules/ there (`XB101.md`). */
export const PROJECT_URL = 'https://github.com/go-cross-build-doctor/xbd';
export const DOCS_BASE_URL = `${PROJECT_URL}/blob/main/docs/rules/`;

/** The model of a file of kind K: a rule that declares `kinds: ['dockerfile']` reads a DockerfileModel. */
export type ModelOf<K extends DocumentKind> = Extract<BuildModel, { kind: K }>;

/**
 * Files that run builds: go commands and the environments they run in (a workflow's `run:` steps are shell;
 * a GoReleaser build is one go build per target).
 */
export const BUILD_FILES = ['dockerfile', 'makefile', 'shell', 'workflow', 'goreleaser'] as const;
export type BuildFile = (typeof BUILD_FILES)[number];
/** Files that assign build variables: the build files and the go env file. */
export const VALUE_FILES = ['dockerfile', 'makefile', 'shell', 'workflow', 'goenv', 'goreleaser'] as const;
export type ValueFile = (typeof VALUE_FILES)[number];

export interface RuleContext<M extends BuildModel = BuildModel> {
  file: SourceFile;
  model: M;
  lines: LineIndex;
  facts: Facts;
  /** The Go module the file belongs to, when the adapter found its go.mod (XB203, XB601). */
  module?: RuleModule;
  /** What the build plan says about this file (which builds build it, for which platforms); undefined when none was made. */
  plan?: FilePlan;
}

/** What a rule reports; the engine adds file, code and the configured severity. */
export interface RuleReport {
  range: Range;
  message: string;
  /** Overrides the rule's default severity for this finding (rules with E/W or I/E variants). */
  severity?: Severity;
  fixes?: Fix[];
  related?: RelatedInformation[];
}

/**
 * A run of the real go command that shows a rule's claim. The truth harness runs every witness with
 * each covered Go version in `versions` (all by default) on a tiny module and checks the outcome.
 */
export interface Witness {
  claim: string;
  /** Run the build with this C compiler setup: `host` (the machine's gcc on PATH, default) or `none` (no C compiler on PATH). */
  cc?: 'host' | 'none';
  /** After the go command succeeded, look at or run the binary it wrote (`app` unless `-o` says otherwise). */
  inspect?: Inspection[];
  versions?: { from?: GoVersion; to?: GoVersion };
  /**
   * The program built: `hello` (fmt only), `net` (net + os/user), `cgo` (import "C"), `cgodep` (main
   * imports a local package `sqlite` whose only file imports "C"; prints 3).
   */
  program?: 'hello' | 'net' | 'cgo' | 'cgodep';
  env: Record<string, string>;
  /**
   * Run with GOROOT set to `empty` (an empty directory), `missing` (a path that does not exist) or
   * `other` (the root of another covered release: the previous one, the next one for the oldest).
   */
  goroot?: 'empty' | 'missing' | 'other';
  /** Arguments after `go`, e.g. ['build', '-o', 'app', '.']. */
  args: string[];
  /**
   * Instead of running go directly, run a Makefile (`make -s`) or a script (`sh build.sh`) written into
   * the module; `go` on its PATH is the toolchain under test. `args` is then shown for reference only.
   */
  script?: { make?: string; sh?: string };
  expect: {
    /** 'fail' = any non-zero exit. */
    exit: 'ok' | 'fail';
    /** The exact exit status, when it says something (127: the shell found no such command). */
    code?: number;
    /** Text that must appear in stderr (exact substring). */
    stderr?: string;
    /** Text that must NOT appear in stderr. */
    notStderr?: string;
    stdout?: string;
  };
}

/**
 * What the harness does with a built binary: `file` prints its type, `interp` its ELF interpreter
 * (readelf -l), `scratch` runs it alone in an empty root (chroot), as `FROM scratch` would; `run` runs it
 * here; `qemu` runs it under qemu-user for `qemu.arch` (optionally emulating `qemu.cpu`).
 */
export interface Inspection {
  kind: 'file' | 'interp' | 'scratch' | 'run' | 'qemu';
  qemu?: { arch: string; cpu?: string };
  expect: {
    exit?: 'ok' | 'fail';
    /** Text the combined output must contain / must not contain. */
    output?: string;
    notOutput?: string;
  };
}

export interface Rule<K extends DocumentKind = DocumentKind> {
  code: string;
  title: string;
  severity: Severity;
  /** The kinds of file the rule reads: the registry runs it on those only, and its docs page names them. */
  kinds: readonly K[];
  /** Whether its findings can carry fixes; false means never (the docs page's Fix line says "none"). */
  fixable: boolean;
  /** Runs of the real toolchain that back the rule's claims. */
  witnesses: Witness[];
  /**
   * Codes this rule's finding replaces at the same range: the same root cause told more exactly (one
   * diagnostic per cause and place, never two with different advice).
   */
  supersedes?: readonly string[];
  /**
   * The verdict depends on the Go version (ports, flags per port, experiments): where the Go in use is a
   * range (go.mod's minimum), analyze runs the rule per version and errs only when every one fails.
   */
  versioned?: boolean;
  check(ctx: RuleContext<ModelOf<K>>): RuleReport[];
}

export function docsUrl(code: string): string {
  return `${DOCS_BASE_URL}${code}.md`;
}
