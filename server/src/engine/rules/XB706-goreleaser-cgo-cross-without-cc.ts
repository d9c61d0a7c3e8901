import { cgoOnlyModule } from '../knowledge/cgo-modules';
import { compilerFor } from '../knowledge/cross-compilers';
import type { Assignment, GoReleaserModel } from '../model/types';
import type { Fix } from '../types';
import { brief, notes } from './helpers';
import type { Rule, RuleContext, RuleReport } from './rule';
import { isKnownGoarch, isKnownGoos } from '../knowledge/ports';

export const XB706: Rule<'goreleaser'> = {
  code: 'XB706',
  title: 'GoReleaser build turns cgo on for several targets without a C compiler per target',
  severity: 'error',
  kinds: ['goreleaser'],
  fixable: true,
  witnesses: [
    {
      claim: 'CGO_ENABLED=1 for linux/arm64 with the host gcc (no CC for the target): the host assembler rejects runtime/cgo\'s arm64 code.',
      program: 'net',
      env: { GOOS: 'linux', GOARCH: 'arm64', CGO_ENABLED: '1', CC: 'gcc' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'gcc_arm64.S: Assembler messages:' },
    },
    {
      claim: 'The fix when nothing needs cgo: CGO_ENABLED=0 builds every target with no C compiler at all.',
      program: 'net',
      cc: 'none',
      env: { GOOS: 'linux', GOARCH: 'arm64', CGO_ENABLED: '0' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'ARM aarch64' } }],
    },
  ],
  check(ctx: RuleContext<GoReleaserModel>): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const build of ctx.model.builds) {
      const cgo = build.env.get('CGO_ENABLED');
      const site = cgo?.site;
      if (build.skipped || !build.targetsKnown || cgo?.value !== '1' || !site) continue;
      if (build.env.has('CC') || build.overridesCC) continue;
      // One machine runs the whole release: with two platforms or more, all but (at most) its own are cross builds.
      // When a workflow step runs it, that machine is its runner: the others fail (a Mac's clang is left alone for darwin).
      // A pair Go does not know (goarch armv7) stops go before cgo runs: XB102 reports it.
      const pairs = [...new Set(build.targets.filter((t) => isKnownGoos(t.goos) && isKnownGoarch(t.goarch)).map((t) => `${t.goos}/${t.goarch}`))];
      const runner = runnerOf(ctx);
      const foreign = runner ? pairs.filter((p) => p !== runner && !(runner.startsWith('darwin/') && p.startsWith('darwin/'))) : pairs;
      if (runner ? foreign.length === 0 : pairs.length < 2) continue;
      const fixes: Fix[] = moduleAllowsNoCgo(ctx) ? [{ title: 'Set CGO_ENABLED=0', isPreferred: true, edits: [{ file: ctx.file.path, range: site.valueRange, newText: '0' }] }] : [];
      const perTarget = compilerPerTargetFix(site, pairs);
      if (perTarget) fixes.push(perTarget);
      const compilers = foreign.map((p) => `${p}: ${compilerFor(...(p.split('/') as [string, string])) ?? 'no common cross compiler (zig cc or an SDK)'}`);
      reports.push({
        range: site.range,
        message: brief(
          runner
            ? `CGO_ENABLED=1 with no CC per target on the ${runner} runner: ${foreign.length === 1 ? `the ${foreign[0]} build fails` : `${foreign.length} of ${pairs.length} platforms fail`}.`
            : `CGO_ENABLED=1 for ${pairs.length} platforms with no CC per target: all but the build machine's own fail.`,
          fixes.length ? 'Set CGO_ENABLED=0: nothing in the module needs cgo.' : 'Give each target a CC in overrides.',
        ),
        related: notes(ctx.file.path, site.range, [
          `GoReleaser runs go build per target with this env, so the machine's own C compiler builds runtime/cgo for every target (GoReleaser documents cgo cross builds as needing cross compilers, zig or split builds).`,
          `C compilers per target: ${compilers.join('; ')}.`,
        ]),
        fixes,
      });
    }
    return reports;
  },
};

/**
 * One `CC_<os>_<arch>` env entry per target with Debian's compiler for it, and a CC that picks the entry of
 * the target being built (GoReleaser's documented template env; `index` of .Env by `CC_`, .Os, `_`, .Arch).
 * Only when every target has such a compiler (darwin has none): the runner then needs those packages.
 */
function compilerPerTargetFix(site: Assignment, pairs: string[]): Fix | undefined {
  const entries: [string, string][] = [];
  for (const pair of pairs) {
    const [goos, goarch] = pair.split('/');
    const cc = compilerFor(goos, goarch);
    if (!cc) return undefined;
    entries.push([`CC_${goos}_${goarch}`, cc]);
  }
  // The quoted template is written as the name of the last entry so its line has the entries' indent and style.
  const lines = [...entries, ["'CC", '{{ index .Env (print "CC_" .Os "_" .Arch) }}\'']].map(([name, value]) => site.addSibling(name, value));
  const edit = { ...lines[0], newText: lines.map((l) => l.newText).join('') };
  return { title: 'Give each target its C compiler (CC_<os>_<arch> entries and a CC template)', isPreferred: false, edits: [edit] };
}

/** The runner of the workflow step that runs GoReleaser (goreleaser-action, or a run: step), when a caller says. */
function runnerOf(ctx: RuleContext<GoReleaserModel>): string | undefined {
  const runner = ctx.model.contexts.find((c) => c.runner?.goos && c.runner.goarch)?.runner;
  return runner ? `${runner.goos}/${runner.goarch}` : undefined;
}

/** The module is known and needs no cgo: no `import "C"` files, no cgo-only module. */
function moduleAllowsNoCgo(ctx: RuleContext): boolean {
  const module = ctx.module;
  return !!module && module.cgoFiles.length === 0 && !module.mod.requires.some((r) => cgoOnlyModule(r.path, module.imports));
}
