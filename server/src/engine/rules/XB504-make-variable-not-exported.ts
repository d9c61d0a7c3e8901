import type { Assignment, GoCommand } from '../model/types';
import type { Rule, RuleContext, RuleReport } from './rule';

/** The variables whose absence changes what go builds. */
const TARGETING = new Set(['GOOS', 'GOARCH', 'GOARM', 'GOAMD64', 'GOARM64', 'CGO_ENABLED', 'CC', 'CXX', 'GOEXPERIMENT', 'GOFLAGS']);

export const XB504: Rule = {
  code: 'XB504',
  title: 'Make variable does not reach the go command',
  severity: 'error',
  fixable: true,
  witnesses: [
    {
      claim: 'A make variable is not an environment variable: go builds for the host.',
      env: {},
      args: ['build', '-o', 'app', '.'],
      script: { make: 'GOARCH := arm64\n\napp:\n\tgo build -o app .\n' },
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'x86-64', notOutput: 'aarch64' } }],
    },
    {
      claim: 'Exported, it reaches go.',
      env: {},
      args: ['build', '-o', 'app', '.'],
      script: { make: 'export GOARCH := arm64\n\napp:\n\tgo build -o app .\n' },
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'aarch64' } }],
    },
  ],
  check(ctx: RuleContext): RuleReport[] {
    if (ctx.model.kind !== 'makefile') return [];
    const missing = new Map<Assignment, GoCommand[]>();
    const sites = ctx.model.assignments.filter((a) => a.kind === 'make' && TARGETING.has(a.name));
    // The last assignment of a name is the one a recipe would see.
    const last = new Map(sites.map((s) => [s.name, s]));
    for (const command of ctx.model.commands) {
      if (command.tool !== 'go') continue;
      for (const site of last.values()) {
        if (!command.env.has(site.name)) missing.set(site, [...(missing.get(site) ?? []), command]);
      }
    }
    return [...missing].map(([site, commands]): RuleReport => {
      const lines = commands.map((c) => c.range.start.line + 1).join(', ');
      return {
        range: site.nameRange,
        message:
          `${site.name} is a make variable that is not exported, so it is not in the environment of the go command` +
          `${commands.length > 1 ? 's' : ''} on line${commands.length > 1 ? 's' : ''} ${lines}: go builds with its own default ` +
          `(unless ${site.name} also comes from the environment or the make command line).`,
        fixes: [
          {
            title: `Export ${site.name}`,
            isPreferred: true,
            edits: [{ file: site.file, range: { start: site.nameRange.start, end: site.nameRange.start }, newText: 'export ' }],
          },
          {
            title: `Pass ${site.name}=$(${site.name}) on the go command${commands.length > 1 ? 's' : ''}`,
            isPreferred: false,
            edits: commands.map((c) => c.insertBefore(`${site.name}=$(${site.name}) `)),
          },
        ],
        related: commands.map((c) => ({ file: c.file, range: c.goRange, message: `runs without ${site.name}` })),
      };
    });
  },
};
