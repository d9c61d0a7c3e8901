import { cgoState } from '../model/cgo';
import { boolFlagOn, buildFlag, editFields, extldflagsStatic, lastFlag, linksExternally, parseLinkerFlags } from '../model/ldflags';
import type { EnvContext, GoCommand } from '../model/types';
import type { Fix, TextEdit } from '../types';
import { brief, flagInnerQuote, flagWords, removeWords, setCgoFor, setFlagValue, goCommandsThat } from './helpers';
import { BUILD_FILES, type BuildFile, type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';


/** True when the command asks for cgo itself: CGO_ENABLED=1, or a flag that cannot work without it. */
function needsCgo(context: EnvContext, command: GoCommand): boolean {
  if (context.env.get('CGO_ENABLED')?.value === '1') return true;
  if (['race', 'msan', 'asan'].some((f) => boolFlagOn(command, f) === true)) return true;
  const mode = buildFlag(command, 'buildmode')?.value;
  return mode === 'c-shared' || mode === 'c-archive' || mode === 'plugin';
}

export const XB205: Rule<BuildFile> = {
  code: 'XB205',
  title: '-static is not a Go linker flag',
  severity: 'error',
  kinds: BUILD_FILES,
  fixable: true,
  witnesses: [
    {
      claim: 'The Go linker has no -static flag.',
      env: {},
      args: ['build', '-ldflags=-static', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'flag provided but not defined: -static' },
    },
    {
      claim: 'Next to -s -w it fails the same way.',
      env: {},
      args: ['build', '-ldflags', '-s -w -static', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'flag provided but not defined: -static' },
    },
    {
      claim: 'With cgo, -static belongs to the C linker: -linkmode external -extldflags "-static" links statically.',
      program: 'cgo',
      env: { CGO_ENABLED: '1' },
      args: ['build', '-ldflags', '-linkmode external -extldflags "-static"', '-o', 'app', '.'],
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'statically linked' } }],
    },
    {
      claim: 'Without cgo, Go links a static binary by itself.',
      program: 'net',
      env: { CGO_ENABLED: '0' },
      args: ['build', '-ldflags', '-s -w', '-o', 'app', '.'],
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'statically linked' } }],
    },
  ],
  check(ctx: RuleContext<ModelOf<BuildFile>>): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const { context, command } of goCommandsThat(ctx.model, 'links')) {
      const ldflags = buildFlag(command, 'ldflags');
      if (ldflags?.value === undefined) continue;
      const value = ldflags.value;
      const list = parseLinkerFlags(value);
      const statics = list.flags.filter((f) => f.name === 'static');
      if (!statics.length) continue;
      const fw = flagWords(command, 'ldflags');
      const range = fw ? (fw.value ?? fw.flag).range : (context.env.get('GOFLAGS')?.site?.valueRange ?? command.goRange);
      const cgoNeeded = needsCgo(context, command);
      const fixes: Fix[] = [];
      if (fw) {
        const external = externalFix(ctx, command, value, list, statics);
        const internal = withoutCgoFix(ctx, context, command, value, list, statics);
        for (const f of cgoNeeded ? [external, internal] : [internal, external]) if (f) fixes.push(f);
        fixes.forEach((f, i) => (f.isPreferred = i === 0));
      }
      reports.push({
        range,
        message: brief(
          cgoNeeded
            ? '-static is not a Go linker flag: this cgo build needs -linkmode external -extldflags "-static".'
            : '-static is not a Go linker flag: drop it and build with CGO_ENABLED=0, which links statically.',
          'Go stops with "flag provided but not defined: -static".',
        ),
        fixes,
      });
    }
    return reports;
  },
};

/** `-static` → `-linkmode external -extldflags "-static"` (each part only if not there yet). */
function externalFix(ctx: RuleContext, command: GoCommand, value: string, list: ReturnType<typeof parseLinkerFlags>, statics: { first: number }[]): Fix | undefined {
  const ext = lastFlag(list, 'extldflags');
  if (ext && !extldflagsStatic(list)) return undefined; // merging into existing C flags is the author's call
  const q = flagInnerQuote(ctx, command, 'ldflags');
  const parts = [linksExternally(list) ? '' : '-linkmode external', ext ? '' : `-extldflags ${q}-static${q}`].filter(Boolean).join(' ');
  const edits = statics.map((s, i) => ({ from: s.first, to: s.first, text: i === 0 ? parts : '' }));
  const edit = setFlagValue(ctx, command, 'ldflags', editFields(value, list, edits));
  return edit ? { title: 'Link statically through the C linker (-linkmode external -extldflags "-static")', isPreferred: false, edits: [edit] } : undefined;
}

/** Drop `-static` (and -ldflags when nothing is left) and build without cgo. */
function withoutCgoFix(ctx: RuleContext, context: EnvContext, command: GoCommand, value: string, list: ReturnType<typeof parseLinkerFlags>, statics: { first: number }[]): Fix | undefined {
  const rest = editFields(value, list, statics.map((s) => ({ from: s.first, to: s.first, text: '' })));
  const fw = flagWords(command, 'ldflags')!;
  const edits: TextEdit[] = [];
  const drop = parseLinkerFlags(rest).fields.length ? setFlagValue(ctx, command, 'ldflags', rest) : fw.flag.source || fw.value?.source ? setFlagValue(ctx, command, 'ldflags', '') : removeWords(ctx, fw.flag, fw.value);
  if (!drop) return undefined;
  edits.push(drop);
  const cgo = cgoState(context, ctx.model, ctx.facts);
  if (!(cgo.state === 'off' && cgo.explicit)) {
    const off = setCgoFor(ctx, command, '0');
    if (!off) return undefined;
    edits.push(off);
  }
  return { title: parseLinkerFlags(rest).fields.length ? 'Drop -static and set CGO_ENABLED=0' : 'Drop -ldflags -static and set CGO_ENABLED=0', isPreferred: false, edits };
}
