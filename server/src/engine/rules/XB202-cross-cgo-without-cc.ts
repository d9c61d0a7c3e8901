import { compilerFor, compilerOfPackage, compilerTarget, debianPackageOf } from '../knowledge/cross-compilers';
import { compareGo, type GoVersion } from '../knowledge/go-versions';
import { isKnownGoarch, isKnownGoos } from '../knowledge/ports';
import type { EnvContext, GoCommand } from '../model/types';
import type { Fix, TextEdit } from '../types';
import { notes, fit, brief, buildRelation, canPrefix, goLabel, replaceValue, setCgoFor, stageLabel, type BuildRelation, goCommandsThat } from './helpers';
import { BUILD_FILES, type BuildFile, type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';
import { stageOf } from '../model/stages';
import { NET_CGO_LINUX_ARM64 } from './witness-runs';


/**
 * What the build prints when the host's gcc builds runtime/cgo for another target (verified on
 * linux/amd64; the line numbers in the .S files vary).
 */
function failure(goos: string | undefined, goarch: string | undefined, v: GoVersion): string | undefined {
  if (goos === 'windows') {
    return compareGo(v, '1.27') >= 0 ? 'fatal error: windows.h: No such file or directory' : "gcc: error: unrecognized command-line option '-mthreads'";
  }
  if (goos !== 'linux') return undefined;
  switch (goarch) {
    case 'arm64':
      return 'gcc_arm64.S: Assembler messages: … Error: no such instruction';
    case 'arm':
      return "gcc: error: unrecognized command-line option '-marm'";
    case '386':
      return 'fatal error: bits/libc-header-start.h: No such file or directory';
    default:
      return undefined;
  }
}

/** Which packages make a cgo build compile C: on Linux the standard library's net and os/user already do. */
function needsC(goos: string | undefined): string {
  return goos === 'linux' || goos === undefined ? 'a package needs cgo (net or os/user, so any network program, or any import "C")' : 'a package has import "C"';
}

export const XB202: Rule<BuildFile> = {
  code: 'XB202',
  title: 'cgo cross build without a C compiler for the target',
  severity: 'error',
  // A GoReleaser release runs on a machine its config does not name: XB706 judges its cgo targets instead.
  kinds: BUILD_FILES.filter((k) => k !== 'goreleaser'),
  fixable: true,
  versioned: true,
  witnesses: [
    {
      claim: 'CGO_ENABLED=1 for linux/arm64 with the host gcc (the default CC of go.dev builds and the golang images): the host assembler rejects runtime/cgo\'s arm64 code.',
      program: 'net',
      env: { GOOS: 'linux', GOARCH: 'arm64', CGO_ENABLED: '1', CC: 'gcc' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'gcc_arm64.S: Assembler messages:' },
    },
    {
      claim: 'For linux/arm the host gcc does not know the ARM options.',
      program: 'net',
      env: { GOOS: 'linux', GOARCH: 'arm', CGO_ENABLED: '1', CC: 'gcc' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'unrecognized command-line option' },
    },
    {
      claim: 'For linux/386 the host gcc has no 32-bit C headers.',
      program: 'net',
      env: { GOOS: 'linux', GOARCH: '386', CGO_ENABLED: '1', CC: 'gcc' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'bits/libc-header-start.h: No such file or directory' },
    },
    {
      claim: 'For windows a program with import "C" fails with the host gcc (1.21–1.26: the -mthreads option).',
      program: 'cgo',
      versions: { to: '1.26' },
      env: { GOOS: 'windows', GOARCH: 'amd64', CGO_ENABLED: '1', CC: 'gcc' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: '-mthreads' },
    },
    {
      claim: 'For windows a program with import "C" fails with the host gcc (1.27: no windows.h).',
      program: 'cgo',
      versions: { from: '1.27' },
      env: { GOOS: 'windows', GOARCH: 'amd64', CGO_ENABLED: '1', CC: 'gcc' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'windows.h: No such file or directory' },
    },
    {
      claim: 'On windows net needs no cgo: a program without import "C" builds even with the host gcc.',
      program: 'net',
      env: { GOOS: 'windows', GOARCH: 'amd64', CGO_ENABLED: '1', CC: 'gcc' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'ok' },
    },
    {
      claim: 'For darwin the default C compiler is clang, and a program with import "C" stops when it is missing.',
      program: 'cgo',
      env: { GOOS: 'darwin', GOARCH: 'arm64', CGO_ENABLED: '1' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'cgo: C compiler "clang" not found' },
    },
    {
      claim: 'The fix: CC naming the target\'s compiler (aarch64-linux-gnu-gcc from gcc-aarch64-linux-gnu) builds an arm64 binary.',
      ...NET_CGO_LINUX_ARM64,
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'ARM aarch64' } }],
    },
    {
      claim: 'Debian\'s Go packages up to 1.24 use gcc as the default CC for linux/arm64 too.',
      versions: { to: '1.24' },
      env: { GOOS: 'linux', GOARCH: 'arm64' },
      args: ['env', 'CC'],
      expect: { exit: 'ok', stdout: 'gcc' },
    },
    {
      claim: 'Debian\'s own Go packages from 1.25 were built with a per-target default CC: aarch64-linux-gnu-gcc for linux/arm64.',
      versions: { from: '1.25' },
      env: { GOOS: 'linux', GOARCH: 'arm64' },
      args: ['env', 'CC'],
      expect: { exit: 'ok', stdout: 'aarch64-linux-gnu-gcc' },
    },
  ],
  check(ctx: RuleContext<ModelOf<BuildFile>>): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const { context, command } of goCommandsThat(ctx.model, 'links')) {
      const cgo = context.env.get('CGO_ENABLED');
      if (cgo?.value !== '1') continue;
      const rel = buildRelation(context, ctx);
      if (rel.relation !== 'cross' && rel.relation !== 'per-target') continue;
      // GOARCH=x86_64: go stops at the pair before cgo runs (XB102 reports it).
      if ((rel.goos && !isKnownGoos(rel.goos)) || (rel.goarch && !isKnownGoarch(rel.goarch))) continue;
      const cc = context.env.get('CC');
      if (cc && cc.value === undefined) continue;
      const compiler = cc?.value ? compilerTarget(cc.value) : undefined;
      // A cross compiler, xx's wrapper or a name we cannot read: XB209 judges whether it fits.
      if (compiler && compiler.kind !== 'native') continue;
      const stage = stageOf(ctx.model, context);
      // Outside Docker, a darwin/ios cgo build is usually a recipe meant for a Mac, where Apple's clang
      // builds for both architectures; from here we cannot tell the host.
      const goos = context.env.get('GOOS')?.value;
      if (!stage && (goos === 'darwin' || goos === 'ios')) continue;
      // tonistiigi/xx installed the target's compiler: xx-go (or `xx-go --wrap`) sets CC to it.
      if (!compiler && stage?.crossCC.includes('xx')) continue;
      // No C compiler in the image at all: XB207 reports what Go prints then.
      if (stage && stage.cc === false && stage.crossCC.length === 0) continue;
      reports.push(report(ctx, context, command, rel, compiler?.name));
    }
    return reports;
  },
};

