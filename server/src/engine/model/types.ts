import type { GoVersion } from '../knowledge/go-versions';
import type { Libc } from '../knowledge/images';
import type { Assignment, EnvEntry, Word } from '../shell/types';
import type { Position, Range, TextEdit } from '../types';

export type { Assignment, AssignmentKind, EnvEntry, HostValues, Word } from '../shell/types';

export type GoTool = 'go' | 'xx-go' | 'gox' | 'goreleaser';

/** One invocation of the go command (or a wrapper that sets the target itself). */
export interface GoCommand {
  file: string;
  /** Where `cd` moved the shell before this command, relative to its start ('' = not moved; undefined = unknown). */
  cwd?: string;
  tool: GoTool;
  /** build, install, run, test, vet, env, generate, ... */
  subcommand: string;
  /** The whole simple command, prefixes included. */
  range: Range;
  /** The `go` word itself. */
  goRange: Range;
  args: Word[];
  /** -tags, -ldflags, -o, -race, -buildmode, ... keyed without the dash; value for valued flags. */
  flags: Map<string, Word>;
  env: Map<string, EnvEntry>;
  /**
   * Set for a go command of a Makefile that a Dockerfile RUN runs through `make`: the Makefile (whether the
   * image is built for several platforms is the build plan's to say).
   */
  via?: { makefile: string };
  /** Inserts text (e.g. `CGO_ENABLED=0 `) right before the `go` word. */
  insertBefore(text: string): TextEdit;
}

/** Where the Go version a verdict assumes came from. */
export interface GoVersionSource {
  version: GoVersion;
  /** e.g. "golang:1.22-alpine on line 3", "go.mod", "the workspace's go", "the newest known Go". */
  because: string;
  /**
   * Set when the Go in use is any from `version` up to this one (go.mod's line is a minimum): verdicts that
   * depend on the version are judged for each (analyze: an error only when every one fails).
   */
  upTo?: GoVersion;
}

/** A set of values that act together: a go command's environment, or a scope's final state. */
export interface EnvContext {
  env: Map<string, EnvEntry>;
  goVersion: GoVersionSource;
  command?: GoCommand;
  /** Dockerfile only: the stage this context belongs to. */
  stageIndex?: number;
  /**
   * The machine the command runs on when the file says so (a workflow job's `runs-on`; parts undefined when
   * the label is not one we know). Unset: the analysing host, as for scripts and Makefiles.
   */
  runner?: { goos?: string; goarch?: string };
  /** Human description for messages: "stage build", "recipe of target release". */
  where: string;
}

/** A file a go command writes, in the stage that runs it (Dockerfile). */
export interface Artefact {
  command: GoCommand;
  stageIndex: number;
  /** Absolute path of the output; undefined when it cannot be known. */
  path?: string;
  /** Other paths the same RUN copied it to (`cp app /usr/local/bin/`). */
  copies?: string[];
}

/** How an artefact reaches another stage: `COPY --from`, or a stage built FROM the producer. */
export interface Delivery {
  artefact: Artefact;
  /** The stage that receives (and may run) it. */
  stageIndex: number;
  /** The COPY instruction (or the FROM line) that brings it. */
  range: Range;
}

export interface LostAssignment {
  site: Assignment;
  command: GoCommand;
  why: 'not-exported' | 'earlier-recipe-line';
}

/**
 * What a finding on a range of the model must say or where it really is: the make conditional it sits
 * under, or another file (an included Makefile), where the finding belongs when that file is analysed.
 */
export interface RangeNote {
  /** Set when the range lies in another file than the one analysed. */
  file?: string;
  /** The make conditionals around it, for messages: "when `ifeq ($(OS),Windows_NT)` holds". */
  condition?: string;
}

/**
 * Notes on ranges of sites and commands, keyed by the range's position and the file it lies in (a site of
 * an included Makefile has ranges in that file), not by object identity. A finding names no file, so a
 * lookup without one takes the analysed file's entry when it has one at that position (every range of
 * its own sites and commands is claimed), else another file's note.
 */
