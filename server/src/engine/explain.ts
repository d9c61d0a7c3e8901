/**
 * What the editor shows about the model without a finding: hovers on build-variable assignments and
 * on BuildKit's platform args, and the resolved target and cgo state of each go command (inlay hints).
 * Pure: reads the BuildModel of one analysis, never re-parses.
 */
import { cgoState, type CgoState } from './model/cgo';
import { subcommandDoes } from './knowledge/go-command';
import { AUTOMATIC_PLATFORM_ARGS, type Stage } from './model/dockerfile-model';
import type { Assignment, BuildModel, DockerfileModel, EnvContext, EnvEntry, GoCommand } from './model/types';
import { atOrBefore, type LineIndex } from './text';
import type { Facts, Position, Range } from './types';
import { stageOf } from './model/stages';

export interface Explanation {
  range: Range;
  /** Markdown. */
  markdown: string;
}

export interface GoCommandHint {
  /** Where the label goes: before the go command's first argument (`before`), else after the command. */
  position: Position;
  before?: boolean;
  /** `⟨linux/$TARGETARCH · cgo off⟩` */
  label: string;
  /** Markdown: how the target and the cgo state were decided. */
  tooltip: string;
}

// ---- hover --------------------------------------------------------------------------------------

/** The hover at `pos`: a build-variable assignment, or a `$TARGET…`/`$BUILD…` reference in a Dockerfile. */
export function explainAt(model: BuildModel, lines: LineIndex, pos: Position, facts: Facts): Explanation | undefined {
  // A platform arg inside an assignment's value (`GOARCH=$TARGETARCH`) is the more specific answer.
  const ref = model.kind === 'dockerfile' ? platformRefAt(model, pos, facts) : undefined;
  if (ref) return ref;
  const assignment = model.assignments.find((a) => contains(a.nameRange, pos) || contains(a.range, pos));
  if (assignment) return { range: assignment.range, markdown: explainAssignment(assignment, model, facts) };
  if (model.kind !== 'dockerfile') return undefined;
  return argDeclarationAt(model, lines, pos, facts);
}

function platformRefAt(model: DockerfileModel, pos: Position, facts: Facts): Explanation | undefined {
  for (const stage of model.stages) {
    for (const v of stage.fromVars) {
      if (isPlatformArg(v.name) && contains(v.range, pos)) return { range: v.range, markdown: explainPlatformArg(v.name, facts, { stage, from: v.part }) };
    }
    for (const ref of stage.refs) {
      if (isPlatformArg(ref.name) && contains(ref.range, pos)) {
        return { range: ref.range, markdown: explainPlatformArg(ref.name, facts, { stage, declared: ref.declared, feeds: ref.feeds, instruction: ref.instruction }) };
      }
    }
  }
  return undefined;
}

function argDeclarationAt(model: DockerfileModel, lines: LineIndex, pos: Position, facts: Facts): Explanation | undefined {
  // `ARG TARGETOS TARGETARCH`: the declaration itself.
  const lineText = lines.text.slice(lines.offsetAt({ line: pos.line, character: 0 }), lines.lineEnd(pos.line));
  if (/^\s*ARG\s/i.test(lineText)) {
    const re = /[A-Z_][A-Z0-9_]*/g;
    for (let m = re.exec(lineText); m; m = re.exec(lineText)) {
      if (pos.character < m.index || pos.character > m.index + m[0].length || !isPlatformArg(m[0])) continue;
      const range = { start: { line: pos.line, character: m.index }, end: { line: pos.line, character: m.index + m[0].length } };
      const stage = [...model.stages].reverse().find((s) => s.fromRange.start.line < pos.line);
      return { range, markdown: explainPlatformArg(m[0], facts, { stage, declaration: true }) };
    }
  }
  return undefined;
}

