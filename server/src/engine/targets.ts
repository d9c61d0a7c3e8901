/**
 * The target picker's knowledge: which platforms a file builds for (constant `--platform` values,
 * GOOS/GOARCH pairs, PLATFORMS lists), the ports of the Go in use, and what picking a target means
 * (cgo default and why, the C compiler a cgo build needs, whether this machine runs the result).
 * Pure: the language server gathers files and facts and asks these functions.
 */
import { compilerFor, debianPackageOf } from './knowledge/cross-compilers';
import { type GoVersion } from './knowledge/go-versions';
import { formatPlatform, parsePlatform } from './knowledge/platforms';
import { portsOf, workspacePorts } from './knowledge/ports';
import type { BuildModel, GoVersionSource } from './model/types';
import type { LineIndex } from './text';
import type { Facts } from './types';

export interface PlatformUse {
  /** Normalised `os/arch[/variant]`. */
  platform: string;
  file: string;
  /** 0-based. */
  line: number;
  /** `FROM --platform`, `GOOS/GOARCH`, `PLATFORMS`, `--platform`. */
  what: string;
}

export interface PortEntry {
  platform: string;
  firstClass: boolean;
  cgo: boolean;
}

/** Platforms a file names as constants: FROM --platform, go commands with GOOS and GOARCH known, lists. */
export function platformsUsed(model: BuildModel, lines: LineIndex): PlatformUse[] {
  const out: PlatformUse[] = [];
  // Each spelling read once: hundreds of go commands of a generated file name a few platforms.
  const platforms = new Map<string, string | undefined>();
  const platformOf = (text: string) => {
    const p = parsePlatform(text);
    return p && /^[a-z0-9]+$/.test(p.os) && /^[a-z0-9]+$/.test(p.arch) ? formatPlatform(p) : undefined;
  };
  const add = (text: string | undefined, line: number, what: string) => {
    if (!text) return;
    // Stryker disable next-line ConditionalExpression: read again, a spelling gives the same platform
    if (!platforms.has(text)) platforms.set(text, platformOf(text));
    const platform = platforms.get(text);
    if (platform) out.push({ platform, file: model.file, line, what });
  };
  if (model.kind === 'dockerfile') for (const stage of model.stages) if (stage.runsOn === 'constant') add(stage.platformValue, stage.fromRange.start.line, stage.pinnedByImage ? `FROM ${stage.pinnedByImage}/…` : 'FROM --platform');
  // GoReleaser's go commands are its build targets, listed below with the build's name.
  for (const c of model.kind === 'goreleaser' ? [] : model.commands) {
    // A recipe's $(MAKE) run of this Makefile's own targets: the make GOOS/GOARCH scan below names it.
    if (model.kind === 'makefile' && c.via) continue;
    const goos = c.env.get('GOOS')?.value;
    const goarch = c.env.get('GOARCH')?.value;
    if (!goos || !goarch) continue;
    const goarm = goarch === 'arm' ? c.env.get('GOARM')?.value?.split(',')[0] : undefined;
    add(`${goos}/${goarch}${goarm && /^[5-7]$/.test(goarm) ? `/v${goarm}` : ''}`, c.range.start.line, 'GOOS/GOARCH');
  }
  // Images a workflow, bake file or GoReleaser config builds, and GoReleaser's build targets.
  const images = model.kind === 'workflow' || model.kind === 'goreleaser' ? model.images : model.kind === 'bake' ? model.targets.map((t) => t.build) : [];
  for (const image of images) for (const p of image.platforms ?? []) add(p.value, p.range.start.line, image.by);
  if (model.kind === 'goreleaser') {
    for (const b of model.builds) for (const t of b.targets) add(`${t.goos}/${t.goarch}${t.goarm ? `/v${t.goarm}` : ''}`, b.range.start.line, `GoReleaser build ${b.name}`);
  }
  if (model.kind === 'workflow' || model.kind === 'goreleaser' || model.kind === 'bake') return dedupe(out);
  // `PLATFORMS := linux/amd64 linux/arm64`, `ARG PLATFORMS=linux/amd64,linux/arm64`, `--platform linux/arm64,…`;
  // and `make GOOS=linux GOARCH=arm64 build`, `$(MAKE) release GOOS=… GOARCH=…`: a make run's command-line
  // variables name a platform the Makefile's go commands then build for (listed after the others).
  const makeRuns: { platform: string; line: number }[] = [];
  for (const line of linesSaying(lines, /platform|make/gi)) {
    const text = lines.text.slice(lines.offsetAt({ line, character: 0 }), lines.lineEnd(line));
    if (/platform/i.test(text) && !/^\s*FROM\b/i.test(text)) {
      const list = /^\s*(?:export\s+|ARG\s+|ENV\s+)?([A-Z_]*PLATFORMS?)\s*(?::{1,3}=|\?=|\+=|=)\s*["']?([^"'#]*)/i.exec(text);
      if (list) for (const item of list[2].split(/[\s,]+/)) add(item, line, list[1]);
      const flag = /--platform[= ]["']?([a-z0-9/,._-]+)/gi;
      for (let m = flag.exec(text); m; m = flag.exec(text)) for (const item of m[1].split(',')) add(item, line, '--platform');
    }
    if (!/(^|[\s;&|(])(make|gmake|\$[({]MAKE[)}])\s/.test(text)) continue;
    const goos = /(?:^|\s)GOOS=["']?([a-z0-9]+)/.exec(text)?.[1];
    const goarch = /(?:^|\s)GOARCH=["']?([a-z0-9]+)/.exec(text)?.[1];
    const goarm = /(?:^|\s)GOARM=["']?([5-7])\b/.exec(text)?.[1];
    if (goos && goarch) makeRuns.push({ platform: `${goos}/${goarch}${goarch === 'arm' && goarm ? `/v${goarm}` : ''}`, line });
  }
  for (const run of makeRuns) add(run.platform, run.line, 'make GOOS/GOARCH');
  return dedupe(out);
}

/**
 * The lines in which `words` (a global pattern) occurs, in order: found in one pass over the text, so a
 * 5,000-line Dockerfile's analysis no longer slices and tests every line (~3 ms per keystroke).
 */
function linesSaying(lines: LineIndex, words: RegExp): Set<number> {
  const found = new Set<number>();
  for (const m of lines.text.matchAll(words)) found.add(lines.positionAt(m.index).line);
  return found;
}

function dedupe(out: PlatformUse[]): PlatformUse[] {
  const seen = new Set<string>();
  return out.filter((u) => {
    const key = `${u.platform}|${u.line}|${u.what}`;
    return !seen.has(key) && Boolean(seen.add(key));
  });
}

/** Every port of the Go in use: the workspace toolchain's list when it was asked, else the embedded one. */
export function portList(facts: Facts, version: GoVersion): PortEntry[] {
  const ports = workspacePorts(facts, version) ?? portsOf(version);
  return ports
    .filter((p) => !p.broken)
    .map((p) => ({ platform: `${p.goos}/${p.goarch}`, firstClass: p.firstClass, cgo: p.cgo }))
    .sort((a, b) => Number(b.firstClass) - Number(a.firstClass) || a.platform.localeCompare(b.platform));
}

export interface TargetDescription {
  /** `linux/arm/v7` (picked), `linux/arm64 (go env)`, `linux/amd64 (this machine)`. */
  label: string;
  markdown: string;
}

/**
 * What building for the target platform means here, for the status bar's tooltip: the picked `target`,
 * else the GOOS/GOARCH this machine's go env sets (`machine`, the go env file counts), else this machine.
 * `emulators` are the architectures this machine runs through binfmt_misc (qemu-user), by GOARCH.
 */
export function describeTarget(
  target: Facts['target'],
  facts: Facts,
  goVersion: GoVersionSource,
  emulators: readonly string[] = [],
  machine: { goos?: string; goarch?: string } = {},
): TargetDescription {
  const host = facts.host;
  const hostText = `${host.goos}/${host.goarch}`;
  const fromEnv = !target && ((machine.goos && machine.goos !== host.goos) || (machine.goarch && machine.goarch !== host.goarch));
  const t = target ?? (fromEnv ? { goos: machine.goos ?? host.goos, goarch: machine.goarch ?? host.goarch } : { goos: host.goos, goarch: host.goarch });
  const platform = [t.goos, t.goarch, t.variant].filter(Boolean).join('/');
  const label = target ? platform : fromEnv ? `${platform} (go env)` : `${platform} (this machine)`;
  const native = t.goos === host.goos && t.goarch === host.goarch;
  const port = portList(facts, goVersion.version).find((p) => p.platform === `${t.goos}/${t.goarch}`);
  const envSet = [machine.goos && machine.goos !== host.goos && `GOOS=${machine.goos}`, machine.goarch && machine.goarch !== host.goarch && `GOARCH=${machine.goarch}`].filter(Boolean).join(' ');
  const source = target
    ? 'picked here (`xbd.target`): rules and hints read `$TARGETOS`/`$TARGETARCH` as this platform.'
    : fromEnv
      ? `\`${envSet}\` in this machine's go env (the go env file, \`go env -w\`): a go command that sets neither GOOS nor GOARCH builds for it here.`
      : 'this machine: a go command that sets neither GOOS nor GOARCH builds for it here.';
  const lines: string[] = [`**Target platform: ${platform}** — ${source}`, ''];
  lines.push(`- **Build platform:** this machine (${hostText}) for Makefiles and scripts run here; a Dockerfile stage's own platform (\`$BUILDPLATFORM\` when pinned to it).`);
  lines.push(`- **Go:** ${goVersion.version} — ${goVersion.because}.`);
  if (!port) lines.push(`- **Port:** ${t.goos}/${t.goarch} is not a port of Go ${goVersion.version}: go refuses to build for it.`);
  else lines.push(`- **Port:** ${port.firstClass ? 'first-class' : 'not first-class (no release blocker: less tested)'}${port.cgo ? '' : ', cgo unsupported'}.`);

  // cgo: on natively when a C compiler is found, off when cross-compiling; never on a port without cgo.
  if (port && !port.cgo) lines.push('- **cgo:** not available on this port: builds are pure Go (`CGO_ENABLED=1` fails).');
  else if (native) lines.push(`- **cgo:** on by default when built on this machine (a native build), when a C compiler (\`${nativeCompiler(host.goos)}\`) is found on PATH; \`CGO_ENABLED=0\` makes a static binary.`);
  else lines.push('- **cgo:** off by default: the target platform differs from the build platform, so go cross-compiles without cgo unless `CGO_ENABLED=1` and a cross C compiler in `CC`.');

  if (!port || port.cgo) {
    if (native) lines.push(`- **C compiler for cgo:** \`${nativeCompiler(host.goos)}\` (this machine's own).`);
    else {
      const glibc = compilerFor(t.goos, t.goarch, 'glibc');
      const musl = t.goos === 'linux' ? compilerFor(t.goos, t.goarch, 'musl') : undefined;
      const pkg = glibc ? debianPackageOf(glibc) : undefined;
      if (glibc || musl) {
        const parts = [glibc ? `\`${glibc}\`${pkg ? ` (Debian: \`${pkg}\`)` : ''}` : '', musl ? `\`${musl}\` for musl (Alpine)` : ''].filter(Boolean);
        lines.push(`- **C compiler for cgo:** ${parts.join(', or ')}; in Dockerfiles, tonistiigi/xx's \`xx-clang\` follows \`$TARGETPLATFORM\`.`);
      } else lines.push(`- **C compiler for cgo:** no common cross compiler${t.goos === 'darwin' || t.goos === 'ios' ? ' (Apple targets need an SDK: osxcross, or xx)' : ''}.`);
    }
  }

  lines.push(`- **Runs on this machine:** ${runsHere(t, host, emulators)}`);
  return { label, markdown: lines.join('\n') };
}

function nativeCompiler(goos: string): string {
  return /^(darwin|freebsd|openbsd|ios)$/.test(goos) ? 'clang' : 'gcc';
}

function runsHere(t: { goos: string; goarch: string }, host: Facts['host'], emulators: readonly string[]): string {
  if (t.goos === host.goos && t.goarch === host.goarch) return `yes, natively (${host.goos}/${host.goarch}).`;
  if (t.goos === host.goos && host.goarch === 'amd64' && t.goarch === '386') return 'yes: amd64 machines run 386 binaries.';
  if (t.goos === 'linux' && host.goos === 'linux') {
    return emulators.includes(t.goarch)
      ? `under emulation: qemu-user is registered for ${t.goarch} here (binfmt_misc), so binaries, go test and docker run --platform work, slowly.`
      : `no: this machine is ${host.goos}/${host.goarch}; ${article(t.goarch)} ${t.goarch} binary fails with "exec format error" unless qemu-user is registered in binfmt_misc (\`docker run --privileged --rm tonistiigi/binfmt --install ${t.goarch}\`).`;
  }
  return `no: this machine is ${host.goos}/${host.goarch}.`;
}

/** `an` before a vowel sound as the architecture is read aloud: an arm64, an amd64, a 386, a riscv64. */
function article(goarch: string): string {
  return /^(a|e|i|o|u)/.test(goarch) ? 'an' : 'a';
}