export class RangeNotes {
  private readonly entries = new Map<number | string, readonly { file: string; note?: RangeNote }[]>();
  /** The list of a range the analysed file claimed and nothing else noted: one shared (lists are never changed in place). */
  private readonly own: readonly { file: string; note?: RangeNote }[];
  /**
   * Claims not keyed yet. While no other file has a note, a claim changes no lookup (an unclaimed range
   * of the analysed file reads as it would claimed), and a 100,000-line Makefile makes ~170,000 of them.
   */
  private pending: Range[] | undefined = [];

  /** `file`: the analysed document. */
  constructor(readonly file: string) {
    this.own = [{ file }];
  }

  set(file: string, range: Range, note: RangeNote): void {
    // Stryker disable next-line ConditionalExpression: keying the claims earlier changes no lookup, only how many entries are made
    if (file !== this.file) this.keyPendingClaims();
    const key = positionKey(range);
    const others = this.entries.get(key)?.filter((n) => n.file !== file);
    this.entries.set(key, others ? [...others, { file, note }] : [{ file, note }]);
  }

  /** Marks a range of the analysed file as its own (a finding there stays, with its note if any). */
  claim(range: Range): void {
    // Stryker disable next-line ConditionalExpression,BlockStatement: a claim keyed at once (as before the list) gives the same lookups; range-notes.test.ts pins them both ways
    if (this.pending) {
      this.pending.push(range);
      return;
    }
    const key = positionKey(range);
    const list = this.entries.get(key);
    if (!list) {
      this.entries.set(key, this.own);
      return;
    }
    // Stryker disable next-line MethodExpression,ArrowFunction: a second entry of the analysed file changes no lookup (the first is found), only memory
    if (!list.some((n) => n.file === this.file)) this.entries.set(key, [...list, { file: this.file }]);
  }

  /** The claims made while only the analysed file had notes, keyed once another file's note is set. */
  private keyPendingClaims(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    for (const range of pending) this.claim(range);
  }

  get(range: Range, file?: string): RangeNote | undefined {
    const list = this.entries.get(positionKey(range));
    if (!list) return undefined;
    const own = list.find((n) => n.file === (file ?? this.file));
    if (own || file !== undefined) return own?.note;
    // Stryker disable next-line OptionalChaining: a list without the analysed file's entry was made by set(), whose entries each hold a note
    return list.find((n) => n.note)?.note;
  }

  has(range: Range, file?: string): boolean {
    return this.get(range, file) !== undefined;
  }
}

/**
 * A range's position as one number when it fits (line < 2^20, characters < 2^13, at most 127 lines long:
 * 53 bits), else as text. A model claims several ranges per command and site, so a 100,000-line Makefile
 * has hundreds of thousands of keys: numbers cost no string building and no string per key.
 */
function positionKey(r: Range): number | string {
  const { line, character } = r.start;
  // Stryker disable next-line ArithmeticOperator: any key that keeps ranges apart will do; with the sum fewer are packed, each still distinct
  const lines = r.end.line - line;
  const end = r.end.character;
  // Only upper limits: a position is never negative and a range never ends before it starts.
  // Stryker disable next-line BlockStatement: a range given the text key instead is as distinct (only slower)
  if (line < 2 ** 20 && character < 2 ** 13 && lines < 2 ** 7 && end < 2 ** 13) {
    // Stryker disable next-line ArithmeticOperator: any packing that keeps keys distinct is right; range-notes.test.ts pins distinctness
    return ((line * 2 ** 13 + character) * 2 ** 7 + lines) * 2 ** 13 + end;
  }
  return `${line}:${character}-${r.end.line}:${end}`;
}

/** What building a model needs besides the file. */
export interface ModelOptions {
  /** The Go version for builds whose image does not say (Makefiles, scripts, non-golang images). */
  goVersion: GoVersionSource;
  /** Makefiles: reads the files an `include` line names (the engine never reads the disk). */
  readInclude?: IncludeReader;
  /** The machine the build runs on (Facts.host): recipe lines under a conditional that fails there do not run. */
  host?: { goos: string; goarch: string };
  /** Where the engine says what it did not follow (a spent budget of the shell walker). */
  log?: (message: string) => void;
  /**
   * Dockerfiles: build args the builds of the plan pass (bake `args`, `build-args`, `--build-arg`); they
   * replace ARG defaults. A value undefined when unknown (a template, builds that disagree).
   */
  buildArgs?: Map<string, string | undefined>;
  /**
   * Dockerfiles: false when nothing will edit this text (a document opened, `xbd check`): its reading is not
   * kept for a next version, and what would make that next reading fast is not recorded (default: kept).
   */
  keepReading?: boolean;
}

