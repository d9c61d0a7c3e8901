import { fit, MESSAGE_LIMITS, notes, once, rangeKey } from './helpers';
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
        .filter(isBuildSetting);
      if (!names.length) continue;
      const list = names.join(', ');
      const envs = names.map((n) => `${n}=…`).join(' ');
      // With several names the lead that names them all may pass the first sentence's limit: then it names them once.
      const { message, rest } = inDocker
        ? fit(
            within(
              `\`go env -w ${list}\` hides a build setting in the image's go env file: use \`ENV ${envs}\`.`,
              `\`go env -w\` hides ${list} in the image's go env file: set them with ENV.`,
            ),
            "It affects this image's later go commands, and no ENV shows it.",
          )
        : fit(
            within(
              `\`go env -w ${list}\` changes every later build on the machine: set ${names.length > 1 ? 'them' : 'it'} per build (\`${names[0]}=… go build\`).`,
              `\`go env -w\` changes every later build on the machine: set ${list} per build.`,
            ),
            `It stays in the go env file, in every project, until \`go env -u ${names.join(' ')}\`.`,
            `Or \`export ${names[0]}=…\` in this script.`,
          );
      reports.push({
        range: command.range,
        severity: inDocker ? 'information' : 'warning',
        message,
        related: notes(ctx.file.path, command.range, rest),
      });
    }
    return reports.filter(once((r) => rangeKey(r.range)));
  },
};

/** `lead`, or `shorter` when the lead's first sentence passes the limit. */
function within(lead: string, shorter: string): string {
  return lead.length <= MESSAGE_LIMITS.firstSentence ? lead : shorter;
}

function isBuildSetting(name: string | undefined): name is string {
  // Stryker disable next-line ConditionalExpression: BUILD_SETTING.test(undefined) tests "undefined", which is no setting; the check is for the type
  return name !== undefined && BUILD_SETTING.test(name);
}
