import { compilerTarget } from '../knowledge/cross-compilers';
import { subcommandDoes } from '../knowledge/go-command';
import type { Libc } from '../knowledge/images';
import { cgoState, type CgoState } from '../model/cgo';
import type { Stage } from '../model/dockerfile-model';
import { buildFlag, tagList } from '../model/ldflags';
import type { Delivery, EnvContext, GoCommand } from '../model/types';
import type { Fix, TextEdit } from '../types';
import { notes, fit, brief, rangeKey, replaceValue, setCgoFor, stageLabel, staticWithCgo } from './helpers';
import { type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';
import { NET_CGO, NET_CGO_LINUX_ARM64, NET_CGO_MUSL, NET_CGO_STATIC, NET_NO_CGO } from './witness-runs';

const MEANS_ON = /^(true|yes|on|y|t|enable|enabled)$/i;

/** The loader a dynamically linked binary names as its ELF interpreter. */
const LOADER: Record<'glibc' | 'musl', string> = {
  glibc: "glibc's loader (/lib64/ld-linux-x86-64.so.2 on amd64, /lib/ld-linux-aarch64.so.1 on arm64)",
  musl: "musl's loader (/lib/ld-musl-x86_64.so.1 on amd64)",
};

const HAS: Record<Exclude<Libc, 'unknown'>, string> = {
  none: 'has no C library at all',
  glibc: 'has glibc, not musl',
  musl: 'has musl, not glibc',
};

export const XB201: Rule<'dockerfile'> = {
  code: 'XB201',
  title: 'Dynamically linked cgo binary in an image without its C library',
  severity: 'error',
  kinds: ['dockerfile'],
  fixable: true,
  witnesses: [
    {
      claim: 'A native cgo build of a program that uses net and os/user is dynamically linked: its ELF interpreter is glibc\'s loader.',
      ...NET_CGO,
      expect: { exit: 'ok' },
      inspect: [
        { kind: 'file', expect: { output: 'dynamically linked' } },
        { kind: 'interp', expect: { output: '[Requesting program interpreter: /lib64/ld-linux-x86-64.so.2]' } },
      ],
    },
    {
      claim: 'Alone in an empty root (FROM scratch) that binary cannot start: the loader it names is missing.',
      ...NET_CGO,
      expect: { exit: 'ok' },
      inspect: [{ kind: 'scratch', expect: { exit: 'fail', output: 'No such file or directory' } }],
    },
    {
      claim: 'Without CGO_ENABLED, a native build with a C compiler on PATH (as in the golang images) has cgo on and is dynamically linked.',
      program: 'net',
      env: {},
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'ok' },
      inspect: [{ kind: 'interp', expect: { output: '/lib64/ld-linux-x86-64.so.2' } }],
    },
    {
      claim: 'The fix: with CGO_ENABLED=0 the same program is static and runs in an empty root.',
      ...NET_NO_CGO,
      expect: { exit: 'ok' },
      inspect: [
        { kind: 'file', expect: { output: 'statically linked' } },
        { kind: 'scratch', expect: { exit: 'ok' } },
      ],
    },
    {
      claim: 'With cgo on, -tags netgo,osusergo gives a static binary that runs in an empty root.',
      program: 'net',
      env: { CGO_ENABLED: '1' },
      args: ['build', '-tags', 'netgo,osusergo', '-o', 'app', '.'],
      expect: { exit: 'ok' },
      inspect: [
        { kind: 'file', expect: { output: 'statically linked' } },
        { kind: 'scratch', expect: { exit: 'ok' } },
      ],
    },
    {
      claim: '-tags netgo alone is not enough when os/user is imported: the binary stays dynamic.',
      program: 'net',
      env: { CGO_ENABLED: '1' },
      args: ['build', '-tags', 'netgo', '-o', 'app', '.'],
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'dynamically linked' } }],
    },
    {
      claim: 'External static linking (-linkmode external -extldflags "-static") gives a static binary.',
      ...NET_CGO_STATIC,
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'statically linked' } }],
    },
    {
      claim: 'A program that needs no C (no net, no os/user, no import "C") is static even with cgo on: the rule assumes a network program.',
      program: 'hello',
      env: { CGO_ENABLED: '1' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'statically linked' } }],
    },
    {
      claim: 'The other legs of a $BUILDPLATFORM build (cross builds, CGO_ENABLED unset) have cgo off and are static.',
      program: 'net',
      env: { GOOS: 'linux', GOARCH: 'arm64' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'statically linked' } }],
    },
    {
      claim: 'On arm64 the loader a glibc cgo binary names is /lib/ld-linux-aarch64.so.1.',
      ...NET_CGO_LINUX_ARM64,
      expect: { exit: 'ok' },
      inspect: [{ kind: 'interp', expect: { output: '[Requesting program interpreter: /lib/ld-linux-aarch64.so.1]' } }],
    },
    {
      claim: 'A cgo build against musl (musl-gcc) names musl\'s loader, which glibc images and empty roots lack.',
      ...NET_CGO_MUSL,
      expect: { exit: 'ok' },
      inspect: [
        { kind: 'interp', expect: { output: '[Requesting program interpreter: /lib/ld-musl-x86_64.so.1]' } },
        { kind: 'scratch', expect: { exit: 'fail', output: 'No such file or directory' } },
      ],
    },
  ],
  check(ctx: RuleContext<ModelOf<'dockerfile'>>): RuleReport[] {
    const reports: RuleReport[] = [];
    const seen = new Set<string>();
    const contextOf = new Map<GoCommand, EnvContext>();
    for (const c of ctx.model.contexts) if (c.command && !contextOf.has(c.command)) contextOf.set(c.command, c);
    for (const delivery of ctx.model.deliveries) {
      const command = delivery.artefact.command;
      if ((command.tool !== 'go' && command.tool !== 'xx-go') || !subcommandDoes(command.subcommand, 'writesBinary')) continue;
      const runtime = ctx.model.stages[delivery.stageIndex];
      const build = ctx.model.stages[delivery.artefact.stageIndex];
      if (runtime.libc === 'unknown' || (runtime.libc === 'none' && !runsSomething(ctx, runtime))) continue;
      const context = contextOf.get(command);
      if (!context) continue;
      const cgo = cgoOf(context, ctx, build);
      if (cgo.state !== 'on' && cgo.state !== 'native-leg') continue;
      if (staticWithCgo(command)) continue;
      const linked = linkedLibc(context, build);
      if (!linked || linked.libc === runtime.libc) continue;
      // gcompat/libc6-compat (only apk adds them, so the image has musl): a glibc binary, as linked must be here, runs.
      if (runtime.glibcCompat) continue;
      // CC chose the other C library on purpose: XB209 names the compiler that matches the image.
      if (linked.fromCC && runtime.libc !== 'none') continue;
      const key = `${rangeKey(command.range)}>${runtime.index}`;
      if (seen.has(key)) continue;
      seen.add(key);
      reports.push(report(ctx, context, command, cgo, build, runtime, delivery, linked.libc));
    }
    return reports;
  },
};

