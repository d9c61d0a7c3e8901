import { cgoOnlyModule, type CgoModule } from '../knowledge/cgo-modules';
import { isKnownGoarch, isKnownGoos } from '../knowledge/ports';
import { buildFlag, tagList } from '../model/ldflags';
import type { Requirement } from '../model/gomod';
import type { ModuleImport, RelatedInformation } from '../types';
import { notes, fit, brief, cgoOffWhy, once, rangeKey, targetOf, goCommandsThat } from './helpers';
import { BUILD_FILES, type BuildFile, type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';


export const XB203: Rule<BuildFile> = {
  code: 'XB203',
  title: 'The module needs a cgo-only package and the build turns cgo off',
  severity: 'error',
  kinds: BUILD_FILES,
  fixable: false,
  witnesses: [
    {
      claim: 'With cgo on, a package whose only file imports "C" builds and runs.',
      env: {},
      args: ['build', '-o', 'app', '.'],
      program: 'cgodep',
      expect: { exit: 'ok' },
      inspect: [{ kind: 'run', expect: { exit: 'ok', output: '3' } }],
    },
    {
      claim: 'With CGO_ENABLED=0 the same package has no Go files left: the build fails.',
      env: { CGO_ENABLED: '0' },
      args: ['build', '-o', 'app', '.'],
      program: 'cgodep',
      expect: { exit: 'fail', stderr: 'build constraints exclude all Go files in' },
    },
    {
      claim: 'A cross build turns cgo off by default: the same failure.',
      env: { GOOS: 'linux', GOARCH: 'arm64' },
      args: ['build', '-o', 'app', '.'],
      program: 'cgodep',
      expect: { exit: 'fail', stderr: 'build constraints exclude all Go files in' },
    },
  ],
  check(ctx: RuleContext<ModelOf<BuildFile>>): RuleReport[] {
    const module = ctx.module;
    if (!module) return [];
    const sites = module.importSites;
    const required = new Set(module.mod.requires.map((r) => r.path));
    const needed: { req: Requirement; entry: CgoModule; sites?: ModuleImport[] }[] = [];
    for (const req of module.mod.requires) {
      const entry = cgoOnlyModule(req.path, module.imports);
      if (!entry) continue;
      // A pure-Go alternative required too: the cgo module is most likely only one side of a cgo/!cgo pair.
      if (alternativesOf(entry).some((alt) => alt !== req.path && required.has(alt))) continue;
      if (sites === undefined) {
        // No source scan: only a direct requirement says the module's own code uses it.
        if (!req.indirect && !entry.packageOnly) needed.push({ req, entry });
        continue;
      }
      const root = entry.packageOnly ? entry.path : req.path;
      const importing = sites.filter((s) => s.pkg === root || s.pkg.startsWith(`${root}/`));
      // Stryker disable next-line ConditionalExpression: an entry with no importing file is never relevant below (some() of none is false)
      if (importing.length) needed.push({ req, entry, sites: importing });
    }
    // Stryker disable next-line ConditionalExpression: with nothing needed no command finds a relevant module; this only skips the walk
    if (!needed.length) return [];
    const reports: RuleReport[] = [];
    for (const { context, command } of goCommandsThat(ctx.model, 'links')) {
      const off = cgoOffWhy(context, ctx);
      if (!off) continue;
      const goos = targetOf(context.env, ctx).goos;
      const tagsFlag = buildFlag(command, 'tags');
      if (tagsFlag && tagsFlag.value === undefined) continue;
      const build: BuildSituation = { tags: new Set(tagsFlag?.value ? tagList(tagsFlag.value) : []), goos, goarch: targetOf(context.env, ctx).goarch };
      const relevant = needed.filter(
        ({ entry, sites: importing }) => !(goos && entry.exceptGoos?.includes(goos)) && (!importing || importing.some((s) => fileIncluded(s, build) === true)),
      );
      if (!relevant.length) continue;
      const related: RelatedInformation[] = relevant.map(({ req, entry }) => ({
        file: module.path,
        range: req.range,
        message: `${req.path} ${req.version}${req.indirect ? ' (indirect)' : ''} is required here; ${entry.path} needs cgo (${entry.why}): ${entry.symptom}`,
      }));
      related.push({ file: ctx.file.path, range: command.range, message: off });
      const [first] = relevant;
      const who = relevant.length > 1 ? `${first.entry.path} and ${relevant.length - 1} more need` : `${first.entry.path} needs`;
      const where = off.startsWith('cgo is off for every target') ? 'for the cross-built platforms' : '';
      const { message, rest } = fit(
          `${who} cgo, but go ${command.subcommand} turns it off${where ? ` ${where}` : ''}: turn cgo on or use a pure-Go package.`,
          relevant.length === 1 && first.entry.alternative && `Pure-Go alternative: ${first.entry.alternative}.`,
          relevant.length === 1 && `Without cgo, ${first.entry.symptom}.`,
      );
      reports.push({ range: command.range, message, related: [...related, ...notes(ctx.file.path, command.range, rest)] });
    }
    return reports.filter(once((r) => rangeKey(r.range)));
  },
};

/** Module paths named in an entry's `alternative` text (`modernc.org/sqlite, github.com/… or …`). */
function alternativesOf(entry: CgoModule): string[] {
  return [...(entry.alternative ?? '').matchAll(/[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:\/[\w.-]+)+/gi)].map((m) => m[0]);
}

/** What decides a file's build constraint in one go command with cgo off. */
export interface BuildSituation {
  /** The -tags list (empty without -tags). */
  tags: Set<string>;
  goos?: string;
  goarch?: string;
}

const UNIX = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'linux', 'netbsd', 'openbsd', 'solaris']);
const EXTRA_GOOS = new Set(['android', 'ios', 'hurd', 'nacl', 'zos', 'illumos', 'wasip1', 'js']);
const isGoos = (name: string) => isKnownGoos(name) || EXTRA_GOOS.has(name);