function report(ctx: RuleContext, context: EnvContext, command: GoCommand, rel: BuildRelation, ccName: string | undefined): RuleReport {
  const stage = stageOf(ctx.model, context);
  const cgoSite = context.env.get('CGO_ENABLED')?.site;
  const target = rel.goarch ? `${rel.goos}/${rel.goarch}` : 'every target platform but the builder\'s own';
  const used = ccName
    ? `CC=${ccName}, a compiler for the build machine`
    : rel.goos === 'darwin'
      ? 'the default C compiler, clang, a compiler for the build machine if it is there at all'
      : `the default C compiler, gcc, the build machine's own${ctx.model.kind === 'dockerfile' ? '' : ' (Debian\'s own Go packages from 1.25 default to the Debian cross compiler\'s name instead, which then has to be installed)'}`;
  const fails = failure(rel.goos, rel.goarch, context.goVersion.version);
  const outcome = fails
    ? `stops with "${fails}"${rel.goos === 'windows' ? ` (${goLabel(context.goVersion)})` : ''}`
    : rel.relation === 'per-target'
      ? 'fails for each foreign platform (linux/arm64: "gcc_arm64.S: Assembler messages: … Error: no such instruction")'
      : 'fails: that compiler cannot build runtime/cgo for the target';

  const suggested = rel.goos && rel.goarch ? compilerFor(rel.goos, rel.goarch, stage?.libc === 'musl' ? 'musl' : 'glibc') : undefined;
  const installed = stage && rel.goos && rel.goarch
    ? stage.crossCC.map(compilerOfPackage).find((c) => c && c.goos === rel.goos && c.goarch === rel.goarch)
    : undefined;
  // What to do (the lead), then where the compiler comes from (evidence that follows when it fits).
  let todo: string;
  let source: string | undefined;
  if (installed) {
    todo = `set CC=${installed.cc}`;
    source = `This stage installs ${installed.cc}.`;
  } else if (ctx.model.kind === 'dockerfile') {
    todo = 'use tonistiigi/xx and xx-go build';
    source = suggested && stage?.libc !== 'musl' ? `Or install ${debianPackageOf(suggested) ?? 'a cross compiler'} and set CC=${suggested}.` : undefined;
  } else {
    todo = suggested ? `set CC=${suggested}` : 'set CC to a C compiler for the target';
    source = suggested && debianPackageOf(suggested) ? `Debian/Ubuntu package: ${debianPackageOf(suggested)}.` : undefined;
  }
  const xx =
    "tonistiigi/xx: `xx-apk add gcc musl-dev` (alpine) or `xx-apt-get install gcc libc6-dev` (Debian) installs the target's compiler, and `xx-go build` sets CC to it";

  const fixes: Fix[] = [];
  if (installed) {
    const edit = setCC(ctx, context, command, installed.cc);
    if (edit) fixes.push({ title: `Set CC=${installed.cc}`, isPreferred: true, edits: [edit] });
  }
  // A recipe's $(MAKE) that picks the target: CC belongs beside the GOOS/GOARCH it passes on.
  else if (command.via && !stage && suggested && canPrefix(command, ctx.lines)) {
    fixes.push({ title: `Set CC=${suggested} on the make command`, isPreferred: false, edits: [command.insertBefore(`CC=${suggested} `)] });
  }
  // A command a make call runs with CGO_ENABLED=1 on that call (`$(MAKE) build CGO_ENABLED=1`) has no site for it:
  // a CGO_ENABLED=0 prefix before the make would be overridden by the value already there, so none is offered.
  const off = cgoSite?.literal ? replaceValue(cgoSite, '0') : cgoSite || !command.via ? setCgoFor(ctx, command, '0') : undefined;
  if (off) fixes.push({ title: 'Turn cgo off (CGO_ENABLED=0), if nothing needs C', isPreferred: false, edits: [off] });

  const where = stage ? ` in ${stageLabel(stage)}` : '';
  // A command a `make` elsewhere runs (a RUN, a recipe's $(MAKE)) is reported on that make: it chose the target.
  const range = !command.via && cgoSite && cgoSite.kind === 'prefix' && command.env.get('CGO_ENABLED')?.site === cgoSite ? cgoSite.range : command.goRange;
  const short = rel.goarch ? `${rel.goos}/${rel.goarch}` : 'other platforms';
  const { message, rest } = fit(
    `CGO_ENABLED=1 builds for ${short} without a C compiler for it: ${todo}.`,
    source,
    fails && `Without one the build stops with "${fails}".`,
  );
  return {
    range,
    message,
    fixes,
    related: [
      ...notes(ctx.file.path, range, rest),
      {
        file: ctx.file.path,
        range: command.goRange,
        message: `a cross build (${target}, built on ${rel.runner})${where}: Go compiles runtime/cgo with ${used}, so as soon as ${needsC(rel.goos)} the build ${outcome}`,
      },
      ...(ctx.model.kind === 'dockerfile' && !installed ? [{ file: ctx.file.path, range: command.goRange, message: xx }] : []),
    ],
  };
}

/** CC for one command: its own CC rewritten, else beside its CGO_ENABLED prefix, else a new prefix. */
function setCC(ctx: RuleContext, context: EnvContext, command: GoCommand, cc: string): TextEdit | undefined {
  const own = context.env.get('CC')?.site;
  if (own && own.kind === 'prefix' && own.literal) return replaceValue(own, cc);
  const cgo = context.env.get('CGO_ENABLED')?.site;
  if (cgo && cgo.kind === 'prefix') return cgo.addSibling('CC', cc);
  return canPrefix(command, ctx.lines) ? command.insertBefore(`CC=${cc} `) : undefined;
}