/** cgo as Go decides it; xx-go sets GOARCH=$TARGETARCH itself, so in a $BUILDPLATFORM stage it is a native leg. */
function cgoOf(context: EnvContext, ctx: RuleContext, build: Stage): CgoState {
  const cgo = cgoState(context, ctx.model, ctx.facts);
  if (context.command?.tool === 'xx-go' && cgo.state === 'on' && !cgo.explicit && build.runsOn === 'build') {
    return { state: 'native-leg', why: `xx-go builds for $TARGETPLATFORM, natively for the builder's own platform, where ${cgo.why.replace(/^a native build with /, '')} turns cgo on` };
  }
  return cgo;
}

/** The C library the binary is linked against: the one CC names, else the build image's. */
function linkedLibc(context: EnvContext, build: Stage): { libc: 'glibc' | 'musl'; fromCC: boolean } | undefined {
  const cc = context.env.get('CC');
  if (cc && cc.value === undefined) return undefined;
  const target = cc?.value ? compilerTarget(cc.value) : undefined;
  if (target && (target.kind === 'native' || target.kind === 'cross') && target.libc) return { libc: target.libc, fromCC: true };
  if (target?.kind === 'unknown') return undefined;
  return build.libc === 'glibc' || build.libc === 'musl' ? { libc: build.libc, fromCC: false } : undefined;
}

/**
 * False for a stage without a C library that has no ENTRYPOINT or CMD (nor a parent with one): such a
 * stage only collects files (`docker build --output`), it runs nothing.
 */
function runsSomething(ctx: RuleContext, stage: Stage): boolean {
  if (ctx.model.kind !== 'dockerfile') return true;
  for (let s: Stage | undefined = stage; s; s = s.parent !== undefined ? ctx.model.stages[s.parent] : undefined) {
    const next = ctx.model.stages[s.index + 1];
    const last = next ? next.fromRange.start.line - 1 : ctx.lines.lineCount - 1;
    for (let line = s.fromRange.end.line + 1; line <= last; line++) {
      const text = ctx.file.text.slice(ctx.lines.offsetAt({ line, character: 0 }), ctx.lines.lineEnd(line));
      if (/^\s*(ENTRYPOINT|CMD)\b/i.test(text)) return true;
    }
  }
  return false;
}

