import { SUBARCH_ARCHES } from '../knowledge/subarch';
import { once, rangeKey } from './helpers';
import { BUILD_FILES, type BuildFile, type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';

export const XB502: Rule<BuildFile> = {
  code: 'XB502',
  title: 'Build variable set on an earlier recipe line',
  severity: 'error',
  kinds: BUILD_FILES,
  fixable: true,
  witnesses: [
    {
      claim: 'Each recipe line runs in its own shell: an export on one line does not reach go on the next.',
      env: {},
      args: ['build', '-o', 'app', '.'],
      script: { make: 'app:\n\texport GOARCH=arm64\n\tgo build -o app .\n' },
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'x86-64', notOutput: 'aarch64' } }],
    },
    {
      claim: 'On the go line itself it does.',
      env: {},
      args: ['build', '-o', 'app', '.'],
      script: { make: 'app:\n\tGOARCH=arm64 go build -o app .\n' },
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'aarch64' } }],
    },
  ],
  check(ctx: RuleContext<ModelOf<BuildFile>>): RuleReport[] {
    const text = ctx.lines.text;
    return (ctx.model.lost ?? [])
      .filter((l) => l.why === 'earlier-recipe-line')
      // Once per assignment and go command (a loop walks one several times), not per message: two go
      // commands on one line share their message, and each needs its edit.
      .filter(once((l) => `${rangeKey(l.site.range)}:${rangeKey(l.command.goRange)}`))
      // A sub-architecture variable for another GOARCH than the go line builds for does nothing there (XB105).
      .filter((l) => {
        const arches = (SUBARCH_ARCHES as Record<string, readonly string[]>)[l.site.name];
        const goarch = l.command.env.get('GOARCH')?.value;
        return !arches || !goarch || arches.includes(goarch);
      })
      .map(({ site, command }): RuleReport => {
        const value = text.slice(ctx.lines.offsetAt(site.valueRange.start), ctx.lines.offsetAt(site.valueRange.end));
        return {
          range: site.range,
          message:
            `Recipe line ${site.range.start.line + 1} sets ${site.name}, but each recipe line is a new shell: set it on the go command's line.` +
            ` go ${command.subcommand} on line ${command.range.start.line + 1} builds without it.`,
          fixes: [
            {
              title: `Set ${site.name} on the go line`,
              isPreferred: true,
              edits: [command.insertBefore(`${site.name}=${value} `)],
            },
          ],
          related: [{ file: command.file, range: command.goRange, message: 'runs in a new shell without it' }],
        };
      });
  },
};
