import { brief } from './helpers';
import { type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';

/**
 * The go env file persists GOOS or GOARCH for another platform than this machine. The model of a go env
 * file is its KEY=VALUE lines; the host comes from the adapter (Facts.host), never from the file.
 */
export const XB401: Rule<'goenv'> = {
  code: 'XB401',
  title: 'The go env file persists another GOOS or GOARCH than the host\'s',
  severity: 'warning',
  kinds: ['goenv'],
  fixable: true,
  witnesses: [
    {
      claim: 'After `go env -w GOARCH=arm64`, a plain `go run .` builds for arm64 and cannot execute the result.',
      env: {},
      args: ['run', '.'],
      script: { sh: 'go env -w GOARCH=arm64\ngo run .\n' },
      expect: { exit: 'fail', stderr: 'exec format error' },
    },
    {
      claim: 'An empty GOARCH in the environment does not override the persisted value.',
      env: {},
      args: ['run', '.'],
      script: { sh: 'go env -w GOARCH=arm64\nGOARCH= go run .\n' },
      expect: { exit: 'fail', stderr: 'exec format error' },
    },
    {
      claim: '`go env -u GOARCH` removes it from the file: go run works again.',
      env: {},
      args: ['run', '.'],
      script: { sh: 'go env -w GOARCH=arm64\ngo env -u GOARCH\ngo run .\n' },
      expect: { exit: 'ok', stdout: 'hello' },
    },
  ],
  check(ctx: RuleContext<ModelOf<'goenv'>>): RuleReport[] {
    const host = ctx.facts.host;
    const reports: RuleReport[] = [];
    for (const site of ctx.model.assignments) {
      if ((site.name !== 'GOOS' && site.name !== 'GOARCH') || !site.value) continue;
      const hostValue = site.name === 'GOOS' ? host.goos : host.goarch;
      if (site.value === hostValue) continue;
      reports.push({
        range: site.range,
        message: brief(
          `${site.name}=${site.value} affects every go command on this ${host.goos}/${host.goarch} host: run \`go env -u ${site.name}\`.`,
          '`go run` and `go test` then fail with "exec format error".',
        ),
        related: [
          {
            file: site.file,
            range: site.range,
            message:
              'every plain `go build` builds for another platform, and `go run`/`go test` fail with "fork/exec …: exec format error"; ' +
              `an empty \`${site.name}=\` in the environment does not undo it, \`go env -u ${site.name}\` does`,
          },
        ],
        fixes: [{ title: `Remove ${site.name} from the go env file (what \`go env -u ${site.name}\` does)`, isPreferred: true, edits: [site.remove()] }],
      });
    }
    return reports;
  },
};