/**
 * Whether a file is compiled in that build: its `_<goos>`/`_<goarch>` name suffix and its `//go:build`
 * expression, with `cgo` false. true/false when certain, undefined when it depends on what is not known.
 */
export function fileIncluded(site: Pick<ModuleImport, 'file' | 'constraint'>, build: BuildSituation): boolean | undefined {
  const byName = nameConstraint(site.file);
  const parts = [byName, site.constraint].filter((p): p is string => Boolean(p));
  if (!parts.length) return true;
  return evalConstraint(parts.map((p) => `(${p})`).join(' && '), build);
}

/** The constraint a file name implies (go/build's goodOSArchFile): `x_linux.go`, `x_arm64.go`, `x_linux_arm64.go`. */
function nameConstraint(file: string): string | undefined {
  const base = (file.split('/').pop() ?? '').replace(/\.go$/, '');
  const i = base.indexOf('_');
  if (i < 0) return undefined;
  const l = base.slice(i).split('_');
  const n = l.length;
  if (n >= 2 && isGoos(l[n - 2]) && isKnownGoarch(l[n - 1])) return `${l[n - 2]} && ${l[n - 1]}`;
  if (n >= 1 && isGoos(l[n - 1])) return l[n - 1];
  if (n >= 1 && isKnownGoarch(l[n - 1])) return l[n - 1];
  return undefined;
}

function tagValue(name: string, b: BuildSituation): boolean | undefined {
  if (b.tags.has(name)) return true;
  // cgo (off here) and gccgo (not the compiler) are false as any tag -tags does not set, at the end.
  if (name === 'gc') return true;
  if (name === 'unix') return b.goos === undefined ? undefined : UNIX.has(b.goos);
  if (isGoos(name)) {
    if (b.goos === undefined) return undefined;
    return name === b.goos || (name === 'linux' && b.goos === 'android') || (name === 'solaris' && b.goos === 'illumos') || (name === 'darwin' && b.goos === 'ios');
  }
  if (isKnownGoarch(name)) return b.goarch === undefined ? undefined : name === b.goarch;
  const release = /^go1\.(\d+)$/.exec(name);
  if (release) return Number(release[1]) <= 21 ? true : undefined;
  if (name.startsWith('goexperiment.')) return undefined;
  return false;
}

/** Three-valued evaluation of a `//go:build` expression; undefined when unknown or unparsable. */
export function evalConstraint(expr: string, b: BuildSituation): boolean | undefined {
  const tokens = expr.match(/&&|\|\||[!()]|[\w.]+|\S/g) ?? [];
  let i = 0;
  let bad = false;
  const or = (): boolean | undefined => {
    let v = and();
    while (tokens[i] === '||') {
      i++;
      const r = and();
      v = v === true || r === true ? true : v === false && r === false ? false : undefined;
    }
    return v;
  };
  const and = (): boolean | undefined => {
    let v = not();
    while (tokens[i] === '&&') {
      i++;
      const r = not();
      v = v === false || r === false ? false : v === true && r === true ? true : undefined;
    }
    return v;
  };
  const not = (): boolean | undefined => {
    const t = tokens[i++];
    if (t === '!') {
      const v = not();
      return v === undefined ? undefined : !v;
    }
    if (t === '(') {
      const v = or();
      if (tokens[i++] !== ')') bad = true;
      return v;
    }
    // Stryker disable next-line Regex: a token is a run of word characters or one other character, so the anchors change nothing
    if (t === undefined || !/^[\w.]+$/.test(t)) {
      bad = true;
      return undefined;
    }
    return tagValue(t, b);
  };
  const v = or();
  return bad || i !== tokens.length ? undefined : v;
}