/**
 * The files one word of an `include` line names (a path, or a glob in its last segment), resolved the
 * way make does: relative to the directory make runs in, the top Makefile's. `[]` when none can be read
 * (missing, too large, outside what the adapter allows). Paths are in the form the adapter uses for
 * documents (file paths for the CLI, URIs for the server).
 */
export type IncludeReader = (word: string, makefile: string) => { path: string; text: string }[];

// ---- Dockerfile ---------------------------------------------------------------------------------

export interface Stage {
  index: number;
  name?: string;
  /** The FROM instruction. */
  fromRange: Range;
  /** The image text as written, and as resolved through global ARG defaults (undefined if unknown). */
  imageExpr: string;
  image: string | undefined;
  imageRange: Range;
  /** `range` is the value's, `flagRange` the whole `--platform=value` (for fixes that drop the flag). */
  platform?: { expr: string; range: Range; flagRange: Range };
  /**
   * Where the stage's commands run: `target` (no --platform, or $TARGETPLATFORM), `build`
   * ($BUILDPLATFORM), `constant` (a literal platform, in platformValue), `other` (another ARG).
   */
  runsOn: 'target' | 'build' | 'constant' | 'other';
  platformValue?: string;
  /**
   * When the constant platform comes from the image's name, not a --platform flag: its architecture namespace
   * (`arm64v8` in `arm64v8/golang`, which holds only linux/arm64).
   */
  pinnedByImage?: string;
  /** C library of the image and whether a native C compiler is there (after the RUN lines that install one). */
  libc: Libc;
  cc: boolean | undefined;
  /** Cross C compilers installed (`gcc-aarch64-linux-gnu`, `xx` for xx-apk/xx-apt-get). */
  crossCC: string[];
  /** Alpine's gcompat or libc6-compat is installed: binaries linked against glibc find a loader. */
  glibcCompat?: boolean;
  /** WORKDIR at the end of the stage ('' when it cannot be known). */
  workdir: string;
  /** Index of the stage this one is built FROM, if any. */
  parent?: number;
  goVersion: GoVersionSource;
  /** Environment (ENV and ARG) when the stage's last instruction has run. */
  env: Map<string, EnvEntry>;
  /**
   * Edit that makes `names` visible in the stage (`ARG A B`): merged into its first ARG line without
   * defaults that ends before `before` (the first use), else a new line right after the FROM.
   */
  declareArgs(names: string[], before?: Position): TextEdit;
  /** Variables the stage's instructions expand, in order (XB303 asks which ones have no value there). */
  refs: VariableReference[];
  /** Stages this one copies files from (COPY/ADD --from), whatever the files are. */
  copiesFrom: number[];
  /** Variables the FROM line expands (image and --platform): BuildKit expands them in the global scope only. */
  fromVars: FromVar[];
}

/** A `$NAME` / `${NAME...}` reference in a FROM line. */
export interface FromVar {
  name: string;
  /** The whole reference, `${GO_VERSION:-1.22}` included. */
  text: string;
  range: Range;
  part: 'image' | 'platform';
}

/** A `$NAME` / `${NAME...}` expanded inside a stage: RUN's shell, ENV, ARG defaults, WORKDIR, COPY, ... */
export interface VariableReference {
  name: string;
  /** The whole expansion. */
  range: Range;
  /** RUN, ENV, ARG, WORKDIR, COPY, ... */
  instruction: string;
  /**
   * True when the name has a value there: an ARG or ENV of the stage (or of the stage it is built
   * FROM) before it, or, in RUN, a variable the script sets itself.
   */
  declared: boolean;
  /** True when the name exists in the global scope: an automatic platform arg or an ARG before the first FROM. */
  global: boolean;
  /** The variable whose value it becomes part of (`ENV GOARCH=$TARGETARCH`, `GOARCH=$TARGETARCH go build` → GOARCH). */
  feeds?: string;
}