function report(
  ctx: RuleContext,
  context: EnvContext,
  command: GoCommand,
  cgo: CgoState,
  build: Stage,
  runtime: Stage,
  delivery: Delivery,
  libc: 'glibc' | 'musl',
): RuleReport {
  const binary = delivery.artefact.path ?? 'the binary';
  const leg = cgo.state === 'native-leg' && 'Only the native build has cgo on: the other platforms are cross builds, static.';
  const tags = buildFlag(command, 'tags')?.value;
  const netgoOnly = tags !== undefined && tagList(tags).includes('netgo') && '-tags netgo alone does not make it static: os/user still uses cgo.';
  const has = HAS[runtime.libc as Exclude<Libc, 'unknown'>];
  const fixes = cgoOff(ctx, context, command, build, cgo);
  const todo = fixes[0]?.isPreferred ? 'build it with CGO_ENABLED=0' : `use a ${libc} image or CGO_ENABLED=0`;
  const { message, rest } = fit(
    `${binary} is built with cgo for ${libc}, which the image it runs in lacks: ${todo}.`,
    `${runtime.imageExpr} ${has}.`,
    leg,
    netgoOnly,
    'If it uses net or os/user (servers do), it fails at start with "no such file or directory".',
  );
  return {
    range: command.goRange,
    message,
    fixes,
    related: [
      { file: ctx.file.path, range: command.goRange, message: `cgo is on in ${stageLabel(build)}: ${cgo.why}` },
      { file: ctx.file.path, range: delivery.range, message: `${binary} is copied into ${stageLabel(runtime)} here` },
      { file: ctx.file.path, range: runtime.fromRange, message: `${runtime.imageExpr} ${has}: ${LOADER[libc]}, the binary's ELF interpreter, is not there` },
      ...notes(ctx.file.path, command.goRange, rest),
    ],
  };
}

/**
 * CGO_ENABLED=0 for the command: its own CGO_ENABLED rewritten when it has one (an ignored `true`, or
 * `1`), else a prefix, or `ENV CGO_ENABLED=0` after the stage's FROM and ARG lines when the stage has
 * several go builds (or the RUN is in exec form, which has no shell for a prefix).
 */
function cgoOff(ctx: RuleContext, context: EnvContext, command: GoCommand, build: Stage, cgo: CgoState): Fix[] {
  const site = context.env.get('CGO_ENABLED')?.site;
  const title = 'Build without cgo: CGO_ENABLED=0 (a static binary needs no C library)';
  // Turning off a cgo the author asked for is offered, not preferred: the program may need C.
  const asked = cgo.state === 'on' && (cgo.explicit || (site?.value !== undefined && MEANS_ON.test(site.value)));
  if (site && site.literal) return [{ title, isPreferred: !asked, edits: [replaceValue(site, '0')] }];
  if (site) return [];
  const prefix = goBuildsIn(ctx, build) <= 1 ? setCgoFor(ctx, command, '0') : undefined;
  const edit = prefix ?? envAfterFrom(ctx, build);
  return [{ title: prefix ? title : `Set ENV CGO_ENABLED=0 in ${stageLabel(build)}`, isPreferred: !asked, edits: [edit] }];
}

const buildCounts = new WeakMap<RuleContext['model'], number[]>();

/** How many go build/install commands a stage runs (counted once per model). */
function goBuildsIn(ctx: RuleContext, stage: Stage): number {
  let counts = buildCounts.get(ctx.model);
  if (!counts) {
    counts = ctx.model.kind === 'dockerfile' ? ctx.model.stages.map(() => 0) : [];
    for (const c of ctx.model.contexts) {
      if (c.command && c.stageIndex !== undefined && c.command.tool === 'go' && subcommandDoes(c.command.subcommand, 'writesBinary')) counts[c.stageIndex]++;
    }
    buildCounts.set(ctx.model, counts);
  }
  return counts[stage.index];
}

/** `ENV CGO_ENABLED=0` on a line of its own after the FROM line and the ARG lines right below it. */
function envAfterFrom(ctx: RuleContext, stage: Stage): TextEdit {
  const text = ctx.file.text;
  const lineText = (l: number) => text.slice(ctx.lines.offsetAt({ line: l, character: 0 }), ctx.lines.lineEnd(l));
  let last = stage.fromRange.end.line;
  for (let l = last + 1; l < ctx.lines.lineCount && /^\s*ARG\s/i.test(lineText(l)); l++) {
    while (/[\\`]\s*$/.test(lineText(l)) && l + 1 < ctx.lines.lineCount) l++; // an ARG continued on the next line
    last = l;
  }
  const indent = /^\s*/.exec(lineText(stage.fromRange.start.line))![0];
  const at = ctx.lines.lineEnd(last);
  return { file: ctx.file.path, range: ctx.lines.range(at, at), newText: `${ctx.lines.eol}${indent}ENV CGO_ENABLED=0` };
}
