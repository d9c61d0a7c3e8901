import { flagSupported, portsSupporting, type CheckedFlag } from '../knowledge/flag-support';
import { findPort } from '../knowledge/ports';
import { boolFlagOn, buildFlag } from '../model/ldflags';
import type { EnvContext } from '../model/types';
import type { Fix } from '../types';
import { brief, flagWords, goVersionNote, platformStage, removeWords, goCommandsThat } from './helpers';
import { BUILD_FILES, type BuildFile, type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';
import { stageOf } from '../model/stages';


/** The target of a context when it can be known, and how the message names where it comes from. */
function target(context: EnvContext, ctx: RuleContext): { goos: string; goarch: string; because: string } | undefined {
  const os = context.env.get('GOOS');
  const arch = context.env.get('GOARCH');
  if ((os && os.value === undefined) || (arch && arch.value === undefined)) return undefined;
  // A stage built FROM another runs on that one's platform.
  const own = stageOf(ctx.model, context);
  const stage = own && ctx.model.kind === 'dockerfile' ? platformStage(ctx.model, own.index) : undefined;
  let hostArch: string | undefined = ctx.facts.host.goarch;
  let hostOs = ctx.facts.host.goos;
  let host = 'the host';
  if (stage) {
    // A stage runs on the platform it is built for: known only when pinned to a constant one.
    hostOs = 'linux';
    hostArch = stage.runsOn === 'constant' ? stage.platformValue?.split('/')[1] : undefined;
    host = `the stage's platform ${stage.platformValue ?? ''}`.trim();
  }
  const goos = os?.value || hostOs;
  const goarch = arch?.value || hostArch;
  if (!goarch) return undefined;
  const set = [os?.value ? `GOOS=${os.value}` : '', arch?.value ? `GOARCH=${arch.value}` : ''].filter(Boolean).join(' ');
  return { goos, goarch, because: set || host };
}

export const XB211: Rule<BuildFile> = {
  code: 'XB211',
  title: 'Flag not supported on the target platform',
  severity: 'error',
  kinds: BUILD_FILES,
  fixable: true,
  versioned: true,
  witnesses: [
    {
      claim: 'The race detector does not exist for linux/386.',
      env: { GOOS: 'linux', GOARCH: '386' },
      args: ['build', '-race', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: '-race is not supported on linux/386' },
    },
    {
      claim: 'Nor for linux/arm (32-bit ARM).',
      env: { GOOS: 'linux', GOARCH: 'arm', CGO_ENABLED: '1' },
      args: ['build', '-race', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: '-race is not supported on linux/arm' },
    },
    {
      claim: 'openbsd/amd64 lost the race detector in Go 1.23.',
      versions: { from: '1.23' },
      env: { GOOS: 'openbsd', GOARCH: 'amd64' },
      args: ['build', '-race', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: '-race is not supported on openbsd/amd64' },
    },
    {
      claim: 'Up to Go 1.22 openbsd/amd64 passes the port check (and then needs cgo).',
      versions: { to: '1.22' },
      env: { GOOS: 'openbsd', GOARCH: 'amd64' },
      args: ['build', '-race', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: -race requires cgo' },
    },
    {
      claim: 'linux/loong64 has no race detector before Go 1.25.',
      versions: { to: '1.24' },
      env: { GOOS: 'linux', GOARCH: 'loong64' },
      args: ['build', '-race', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: '-race is not supported on linux/loong64' },
    },
    {
      claim: 'From Go 1.25 loong64 has one.',
      versions: { from: '1.25' },
      env: { GOOS: 'linux', GOARCH: 'loong64' },
      args: ['build', '-race', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: -race requires cgo' },
    },
    {
      claim: 'linux/riscv64 has no race detector before Go 1.26.',
      versions: { to: '1.25' },
      env: { GOOS: 'linux', GOARCH: 'riscv64' },
      args: ['build', '-race', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: '-race is not supported on linux/riscv64' },
    },
    {
      claim: 'From Go 1.26 riscv64 has one: the build gets past the port check and needs cgo instead.',
      versions: { from: '1.26' },
      env: { GOOS: 'linux', GOARCH: 'riscv64' },
      args: ['build', '-race', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: -race requires cgo' },
    },
    {
      claim: 'The memory sanitizer exists only on a few ports.',
      env: { GOOS: 'linux', GOARCH: '386' },
      args: ['build', '-msan', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: '-msan is not supported on linux/386' },
    },
    {
      claim: 'The address sanitizer too.',
      env: { GOOS: 'linux', GOARCH: '386' },
      args: ['build', '-asan', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: '-asan is not supported on linux/386' },
    },
    {
      claim: 'Windows has no Go plugins.',
      env: { GOOS: 'windows', GOARCH: 'amd64' },
      args: ['build', '-buildmode=plugin', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: '-buildmode=plugin not supported on windows/amd64' },
    },
    {
      claim: 'wasip1/wasm builds no C shared library before Go 1.24 (a go.mod line below 1.24 is a minimum: later Go builds it).',
      versions: { to: '1.23' },
      env: { GOOS: 'wasip1', GOARCH: 'wasm' },
      args: ['build', '-buildmode=c-shared', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: '-buildmode=c-shared not supported on wasip1/wasm' },
    },
    {
      claim: 'From Go 1.24 wasip1/wasm builds -buildmode=c-shared (a WASI reactor).',
      versions: { from: '1.24' },
      env: { GOOS: 'wasip1', GOARCH: 'wasm' },
      args: ['build', '-buildmode=c-shared', '-o', 'app', '.'],
      expect: { exit: 'ok' },
    },
    {
      claim: 'linux/mips cannot build a C shared library.',
      env: { GOOS: 'linux', GOARCH: 'mips' },
      args: ['build', '-buildmode=c-shared', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: '-buildmode=c-shared not supported on linux/mips' },
    },
    {
      claim: 'Nor a position-independent executable.',
      env: { GOOS: 'linux', GOARCH: 'mips' },
      args: ['build', '-buildmode=pie', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: '-buildmode=pie not supported on linux/mips' },
    },
  ],
  check(ctx: RuleContext<ModelOf<BuildFile>>): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const { context, command } of goCommandsThat(ctx.model, 'compiles')) {
      const t = target(context, ctx);
      const v = context.goVersion.version;
      if (!t || !findPort(t.goos, t.goarch, v)) continue; // unknown, or not a port at all (XB101/XB103)
      const checked: { flag: 'race' | 'msan' | 'asan' | 'buildmode'; what: CheckedFlag; text: string }[] = [];
      for (const s of ['msan', 'race', 'asan'] as const) if (boolFlagOn(command, s) === true) checked.push({ flag: s, what: s, text: `-${s} is not supported on ${t.goos}/${t.goarch}` });
      const mode = buildFlag(command, 'buildmode')?.value;
      if (mode === 'c-shared' || mode === 'c-archive' || mode === 'plugin' || mode === 'pie') {
        checked.push({ flag: 'buildmode', what: mode, text: `-buildmode=${mode} not supported on ${t.goos}/${t.goarch}` });
      }
      for (const c of checked) {
        if (flagSupported(c.what, t.goos, t.goarch, v)) continue;
        const fw = flagWords(command, c.flag);
        const range = fw ? (fw.value ? { start: fw.flag.range.start, end: fw.value.range.end } : fw.flag.range) : (context.env.get('GOFLAGS')?.site?.valueRange ?? command.goRange);
        const name = c.flag === 'buildmode' ? `-buildmode=${c.what}` : `-${c.what}`;
        const ports = portsSupporting(c.what, v).sort();
        const drop = fw && removeWords(ctx, fw.flag, fw.value);
        const fixes: Fix[] = drop ? [{ title: `Drop ${name} for ${t.goos}/${t.goarch}`, isPreferred: true, edits: [drop] }] : [];
        reports.push({
          range,
          message: brief(
            `${name} does not exist for ${t.goos}/${t.goarch}: drop it for that target.`,
            `Go ${v} stops with "${c.text}".`,
          ),
          related: [
            { file: ctx.file.path, range, message: `the target: ${t.because}` },
            goVersionNote(ctx.file.path, range, context.goVersion),
            { file: ctx.file.path, range, message: `Go ${v} supports ${name} on ${ports.join(', ')}` },
          ],
          fixes,
        });
      }
    }
    return reports;
  },
};
