import { once, rangeKey } from './helpers';
import { subcommandDoes } from '../knowledge/go-command';
import type { Assignment } from '../model/types';
import type { Position } from '../types';
import { BUILD_FILES, type BuildFile, type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';


export const XB501: Rule<BuildFile> = {
  code: 'XB501',
  title: 'Build variable set as a plain shell variable',
  severity: 'error',
  kinds: BUILD_FILES,
  fixable: true,
  witnesses: [
    {
      claim: 'GOARCH=arm64 as its own statement is not passed to go: the binary is built for the host.',
      env: {},
      args: ['build', '-o', 'app', '.'],
      script: { sh: 'GOARCH=arm64; go build -o app .\n' },
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'x86-64', notOutput: 'aarch64' } }],
    },
    {
      claim: 'A line of several assignments, go on the next line: they are plain shell variables too, the binary is built for the host.',
      env: {},
      args: ['build', '-o', 'app', '.'],
      script: { sh: 'GOOS=linux GOARCH=arm64\ngo build -o app .\n' },
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'x86-64', notOutput: 'aarch64' } }],
    },
    {
      claim: 'Exported, it is: the binary is built for arm64.',
      env: {},
      args: ['build', '-o', 'app', '.'],
      script: { sh: 'export GOARCH=arm64; go build -o app .\n' },
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'aarch64' } }],
    },
    {
      claim: 'An export inside a shell function stays after the function returns: the go command after the call builds for arm64.',
      env: {},
      args: ['build', '-o', 'app', '.'],
      script: { sh: 'cross() {\n  export GOARCH=arm64\n}\ncross\ngo build -o app .\n' },
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'aarch64' } }],
    },
  ],
  check(ctx: RuleContext<ModelOf<BuildFile>>): RuleReport[] {
    const lost = (ctx.model.lost ?? [])
      // Only commands whose result depends on the target; `go tool nm` or `go env` do not care.
      .filter((l) => l.why === 'not-exported' && subcommandDoes(l.command.subcommand, 'compiles') && l.command.tool === 'go')
      // A value that is no single Go value (`arm,arm64,amd64` for another tool) was not meant for go.
      .filter((l) => !/[,\s]/.test(l.site.value ?? ''))
      // `readonly GOOS=…`, `declare GOOS=…`, `local GOOS=…`: inserting `export` would not parse as meant.
      .filter((l) => !/\b(readonly|declare|typeset|local)\s+(-\w+\s+)*$/.test(ctx.lines.text.slice(ctx.lines.offsetAt({ line: l.site.range.start.line, character: 0 }), ctx.lines.offsetAt(l.site.range.start))));
    return lost
      .map(({ site, command }): RuleReport => {
        // `GOOS=linux GOARCH=arm64` on a line: one `export` before the line exports them all (one inserted
        // before GOARCH would make GOOS a prefix of `export`).
        const at = exportPoint(site);
        const names = [...new Set(lost.filter((l) => rangeKey({ start: exportPoint(l.site) }) === rangeKey({ start: at })).map((l) => l.site.name))];
        return {
          range: site.range,
          message:
            `${site.name}=${site.value ?? site.valueText} is not exported: export it, or put it on the go command (${site.name}=… go ${command.subcommand}).` +
            ` go ${command.subcommand} on line ${command.range.start.line + 1} builds without it.`,
          fixes: [{ title: `Export ${names.join(' and ')}`, isPreferred: true, edits: [{ file: site.file, range: { start: at, end: at }, newText: 'export ' }] }],
          related: [{ file: command.file, range: command.goRange, message: 'the go command that does not see it' }],
        };
      })
      .filter(once((r) => rangeKey(r.range)));
  },
};

/** Where `export ` goes to export a plain assignment: the start of its statement. */
function exportPoint(site: Assignment): Position {
  return site.statementStart ?? site.range.start;
}
