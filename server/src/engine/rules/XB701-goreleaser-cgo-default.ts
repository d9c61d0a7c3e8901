import { cgoOnlyModule } from '../knowledge/cgo-modules';
import { targetLabel } from '../model/goreleaser-model';
import type { Rule, RuleContext, RuleReport } from './rule';
import { notes } from './helpers';
import type { EnvEntry, GoReleaserBuild, GoReleaserModel } from '../model/types';
import { replaceValue } from './helpers';

/**
 * Targets GoReleaser commonly runs on natively (GitHub's ubuntu runners and most CI machines): for
 * these Go's default turns cgo on, since the target is the machine's own and gcc is there.
 */
const USUAL_RUNNERS = ['linux/amd64', 'linux/arm64'];

export const XB701: Rule<'goreleaser'> = {
  code: 'XB701',
  title: 'GoReleaser build leaves CGO_ENABLED to Go\'s default',
  severity: 'warning',
  kinds: ['goreleaser'],
  fixable: true,
  witnesses: [
    {
      claim: 'With CGO_ENABLED unset, a build for the machine\'s own platform with a C compiler has cgo on.',
      env: {},
      args: ['env', 'CGO_ENABLED'],
      expect: { exit: 'ok', stdout: '1' },
    },
    {
      claim: 'For another target it is off, so one release holds binaries built both ways.',
      env: { GOOS: 'linux', GOARCH: 'arm64' },
      args: ['env', 'CGO_ENABLED'],
      expect: { exit: 'ok', stdout: '0' },
    },
    {
      claim: 'The native binary of a network program is then dynamically linked against the machine\'s C library.',
      program: 'net',
      env: {},
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'dynamically linked' } }],
    },
    {
      claim: 'The fix: with CGO_ENABLED=0 it is statically linked and runs on any Linux.',
      program: 'net',
      env: { CGO_ENABLED: '0' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'statically linked' } }, { kind: 'scratch', expect: { exit: 'ok' } }],
    },
  ],
  check(ctx: RuleContext<GoReleaserModel>): RuleReport[] {
    // A module with cgo files or cgo-only packages needs cgo: the default is what it wants (XB2xx judge it).
    const module = ctx.module;
    if (module && (module.cgoFiles.length > 0 || module.mod.requires.some((r) => cgoOnlyModule(r.path, module.imports)))) return [];
    const reports: RuleReport[] = [];
    const inherited = ctx.model.inherited?.get('CGO_ENABLED');
    for (const build of ctx.model.builds) {
      if (build.skipped || build.env.has('CGO_ENABLED')) continue;
      // Started by a caller we followed (a Makefile recipe): the cgo state is the one it passes on.
      if (inherited) {
        const report = inheritedCgo(ctx, build, inherited);
        if (report) reports.push(report);
        continue;
      }
      const native = build.targets.filter((t) => USUAL_RUNNERS.includes(`${t.goos}/${t.goarch}`)).map(targetLabel);
      if (!native.length) continue;
      const edit = build.addEnv('CGO_ENABLED', '0');
      const line = build.range.start.line;
      reports.push({
        range: { start: build.range.start, end: { line, character: ctx.lines.lineEnd(line) - ctx.lines.offsetAt({ line, character: 0 }) } },
        message: 'CGO_ENABLED is unset: the runner-native builds link libc, the others are static. Add CGO_ENABLED=0 to env.',
        related: notes(ctx.file.path, build.range, [
          `Go turns cgo on for a native build when a C compiler is there (${native.join(', ')} on a Linux runner of that architecture) and off for every other target, so the release mixes dynamically and statically linked binaries.`,
        ]),
        fixes: edit ? [{ title: 'Add CGO_ENABLED=0 to env', isPreferred: true, edits: [edit] }] : [],
      });
    }
    return reports;
  },
};

/**
 * CGO_ENABLED=1 from the environment goreleaser was started with: every target is built with cgo on, so the
 * targets other than the build machine's need a C compiler for them, which the build does not name (CC).
 * CGO_ENABLED=0 there, or a value we cannot read, leaves nothing to say.
 */
function inheritedCgo(ctx: RuleContext<GoReleaserModel>, build: GoReleaserBuild, cgo: EnvEntry): RuleReport | undefined {
  if (cgo.value !== '1' || build.env.has('CC')) return undefined;
  const runner = ctx.model.contexts.find((c) => c.runner?.goos && c.runner.goarch)?.runner;
  const host = runner?.goos && runner.goarch ? { goos: runner.goos, goarch: runner.goarch } : ctx.facts.host;
  const foreign = build.targets.filter((t) => t.goos !== host.goos || t.goarch !== host.goarch);
  if (!foreign.length) return undefined;
  const labels = [...new Set(foreign.map(targetLabel))];
  const site = cgo.site;
  const fix = site?.literal ? replaceValue(site, '0') : undefined;
  return {
    range: site?.range ?? build.range,
    message: 'GoReleaser\'s cross builds get CGO_ENABLED=1 from here and no C compiler: set CGO_ENABLED=0.',
    related: notes(ctx.file.path, build.range, [
      `GoReleaser build ${build.name} inherits CGO_ENABLED=1 and names no CC, so Go uses the build machine's gcc for ${labels.join(', ')}, which cannot build runtime/cgo for them.`,
    ]),
    fixes: fix ? [{ title: 'Pass CGO_ENABLED=0 to goreleaser', isPreferred: true, edits: [fix] }] : [],
  };
}
