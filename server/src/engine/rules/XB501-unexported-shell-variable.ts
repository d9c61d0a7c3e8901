import { once, rangeKey } from './helpers';
import { subcommandDoes } from '../knowledge/go-command';
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
    return (ctx.model.lost ?? [])
      // Only commands whose result depends on the target; `go tool nm` or `go env` do not care.
      .filter((l) => l.why === 'not-exported' && subcommandDoes(l.command.subcommand, 'compiles') && l.command.tool === 'go')
      // A value that is no single Go value (`arm,arm64,amd64` for another tool) was not meant for go.
      .filter((l) => l.site.value === undefined || !/[,\s]/.test(l.site.value))
      // `readonly GOOS=…`, `declare GOOS=…`, `local GOOS=…`: inserting `export` would not parse as meant.
      .filter((l) => !/\b(readonly|declare|typeset|local)\s+(-\w+\s+)*$/.test(ctx.lines.text.slice(ctx.lines.offsetAt({ line: l.site.range.start.line, character: 0 }), ctx.lines.offsetAt(l.site.range.start))))
      .map(({ site, command }): RuleReport => ({
        range: site.range,
        message:
          `${site.name}=${site.value ?? site.valueText} is not exported: export it, or put it on the go command (${site.name}=… go ${command.subcommand}).` +
          ` go ${command.subcommand} on line ${command.range.start.line + 1} builds without it.`,
        fixes: [
          {
            title: `Export ${site.name}`,
            isPreferred: true,
            edits: [{ file: site.file, range: { start: site.range.start, end: site.range.start }, newText: 'export ' }],
          },
        ],
        related: [{ file: command.file, range: command.goRange, message: 'the go command that does not see it' }],
      }))
      .filter(once((r) => rangeKey(r.range)));
  },
};
