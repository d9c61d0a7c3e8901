import { once, rangeKey } from './helpers';
import { BUILD_FILES, type BuildFile, type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';

/**
 * Variables whose persisted value changes what later builds produce. Module-fetching settings
 * (GOPRIVATE, GOPROXY, GONOSUMDB…) are left out: `go env -w GOPRIVATE=…` in CI is a common, harmless way
 * to reach private modules and changes no binary.
 */
const BUILD_SETTING = /^(GOOS|GOARCH|GOARM|GOAMD64|GOARM64|GORISCV64|GO386|GOMIPS|GOMIPS64|GOPPC64|GOWASM|GOEXPERIMENT|GOFLAGS|GOTOOLCHAIN|GOROOT|GODEBUG|GOFIPS140|CGO_[A-Z_]+|CC|CXX)$/;

export const XB405: Rule<BuildFile> = {
  code: 'XB405',
  title: 'A build runs go env -w',
  severity: 'warning',
  kinds: BUILD_FILES,
  fixable: false,
  witnesses: [
    {
      claim: '`go env -w` writes the go env file: a later, separate go command builds for the written GOARCH.',
      env: {},
      args: ['build', '-o', 'app', '.'],
      script: { sh: 'go env -w GOARCH=arm64\ngo build -o app .\n' },
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'ARM aarch64' } }],
    },
  ],
  check(ctx: RuleContext<ModelOf<BuildFile>>): RuleReport[] {
    const reports: RuleReport[] = [];
    const inDocker = ctx.model.kind === 'dockerfile';
    for (const command of ctx.model.commands) {
      if (command.tool !== 'go' || command.subcommand !== 'env' || !command.flags.has('w')) continue;
      const names = command.args
        .map((a) => /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(a.value ?? a.text)?.[1])
        .filter((n): n is string => n !== undefined && BUILD_SETTING.test(n));
      if (!names.length) continue;
      const list = names.join(', ');
      reports.push({
        range: command.range,
        severity: inDocker ? 'information' : 'warning',
        message: inDocker
          ? `\`go env -w ${list}\` writes the image's go env file: it affects this image's later go commands only, and nothing in the Dockerfile's ENV shows it. Prefer \`ENV ${names.map((n) => `${n}=…`).join(' ')}\`.`
          : `\`go env -w ${list}\` rewrites the go env file of whoever runs this: every later go build on that machine, in every project, uses ${names.length > 1 ? 'these values' : 'this value'} until \`go env -u ${list.replace(/, /g, ' ')}\`. Set ${names.length > 1 ? 'them' : 'it'} for this build only: \`${names[0]}=… go build\` or \`export ${names[0]}=…\`.`,
      });
    }
    return reports.filter(once((r) => rangeKey(r.range)));
  },
};
