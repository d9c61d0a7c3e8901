import { mustLinkExternalWithCgo } from '../knowledge/flag-support';
import { cgoState } from '../model/cgo';
import { buildFlag, editFields, extldflagsStatic, lastFlag, parseLinkerFlags } from '../model/ldflags';
import type { GoCommand } from '../model/types';
import type { Fix } from '../types';
import { fit, notes, flagWords, goLabel, hostOf, lowerFirst, moduleCgoPackages, setCgoFor, setFlagValue, stageLabel, goCommandsThat } from './helpers';
import { BUILD_FILES, type BuildFile, type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';
import { NET_CGO_STATIC_TAGS, NET_NO_CGO } from './witness-runs';


export const XB212: Rule<BuildFile> = {
  code: 'XB212',
  title: '-extldflags "-static" without -linkmode external',
  severity: 'warning',
  kinds: BUILD_FILES,
  fixable: true,
  versioned: true,
  witnesses: [
    {
      claim: 'A cgo build of a program that uses net and os/user links internally: -extldflags "-static" is ignored and the binary stays dynamic.',
      program: 'net',
      env: { CGO_ENABLED: '1' },
      args: ['build', '-ldflags', '-extldflags "-static"', '-o', 'app', '.'],
      expect: { exit: 'ok' },
      inspect: [
        { kind: 'interp', expect: { output: '/lib64/ld-linux-x86-64.so.2' } },
        { kind: 'scratch', expect: { exit: 'fail' } },
      ],
    },
    {
      claim: 'With -linkmode external the C linker gets -static.',
      ...NET_CGO_STATIC_TAGS,
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'statically linked' } }],
    },
    {
      claim: 'With cgo off the same program is static without any linker flag.',
      ...NET_NO_CGO,
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'statically linked' } }],
    },
    {
      claim: 'So does a program that imports a cgo package outside the standard library (a local package whose file imports "C", as go-sqlite3 does): the flag reaches the C linker and the binary is static.',
      program: 'cgodep',
      env: { CGO_ENABLED: '1' },
      args: ['build', '-ldflags', '-extldflags "-static"', '-o', 'app', '.'],
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'statically linked' } }],
    },
    {
      claim: 'A program with its own import "C" links externally anyway, so there -extldflags "-static" works.',
      program: 'cgo',
      env: { CGO_ENABLED: '1' },
      args: ['build', '-ldflags', '-extldflags "-static"', '-o', 'app', '.'],
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'statically linked' } }],
    },
  ],
  check(ctx: RuleContext<ModelOf<BuildFile>>): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const { context, command } of goCommandsThat(ctx.model, 'links')) {
      const value = buildFlag(command, 'ldflags')?.value;
      if (value === undefined) continue;
      const list = parseLinkerFlags(value);
      if (!extldflagsStatic(list) || lastFlag(list, 'linkmode')?.value === 'external') continue;
      const mode = buildFlag(command, 'buildmode');
      if (mode && mode.value !== 'exe' && mode.value !== 'default') continue; // other build modes link their own way
      const cgo = cgoState(context, ctx.model, ctx.facts);
      if (cgo.state !== 'on' && cgo.state !== 'native-leg') continue;
      const v = context.goVersion.version;
      const goos = context.env.get('GOOS')?.value || hostOf(ctx.model, ctx.facts).goos;
      // Only ELF/libc targets have the dynamic loader this is about (not Windows PE, not darwin).
      if (goos === 'windows' || goos === 'darwin' || goos === 'ios') continue;
      // With netgo and osusergo nothing pulls in libc: the internal link is already static.
      const tags = (buildFlag(command, 'tags')?.value ?? '').split(/[\s,]+/);
      if (tags.includes('netgo') && tags.includes('osusergo')) continue;
      const goarch = context.env.get('GOARCH')?.value || (cgo.state === 'native-leg' ? undefined : hostOf(ctx.model, ctx.facts).goarch);
      if (goarch !== undefined && mustLinkExternalWithCgo(goos, goarch, v)) continue; // the C linker runs anyway
      // A cgo package outside the standard library (go-sqlite3, the module's own import "C") makes Go link
      // externally with cgo on: the flag then reaches the C linker (XB206 looks at that link).
      if (moduleCgoPackages(ctx, goos, false).length) continue;
      const fw = flagWords(command, 'ldflags');
      const range = fw ? (fw.value ?? fw.flag).range : (context.env.get('GOFLAGS')?.site?.valueRange ?? command.goRange);
      const internal = lastFlag(list, 'linkmode')?.value === 'internal';
      const explicit = cgo.state === 'on' && cgo.explicit;
      const fixes: Fix[] = [];
      if (fw) {
        const linkmode = addLinkmode(ctx, command, value, list);
        const off = setCgoFor(ctx, command, '0');
        const noCgo: Fix | undefined = off ? { title: 'Set CGO_ENABLED=0 (Go links a static binary itself)', isPreferred: false, edits: [off] } : undefined;
        // Keep cgo when the command turns it on on purpose; otherwise a build without cgo is simpler.
        for (const f of explicit ? [linkmode, noCgo] : [noCgo, linkmode]) if (f) fixes.push(f);
        fixes.forEach((f, i) => (f.isPreferred = i === 0));
      }
      // Where the dynamic binary ends up, when the Dockerfile copies it into an image without glibc.
      const model = ctx.model;
      const landing = model.kind !== 'dockerfile' ? undefined : model.deliveries.find((d) => d.artefact.command === command && ['none', 'musl'].includes(model.stages[d.stageIndex].libc));
      const into = landing && model.kind === 'dockerfile' ? model.stages[landing.stageIndex] : undefined;
      const legs = cgo.state === 'native-leg' ? ' for the target that is the builder\'s own platform (the other targets are cross builds without cgo, and static anyway)' : '';
      const todo = fixes.length ? lowerFirst(fixes[0].title.replace(/ \(.*\)$/, '')) : 'add -linkmode external';
      const { message, rest } = fit(
        `-extldflags "-static" is ignored when Go links internally${internal ? ' (-linkmode internal)' : ''}: ${todo}.`,
        'The binary stays dynamically linked.',
        into && `${into.imageExpr} has ${into.libc === 'none' ? 'no C library' : 'musl, not glibc'}: it will not start there.`,
      );
      reports.push({
        range,
        message,
        related: [
          ...notes(ctx.file.path, range, rest),
          { file: ctx.file.path, range, message: `cgo is on in ${context.where}: ${cgo.why}${legs}` },
          {
            file: ctx.file.path,
            range,
            message:
              `a program whose cgo comes only from the standard library (net, os/user) is linked internally by ${goLabel(context.goVersion)}: ` +
              'the binary needs the C library\'s loader (/lib64/ld-linux-x86-64.so.2 for glibc on amd64) wherever it runs; ' +
              'packages with their own import "C" make Go link externally, and then the flag works',
          },
          ...(landing && into ? [{ file: ctx.file.path, range: landing.range, message: `copied into ${stageLabel(into)} here` }] : []),
        ],
        fixes,
      });
    }
    return reports;
  },
};

/** Puts `-linkmode external` before -extldflags (or turns `-linkmode internal` into it). */
function addLinkmode(ctx: RuleContext, command: GoCommand, value: string, list: ReturnType<typeof parseLinkerFlags>): Fix | undefined {
  const mode = lastFlag(list, 'linkmode');
  const ext = lastFlag(list, 'extldflags')!;
  const raw = (i: number) => value.slice(list.offset + list.fields[i].start, list.offset + list.fields[i].end);
  const next = mode
    ? editFields(value, list, [{ from: mode.first, to: mode.last, text: '-linkmode external' }])
    : editFields(value, list, [{ from: ext.first, to: ext.first, text: `-linkmode external ${raw(ext.first)}` }]);
  const edit = setFlagValue(ctx, command, 'ldflags', next);
  return edit ? { title: 'Add -linkmode external', isPreferred: false, edits: [edit] } : undefined;
}
