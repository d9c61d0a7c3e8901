import { isKnownGoarch, isKnownGoos } from '../knowledge/ports';
import { formatPlatform, goarmForVariant, parsePlatform, type Platform } from '../knowledge/platforms';
import type { Artefact, Assignment, DockerfileModel, EnvEntry } from '../model/types';
import type { RelatedInformation, TextEdit } from '../types';
import { notes, fit, brief, canPrefix, neverExecutedIn, platformStage, replaceValue, stageLabel } from './helpers';
import { type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';
import { BUILD_LINUX_AMD64, BUILD_LINUX_ARM64, EXEC_FORMAT_ERROR, RUN_LINUX_ARM64 } from './witness-runs';

/** Pairs where the machine runs the other architecture's binaries (amd64 runs 386; many arm64 CPUs run arm). */
const RUNS_ALSO: Record<string, string> = { amd64: '386', arm64: 'arm' };

export const XB307: Rule<'dockerfile'> = {
  code: 'XB307',
  title: 'Binary built for another platform than the stage that runs it',
  severity: 'error',
  kinds: ['dockerfile'],
  fixable: true,
  witnesses: [
    {
      claim: 'A linux/arm64 binary cannot be started on a linux/amd64 machine: the kernel refuses it (ENOEXEC) and Go reports "exec format error".',
      ...RUN_LINUX_ARM64,
      expect: EXEC_FORMAT_ERROR,
    },
    {
      claim: 'The same program built with GOARCH=arm64 is an ARM aarch64 executable and runs on arm64 (qemu-user).',
      ...BUILD_LINUX_ARM64,
      inspect: [
        { kind: 'file', expect: { output: 'ARM aarch64' } },
        { kind: 'qemu', qemu: { arch: 'aarch64' }, expect: { exit: 'ok', output: 'hello' } },
      ],
      expect: { exit: 'ok' },
    },
    {
      claim: 'The other way round: an amd64 binary is not an arm64 executable (qemu-aarch64 refuses it).',
      ...BUILD_LINUX_AMD64,
      inspect: [{ kind: 'qemu', qemu: { arch: 'aarch64' }, expect: { exit: 'fail', output: 'Invalid ELF image for this architecture' } }],
      expect: { exit: 'ok' },
    },
    {
      claim: 'The fix for a linux/arm/v6 stage, GOARCH=arm GOARM=6, runs on an ARMv6 CPU (qemu-arm -cpu arm1176).',
      env: { GOOS: 'linux', GOARCH: 'arm', GOARM: '6' },
      args: ['build', '-o', 'app', '.'],
      inspect: [{ kind: 'qemu', qemu: { arch: 'arm', cpu: 'arm1176' }, expect: { exit: 'ok', output: 'hello' } }],
      expect: { exit: 'ok' },
    },
    {
      // amd64 kernels run 386 binaries through IA32 emulation (distribution kernels, Docker Desktop). Some VM
      // kernels are built without it (the CI machine's), and qemu-i386 crashes Go's 386 runtime ("bad g in
      // signal handler"), so the witness shows the i386 ELF and leaves the run to the kernel fact.
      claim: 'Not reported: GOARCH=386 builds an i386 ELF, which an amd64 machine runs (through the kernel\'s IA32 emulation).',
      env: { GOOS: 'linux', GOARCH: '386' },
      args: ['build', '-o', 'app', '.'],
      inspect: [{ kind: 'file', expect: { output: 'Intel 80386' } }],
      expect: { exit: 'ok' },
    },
  ],
  check(ctx: RuleContext<ModelOf<'dockerfile'>>): RuleReport[] {
    const { model } = ctx;
    const reports: RuleReport[] = [];
    const seen = new Set<string>();
    for (const delivery of model.deliveries) {
      const { artefact } = delivery;
      const runtimeStage = platformStage(model, delivery.stageIndex);
      const runtime = runtimeStage.runsOn === 'constant' && runtimeStage.platformValue ? parsePlatform(runtimeStage.platformValue) : undefined;
      if (!runtime) continue;
      const built = builtFor(model, artefact);
      if (!built) continue;
      if (built.os === runtime.os && (built.arch === runtime.arch || RUNS_ALSO[runtime.arch] === built.arch)) continue;
      // A wasm module, or a binary for another OS collected in an artefact-only stage, is never executed there.
      if (neverExecutedIn(model, delivery.stageIndex, built.os, built.arch)) continue;
      // An output named after its architecture (app-linux-amd64) is one of a set of per-platform files.
      if (artefact.path?.includes(built.arch)) continue;
      const key = `${model.artefacts.indexOf(artefact)}:${delivery.stageIndex}`;
      if (seen.has(key)) continue;
      seen.add(key);

      const consumer = model.stages[delivery.stageIndex];
      const runtimes = otherRuntimes(ctx, artefact);
      const edits = runtimes.size === 1 ? agree(artefact, built, runtime, canPrefix(artefact.command, ctx.lines)) : [];
      const target = formatPlatform(runtime);
      const command = artefact.command;
      const related: RelatedInformation[] = [];
      if (runtimeStage.platform) related.push({ file: ctx.file.path, range: runtimeStage.platform.range, message: `${stageLabel(runtimeStage)} is pinned to ${target} here` });
      else if (runtimeStage.pinnedByImage) related.push({ file: ctx.file.path, range: runtimeStage.imageRange, message: `${stageLabel(runtimeStage)} runs on ${target}: its image holds only that platform` });
      related.push({
        file: ctx.file.path,
        range: delivery.range,
        message: `the binary is copied into ${stageLabel(consumer)} here${runtimeStage !== consumer ? ` (the platform of ${stageLabel(runtimeStage)})` : ''}`,
      });
      related.push({ file: ctx.file.path, range: command.goRange, message: `go ${command.subcommand} builds for ${built.os}/${built.arch}: ${built.why}` });
      const range = built.archSite?.valueRange ?? command.goRange;
      const { message, rest } = fit(
          `${artefact.path ?? 'The binary'} is built for ${built.os}/${built.arch} but runs on ${target}: ` +
            (runtimes.size > 1 ? 'build one binary per platform.' : `build it for ${target}.`),
          runtimes.size > 1 && 'Other stages receive it on other platforms, so no single GOARCH fits them all.',
        'The container fails with "exec format error".',
      );
      reports.push({
        range,
        message,
        fixes: edits.length ? [{ title: `Build for ${target}`, isPreferred: true, edits }] : [],
        related: [...notes(ctx.file.path, range, rest), ...related],
      });
    }
    return reports;
  },
};

interface Built {
  os: string;
  arch: string;
  /** Why: `GOARCH=amd64, line 4` or `no GOARCH: a native build in a stage pinned to linux/amd64`. */
  why: string;
  archSite?: Assignment;
  osSite?: Assignment;
}

/** The platform the artefact's binary is for; undefined when it cannot be known (e.g. $TARGETARCH). */
function builtFor(model: DockerfileModel, artefact: Artefact): Built | undefined {
  const env = artefact.command.env;
  const root = platformStage(model, artefact.stageIndex);
  const native = root.runsOn === 'constant' && root.platformValue ? parsePlatform(root.platformValue) : undefined;
  const goarch = given(env.get('GOARCH'));
  const goos = given(env.get('GOOS'));
  if (goarch === null || goos === null) return undefined;
  // No GOARCH: the toolchain's own architecture, known only in a stage pinned to a constant platform.
  const arch = goarch?.value ?? native?.arch;
  // No GOOS: Docker's builders run Linux, so a native build is linux whatever the stage.
  const os = goos?.value ?? native?.os ?? 'linux';
  // A GOARCH Go does not know never builds (XB101/XB102 say so); there is no binary to mismatch.
  if (!arch || !isKnownGoarch(arch) || !isKnownGoos(os)) return undefined;
  const why = goarch
    ? `GOARCH=${goarch.expr}${goarch.site ? `, line ${goarch.site.range.start.line + 1}` : ''}`
    : `no GOARCH: a native build in ${stageLabel(root)}, pinned to ${formatPlatform(native!)}`;
  return { os, arch, why, archSite: goarch?.site, osSite: goos?.site };
}

/** A set, known value; undefined when unset or empty (Go's default); null when unknown. */
function given(entry: EnvEntry | undefined): (EnvEntry & { value: string }) | undefined | null {
  if (!entry || entry.value === '') return undefined;
  if (entry.value === undefined) return null;
  return entry as EnvEntry & { value: string };
}

/** The distinct constant platforms of the stages the artefact is delivered to. */
function otherRuntimes(ctx: RuleContext, artefact: Artefact): Set<string> {
  const out = new Set<string>();
  if (ctx.model.kind !== 'dockerfile') return out;
  for (const d of ctx.model.deliveries) {
    if (d.artefact !== artefact) continue;
    const s = platformStage(ctx.model, d.stageIndex);
    if (s.runsOn === 'constant' && s.platformValue) out.add(s.platformValue);
  }
  return out;
}

/** Edits that make the go command build for `runtime`: rewrite literal GOOS/GOARCH (and GOARM), or add them. */
function agree(artefact: Artefact, built: Built, runtime: Platform, prefixable: boolean): TextEdit[] {
  const command = artefact.command;
  const edits: TextEdit[] = [];
  const prefix: string[] = [];
  const set = (name: string, value: string, site: Assignment | undefined, current: string | undefined): boolean => {
    if (current === value) return true;
    if (site) {
      if (!site.literal) return false;
      edits.push(replaceValue(site, value));
    } else {
      prefix.push(`${name}=${value}`);
    }
    return true;
  };
  if (!set('GOOS', runtime.os, built.osSite, built.os)) return [];
  if (!set('GOARCH', runtime.arch, built.archSite, built.arch)) return [];
  if (runtime.arch === 'arm') {
    const goarm = goarmForVariant(runtime.variant);
    const entry = command.env.get('GOARM');
    if (entry?.site) {
      if (entry.value !== goarm && !set('GOARM', goarm, entry.site, entry.value)) return [];
    } else if (built.archSite && built.archSite.literal) {
      edits.push(built.archSite.addSibling('GOARM', goarm));
    } else {
      prefix.push(`GOARM=${goarm}`);
    }
  }
  if (prefix.length) {
    if (!prefixable) return [];
    edits.push(command.insertBefore(`${prefix.join(' ')} `));
  }
  return edits;
}
