import { cgoOnlyModule, type CgoModule } from '../knowledge/cgo-modules';
import { cgoState } from '../model/cgo';
import type { Requirement } from '../model/gomod';
import type { RelatedInformation } from '../types';
import { once, rangeKey, targetOf } from './helpers';
import type { Rule, RuleContext, RuleReport } from './rule';

const BUILDS = new Set(['build', 'install', 'run', 'test']);

/** "cgo is off (CGO_ENABLED=0)" / "cgo is off for every target other than the builder's own (…)"; undefined when on or unknown. */
export function cgoOffWhy(context: import('../model/types').EnvContext, ctx: RuleContext): string | undefined {
  const state = cgoState(context, ctx.model, ctx.facts);
  if (state.state === 'off') return `cgo is off (${state.why})`;
  if (state.state === 'native-leg') return `cgo is off for every target platform other than the builder's own (${state.why})`;
  return undefined;
}

export const XB203: Rule = {
  code: 'XB203',
  title: 'The module needs a cgo-only package and the build turns cgo off',
  severity: 'error',
  fixable: false,
  witnesses: [
    {
      claim: 'With cgo on, a package whose only file imports "C" builds and runs.',
      env: {},
      args: ['build', '-o', 'app', '.'],
      program: 'cgodep',
      expect: { exit: 'ok' },
      inspect: [{ kind: 'run', expect: { exit: 'ok', output: '3' } }],
    },
    {
      claim: 'With CGO_ENABLED=0 the same package has no Go files left: the build fails.',
      env: { CGO_ENABLED: '0' },
      args: ['build', '-o', 'app', '.'],
      program: 'cgodep',
      expect: { exit: 'fail', stderr: 'build constraints exclude all Go files in' },
    },
    {
      claim: 'A cross build turns cgo off by default: the same failure.',
      env: { GOOS: 'linux', GOARCH: 'arm64' },
      args: ['build', '-o', 'app', '.'],
      program: 'cgodep',
      expect: { exit: 'fail', stderr: 'build constraints exclude all Go files in' },
    },
  ],
  check(ctx: RuleContext): RuleReport[] {
    const module = ctx.module;
    if (!module || ctx.model.kind === 'goenv' || ctx.model.kind === 'gomod') return [];
    const needed: { req: Requirement; entry: CgoModule }[] = [];
    for (const req of module.mod.requires) {
      const entry = cgoOnlyModule(req.path, module.imports);
      if (entry) needed.push({ req, entry });
    }
    if (!needed.length) return [];
    const reports: RuleReport[] = [];
    for (const context of ctx.model.contexts) {
      const command = context.command;
      if (!command || command.tool !== 'go' || !BUILDS.has(command.subcommand)) continue;
      const off = cgoOffWhy(context, ctx);
      if (!off) continue;
      const goos = targetOf(context.env, ctx).goos;
      const relevant = needed.filter(({ entry }) => !(goos && entry.exceptGoos?.includes(goos)));
      if (!relevant.length) continue;
      const parts = relevant.map(({ req, entry }) => {
        const alt = entry.alternative ? ` Pure-Go alternative: ${entry.alternative}.` : '';
        return `${entry.path} (go.mod requires ${req.path} ${req.version}${req.indirect ? ', indirect' : ''}): ${entry.symptom}.${alt}`;
      });
      const related: RelatedInformation[] = relevant.map(({ req, entry }) => ({
        file: module.path,
        range: req.range,
        message: `${req.path} ${req.version} is required here; ${entry.path} needs cgo (${entry.why})`,
      }));
      reports.push({
        range: command.range,
        message: `go ${command.subcommand} builds with ${off}, but the module needs ${relevant.length > 1 ? 'cgo-only packages' : 'a cgo-only package'}: ${parts.join(' ')}`,
        related,
      });
    }
    return reports.filter(once((r) => rangeKey(r.range)));
  },
};
