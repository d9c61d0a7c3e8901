import { compilerFor, compilerTarget, type CLibc, type CompilerTarget } from '../knowledge/cross-compilers';
import { cgoState } from '../model/cgo';
import type { Stage } from '../model/dockerfile-model';
import type { Assignment, EnvContext } from '../model/types';
import type { Fix } from '../types';
import { buildRelation, fit, MESSAGE_LIMITS, notes, rangeKey, replaceValue, stageLabel, staticWithCgo, goCommandsThat } from './helpers';
import { BUILD_FILES, type BuildFile, type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';
import { stageOf } from '../model/stages';
import { NET_CGO_GCC, NET_CGO_LINUX_ARM64, NET_CGO_MUSL } from './witness-runs';


/** A compiler whose target we can read: a cross one, or a native one with a known C library (musl-gcc). */
type Readable = Extract<CompilerTarget, { kind: 'cross' | 'native' }>;

export const XB209: Rule<BuildFile> = {
  code: 'XB209',
  title: 'CC names a compiler for another target',
  severity: 'warning',
  kinds: BUILD_FILES,
  fixable: true,
  witnesses: [
    {
      claim: 'A compiler for arm64 used for a native amd64 cgo build: gcc rejects the amd64 options Go passes.',
      program: 'net',
      env: { CGO_ENABLED: '1', CC: 'aarch64-linux-gnu-gcc' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: "aarch64-linux-gnu-gcc: error: unrecognized command-line option '-m64'" },
    },
    {
      claim: 'The fix for a native build, the machine\'s own gcc, builds it.',
      ...NET_CGO_GCC,
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'x86-64' } }],
    },
    {
      claim: 'The same arm64 compiler with GOARCH=arm64 builds an arm64 binary.',
      ...NET_CGO_LINUX_ARM64,
      expect: { exit: 'ok' },
      inspect: [{ kind: 'interp', expect: { output: '/lib/ld-linux-aarch64.so.1' } }],
    },
    {
      claim: 'A musl compiler links against musl: the binary names musl\'s loader, which glibc images lack.',
      ...NET_CGO_MUSL,
      expect: { exit: 'ok' },
      inspect: [{ kind: 'interp', expect: { output: '/lib/ld-musl-x86_64.so.1' } }],
    },
    {
      claim: 'A glibc compiler links against glibc: the binary names glibc\'s loader, which musl images lack.',
      program: 'net',
      env: { CGO_ENABLED: '1', CC: 'x86_64-linux-gnu-gcc' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'ok' },
      inspect: [{ kind: 'interp', expect: { output: '/lib64/ld-linux-x86-64.so.2' } }],
    },
  ],
  check(ctx: RuleContext<ModelOf<BuildFile>>): RuleReport[] {
    const reports: RuleReport[] = [];
    const seen = new Set<string>();
    for (const { context, command } of goCommandsThat(ctx.model, 'compiles')) {
      const cc = context.env.get('CC');
      const site = cc?.site;
      if (!cc?.value || !site) continue;
      const compiler = compilerTarget(cc.value);
      if (compiler.kind !== 'cross' && !(compiler.kind === 'native' && compiler.libc)) continue;
      if (cgoState(context, ctx.model, ctx.facts).state === 'off') continue; // CC is not used
      const verdict = judge(ctx, context, compiler);
      if (!verdict) continue;
      const key = `${rangeKey(site.range)}:${verdict.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const fixes: Fix[] = [];
      if (verdict.suggest && site.literal && verdict.suggest !== cc.value) {
        fixes.push({ title: `Use CC=${verdict.suggest}`, isPreferred: true, edits: [replaceValue(site, verdict.suggest)] });
      }
      // A value from a variable is shown beside it (`CC=$CROSS (= …)`) when the first sentence has room, else said after it.
      const full = `CC=${shown(site)} ${verdict.message}`;
      const moved = !site.literal && full.length > MESSAGE_LIMITS.firstSentence;
      const { message, rest } = moved ? fit(`CC=${site.valueText} ${verdict.message}`, `${site.valueText} is ${cc.value}.`, verdict.evidence) : fit(full, verdict.evidence);
      reports.push({
        range: site.valueRange,
        message,
        // Evidence the message has no room for goes first: without it a name's contradiction is not explained anywhere.
        related: [...notes(site.file, site.valueRange, rest), ...verdict.related.map((message) => ({ file: site.file, range: site.valueRange, message }))],
        fixes,
      });
    }
    return reports;
  },
};

function shown(site: Assignment): string {
  return site.literal ? (site.value ?? site.valueText) : `${site.valueText} (= ${site.value})`;
}

/** What is wrong with the compiler for this command: the platform, else the C library of the image that runs the binary. */
function judge(ctx: RuleContext, context: EnvContext, compiler: Readable): { message: string; evidence?: string; related: string[]; suggest?: string } | undefined {
  const rel = buildRelation(context, ctx);
  const stage = stageOf(ctx.model, context);
  if (compiler.kind === 'cross' && rel.goos && rel.goarch && (compiler.goos !== rel.goos || compiler.goarch !== rel.goarch)) {
    const target = `${rel.goos}/${rel.goarch}`;
    const libc: CLibc = compiler.libc ?? (stage?.libc === 'musl' ? 'musl' : 'glibc');
    // A native build wants the machine's own compiler, whatever the distribution calls its triplet.
    const suggest = rel.relation === 'native' && libc !== 'musl' ? 'gcc' : compilerFor(rel.goos, rel.goarch, libc);
    const native = rel.relation === 'native' ? ' (a native build)' : '';
    const m64 = rel.goos === 'linux' && rel.goarch === 'amd64' && compiler.name.endsWith('gcc');
    return {
      message: `builds for ${compiler.goos}/${compiler.goarch}, not ${target}${native}: ${suggest ? `use CC=${suggest}` : 'set CC to a compiler for it'}.`,
      evidence: m64 ? 'Go passes -m64 for amd64, which this compiler rejects.' : 'The build fails, or links C code for the wrong machine.',
      related: [
        ...(compiler.contradicts ? [compiler.contradicts] : []),
        m64
          ? `for amd64 Go passes -m64, and the build stops with "${compiler.name}: error: unrecognized command-line option '-m64'"`
          : 'cgo compiles runtime/cgo and every import "C" with it, so the build fails, or links C code for the wrong machine',
      ],
      suggest,
    };
  }
  if (compiler.kind === 'cross' && compiler.contradicts) {
    const suggest = rel.goos && rel.goarch ? compilerFor(rel.goos, rel.goarch, compiler.libc) : undefined;
    return {
      message: `is not a real toolchain name: ${suggest ? `use CC=${suggest}` : 'name the compiler for the target'}.`,
      evidence: `${compiler.contradicts[0].toUpperCase()}${compiler.contradicts.slice(1)}.`,
      related: [],
      suggest,
    };
  }
  if (!compiler.libc || ctx.model.kind !== 'dockerfile' || !context.command || staticWithCgo(context.command)) return undefined;
  // The C library: the binary needs the loader of the libc it was linked against where it runs.
  for (const d of ctx.model.deliveries) {
    if (d.artefact.command !== context.command) continue;
    const runtime: Stage = ctx.model.stages[d.stageIndex];
    if ((runtime.libc !== 'glibc' && runtime.libc !== 'musl') || runtime.libc === compiler.libc) continue;
    if (compiler.libc === 'glibc' && runtime.glibcCompat) continue;
    const suggest = compiler.kind === 'cross' ? compilerFor(compiler.goos, compiler.goarch, runtime.libc) : runtime.libc === 'musl' ? 'musl-gcc' : 'gcc';
    const platform = compiler.kind === 'cross' ? `${compiler.goos}/${compiler.goarch}` : 'this platform';
    return {
      message: `links against ${compiler.libc}, but ${runtime.imageExpr} has ${runtime.libc}: ${suggest ? `use CC=${suggest}` : `use a ${runtime.libc} compiler`}.`,
      evidence: 'The binary fails at start with "no such file or directory".',
      related: [
        `it runs in ${stageLabel(runtime)}, which has ${runtime.libc}: the binary's ELF interpreter ` +
          `(${compiler.libc === 'glibc' ? "glibc's ld-linux loader" : "musl's /lib/ld-musl-*.so.1"}) is not there` +
          (suggest ? `; the ${runtime.libc} compiler for ${platform} is ${suggest}` : ''),
      ],
      suggest,
    };
  }
  return undefined;
}
