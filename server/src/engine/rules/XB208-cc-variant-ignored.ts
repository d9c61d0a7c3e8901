import { suggestGoarch } from '../knowledge/go-values';
import { subcommandDoes } from '../knowledge/go-command';
import { isKnownGoarch, isKnownGoos } from '../knowledge/ports';
import type { Assignment, EnvContext } from '../model/types';
import type { Fix, TextEdit } from '../types';
import { brief, contextsOf, replaceValue } from './helpers';
import { type ModelOf, type Rule, type RuleContext, type RuleReport, VALUE_FILES, type ValueFile } from './rule';
import { NET_CGO_LINUX_ARM64 } from './witness-runs';


/**
 * The names people use for "the C compiler for the target" that the go command does not read:
 * CC_FOR_TARGET and CC_FOR_<goos>_<goarch> exist only for building Go itself (make.bash), CC_<arch>
 * nowhere, CROSS_COMPILE is the Linux kernel's prefix convention. Returns what go reads instead.
 */
function meaning(name: string): { reads: 'CC' | 'CXX'; arch?: string; prefix?: boolean } | undefined {
  if (name === 'CROSS_COMPILE') return { reads: 'CC', prefix: true };
  const m = /^(CC|CXX)_(.+)$/.exec(name);
  if (!m) return undefined;
  const reads = m[1] as 'CC' | 'CXX';
  const rest = m[2];
  if (rest === 'FOR_TARGET') return { reads };
  const pair = /^(?:FOR_)?([a-z0-9]+)_([a-z0-9_]+)$/.exec(rest);
  if (pair && isKnownGoos(pair[1]) && goarchOf(pair[2])) return { reads, arch: goarchOf(pair[2]) };
  const arch = goarchOf(rest);
  return arch ? { reads, arch } : undefined;
}

function goarchOf(text: string): string | undefined {
  if (isKnownGoarch(text)) return text;
  return suggestGoarch(text, isKnownGoarch)?.goarch;
}

