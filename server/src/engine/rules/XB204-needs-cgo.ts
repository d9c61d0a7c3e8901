import { flagSupported, type CheckedFlag } from '../knowledge/flag-support';
import { compareGo } from '../knowledge/go-versions';
import { findPort } from '../knowledge/ports';
import { cgoState, type CgoState } from '../model/cgo';
import { boolFlagOn, buildFlag, editFields, lastFlag, parseLinkerFlags } from '../model/ldflags';
import type { EnvContext, GoCommand } from '../model/types';
import type { Fix, Range, TextEdit } from '../types';
import { notes, fit, brief, flagWords, goVersionNote, hostOf, lowerFirst, platformStage, removeWords, setCgoFor, setFlagValue, goCommandsThat } from './helpers';
import { BUILD_FILES, type BuildFile, type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';
import { stageOf } from '../model/stages';


/** What in a command needs cgo, and how to name it. */
interface Need {
  /** -race, -buildmode=c-shared, -linkmode=external (the ldflags field as Go names it). */
  what: string;
  kind: 'sanitizer' | 'buildmode' | 'linkmode';
  /** The flag of the go command that carries it. */
  flag: 'race' | 'msan' | 'asan' | 'buildmode' | 'ldflags';
  checked?: CheckedFlag;
}

function needs(command: GoCommand): Need[] {
  const out: Need[] = [];
  for (const s of ['race', 'msan', 'asan'] as const) {
    if (boolFlagOn(command, s) === true) out.push({ what: `-${s}`, kind: 'sanitizer', flag: s, checked: s });
  }
  const mode = buildFlag(command, 'buildmode')?.value;
  if (mode === 'c-shared' || mode === 'c-archive' || mode === 'plugin') out.push({ what: `-buildmode=${mode}`, kind: 'buildmode', flag: 'buildmode', checked: mode });
  const ldflags = buildFlag(command, 'ldflags')?.value;
  if (ldflags !== undefined) {
    const list = parseLinkerFlags(ldflags);
    const mode = lastFlag(list, 'linkmode');
    const field = mode ? list.fields[mode.first].text : '';
    // cmd/go looks for exactly `-linkmode=external` or `-linkmode external`, and names the field it found.
    if ((list.pattern === undefined || list.pattern === 'all') && mode?.value === 'external' && (field === '-linkmode=external' || field === '-linkmode')) {
      out.push({ what: field, kind: 'linkmode', flag: 'ldflags' });
    }
  }
  return out;
}

/** True when Go sees a cross build (its own platform differs from the target): decides the wording. */
function crossBuild(context: EnvContext, ctx: RuleContext, cgo: CgoState): boolean | undefined {
  if (cgo.why.startsWith('cross-compiling')) return true;
  const goos = context.env.get('GOOS')?.value;
  const arch = context.env.get('GOARCH');
  const goarch = arch?.value;
  const host = hostOf(ctx.model, ctx.facts);
  if (goos && goos !== host.goos) return true;
  if (arch && goarch === undefined) return undefined;
  if (!goarch) return false;
  if (ctx.model.kind !== 'dockerfile') return goarch !== host.goarch;
  // A stage built FROM another runs on that one's platform.
  const own = stageOf(ctx.model, context);
  const stage = own && ctx.model.kind === 'dockerfile' ? platformStage(ctx.model, own.index) : undefined;
  const runner = stage?.runsOn === 'constant' ? stage.platformValue?.split('/')[1] : undefined;
  return runner === undefined ? undefined : goarch !== runner;
}

/** What Go does with this need and cgo off, quoting the verified output. */
function outcome(need: Need, context: EnvContext, cross: boolean | undefined): { text: string; severity: 'error' | 'warning' } {
  const v = context.goVersion.version;
  const since122 = compareGo(v, '1.22') >= 0;
  if (need.kind === 'sanitizer') {
    const text = cross === false ? `go: ${need.what} requires cgo; enable cgo by setting CGO_ENABLED=1` : `go: ${need.what} requires cgo`;
    return { text: `stops with "${text}"`, severity: 'error' };
  }
  const excluded = 'files with `import "C"` (where //export functions live) are left out, and when every file has it go stops with "build constraints exclude all Go files"';
  if (need.what === '-buildmode=c-archive') {
    return { text: `prints "loadinternal: cannot find runtime/cgo" and writes an archive linked without cgo: ${excluded}`, severity: 'error' };
  }
  if (since122) return { text: `stops with "${need.what} requires external (cgo) linking, but cgo is not enabled"`, severity: 'error' };
  if (need.kind === 'buildmode') {
    return { text: `prints "loadinternal: cannot find runtime/cgo" and links without cgo: ${excluded} (Go 1.22 and later stop with "${need.what} requires external (cgo) linking, but cgo is not enabled")`, severity: 'error' };
  }
  return { text: `prints "loadinternal: cannot find runtime/cgo" and links externally without cgo; Go 1.22 and later stop with "${need.what} requires external (cgo) linking, but cgo is not enabled"`, severity: 'warning' };
}

/** Fix: turn cgo on for the command, when that is all it takes (a C compiler is there, the build is native). */
function cgoFix(ctx: RuleContext, context: EnvContext, command: GoCommand): Fix | undefined {
  const entry = context.env.get('CGO_ENABLED');
  if (entry?.value !== '0') return undefined;
  const without = new Map(context.env);
  without.delete('CGO_ENABLED');
  const after = cgoState({ ...context, env: without }, ctx.model, ctx.facts);
  const nativeOutsideDocker = after.state === 'unknown' && after.why.startsWith('a native build');
  if (after.state !== 'on' && !nativeOutsideDocker) return undefined;
  const site = entry.site;
  const onCommand = site && (site.kind === 'prefix' || site.kind === 'env-command');
  // Removing the prefix is enough only when no ENV/export/make value of CGO_ENABLED is behind it.
  const shadowed = ctx.model.assignments.some((a) => a.name === 'CGO_ENABLED' && a !== site && a.kind !== 'prefix' && a.kind !== 'env-command');
  if (onCommand && !shadowed) return { title: 'Remove CGO_ENABLED=0 from this command', isPreferred: true, edits: [site.remove()] };
  const edit = setCgoFor(ctx, command, '1');
  return edit ? { title: 'Set CGO_ENABLED=1 for this command', isPreferred: true, edits: [edit] } : undefined;
}

/** Fix: drop what needs cgo (the flag, or `-linkmode external` from -ldflags). */
function dropFix(ctx: RuleContext, command: GoCommand, need: Need): Fix | undefined {
  const fw = flagWords(command, need.flag);
  if (!fw) return undefined;
  let edit: TextEdit | undefined;
  if (need.kind === 'linkmode') {
    const value = command.flags.get('ldflags')?.value ?? '';
    const list = parseLinkerFlags(value);
    const mode = lastFlag(list, 'linkmode')!;
    const rest = editFields(value, list, [{ from: mode.first, to: mode.last, text: '' }]);
    edit = parseLinkerFlags(rest).fields.length ? setFlagValue(ctx, command, 'ldflags', rest) : removeWords(ctx, fw.flag, fw.value);
  } else edit = removeWords(ctx, fw.flag, fw.value);
  if (!edit) return undefined;
  const title = need.kind === 'linkmode' ? `Drop ${need.what === '-linkmode' ? '-linkmode external' : need.what} from -ldflags` : `Drop ${need.what}`;
  return { title, isPreferred: false, edits: [edit] };
}

export const XB204: Rule<BuildFile> = {
  code: 'XB204',
  title: 'The command needs cgo, but cgo is off',
  severity: 'error',
  kinds: BUILD_FILES,
  fixable: true,
  versioned: true,
  witnesses: [
    {
      claim: '-race needs cgo: a native build with CGO_ENABLED=0 stops.',
      env: { CGO_ENABLED: '0' },
      args: ['build', '-race', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: -race requires cgo; enable cgo by setting CGO_ENABLED=1' },
    },
    {
      claim: 'A cross build has cgo off by default, so -race stops there too, with a shorter message.',
      env: { GOOS: 'linux', GOARCH: 'arm64' },
      args: ['build', '-race', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: -race requires cgo' },
    },
    {
      claim: 'On darwin the race detector does not need cgo.',
      env: { CGO_ENABLED: '0', GOOS: 'darwin', GOARCH: 'arm64' },
      args: ['build', '-race', '-o', 'app', '.'],
      expect: { exit: 'ok' },
    },
    {
      claim: '-msan needs cgo.',
      env: { CGO_ENABLED: '0' },
      args: ['build', '-msan', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: -msan requires cgo; enable cgo by setting CGO_ENABLED=1' },
    },
    {
      // CC=gcc: from 1.25 Debian's default CC is x86_64-linux-gnu-gcc, which -asan's compiler check rejects first.
      claim: '-asan needs cgo.',
      env: { CGO_ENABLED: '0', CC: 'gcc' },
      args: ['build', '-asan', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: -asan requires cgo; enable cgo by setting CGO_ENABLED=1' },
    },
    {
      claim: 'With cgo on, the same -race build works.',
      env: { CGO_ENABLED: '1' },
      args: ['build', '-race', '-o', 'app', '.'],
      expect: { exit: 'ok' },
    },
    {
      claim: '-buildmode=c-shared needs cgo (Go 1.22 and later say so).',
      versions: { from: '1.22' },
      env: { CGO_ENABLED: '0' },
      args: ['build', '-buildmode=c-shared', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: '-buildmode=c-shared requires external (cgo) linking, but cgo is not enabled' },
    },
    {
      claim: 'Go 1.21 links a c-shared library without cgo: it only prints loadinternal and exits 0.',
      versions: { to: '1.21' },
      env: { CGO_ENABLED: '0' },
      args: ['build', '-buildmode=c-shared', '-o', 'app', '.'],
      expect: { exit: 'ok', stderr: 'loadinternal: cannot find runtime/cgo' },
    },
    {
      claim: '-buildmode=plugin needs cgo (Go 1.22 and later say so).',
      versions: { from: '1.22' },
      env: { CGO_ENABLED: '0' },
      args: ['build', '-buildmode=plugin', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: '-buildmode=plugin requires external (cgo) linking, but cgo is not enabled' },
    },
    {
      claim: 'A c-archive is written without cgo in every version, with only a loadinternal line to show for it.',
      env: { CGO_ENABLED: '0' },
      args: ['build', '-buildmode=c-archive', '-o', 'app', '.'],
      expect: { exit: 'ok', stderr: 'loadinternal: cannot find runtime/cgo' },
    },
    {
      claim: 'With cgo off, the files with import "C" of a C library are left out.',
      program: 'cgo',
      env: { CGO_ENABLED: '0' },
      args: ['build', '-buildmode=c-archive', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'build constraints exclude all Go files' },
    },
    {
      claim: 'With cgo on, the C library builds.',
      program: 'cgo',
      env: { CGO_ENABLED: '1' },
      args: ['build', '-buildmode=c-shared', '-o', 'app', '.'],
      expect: { exit: 'ok' },
    },
    {
      claim: '-ldflags=-linkmode=external needs cgo from Go 1.22.',
      versions: { from: '1.22' },
      env: { CGO_ENABLED: '0' },
      args: ['build', '-ldflags=-linkmode=external', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: '-linkmode=external requires external (cgo) linking, but cgo is not enabled' },
    },
    {
      claim: 'Written as two fields, Go names the -linkmode field.',
      versions: { from: '1.22' },
      env: { CGO_ENABLED: '0' },
      args: ['build', '-ldflags', '-linkmode external', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: '-linkmode requires external (cgo) linking, but cgo is not enabled' },
    },
    {
      claim: 'Go 1.21 links externally without cgo and exits 0.',
      versions: { to: '1.21' },
      env: { CGO_ENABLED: '0' },
      args: ['build', '-ldflags=-linkmode=external', '-o', 'app', '.'],
      expect: { exit: 'ok', stderr: 'loadinternal: cannot find runtime/cgo' },
    },
  ],
  check(ctx: RuleContext<ModelOf<BuildFile>>): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const { context, command } of goCommandsThat(ctx.model, 'compiles')) {
      const wanted = needs(command);
      if (!wanted.length) continue;
      const cgo = cgoState(context, ctx.model, ctx.facts);
      if (cgo.state !== 'off' && cgo.state !== 'native-leg') continue;
      const goos = context.env.get('GOOS')?.value || (ctx.model.kind === 'dockerfile' ? 'linux' : ctx.facts.host.goos);
      const goarchEntry = context.env.get('GOARCH');
      const goarch = goarchEntry && goarchEntry.value !== '' ? goarchEntry.value : hostOf(ctx.model, ctx.facts).goarch;
      const v = context.goVersion.version;
      const cross = crossBuild(context, ctx, cgo);
      for (const need of wanted) {
        // Go rejects a flag the port lacks before it looks at cgo: XB211 (or XB103) reports that.
        if (need.checked && goarch !== undefined && (!findPort(goos, goarch, v) || !flagSupported(need.checked, goos, goarch, v))) continue;
        if (need.what === '-race' && goos === 'darwin') continue; // the race detector needs no cgo there
        const where = whereFlag(command, need, context);
        const cgoNote = { file: ctx.file.path, range: where, message: `cgo in ${context.where}: ${cgo.why}` };
        if (cgo.state === 'native-leg') {
          const said = `Go ${v} ${outcome(need, context, true).text}`;
          const fixes = [dropFix(ctx, command, need)].filter((f): f is Fix => f !== undefined).map((f) => ({ ...f, isPreferred: true }));
          const { message, rest } = fit(
            `${need.what} needs cgo, which only the native platform's build has: ${fixes.length ? lowerFirst(fixes[0].title) : 'drop it'}.`,
            'The other targets are cross builds with cgo off.',
          );
          reports.push({
            range: where,
            severity: 'warning',
            message,
            fixes,
            related: [cgoNote, goVersionNote(ctx.file.path, where, context.goVersion), ...notes(ctx.file.path, where, rest), { file: ctx.file.path, range: where, message: said }],
          });
          continue;
        }
        const { text, severity } = outcome(need, context, cross);
        // Turning cgo on is the usual intent; for -linkmode external with cgo off, dropping it is.
        const on = cgoFix(ctx, context, command);
        const drop = dropFix(ctx, command, need);
        const fixes = (need.kind === 'linkmode' ? [drop, on] : [on, drop]).filter((f): f is Fix => f !== undefined);
        fixes.forEach((f, i) => (f.isPreferred = i === 0));
        const said = `Go ${v} ${text}`;
        reports.push({
          range: where,
          severity,
          message: brief(`${need.what} needs cgo, which is off: ${fixes.length ? lowerFirst(fixes[0].title) : 'turn cgo on'}.`, `${said}.`),
          fixes,
          related: [cgoNote, goVersionNote(ctx.file.path, where, context.goVersion), { file: ctx.file.path, range: where, message: said }],
        });
      }
    }
    return reports;
  },
};

/** Where to report: the flag's word on the command, else the GOFLAGS that sets it, else the go word. */
function whereFlag(command: GoCommand, need: Need, context: EnvContext): Range {
  const fw = flagWords(command, need.flag);
  if (fw) return fw.value ? { start: fw.flag.range.start, end: fw.value.range.end } : fw.flag.range;
  return context.env.get('GOFLAGS')?.site?.valueRange ?? command.goRange;
}