/** An `ARG NAME=default`, before the first FROM or in a stage (XB309 reads these). */
export interface ArgDefault {
  name: string;
  /** The stage it is declared in; undefined in the global scope. */
  stageIndex?: number;
  /** The whole `NAME=default` word. */
  range: Range;
  /** From the `=` to the end of the default: what dropping the default removes. */
  defaultRange: Range;
  /** The default as written, quotes removed. */
  value: string;
}

/** An ARG before the first FROM: the only ARGs FROM lines can use (besides the automatic ones). */
export interface GlobalArg {
  name: string;
  /** The default as written (quotes removed), undefined for `ARG NAME`. */
  value?: string;
  /** The whole ARG instruction. */
  instruction: Range;
}

// ---- the model ----------------------------------------------------------------------------------

/** A program other than go that a shell text runs, with its evaluated arguments (what a package manager installs). */
export interface Program {
  name: string;
  /** The program word as evaluated (`./build.sh`), when known. */
  path?: string;
  args: (string | undefined)[];
  /** The arguments as written, with their ranges in `file` (args holds their values). */
  words: readonly Word[];
  file: string;
  /** Where `cd` moved the shell before it ran, as GoCommand.cwd. */
  cwd?: string;
  /** The whole command, and the environment it gets (what a `make` passes on to its recipes; built when asked). */
  range: Range;
  readonly env: Map<string, EnvEntry>;
  /** Inserts text (`GOOS=… `) right before the first word. */
  insertBefore(text: string): TextEdit;
}

/** What every kind of file yields. */
interface ModelBase {
  file: string;
  assignments: Assignment[];
  commands: GoCommand[];
  contexts: EnvContext[];
  /**
   * Assignments that do not reach a go command that runs after them: a plain shell variable never
   * exported (XB501), or an assignment on an earlier recipe line, which ran in another shell (XB502).
   */
  lost: LostAssignment[];
  rangeNotes: RangeNotes;
  /**
   * The other files this analysis read (a Makefile's includes, as the adapter named them), in reading
   * order. An adapter re-analyses the document when one of them changes.
   */
  included?: string[];
  /** The other build files this one runs (a workflow step's `make release`, a recipe's goreleaser or script). */
  calls?: Call[];
}

/**
 * A build file run from this one, with the environment it really gets there: `make release` or `./build.sh`
 * in a workflow step, goreleaser or `bash scripts/x.sh` in a recipe. The engine follows it through the
 * adapter's reader (follow/follow.ts); the callee's findings land in the callee, pointing back here.
 */
export interface Call {
  kind: 'makefile' | 'shell' | 'goreleaser';
  /** The file names to try, in order, relative to the caller's directory (the reader resolves them). */
  names: string[];
  /** Where the command runs, relative to the caller's directory ('' = there). */
  cwd: string;
  /** make: the goals asked for (none: the first rule's). */
  targets: string[];
  /** The environment the callee starts with (sites in the caller keep their ranges there). */
  env: Map<string, EnvEntry>;
  /** The machine it runs on when the caller says (a workflow job's runner). */
  runner?: { goos?: string; goarch?: string };
  /** The command that runs it, in the caller. */
  range: Range;
  /** "step Release of job release", "recipe of release". */
  where: string;
}

export interface DockerfileModel extends ModelBase {
  kind: 'dockerfile';
  stages: Stage[];
  /** Images used in FROM lines and --platform values (for XB107's ARMv6 hints). */
  images: { name: string; platform?: string; range: Range }[];
  /** What go commands write, and where it is copied to. */
  artefacts: Artefact[];
  deliveries: Delivery[];
  /** The ARGs declared before the first FROM. */
  globalArgs: GlobalArg[];
  /** Every `ARG NAME=default`, global or in a stage. */
  argDefaults: ArgDefault[];
}

export interface MakefileModel extends ModelBase {
  kind: 'makefile';
  /** `docker buildx build` (or `docker build`) in recipes: what the build plan reads. */
  images: ImageBuild[];
  /** `docker buildx bake` in recipes. */
  bakes?: BakeRun[];
}

export interface ShellModel extends ModelBase {
  kind: 'shell';
  /** `docker buildx build` (or `docker build`) the script runs. */
  images: ImageBuild[];
  /** `docker buildx bake` the script runs. */
  bakes?: BakeRun[];
}

export interface GoEnvModel extends ModelBase {
  kind: 'goenv';
}

