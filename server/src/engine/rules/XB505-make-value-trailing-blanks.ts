import { checkSubarch, SUBARCH_ARCHES, SUBARCH_VARS, type SubarchVar } from '../knowledge/subarch';
import { subcommandDoes } from '../knowledge/go-command';
import type { Assignment, EnvContext } from '../model/types';
import { fit, goVersionNote, makeTrailingBlanks, notes, type TrailingBlanks } from './helpers';
import { type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';

/** The variables go reads as one exact word: a blank at the end makes another value. */
const EXACT = new Set<string>(['GOOS', 'GOARCH', 'CGO_ENABLED', ...SUBARCH_VARS]);

export const XB505: Rule<'makefile'> = {
  code: 'XB505',
  title: 'Exported make value ends in blanks',
  severity: 'error',
  kinds: ['makefile'],
  fixable: true,
  versioned: true,
  witnesses: [
    {
      claim: 'make keeps the blanks before a comment, and exported, GOARCH="arm64 " stops go.',
      env: {},
      args: ['build', '-o', 'app', '.'],
      script: { make: 'export GOARCH := arm64 # the board\n\napp:\n\tgo build -o app .\n' },
      expect: { exit: 'fail', stderr: 'go: unsupported GOOS/GOARCH pair linux/arm64 ' },
    },
    {
      claim: 'CGO_ENABLED="0 " is neither 0 nor 1: natively with a C compiler cgo stays on, so the binary is dynamically linked.',
      program: 'net',
      env: {},
      args: ['build', '-o', 'app', '.'],
      script: { make: 'export CGO_ENABLED := 0 # static\n\napp:\n\tgo build -o app .\n' },
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'dynamically linked' } }],
    },
    {
      claim: 'Go 1.21 and 1.22 reject GOAMD64="v3 ".',
      versions: { to: '1.22' },
      env: {},
      args: ['build', '-o', 'app', '.'],
      script: { make: 'export GOAMD64 := v3 # x86-64-v3\n\napp:\n\tgo build -o app .\n' },
      expect: { exit: 'fail', stderr: 'go: invalid GOAMD64: must be v1, v2, v3, v4' },
    },
    {
      claim: 'From Go 1.23 the same value passes without a word (the buildcfg bug XB104 describes).',
      versions: { from: '1.23' },
      env: {},
      args: ['build', '-o', 'app', '.'],
      script: { make: 'export GOAMD64 := v3 # x86-64-v3\n\napp:\n\tgo build -o app .\n' },
      expect: { exit: 'ok', notStderr: 'invalid' },
    },
    {
      claim: 'Without the blank (the fix), the comment stays and go gets arm64.',
      env: {},
      args: ['build', '-o', 'app', '.'],
      script: { make: 'export GOARCH := arm64# the board\n\napp:\n\tgo build -o app .\n' },
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'aarch64' } }],
    },
  ],
  check(ctx: RuleContext<ModelOf<'makefile'>>): RuleReport[] {
    const reports = new Map<Assignment, RuleReport>();
    for (const context of ctx.model.contexts) {
      if (context.command?.tool !== 'go' || !subcommandDoes(context.command.subcommand, 'compiles')) continue;
      for (const [name, entry] of context.env) {
        const site = entry.site;
        // Only make's own export carries the blanks: `GOARCH=$(GOARCH) go build` splits them off as the shell reads the line.
        if (!EXACT.has(name) || !site?.value || reports.has(site)) continue;
        const blanks = makeTrailingBlanks(ctx, site);
        const report = blanks && judge(name, site, site.value, blanks, context);
        if (report) reports.set(site, { ...report, fixes: [{ title: `Remove the blanks after ${site.name}'s value`, isPreferred: true, edits: [blanks.remove] }] });
      }
    }
    return [...reports.values()];
  },
};

/** What go does with the value and its blanks; undefined when that is what the value says anyway. */
function judge(name: string, site: Assignment, written: string, blanks: TrailingBlanks, context: EnvContext): Omit<RuleReport, 'fixes'> | undefined {
  const value = written + blanks.text;
  const where = blanks.beforeComment ? 'before the comment' : 'at the end of the line';
  // JSON shows a tab as \t: the blank is what the message is about.
  const lead = `make exports ${name} as ${JSON.stringify(value)}: remove the blanks ${where}.`;
  const range = site.valueRange;
  const report = (evidence: string | undefined, more: Partial<RuleReport> = {}) => {
    const { message, rest } = fit(lead, evidence, `make keeps blanks at the end of a value, comment or not; the shell drops them only where it splits words (GOARCH=$(GOARCH)).`);
    return { range, message, ...more, related: [...(more.related ?? []), ...notes(site.file, range, rest)] };
  };
  if (name === 'GOOS' || name === 'GOARCH') {
    return report('go stops with "unsupported GOOS/GOARCH pair", naming the value with its blank.');
  }
  if (name === 'CGO_ENABLED') {
    if (written !== '0' && written !== '1') return undefined; // XB210 tells what an unread value does
    return report('Go reads only 0 and 1, so cgo stays at its default: on natively with a C compiler.');
  }
  const goarch = context.env.get('GOARCH')?.value;
  // For another architecture the value does nothing (XB105).
  if (goarch && !SUBARCH_ARCHES[name as SubarchVar].includes(goarch)) return undefined;
  const v = context.goVersion;
  const own = checkSubarch(name as SubarchVar, written, v.version, goarch);
  const verdict = checkSubarch(name as SubarchVar, value, v.version, goarch);
  // Wrong without the blanks too: XB104 (or XB105) says so.
  if (!own.ok || verdict.ok) return undefined;
  const said = verdict.goMessage ? `Go ${v.version} stops with "${verdict.goMessage}".` : verdict.note && `Go ${v.version}: ${verdict.note}.`;
  return report(said, { severity: verdict.severity, related: [goVersionNote(site.file, site.valueRange, v)] });
}
