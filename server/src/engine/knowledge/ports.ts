import { PORTS } from './generated/go-ports';
import { GO_VERSIONS, toGoVersion, type GoVersion } from './go-versions';

export interface Port {
  goos: string;
  goarch: string;
  cgo: boolean;
  firstClass: boolean;
  /** Hidden from `go tool dist list` but still accepted by the go command. */
  broken?: boolean;
}

/** Ports of Go `v` (the workspace's real list when `override` is given, from `go tool dist list -json`). */
export function portsOf(v: GoVersion, override?: readonly Port[]): readonly Port[] {
  return override ?? PORTS[v];
}

export function findPort(goos: string, goarch: string, v: GoVersion, override?: readonly Port[]): Port | undefined {
  return portsOf(v, override).find((p) => p.goos === goos && p.goarch === goarch);
}

const ALL_GOOS = new Set(GO_VERSIONS.flatMap((v) => PORTS[v].map((p) => p.goos)));
const ALL_GOARCH = new Set(GO_VERSIONS.flatMap((v) => PORTS[v].map((p) => p.goarch)));

/** True when some covered Go version knows `goos` as an operating system. */
export function isKnownGoos(goos: string): boolean {
  return ALL_GOOS.has(goos);
}

export function isKnownGoarch(goarch: string): boolean {
  return ALL_GOARCH.has(goarch);
}

/** The versions (of those covered) in which goos/goarch is a port. */
export function versionsWithPort(goos: string, goarch: string): GoVersion[] {
  return GO_VERSIONS.filter((v) => PORTS[v].some((p) => p.goos === goos && p.goarch === goarch));
}

/**
 * The workspace toolchain's own port list (Facts.ports) when verdicts assume that toolchain's version,
 * else undefined (use the embedded table). `go tool dist list` hides broken ports that the go command
 * still accepts, so those are kept from the embedded table.
 */
export function workspacePorts(facts: { goVersion?: string; ports?: readonly Omit<Port, 'broken'>[] }, v: GoVersion): readonly Port[] | undefined {
  if (!facts.ports?.length || !facts.goVersion || toGoVersion(facts.goVersion) !== v) return undefined;
  const real: Port[] = facts.ports.map((p) => ({ goos: p.goos, goarch: p.goarch, cgo: p.cgo, firstClass: p.firstClass }));
  const broken = PORTS[v].filter((p) => p.broken && !real.some((r) => r.goos === p.goos && r.goarch === p.goarch));
  return [...real, ...broken];
}