export interface GoModModel extends ModelBase {
  kind: 'gomod';
}

// ---- CI workflows, docker-bake, GoReleaser ---------------------------------------------------------

/** A platform a config names (`linux/arm/v7`), where it is written. */
export interface PlatformValue {
  /** undefined when it cannot be known (a template, an expression, a variable). */
  value: string | undefined;
  range: Range;
}

/**
 * An image build a config asks for: a docker/build-push-action step, a bake target, a GoReleaser docker.
 * The seed of the build plan: which Dockerfile is built for which platforms, with which build args.
 */
export interface ImageBuild {
  /** "step Build image (line 40)", "bake target app", "GoReleaser dockers[0]". */
  by: string;
  range: Range;
  /** As written, relative to the context (default Dockerfile); undefined when unknown. */
  dockerfile?: string;
  context?: string;
  /** The Dockerfile stage built (`--target`, bake/compose `target`); undefined: the last stage. */
  target?: string;
  /** undefined: the config names none (the builder's own platform). */
  platforms?: PlatformValue[];
  /** Build args (`build-args`, bake `args`), by name; value undefined when unknown. */
  args: Map<string, { value: string | undefined; range: Range; nameRange: Range }>;
  /**
   * GoReleaser `dockers`: the platform of the binaries copied into the image (its goos/goarch/goarm),
   * where a finding about its missing --platform goes, and the edit that adds a build flag.
   */
  binaries?: { platform: string; anchor: Range; addFlag(flag: string): TextEdit | undefined };
  /** GoReleaser `ids`: the builds whose binaries the image takes (undefined: every build). */
  ids?: string[];
}

/** Where a workflow job runs: the runner's platform from `runs-on` (undefined parts when unknown). */
export interface Runner {
  label: string;
  goos?: string;
  goarch?: string;
  range: Range;
}

/** An entry of a job's matrix whose values name platforms: `goarch`, or a field of mapping items (`platform.os`). */
export interface MatrixDimension {
  path: string;
  role: 'os' | 'arch' | 'platform';
  /** Its distinct values, as written. */
  values: string[];
  /** From its first value to its last. */
  range: Range;
}

/** A build a job's run: step runs: a go build, or make, a task runner or a script (which may run one). */
export interface JobBuild {
  range: Range;
  kind: 'go' | 'program';
  /** "go build", "make build", "build.sh". */
  name: string;
  /** Whether GOOS or GOARCH is in its environment (whatever the value). */
  targetSet: boolean;
  insertBefore(text: string): TextEdit;
}

export interface WorkflowJob {
  id: string;
  range: Range;
  runner?: Runner;
  goVersion?: string;
  /** Matrix entries that name platforms. */
  platformMatrix: MatrixDimension[];
  /**
   * Whether those entries may reach a build: read by runs-on, an if:, an env: value, an action's inputs
   * (other than checkout, cache, artifacts and releases), or a run: command other than an archive or copy.
   */
  matrixMayReach: boolean;
  /** The builds of its run: steps. */
  builds: JobBuild[];
  /**
   * Its matrix legs, each walked with its own values and runner (workflow-legs.ts); unset when the job has
   * no matrix its steps read, or one that cannot be expanded (an expression, too many legs): then the walk
   * with unknown matrix values (`generic`, in the model's contexts) is all the rules judge.
   */
  legs?: MatrixLeg[];
  /** What the walk with unknown matrix values produced: the rules judge `legs` instead of it (hovers still read it). */
  generic?: { contexts: EnvContext[]; commands: GoCommand[]; lost: LostAssignment[] };
}

/** One walk of a job's steps with a leg's values: legs whose walks agree (build variables, runner, Go) share it. */
export interface MatrixLeg {
  /** Each leg it stands for, as messages name it: "goarch=arm64 on ubuntu-latest". */
  labels: string[];
  contexts: EnvContext[];
  commands: GoCommand[];
  lost: LostAssignment[];
  /** The make, script and goreleaser runs of its steps, with the leg's environment and runner (followed per leg). */
  calls: Call[];
}

