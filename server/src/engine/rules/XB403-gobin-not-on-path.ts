import { brief } from './helpers';
import { fileStart, goenvLine, installationOf } from './installation';
import { type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';

/**
 * The directory `go install` writes commands to (GOBIN, else the first GOPATH entry's bin) is not on the
 * PATH the go command runs with. server/src/go compares the directories; the rule only reads the answer.
 */
export const XB403: Rule<'goenv'> = {
  code: 'XB403',
  title: 'The directory go install writes to is not on PATH',
  severity: 'information',
  kinds: ['goenv'],
  fixable: false,
  witnesses: [
    {
      claim: '`go install` writes the command to GOBIN; with GOBIN not on PATH the shell does not find it (exit 127), only its full path runs it.',
      env: {},
      args: ['install', '.'],
      script: { sh: 'export GOBIN="$PWD/gobin"\ngo install .\n"$GOBIN/witness"\nwitness\n' },
      expect: { exit: 'fail', code: 127, stdout: 'hello', stderr: 'witness: not found' },
    },
    {
      claim: 'With GOBIN empty, `go install` writes to the first GOPATH entry\'s bin, which is not on PATH either unless someone put it there.',
      env: {},
      args: ['install', '.'],
      script: { sh: 'go install .\n"$(go env GOPATH)/bin/witness"\nwitness\n' },
      expect: { exit: 'fail', code: 127, stdout: 'hello', stderr: 'witness: not found' },
    },
    {
      claim: 'With that directory on PATH, the installed command runs by its name.',
      env: {},
      args: ['install', '.'],
      script: { sh: 'export GOBIN="$PWD/gobin"\ngo install .\nPATH="$GOBIN:$PATH" sh -c witness\n' },
      expect: { exit: 'ok', stdout: 'hello' },
    },
  ],
  check(ctx: RuleContext<ModelOf<'goenv'>>): RuleReport[] {
    const inst = installationOf(ctx);
    const target = inst?.installDir;
    if (!target || target.onPath) return [];
    const line = target.from === 'GOBIN' ? goenvLine(ctx, 'GOBIN', target.dir) : goenvLine(ctx, 'GOPATH');
    const where = target.from === 'GOBIN' ? 'GOBIN' : 'the first GOPATH entry + /bin, since GOBIN is empty';
    const range = line?.range ?? fileStart();
    return [
      {
        range,
        message: brief(
          `\`go install\` writes to ${target.dir} (${target.from}), which is not on PATH: add it to PATH or change GOBIN.`,
          'Installed tools are not found by name (`sh: tool: not found`).',
        ),
        related: [
          {
            file: ctx.file.path,
            range,
            message:
              `${target.dir} is ${where}; a tool installed with \`go install\` is not found by name on the PATH the go command runs with ` +
              '(`sh: tool: not found`, exit 127) and runs only by its full path',
          },
        ],
      },
    ];
  },
};
