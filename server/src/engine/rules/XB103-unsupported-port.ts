import { compareGo } from '../knowledge/go-versions';
import { findPort, isKnownGoarch, isKnownGoos, versionsWithPort, workspacePorts } from '../knowledge/ports';
import type { Assignment } from '../model/types';
import { goVersionNote, replaceValue, targetOf, writtenAt } from './helpers';
import { type ModelOf, type Rule, type RuleContext, type RuleReport, VALUE_FILES, type ValueFile } from './rule';

/**
 * Pairs whose one sensible correction is clear: the architecture Go supports for that OS. Not darwin/386:
 * amd64 or arm64, the user must choose. Only asked about pairs that are not ports (js/wasm and wasip1/wasm are).
 */
function correction(goos: string, goarch: string): { name: 'GOOS' | 'GOARCH'; value: string } | undefined {
  if (goos === 'js' || goos === 'wasip1') return { name: 'GOARCH', value: 'wasm' };
  if (goos === 'windows' && goarch === 'arm') return { name: 'GOARCH', value: 'arm64' };
  return undefined;
}

/** Broken ports that do not even build (measured): the runtime or the compiler is missing for them. */
const BROKEN_AND_FAILING: Record<string, (v: string) => boolean> = {
  'linux/sparc64': () => true, // compile: unknown architecture "sparc64"
  'openbsd/ppc64': (v) => v === '1.21',
  'openbsd/mips64': (v) => v === '1.26',
};

export const XB103: Rule<ValueFile> = {
  code: 'XB103',
  title: 'GOOS/GOARCH is not a port of the Go version in use',
  severity: 'error',
  kinds: VALUE_FILES,
  fixable: true,
  versioned: true,
  witnesses: [
    {
      claim: 'darwin/386 is not a port (removed in Go 1.15).',
      env: { GOOS: 'darwin', GOARCH: '386' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: unsupported GOOS/GOARCH pair darwin/386' },
    },
    {
      claim: 'js runs only on wasm.',
      env: { GOOS: 'js', GOARCH: 'amd64' },
      args: ['build', '-o', 'app', '.'],
      expect: { exit: 'fail', stderr: 'go: unsupported GOOS/GOARCH pair js/amd64' },
    },
    {
      claim: 'windows/arm is rejected from Go 1.26.',
      versions: { from: '1.26' },
      env: { GOOS: 'windows', GOARCH: 'arm' },
      args: ['build', '-o', 'app.exe', '.'],
      expect: { exit: 'fail', stderr: 'go: unsupported GOOS/GOARCH pair windows/arm' },
    },
  ],
  check(ctx: RuleContext<ModelOf<ValueFile>>): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const context of ctx.model.contexts) {
      const goosEntry = context.env.get('GOOS');
      const goarchEntry = context.env.get('GOARCH');
      const { goos, goarch, explicit } = targetOf(context.env, ctx);
      if (!explicit || !goos || !goarch || !isKnownGoos(goos) || !isKnownGoarch(goarch)) continue;
      const v = context.goVersion;
      const port = findPort(goos, goarch, v.version, workspacePorts(ctx.facts, v.version));
      if (port && !port.broken) continue;
      const site: Assignment | undefined =
        writtenAt((goarchEntry?.site && goarchEntry.value !== '' ? goarchEntry.site : undefined) ?? goosEntry?.site);
      if (!site) continue;
      const fix = correction(goos, goarch);
      const fixSite = fix && writtenAt(fix.name === 'GOARCH' ? goarchEntry?.site : goosEntry?.site);
      const fixes =
        fix && fixSite?.literal
          ? [{ title: `Change ${fix.name} to ${fix.value}`, isPreferred: true, edits: [replaceValue(fixSite, fix.value)] }]
          : [];
      const pair = `${goos}/${goarch}`;
      const related = [goVersionNote(site.file, site.valueRange, v)];
      const change = fix ? `change ${fix.name} to ${fix.value}` : undefined;
      if (port?.broken) {
        const fails = BROKEN_AND_FAILING[pair]?.(v.version) ?? false;
        reports.push({
          range: site.valueRange,
          severity: fails ? 'error' : 'warning',
          message:
            `${pair} is marked broken in Go ${v.version}: ${change ?? 'build for another target'}.` +
            (fails ? ' The build fails: its compiler or runtime is missing.' : ' go accepts it, but `go tool dist list` hides it and nobody tests it.'),
          fixes,
          related,
        });
        continue;
      }
      const others = versionsWithPort(goos, goarch);
      const last = others[others.length - 1];
      const what = others.length
        ? compareGo(last, v.version) < 0
          ? `${pair} was a port up to Go ${last}, not in Go ${v.version}: ${change ?? `build with Go ${last} or for another target`}.`
          : `${pair} is not a port of Go ${v.version}: ${change ?? `build with Go ${others[0]} or newer`}.`
        : `${pair} is not a port of any Go version: ${change ?? 'build for another target'}.`;
      reports.push({
        range: site.valueRange,
        message: `${what} The build stops with "go: unsupported GOOS/GOARCH pair ${pair}".`,
        fixes,
        related,
      });
    }
    // A place reported once per pair for all the contexts that read it: analyze() drops repeats of the same
    // code, range and message.
    return reports;
  },
};
