import { goBuildFlag } from '../knowledge/go-command';
import { fit, notes } from './helpers';
import { type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';

/** The build flags in a GOFLAGS value (space-separated `-flag` or `-flag=value` words). */
export function goflagsBuildFlags(value: string): string[] {
  return value
    .split(/\s+/)
    .map((w) => /^--?([A-Za-z][\w-]*)/.exec(w)?.[1])
    .filter((f): f is string => f !== undefined && goBuildFlag(f)?.changesOutput === true);
}

export const XB404: Rule<'goenv'> = {
  code: 'XB404',
  title: 'The go env file sets CGO_ENABLED, CC or build flags in GOFLAGS',
  severity: 'warning',
  kinds: ['goenv'],
  fixable: true,
  witnesses: [
    {
      claim: 'CGO_ENABLED=0 in the go env file turns cgo off for every build: a package whose files all import "C" no longer builds.',
      env: {},
      args: ['build', '-o', 'app', '.'],
      program: 'cgo',
      script: { sh: 'go env -w CGO_ENABLED=0\ngo build -o app .\n' },
      expect: { exit: 'fail', stderr: 'build constraints exclude all Go files' },
    },
    {
      claim: 'CC in the go env file is the C compiler of every cgo build.',
      env: {},
      args: ['build', '-o', 'app', '.'],
      program: 'cgo',
      script: { sh: 'go env -w CC=no-such-cc\ngo build -o app .\n' },
      expect: { exit: 'fail', stderr: 'cgo: C compiler "no-such-cc" not found' },
    },
    {
      claim: 'Build flags in the go env file\'s GOFLAGS apply to every build: -race there breaks a CGO_ENABLED=0 build.',
      env: {},
      args: ['build', '-o', 'app', '.'],
      script: { sh: 'go env -w GOFLAGS=-race\nCGO_ENABLED=0 go build -o app .\n' },
      expect: { exit: 'fail', stderr: '-race requires cgo' },
    },
  ],
  check(ctx: RuleContext<ModelOf<'goenv'>>): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const site of ctx.model.assignments) {
      if (!site.value) continue;
      let what: string | undefined;
      if (site.name === 'CGO_ENABLED') what = `turns cgo ${site.value === '0' ? 'off' : site.value === '1' ? 'on' : 'to Go\'s default (only 0 and 1 count)'} for`;
      else if (site.name === 'CC' || site.name === 'CXX') what = `makes ${site.value} the C${site.name === 'CXX' ? '++' : ''} compiler of`;
      else if (site.name === 'GOFLAGS') {
        const flags = goflagsBuildFlags(site.value);
        if (!flags.length) continue;
        what = `adds ${flags.map((f) => `-${f}`).join(', ')} to`;
      } else continue;
      const { message, rest } = fit(
        `${site.name} here affects every build on this machine: move it into the build, then \`go env -u ${site.name}\`.`,
        `${site.name}=${site.value} ${what} every go build, in every project, and nothing in the project shows it.`,
      );
      reports.push({
        range: site.range,
        message,
        related: notes(site.file, site.range, rest),
        fixes: [{ title: `Remove ${site.name} from the go env file (what \`go env -u ${site.name}\` does)`, isPreferred: true, edits: [site.remove()] }],
      });
    }
    return reports;
  },
};