export const XB208: Rule<ValueFile> = {
  code: 'XB208',
  title: 'C compiler variable that go build does not read',
  severity: 'warning',
  kinds: VALUE_FILES,
  fixable: true,
  witnesses: [
    {
      claim: 'The go command has no variable CC_arm64: go env -w rejects it.',
      env: {},
      args: ['env', '-w', 'CC_arm64=aarch64-linux-gnu-gcc'],
      expect: { exit: 'fail', stderr: 'go: unknown go command variable CC_arm64' },
    },
    {
      claim: 'Nor CC_FOR_TARGET, which only make.bash reads when Go itself is built.',
      env: {},
      args: ['env', '-w', 'CC_FOR_TARGET=aarch64-linux-gnu-gcc'],
      expect: { exit: 'fail', stderr: 'go: unknown go command variable CC_FOR_TARGET' },
    },
    {
      claim: 'Nor CROSS_COMPILE.',
      env: {},
      args: ['env', '-w', 'CROSS_COMPILE=aarch64-linux-gnu-'],
      expect: { exit: 'fail', stderr: 'go: unknown go command variable CROSS_COMPILE' },
    },
    {
      claim: 'go build ignores them: with CC_arm64, CC_FOR_TARGET and CROSS_COMPILE naming a compiler that does not exist, the build uses gcc (Go 1.21–1.24) and fails the way it does without them.',
      program: 'net',
      versions: { to: '1.24' },
      env: { GOOS: 'linux', GOARCH: 'arm64', CGO_ENABLED: '1', CC_arm64: '/nonexistent/cc', CC_FOR_TARGET: '/nonexistent/cc', CROSS_COMPILE: '/nonexistent/' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'gcc_arm64.S: Assembler messages:', notStderr: 'nonexistent' },
    },
    {
      claim: 'Debian\'s Go 1.25+ ignores them too and uses the cross compiler baked in as its default.',
      program: 'net',
      versions: { from: '1.25' },
      env: { GOOS: 'linux', GOARCH: 'arm64', CGO_ENABLED: '1', CC_arm64: '/nonexistent/cc', CC_FOR_TARGET: '/nonexistent/cc', CROSS_COMPILE: '/nonexistent/' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'ok', notStderr: 'nonexistent' },
    },
    {
      claim: 'The fix: the same compiler in CC is used.',
      ...NET_CGO_LINUX_ARM64,
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'ARM aarch64' } }],
    },
  ],
  check(ctx: RuleContext<ModelOf<ValueFile>>): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const site of ctx.model.assignments) {
      const m = meaning(site.name);
      if (!m || (site.fromSite && !site.literal)) continue;
      const contexts = contextsOf(site, ctx.model).filter((c) => c.command && c.command.tool === 'go' && subcommandDoes(c.command.subcommand, 'compiles'));
      if (!contexts.length) continue;
      // Where go gets CC anyway, the variable is harmless (and may serve another tool).
      const without = contexts.filter((c) => !c.env.get(m.reads)?.value);
      if (!without.length) continue;
      const goarchs = new Set(without.map((c) => c.env.get('GOARCH')?.value));
      const otherArch = m.arch !== undefined && [...goarchs].every((a) => a !== undefined && a !== '' && a !== m.arch);
      const value = m.prefix && site.value !== undefined ? `${site.value}gcc` : site.value;
      const why = m.prefix
        ? 'CROSS_COMPILE is the Linux kernel\'s prefix convention'
        : /FOR_/.test(site.name)
          ? `${site.name} is read only by make.bash, when the Go toolchain itself is built`
          : `there is no per-architecture ${m.reads}_<arch>`;
      reports.push({
        range: site.nameRange,
        message: brief(
          otherArch
            ? `go build does not read ${site.name}, and it builds for ${[...goarchs].join(', ')}, not ${m.arch}: set ${m.reads} for that target.`
            : `go build does not read ${site.name}: set ${m.reads}${value !== undefined ? `=${value}` : ''} instead.`,
          `Without ${m.reads} it uses Go's default ${m.reads === 'CC' ? 'C compiler (gcc' : 'C++ compiler (g++'} for Linux targets).`,
        ),
        related: [
          {
            file: site.file,
            range: site.nameRange,
            message: `the go command takes the ${m.reads === 'CC' ? 'C' : 'C++'} compiler from ${m.reads} only (${why}); \`go env -w ${site.name}=...\` says "go: unknown go command variable ${site.name}"`,
          },
        ],
        fixes: fixes(ctx, site, m.reads, value, otherArch, without),
      });
    }
    return reports;
  },
};

/**
 * Renames the assignment to CC (CROSS_COMPILE=aarch64-linux-gnu- becomes CC=aarch64-linux-gnu-gcc). When
 * the variable is also read elsewhere in the file (`${CROSS_COMPILE}strip`), CC is added beside it instead.
 */
function fixes(ctx: RuleContext, site: Assignment, reads: 'CC' | 'CXX', value: string | undefined, otherArch: boolean, contexts: EnvContext[]): Fix[] {
  if (otherArch || value === undefined || !site.literal || site.kind === 'goenv') return [];
  if (contexts.some((c) => [...c.env.values()].some((e) => e.name !== site.name && e.site && meaning(e.name)?.reads === reads))) return [];
  const referenced = new RegExp(`\\$\\(?\\{?${site.name}\\b`).test(ctx.file.text);
  const edits: TextEdit[] = referenced
    ? [site.addSibling(reads, value)]
    : [{ file: site.file, range: site.nameRange, newText: reads }, ...(value !== site.value ? [replaceValue(site, value)] : [])];
  return [{ title: referenced ? `Set ${reads}=${value} as well` : `Rename to ${reads}${value !== site.value ? `=${value}` : ''}`, isPreferred: true, edits }];
}