const MEANING: Record<string, string> = {
  GOOS: 'The operating system go builds for. Unset, go builds for the system it runs on.',
  GOARCH: 'The architecture go builds for. Unset, go builds for the architecture it runs on.',
  GOARM: 'The ARM level for `GOARCH=arm`: `5`, `6` or `7` (optionally `,softfloat`/`,hardfloat`). Ignored for other architectures. Unset, the level the toolchain was built with applies.',
  GOAMD64: 'The x86-64 microarchitecture level for `GOARCH=amd64`: `v1` (default) to `v4`. A binary built for v3 dies on older CPUs.',
  GOARM64: 'The ARMv8/v9 level for `GOARCH=arm64` (Go 1.23+): `v8.0` (default) … `v9.5`, optionally `,lse`/`,crypto`.',
  GO386: 'Floating point for `GOARCH=386`: `sse2` (default) or `softfloat`.',
  GORISCV64: 'The RISC-V profile for `GOARCH=riscv64` (Go 1.23+): `rva20u64` (default), `rva22u64`, `rva23u64`.',
  GOMIPS: 'Floating point for `GOARCH=mips`/`mipsle`: `hardfloat` (default) or `softfloat`.',
  GOMIPS64: 'Floating point for `GOARCH=mips64`/`mips64le`: `hardfloat` (default) or `softfloat`.',
  GOPPC64: 'The POWER level for `GOARCH=ppc64`/`ppc64le`: `power8` (default), `power9`, `power10`.',
  GOWASM: 'WebAssembly features for `GOARCH=wasm`: `satconv`, `signext`.',
  CGO_ENABLED: 'Whether cgo is used: exactly `1` or `0`, any other value is ignored. Unset, cgo is on for a native build when a C compiler is found and off when cross-compiling.',
  CC: 'The C compiler cgo runs. When cross-compiling with cgo it must produce code for GOOS/GOARCH (a cross compiler such as `aarch64-linux-gnu-gcc`).',
  CXX: 'The C++ compiler cgo runs for C++ sources.',
  GOFLAGS: 'Flags added to every go command that accepts them, separated by blanks (`-trimpath -mod=readonly`).',
  GOEXPERIMENT: 'Toolchain experiments, comma-separated: a name turns one on, `no` before a name (`nounified`) turns it off. Unknown names make every go command fail.',
  GOTOOLCHAIN: 'Which Go runs: `local` (the installed one), `auto` (may switch to a newer one that go.mod asks for, downloading it), or `go1.N.P`.',
  CGO_CFLAGS: 'Flags cgo passes to the C compiler.',
  CGO_LDFLAGS: 'Flags cgo passes to the linker.',
  CGO_CPPFLAGS: 'Preprocessor flags cgo passes to the C compiler.',
  CGO_CXXFLAGS: 'Flags cgo passes to the C++ compiler.',
  PKG_CONFIG: 'The pkg-config cgo runs for `#cgo pkg-config:` lines.',
};

function meaningOf(name: string): string {
  if (MEANING[name]) return MEANING[name];
  if (/^CC_/.test(name)) return 'The C compiler cgo uses for one GOOS_GOARCH pair (`CC_linux_arm64`), taking precedence over CC for that target.';
  if (/^CXX_/.test(name)) return 'The C++ compiler cgo uses for one GOOS_GOARCH pair.';
  return 'A setting the go command reads from its environment (see `go help environment`).';
}

