/**
 * The target QuickPick's items, built from the server's `xbd/workspacePlatforms` answer. Pure (no
 * vscode import): the extension maps `separator` entries to QuickPickItemKind.Separator.
 */

import type { WorkspacePlatforms } from '../../../server/src/contract';

export interface PickItem {
  kind: 'separator' | 'item';
  label: string;
  description?: string;
  detail?: string;
  /** The value stored in xbd.target ('' = host). */
  target?: string;
  picked?: boolean;
}

/** Targets people cross-build Go for most; each is shown when the Go in use has the port. */
export const COMMON_TARGETS = ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/arm/v6', 'linux/386', 'windows/amd64', 'windows/arm64', 'darwin/arm64', 'darwin/amd64', 'linux/riscv64', 'linux/ppc64le', 'linux/s390x'];

/** `linux/arm/v7` → `linux/arm`: the Go port a Docker platform builds on. */
export function portOf(platform: string): string {
  return platform.split('/').slice(0, 2).join('/');
}

/**
 * Groups: no picked target (what go env or this machine gives); Used in this workspace (with where each comes from); Common targets; the other ports of
 * the Go in use (first-class or not, "no cgo"): each platform once. `relative` turns a source's URI into a short path.
 */
export function pickerItems(data: WorkspacePlatforms, current: string, relative: (uri: string) => string): PickItem[] {
  const ports = new Map(data.ports.map((p) => [p.platform, p]));
  const mark = (target: string) => (target === current ? { picked: true } : {});
  const traits = (platform: string): string => {
    const p = ports.get(portOf(platform));
    if (!p) return `not a port of Go ${data.goVersion}`;
    return [p.firstClass ? 'first-class' : '', p.cgo ? '' : 'no cgo'].filter(Boolean).join(' · ');
  };
  const items: PickItem[] = [
    { kind: 'separator', label: 'No picked target' },
    { kind: 'item', label: `$(vm) ${data.unpicked ?? `${data.host} (this machine)`}`, description: 'what go builds for here without GOOS/GOARCH', target: '', ...mark('') },
  ];
  if (data.used.length) {
    items.push({ kind: 'separator', label: 'Used in this workspace' });
    for (const u of data.used) {
      const where = u.sources.slice(0, 3).map((s) => `${relative(s.uri)}:${s.line + 1} ${s.what}`);
      items.push({
        kind: 'item',
        label: `$(file-code) ${u.platform}`,
        description: traits(u.platform),
        detail: `${where.join(' · ')}${u.sources.length > 3 ? ` · +${u.sources.length - 3} more` : ''}`,
        target: u.platform,
        ...mark(u.platform),
      });
    }
  }
  const usedSet = new Set(data.used.map((u) => u.platform));
  const common = COMMON_TARGETS.filter((t) => ports.has(portOf(t)) && !usedSet.has(t));
  if (common.length) {
    items.push({ kind: 'separator', label: 'Common targets' });
    for (const t of common) items.push({ kind: 'item', label: t, description: traits(t), target: t, ...mark(t) });
  }
  // Every port once: those listed above are not repeated.
  const listed = new Set([...usedSet, ...common]);
  const others = data.ports.filter((p) => !listed.has(p.platform));
  if (others.length) items.push({ kind: 'separator', label: listed.size ? `Other ports of Go ${data.goVersion}` : `Ports of Go ${data.goVersion}` });
  for (const p of others) {
    items.push({ kind: 'item', label: p.platform, description: traits(p.platform), target: p.platform, ...mark(p.platform) });
  }
  return items;
}
