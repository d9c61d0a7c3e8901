import { compareGo } from '../knowledge/go-versions';
import { cgoState } from '../model/cgo';
import { buildFlag, extldflagsStatic, goflagsValue, lastFlag, linksExternally, parseLinkerFlags, tagList } from '../model/ldflags';
import type { EnvContext, GoCommand } from '../model/types';
import type { Fix, TextEdit } from '../types';
import { brief, flagWords, goLabel, hostOf, insertFlags, moduleCgoPackages, setFlagValue, goCommandsThat } from './helpers';
import { BUILD_FILES, type BuildFile, type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';
import { stageOf } from '../model/stages';
import { NET_CGO_STATIC, NET_CGO_STATIC_TAGS } from './witness-runs';

const TAGS = ['netgo', 'osusergo'];

/** Whether the C library linked is glibc: from CC's name, else the build stage's image, else a Linux host. */
function glibc(context: EnvContext, ctx: RuleContext): 'yes' | 'host' | 'no' {
  const cc = context.env.get('CC');
  if (cc && cc.value === undefined) return 'no';
  if (cc?.value && /musl|zig/.test(cc.value)) return 'no';
  if (cc?.value && /-gnu/.test(cc.value)) return 'yes';
  const stage = stageOf(ctx.model, context);
  if (stage) return stage.libc === 'glibc' ? 'yes' : 'no';
  return ctx.facts.host.goos === 'linux' ? 'host' : 'no';
}

export const XB206: Rule<BuildFile> = {
  code: 'XB206',
  title: 'Static glibc link without the netgo and osusergo tags',
  severity: 'warning',
  kinds: BUILD_FILES,
  fixable: true,
  versioned: true,
  witnesses: [
    {
      claim: 'A static glibc link of a program that uses os/user and net draws linker warnings for the NSS functions.',
      ...NET_CGO_STATIC,
      expect: { exit: 'ok', stderr: "warning: Using 'getgrouplist' in statically linked applications requires at runtime the shared libraries from the glibc version used for linking" },
    },
    {
      claim: 'osusergo alone leaves the warning for the resolver (net).',
      program: 'net',
      env: { CGO_ENABLED: '1' },
      args: ['build', '-tags', 'osusergo', '-ldflags', '-linkmode external -extldflags "-static"', '-o', 'app', '.'],
      expect: { exit: 'ok', stderr: "warning: Using 'getaddrinfo' in statically linked applications requires at runtime the shared libraries from the glibc version used for linking" },
    },
    {
      claim: 'netgo alone leaves the warnings for os/user.',
      program: 'net',
      env: { CGO_ENABLED: '1' },
      args: ['build', '-tags', 'netgo', '-ldflags', '-linkmode external -extldflags "-static"', '-o', 'app', '.'],
      expect: { exit: 'ok', stderr: "warning: Using 'getgrouplist' in statically linked applications" },
    },
    {
      claim: 'With both tags the link is clean and the binary static.',
      ...NET_CGO_STATIC_TAGS,
      expect: { exit: 'ok', notStderr: 'statically linked applications' },
      inspect: [{ kind: 'file', expect: { output: 'statically linked' } }],
    },
  ],
  check(ctx: RuleContext<ModelOf<BuildFile>>): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const { context, command } of goCommandsThat(ctx.model, 'links')) {
      const value = buildFlag(command, 'ldflags')?.value;
      if (value === undefined) continue;
      const list = parseLinkerFlags(value);
      if (!extldflagsStatic(list)) continue;
      const goos = context.env.get('GOOS')?.value ?? (context.env.has('GOOS') ? undefined : hostOf(ctx.model, ctx.facts).goos);
      if ((goos || hostOf(ctx.model, ctx.facts).goos) !== 'linux') continue; // NSS is glibc's, on Linux
      // External linking: asked for, or forced by a cgo package outside the standard library (go-sqlite3).
      const explicitExternal = linksExternally(list);
      const cgoPackages = explicitExternal || lastFlag(list, 'linkmode')?.value === 'internal' ? [] : moduleCgoPackages(ctx, 'linux', true);
      if (!explicitExternal && !cgoPackages.length) continue;
      const cgo = cgoState(context, ctx.model, ctx.facts);
      // A native build outside Docker: cgo depends on the machine, but from Go 1.22 an external link
      // without cgo stops (XB204), so a build that gets this far has cgo on.
      const deduced = explicitExternal && cgo.state === 'unknown' && cgo.why.startsWith('a native build') && compareGo(context.goVersion.version, '1.22') >= 0;
      // One leg with cgo on (GOARCH=amd64 in a stage that follows the target, $TARGETARCH on $BUILDPLATFORM):
      // that leg links statically against glibc when the image has a C compiler.
      const stage = stageOf(ctx.model, context);
      const leg = cgo.state === 'native-leg' && stage?.cc === true;
      if (cgo.state !== 'on' && !deduced && !leg) continue;
      const libc = glibc(context, ctx);
      if (libc === 'no') continue;
      const tags = buildFlag(command, 'tags');
      if (tags && tags.value === undefined) continue;
      const have = tags?.value !== undefined ? tagList(tags.value) : [];
      const missing = TAGS.filter((t) => !have.includes(t));
      if (!missing.length) continue;
      const fw = flagWords(command, 'ldflags');
      const range = fw ? (fw.value ?? fw.flag).range : (context.env.get('GOFLAGS')?.site?.valueRange ?? command.goRange);
      const fix = tagsFix(ctx, context, command, tags?.value, missing);
      const lookups = [missing.includes('netgo') ? 'resolves host names (net)' : '', missing.includes('osusergo') ? 'looks up users or groups (os/user)' : ''].filter(Boolean).join(' or ');
      reports.push({
        range,
        // Only osusergo missing: it matters only for a program that looks up users or groups, far rarer than DNS.
        ...(missing.includes('netgo') ? {} : { severity: 'information' as const }),
        message: brief(
          `Static glibc link without the build tag${missing.length > 1 ? 's' : ''} ${missing.join(' and ')}: add -tags ${missing.join(',')}.`,
          `Otherwise its ${[missing.includes('netgo') ? 'DNS' : '', missing.includes('osusergo') ? 'user' : ''].filter(Boolean).join(' and ')} lookups load glibc's shared libraries at run time.`,
        ),
        related: [
          {
            file: ctx.file.path,
            range,
            message:
              `cgo is on in ${context.where}: ${deduced ? 'an external link needs cgo' : cgo.why}` +
              (leg ? ', for the build whose target is the platform it runs on (the other targets are cross builds without cgo)' : '') +
              (cgoPackages.length ? `; Go links externally because the module imports ${cgoPackages.join(', ')}, a cgo package, so -extldflags "-static" reaches the C linker` : '') +
              (libc === 'host' ? "; static against glibc when the machine's C library is glibc (Debian, Ubuntu, Fedora; not Alpine's musl)" : ''),
          },
          {
            file: ctx.file.path,
            range,
            message:
              `If the program ${lookups}, ${goLabel(context.goVersion)} does it through glibc's NSS, and the linker warns "Using '${missing.includes('osusergo') ? 'getgrouplist' : 'getaddrinfo'}' ` +
              'in statically linked applications requires at runtime the shared libraries from the glibc version used for linking"',
          },
        ],
        fixes: fix ? [fix] : [],
      });
    }
    return reports;
  },
};

/** Adds the missing tags: merged into -tags in the form it is written (a,b / "a b"), else a new -tags. */
function tagsFix(ctx: RuleContext, context: EnvContext, command: GoCommand, current: string | undefined, missing: string[]): Fix | undefined {
  const title = `Add -tags ${missing.join(',')}`;
  let edit: TextEdit | undefined;
  if (command.flags.has('tags')) {
    const spaced = current !== undefined && (current.includes(' ') || current.includes("'"));
    const base = (current ?? '').trim();
    const merged = base ? `${base}${spaced ? ' ' : ','}${missing.join(spaced ? ' ' : ',')}` : missing.join(',');
    edit = setFlagValue(ctx, command, 'tags', merged);
  } else {
    // A -tags on the command line replaces the one in GOFLAGS: carry those tags over.
    const fromGoflags = context.env.get('GOFLAGS')?.value;
    const inherited = fromGoflags ? tagList(goflagsValue(fromGoflags, 'tags') ?? '') : [];
    edit = insertFlags(ctx, command, ['-tags', [...inherited, ...missing].join(',')]);
  }
  return edit ? { title, isPreferred: true, edits: [edit] } : undefined;
}