function explainAssignment(a: Assignment, model: BuildModel, facts: Facts): string {
  const out: string[] = [];
  const written = a.valueText || '""';
  const unquoted = a.valueText.replace(/^(["'])(.*)\1$/s, '$2');
  const shown =
    a.value === undefined
      ? `\`${written}\` (not known statically)`
      : a.value === unquoted
        ? `\`${a.value === '' ? '""' : a.value}\``
        : `\`${written}\` → \`${a.value === '' ? '""' : a.value}\``;
  out.push(`**${a.name}** = ${shown}`);
  out.push('', meaningOf(a.name));
  if (a.value === undefined) {
    const resolved = resolveWithTarget(a.valueText, facts);
    out.push('', `${valueSource(a.valueText)}${resolved !== undefined ? ` For the picked target ${targetText(facts)}: \`${resolved}\`.` : ''}`);
  } else if (a.value === '' && a.name !== 'GOFLAGS') {
    out.push('', 'Empty counts as unset: the default applies.');
  }
  if (a.fromSite) out.push('', `The value comes from ${a.fromSite.name} on line ${a.fromSite.range.start.line + 1}.`);
  out.push('', `**Where it applies:** ${scopeOf(a, model)}`);
  const seen = (e: EnvEntry | undefined) => e?.site === a || e?.branchSites?.includes(a) === true;
  const users = model.commands.filter((c) => seen(c.env.get(a.name)) && subcommandDoes(c.subcommand, 'compiles'));
  if (users.length) out.push('', `**Read by:** ${users.map((c) => `\`${c.tool} ${c.subcommand}\` on line ${c.goRange.start.line + 1}`).slice(0, 6).join(', ')}${users.length > 6 ? ', …' : ''}.`);
  else if (model.kind !== 'goenv' && model.commands.length) out.push('', 'No go command in this file sees this assignment.');
  return out.join('\n');
}

function scopeOf(a: Assignment, model: BuildModel): string {
  switch (a.kind) {
    case 'prefix':
      return 'this one command only (a prefix assignment).';
    case 'env-command':
      return 'the command `env` runs, only.';
    case 'export':
      return 'every command after it in this shell (exported).';
    case 'shell':
      return 'this shell only: a plain variable is not exported, so go does not see it unless it is exported (XB501).';
    case 'dockerfile-env': {
      const stage = stageAt(model, a.range.start.line);
      return `every later instruction of ${stage ? describe(stage) : 'this stage'} and of stages built FROM it; ENV is also stored in the image, so a container started from it has it too.`;
    }
    case 'dockerfile-arg':
      return `a build arg of ${stageAt(model, a.range.start.line) ? describe(stageAt(model, a.range.start.line)!) : 'the global scope (FROM lines only, until a stage declares it)'}: RUN sees it as an environment variable, \`--build-arg ${a.name}=…\` overrides the default, and it is not stored in the image.`;
    case 'make':
      return `a make variable: recipes get it in their environment only when it is exported (\`export\`, \`.EXPORT_ALL_VARIABLES\`), otherwise only where \`$(${a.name})\` is written (XB504).`;
    case 'argument':
      return `an argument of this shell function call, which the function assigns to ${a.name}.`;
    case 'make-command-line':
      return `every recipe of this make run: a variable set on make's command line overrides the Makefile's assignments of ${a.name} (except \`override\` ones) and make exports it to the recipes.`;
    case 'gox-target':
      return 'the builds of this gox command: it runs go build once per platform it is given.';
    case 'goenv':
      return 'every go command of the user whose go env file this is, unless the variable is set in the environment (the environment wins).';
    case 'config':
      return model.kind === 'goreleaser'
        ? 'the go build GoReleaser runs for each target of this build (goos × goarch minus ignore).'
        : 'the steps below this `env:` (workflow, then job, then step; the nearest wins), or the matrix leg that has this value.';
  }
}

function valueSource(text: string): string {
  if (/\$\{?TARGET(OS|ARCH|VARIANT|PLATFORM)\b/.test(text)) return 'BuildKit sets it per platform being built (`docker buildx build --platform …`).';
  if (/\$\{?BUILD(OS|ARCH|VARIANT|PLATFORM)\b/.test(text)) return 'BuildKit sets it to the platform of the machine running the build.';
  if (/\$\(shell\b|`|\$\(/.test(text)) return 'It is computed by a command when the build runs.';
  if (/\$/.test(text)) return 'It depends on a variable set outside this file (a build arg, CI, the caller\'s environment).';
  return 'It cannot be read statically.';
}

// ---- platform args ------------------------------------------------------------------------------

function isPlatformArg(name: string): boolean {
  return (AUTOMATIC_PLATFORM_ARGS as readonly string[]).includes(name);
}

const PLATFORM_ARG: Record<string, string> = {
  TARGETPLATFORM: 'the platform being built, `os/arch[/variant]` (`linux/arm/v7`)',
  TARGETOS: 'the OS of the platform being built (`linux`)',
  TARGETARCH: 'the architecture of the platform being built (`amd64`, `arm64`, `arm`)',
  TARGETVARIANT: 'the variant of the platform being built (`v7` for linux/arm/v7; empty for most platforms)',
  BUILDPLATFORM: 'the platform of the machine running the build, `os/arch[/variant]`',
  BUILDOS: 'the OS of the machine running the build',
  BUILDARCH: 'the architecture of the machine running the build',
  BUILDVARIANT: 'the variant of the machine running the build (usually empty)',
};

function explainPlatformArg(
  name: string,
  facts: Facts,
  where: { stage?: Stage; from?: 'image' | 'platform'; declared?: boolean; feeds?: string; instruction?: string; declaration?: boolean },
): string {
  const target = name.startsWith('TARGET');
  const out = [`**$${name}**: BuildKit's automatic platform arg, ${PLATFORM_ARG[name]}.`];
  out.push(
    '',
    target
      ? 'Set from `docker buildx build --platform` (once per platform of a multi-platform build); without it, the builder\'s own platform.'
      : 'The builder\'s own platform: stages `FROM --platform=$BUILDPLATFORM` run there natively, without emulation, and go in them must cross-compile for `$TARGETOS`/`$TARGETARCH`.',
  );
  if (where.from === 'platform') {
    out.push(
      '',
      name === 'BUILDPLATFORM'
        ? 'In `FROM --platform`: this stage runs on the builder\'s platform whatever the target is.'
        : name === 'TARGETPLATFORM'
          ? 'In `FROM --platform`: the default anyway (a stage without `--platform` runs on the target).'
          : 'In `FROM --platform`.',
    );
  } else if (where.from === 'image') {
    out.push('', 'In a FROM line: expanded in the global scope, where the automatic args always have a value.');
  } else if (where.declaration) {
    out.push('', 'This `ARG` makes it visible in the stage: without it the name is empty in RUN, ENV and the other instructions.');
  } else if (where.declared === false) {
    out.push('', `**Not declared in ${where.stage ? describe(where.stage) : 'this stage'}:** it is empty in ${where.instruction ?? 'this instruction'}. Add \`ARG ${name}\` after the FROM (XB303).`);
  } else if (where.declared) {
    out.push('', `Declared in ${where.stage ? describe(where.stage) : 'this stage'}, so it has its value here.`);
  }
  if (where.feeds) out.push('', `It becomes part of ${where.feeds}: ${meaningOf(where.feeds).split('. ')[0].replace(/\.$/, '')}.`);
  if (target && facts.target) {
    const v = targetValue(name, facts.target);
    out.push('', `For the picked target ${targetText(facts)}: \`${v === '' ? '""' : v}\`.`);
  }
  return out.join('\n');
}

function targetValue(name: string, t: NonNullable<Facts['target']>): string {
  switch (name) {
    case 'TARGETPLATFORM':
      return [t.goos, t.goarch, t.variant].filter(Boolean).join('/');
    case 'TARGETOS':
      return t.goos;
    case 'TARGETARCH':
      return t.goarch;
    case 'TARGETVARIANT':
      return t.variant ?? '';
  }
  return '';
}

/** `$TARGETARCH`-style text evaluated for the picked target (undefined if it needs anything else). */
function resolveWithTarget(text: string, facts: Facts): string | undefined {
  if (!facts.target) return undefined;
  let unknown = false;
  const out = text
    .replace(/^["']|["']$/g, '')
    .replace(/\$\{(TARGET(?:PLATFORM|OS|ARCH|VARIANT))(#v)?\}|\$(TARGET(?:PLATFORM|OS|ARCH|VARIANT))\b|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\$\(/g, (m, braced, strip, bare) => {
      const name = braced ?? bare;
      if (!name) return (unknown = true), m;
      const v = targetValue(name, facts.target!);
      return strip ? v.replace(/^v/, '') : v;
    });
  return unknown ? undefined : out;
}

function targetText(facts: Facts): string {
  const t = facts.target!;
  return [t.goos, t.goarch, t.variant].filter(Boolean).join('/');
}

// ---- inlay hints --------------------------------------------------------------------------------

/**
 * GOOS and GOARCH as `go env` reports them for the go on this machine (the go env file, or the
 * environment go runs in), when they differ from this machine's: what a go command that sets neither
 * builds for when run here, outside Docker.
 */
export interface MachineGoEnv {
  goos?: string;
  goarch?: string;
}

/**
 * One hint per go command that compiles, where it says something the line does not: the target platform
 * unless GOOS and GOARCH are written on the line, the cgo state unless CGO_ENABLED is. Placed before the
 * command's arguments (`go build ⟨linux/arm64 · cgo off⟩ -o app`), where a long line cannot push it out
 * of view. Tool installs (`go install pkg@version`) get none: they build for the build platform.
 */
export function goCommandHints(model: BuildModel, facts: Facts, machine: MachineGoEnv = {}): GoCommandHint[] {
  const hints: GoCommandHint[] = [];
  for (const context of walkedContexts(model)) {
    const command = context.command;
    if (!command || !subcommandDoes(command.subcommand, 'compiles') || command.tool === 'gox' || command.tool === 'goreleaser') continue;
    if (command.subcommand === 'install' && isToolInstall(command, context)) continue;
    const target = resolvedTarget(command, context, model, facts, machine);
    const cgo = cgoLabel(context, model, facts, command);
    const parts = [writtenOnLine(command, context, ['GOOS', 'GOARCH', ...(target.label.includes('/arm/') ? ['GOARM'] : [])]) ? '' : target.label, writtenOnLine(command, context, ['CGO_ENABLED']) ? '' : cgo.label].filter(Boolean);
    if (!parts.length) continue;
    const first = command.args[0];
    const before = first && first.range.start.line === command.goRange.end.line ? first.range.start : undefined;
    hints.push({
      position: before ?? command.range.end,
      before: before !== undefined,
      label: `⟨${parts.join(' · ')}⟩`,
      tooltip: [`**Target platform:** ${target.why}`, '', `**cgo:** ${cgo.why}`, '', `Go ${context.goVersion.version} (${context.goVersion.because}).`].join('\n'),
    });
  }
  return mergeHints(hints);
}

/** The contexts the rules judge: a matrix job's legs (each with its values) in place of its walk with unknown values. */
function walkedContexts(model: BuildModel): EnvContext[] {
  if (model.kind !== 'workflow') return model.contexts;
  // Stryker disable next-line LogicalOperator: a job has both legs and its generic walk, or neither
  const split = model.jobs.flatMap((j) => (j.legs && j.generic ? [{ legs: j.legs, generic: j.generic.contexts }] : []));
  const generic = new Set(split.flatMap((j) => j.generic));
  return [...model.contexts.filter((c) => !generic.has(c)), ...split.flatMap((j) => j.legs.flatMap((l) => l.contexts))];
}

/** Every one of `names` is assigned a literal value on the command's own lines (a hint would repeat it). */
function writtenOnLine(command: GoCommand, context: EnvContext, names: string[]): boolean {
  return names.every((name) => {
    const site = (command.env.get(name) ?? context.env.get(name))?.site;
    return !!site && site.literal && site.range.start.line >= command.range.start.line && site.range.end.line <= command.range.end.line;
  });
}

/** `go install golang.org/x/tools/cmd/stringer@latest` with no GOOS/GOARCH: a tool for the build platform. */
function isToolInstall(command: GoCommand, context: EnvContext): boolean {
  const packages = command.args.filter((a) => !a.text.startsWith('-'));
  return packages.length > 0 && packages.every((a) => a.text.includes('@')) && !set(context.env.get('GOOS')) && !set(context.env.get('GOARCH'));
}

/**
 * A go command in a loop or a shell function walked once per value or call: one hint at its place,
 * naming each distinct outcome once (`⟨linux/amd64 · cgo off | linux/arm64 · cgo off⟩`).
 */
function mergeHints(hints: GoCommandHint[]): GoCommandHint[] {
  const byPlace = new Map<string, GoCommandHint[]>();
  for (const h of hints) {
    const key = `${h.position.line}:${h.position.character}`;
    const list = byPlace.get(key) ?? [];
    if (!list.some((o) => o.label === h.label)) list.push(h);
    byPlace.set(key, list);
  }
  return [...byPlace.values()].map((list) =>
    list.length === 1
      ? list[0]
      : {
          position: list[0].position,
          label: `⟨${list.map((h) => h.label.slice(1, -1)).join(' | ')}⟩`,
          tooltip: list.map((h) => h.tooltip).join('\n\n---\n\n'),
        },
  );
}

/**
 * The target platform a go command builds for: `linux/$TARGETARCH` (`linux/arm64` once a target platform is
 * picked), `linux/arm/v7`, or, when neither GOOS nor GOARCH is set, the build platform (outside Docker, what
 * the go env of this machine says).
 */
export function resolvedTarget(command: GoCommand, context: EnvContext, model: BuildModel, facts: Facts, machine: MachineGoEnv = {}): { label: string; why: string } {
  const r = resolvedTargetAsWritten(command, context, model, facts, machine);
  const picked = facts.target && /\$\{?TARGET/.test(r.label) ? resolveWithTarget(r.label, facts) : undefined;
  return picked ? { label: picked, why: `${r.why} For the picked target platform ${targetText(facts)}: ${picked}.` } : r;
}

function resolvedTargetAsWritten(command: GoCommand, context: EnvContext, model: BuildModel, facts: Facts, machine: MachineGoEnv): { label: string; why: string } {
  const stage = stageOf(model, context);
  if (command.tool === 'xx-go') {
    return { label: '$TARGETPLATFORM', why: 'xx-go sets GOOS, GOARCH and GOARM from `$TARGETPLATFORM` (tonistiigi/xx).' };
  }
  const goos = set(context.env.get('GOOS'));
  const goarch = set(context.env.get('GOARCH'));
  const runner = stage || !context.runner?.goos || !context.runner.goarch ? runnerPlatform(stage, facts, machine) : jobRunner(context.runner.goos, context.runner.goarch);
  if (!goos && !goarch) {
    return { label: runner.label, why: `GOOS and GOARCH are not set: go builds for the build platform, ${runner.where}.` };
  }
  const os = goos ? shown(goos) : runner.os;
  const arch = goarch ? shown(goarch) : runner.arch;
  const goarm = arch === 'arm' ? set(context.env.get('GOARM')) : undefined;
  const variant = goarm?.value !== undefined ? `/v${goarm.value.split(',')[0]}` : '';
  const parts = [goos ? `GOOS=${goos.expr}` : `GOOS unset (${runner.os}: ${runner.where})`, goarch ? `GOARCH=${goarch.expr}` : `GOARCH unset (${runner.arch}: ${runner.where})`];
  if (goarm) parts.push(`GOARM=${goarm.expr}`);
  return { label: `${os}/${arch}${variant}`, why: `${parts.join(', ')}.` };
}

function set(e: EnvEntry | undefined): EnvEntry | undefined {
  return e && e.value !== '' ? e : undefined;
}

function shown(e: EnvEntry): string {
  return e.value ?? e.expr.replace(/^["']|["']$/g, '');
}

/** The build platform of a go command (where go runs) and the label a hint gives it when GOOS/GOARCH are unset. */
/** A workflow job's runner (`runs-on`), which runs the go command: not this machine. */
function jobRunner(os: string, arch: string): { os: string; arch: string; where: string; label: string } {
  return { os, arch, label: `${os}/${arch}`, where: `the job's runner (${os}/${arch})` };
}

function runnerPlatform(stage: Stage | undefined, facts: Facts, machine: MachineGoEnv = {}): { os: string; arch: string; where: string; label: string } {
  if (!stage) {
    const machineText = `${facts.host.goos}/${facts.host.goarch}`;
    const os = machine.goos ?? facts.host.goos;
    const arch = machine.goarch ?? facts.host.goarch;
    if (os !== facts.host.goos || arch !== facts.host.goarch) {
      const set = [machine.goos && `GOOS=${machine.goos}`, machine.goarch && `GOARCH=${machine.goarch}`].filter(Boolean).join(' ');
      return { os, arch, label: `${os}/${arch} (go env)`, where: `the machine that runs it; on this machine (${machineText}) the go env sets ${set} (go env file or environment), so go builds for ${os}/${arch}` };
    }
    return { os, arch, label: 'build platform', where: `the machine that runs it (this machine: ${machineText})` };
  }
  switch (stage.runsOn) {
    case 'build':
      return { os: '$BUILDOS', arch: '$BUILDARCH', label: '$BUILDOS/$BUILDARCH', where: `the builder's platform (${describe(stage)} is FROM --platform=$BUILDPLATFORM)` };
    case 'constant': {
      const [os, arch] = (stage.platformValue ?? 'linux/?').split('/');
      const pin = stage.pinnedByImage ? `${stage.image} holds only that platform` : `FROM --platform of ${describe(stage)}`;
      return { os, arch, label: `${os}/${arch}`, where: `${stage.platformValue} (${pin})` };
    }
    case 'target':
      return { os: '$TARGETOS', arch: '$TARGETARCH', label: '$TARGETOS/$TARGETARCH', where: `the target platform, under emulation when it is not the builder's (${describe(stage)} has no --platform)` };
    default:
      return { os: '?', arch: '?', label: '?', where: `the platform in FROM --platform=${stage.platform?.expr ?? '?'}` };
  }
}

function cgoLabel(context: EnvContext, model: BuildModel, facts: Facts, command: GoCommand): { label: string; why: string } {
  let state: CgoState;
  try {
    state = cgoState(context, model, facts);
  } catch {
    return { label: 'cgo ?', why: 'could not be decided' };
  }
  const stage = stageOf(model, context);
  switch (state.state) {
    case 'off':
      return { label: 'cgo off', why: state.why };
    case 'on': {
      // The label stays short; the compiler and where it comes from are in the tooltip.
      const cc = command.env.get('CC') ?? context.env.get('CC');
      const image = stage?.image ? shortImage(stage.image) : undefined;
      const with_ = state.explicit ? (cc?.value ? ` C compiler: \`${cc.value}\`.` : '') : image ? ` C compiler: gcc in ${image}.` : '';
      return { label: 'cgo on', why: `${state.why}${with_}` };
    }
    case 'native-leg':
      return { label: 'cgo on native only', why: state.why };
    case 'unknown':
      // Natively outside Docker it depends on the developer's PATH, which the engine does not see.
      if (!stage && /C compiler is on PATH/.test(state.why)) return { label: `cgo if ${/^(darwin|freebsd|openbsd)$/.test(facts.host.goos) ? 'clang' : 'gcc'}`, why: state.why };
      return { label: 'cgo ?', why: state.why };
  }
}

function shortImage(image: string): string {
  return image.replace(/^(docker\.io\/)?(library\/)?/, '').replace(/@sha256:[0-9a-f]+$/, '');
}

// ---- helpers ------------------------------------------------------------------------------------

function contains(r: Range, p: Position): boolean {
  return atOrBefore(r.start, p) && atOrBefore(p, r.end);
}

function stageAt(model: BuildModel, line: number): Stage | undefined {
  if (model.kind !== 'dockerfile') return undefined;
  return [...model.stages].reverse().find((s) => s.fromRange.start.line <= line);
}

function describe(stage: Stage): string {
  return stage.name ? `stage \`${stage.name}\`` : `stage ${stage.index}`;
}