export interface WorkflowModel extends ModelBase {
  kind: 'workflow';
  jobs: WorkflowJob[];
  images: ImageBuild[];
  /**
   * actions/setup-go steps: `go-version` as written (version undefined when it is not one Go we know, a
   * template or a range), or `go-version-file`.
   */
  setupGo: { written: string; version?: GoVersion; versionFile?: string; range: Range }[];
  /** docker/bake-action steps and `docker buildx bake` in run: steps. */
  bakes?: BakeRun[];
}

export interface BakeTarget {
  name: string;
  range: Range;
  inherits: string[];
  /** The attributes the target sets itself (`platforms`, `args.NAME`, …): a parent's `--set` does not reach them. */
  own: string[];
  build: ImageBuild;
}

export interface BakeModel extends ModelBase {
  kind: 'bake';
  /** `compose`: a compose file (each service with `build:` a target; paths relative to the file's folder). */
  format: 'hcl' | 'json' | 'compose';
  targets: BakeTarget[];
  /** `group` blocks: the targets (or groups) each names. */
  groups: { name: string; targets: string[] }[];
}

/**
 * One run of bake: a docker/bake-action step or `docker buildx bake` in a script. Which files it reads, which
 * targets it builds, and its `--set` overrides, each where it is written.
 */
export interface BakeRun {
  /** "step Build (line 40)", "recipe of release (line 12)". */
  by: string;
  range: Range;
  /** The files (`files:`, `-f`), relative to `cwd`; undefined: bake's default files there. An entry undefined: unknown. */
  files?: (string | undefined)[];
  /** The targets or groups named (`targets:`, arguments); undefined: `default`. An entry undefined: unknown. */
  targets?: (string | undefined)[];
  overrides: BakeOverride[];
  /** Where bake runs, relative to the file's base (the checkout, the Makefile's folder); undefined: unknown. */
  cwd?: string;
  /** A remote definition (`source:` a Git URL): nothing local is read. */
  remote?: boolean;
}

/** `--set pattern.key=value` (`+=` appends): the targets it matches (path.Match), the attribute and its value. */
export interface BakeOverride {
  pattern: string;
  /** `platform`, `args`, `dockerfile`, `context`, `target`, … */
  key: string;
  /** The arg's name for `args.NAME`. */
  name?: string;
  /** undefined: unknown (an expression, `args.NAME` without a value, which bake takes from the environment). */
  value: string | undefined;
  append: boolean;
  range: Range;
}

/** One target of a GoReleaser build: goos/goarch and the sub-architecture it gets. */
export interface ReleaseTarget {
  goos: string;
  goarch: string;
  goarm?: string;
  goamd64?: string;
  /** Only when the build lists goarm64. */
  goarm64?: string;
}

export interface GoReleaserBuild {
  /** `id`, else "builds[0]". */
  name: string;
  /** The build's mapping, from its first key. */
  range: Range;
  /** The targets GoReleaser builds: the goos × goarch (× goarm, goamd64) product minus `ignore`. */
  targets: ReleaseTarget[];
  /** False when a goos/goarch list holds a template or the build uses `targets:` we could not read. */
  targetsKnown: boolean;
  /** The build's `env` (CGO_ENABLED, CC, …), as the go command gets it. */
  env: Map<string, EnvEntry>;
  /** Edit that adds `NAME=value` to the build's `env` (creating the list); undefined when not safe. */
  addEnv(name: string, value: string): TextEdit | undefined;
  /** Builds a prebuilt binary or another builder (`builder: rust`, `prebuilt`): not a Go build. */
  skipped: boolean;
  /** Some `overrides` entry sets CC (or CXX) for its targets: a per-target C compiler. */
  overridesCC: boolean;
  /** Its go flags as words (`flags` items, `-ldflags=` of the joined `ldflags`, `-tags=`, `-buildmode=`), each at its entry. */
  flagWords: Word[];
}

export interface GoReleaserModel extends ModelBase {
  kind: 'goreleaser';
  builds: GoReleaserBuild[];
  images: ImageBuild[];
  /** The environment goreleaser was started with, when a caller that runs it is followed (a Makefile recipe's). */
  inherited?: Map<string, EnvEntry>;
}

/** Everything the rules read about one file, by kind. */
export type BuildModel = DockerfileModel | MakefileModel | ShellModel | GoEnvModel | GoModModel | WorkflowModel | BakeModel | GoReleaserModel;
