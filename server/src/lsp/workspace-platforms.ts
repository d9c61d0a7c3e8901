import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WorkspacePlatforms } from '../contract';
import { SKIPPED_DIRS, URI_IDS } from '../pipeline';
import { compileGlobs, detectKind, platformsUsed, type Analysis, type DocumentKind, type PlatformUse } from '../engine';

/** Bounds for the scan: a picker must open quickly in a monorepo. */
const MAX_FILES = 300;
const MAX_ENTRIES = 20_000;
const MAX_SIZE = 256 * 1024;

/** Dockerfiles, Makefiles and scripts (and go env files with `withGoEnv`) under the workspace folders (bounded, `xbd.exclude` honoured). */
export function scanWorkspace(folders: string[], exclude: string[], skip: Set<string>, withGoEnv = false): { uri: string; kind: DocumentKind; text: string }[] {
  const excluded = compileGlobs(exclude);
  const out: { uri: string; kind: DocumentKind; text: string }[] = [];
  let entries = 0;
  const visit = (folder: string, dir: string, depth: number) => {
    if (depth > 12 || out.length >= MAX_FILES) return;
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (++entries > MAX_ENTRIES || out.length >= MAX_FILES) return;
      if (SKIPPED_DIRS.has(name)) continue;
      const path = join(dir, name);
      if (exclude.length && excluded(relative(folder, path))) continue;
      let st;
      try {
        st = statSync(path);
      } catch {
        continue;
      }
      if (st.isDirectory()) visit(folder, path, depth + 1);
      else if (st.isFile() && st.size <= MAX_SIZE) {
        const uri = pathToFileURL(path).href;
        if (skip.has(uri)) continue;
        // Extension-less files are read only when their name does not say what they are (shebang check).
        let kind = detectKind(path);
        let text: string | undefined;
        if (!kind && !/\.[A-Za-z0-9]+$/.test(name) && st.size < MAX_SIZE) {
          text = read(path);
          kind = text !== undefined ? detectKind(path, undefined, text.slice(0, 200)) : undefined;
        }
        if (!kind || kind === 'gomod' || (kind === 'goenv' && !withGoEnv)) continue;
        text ??= read(path);
        if (text !== undefined) out.push({ uri, kind, text });
      }
    }
  };
  for (const folder of folders) visit(folder, folder, 0);
  return out;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * A build file of the workspace read from disk, bounded as the scan is: undefined when it is outside the
 * workspace folders (`relativePath` undefined) or in a skipped folder, too large, unreadable, or no build file.
 */
export function readBuildFile(uri: string, relativePath: string | undefined): { kind: DocumentKind; text: string } | undefined {
  const path = URI_IDS.toPath(uri);
  if (!path || relativePath === undefined || relativePath.split(/[\\/]/).some((part) => SKIPPED_DIRS.has(part))) return undefined;
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > MAX_SIZE) return undefined;
    const text = readFileSync(path, 'utf8');
    const kind = detectKind(path, undefined, text.slice(0, 200));
    return kind && kind !== 'gomod' ? { kind, text } : undefined;
  } catch {
    return undefined;
  }
}

/** Groups uses by platform, keeping the order in which platforms were first seen. */
export function groupUses(uses: (PlatformUse & { uri: string })[]): WorkspacePlatforms['used'] {
  const byPlatform = new Map<string, WorkspacePlatforms['used'][number]>();
  for (const u of uses) {
    const entry = byPlatform.get(u.platform) ?? byPlatform.set(u.platform, { platform: u.platform, sources: [] }).get(u.platform)!;
    if (!entry.sources.some((s) => s.uri === u.uri && s.line === u.line && s.what === u.what)) entry.sources.push({ uri: u.uri, line: u.line, what: u.what });
  }
  return [...byPlatform.values()];
}

/** The platforms one analysis names, tagged with its document. */
export function usesOf(uri: string, analysis: Analysis): (PlatformUse & { uri: string })[] {
  if (!analysis.model || !analysis.lines) return [];
  return platformsUsed(analysis.model, analysis.lines).map((u) => ({ ...u, uri }));
}

/** GOARCH values this machine runs through qemu-user registered in binfmt_misc (Linux only). */
export function emulatedArches(dir = '/proc/sys/fs/binfmt_misc'): string[] {
  const QEMU: Record<string, string> = {
    aarch64: 'arm64',
    arm: 'arm',
    armeb: 'armbe',
    x86_64: 'amd64',
    i386: '386',
    ppc64le: 'ppc64le',
    ppc64: 'ppc64',
    s390x: 's390x',
    riscv64: 'riscv64',
    mips64el: 'mips64le',
    mips64: 'mips64',
    mipsel: 'mipsle',
    mips: 'mips',
    loongarch64: 'loong64',
  };
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of names) {
    const arch = QEMU[name.replace(/^qemu-/, '')];
    if (!arch || !name.startsWith('qemu-')) continue;
    if (/^enabled/m.test(read(join(dir, name)) ?? '')) out.push(arch);
  }
  return out;
}
