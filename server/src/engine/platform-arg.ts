import { GO_VERSIONS } from './knowledge/go-versions';
import { isKnownGoarch, isKnownGoos, versionsWithPort } from './knowledge/ports';
import { PORTS } from './knowledge/generated/go-ports';

export interface Platform {
  goos: string;
  goarch: string;
  variant?: string;
}

/** Docker's platform variants per GOARCH (arm/v6 ↔ GOARM=6, amd64/v3 ↔ GOAMD64=v3, arm64/v8.2 ↔ GOARM64=v8.2). */
const VARIANTS: Record<string, readonly string[]> = {
  arm: ['v5', 'v6', 'v7'],
  amd64: ['v1', 'v2', 'v3', 'v4'],
  arm64: ['v8', 'v9', ...Array.from({ length: 9 }, (_, i) => `v8.${i + 1}`), ...Array.from({ length: 5 }, (_, i) => `v9.${i + 1}`)],
};

/**
 * Reads an `OS/ARCH[/VARIANT]` argument (`--host`, a target) against the ports Go 1.21–1.27 know and the
 * variants Docker and Go share; the error says what is valid, so a user can correct it in one go.
 */
export function parsePlatformArg(text: string): { platform: Platform } | { error: string } {
  const parts = text.trim().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !p)) {
    return { error: `"${text}" is not OS/ARCH or OS/ARCH/VARIANT (for example linux/arm64 or linux/arm/v7)` };
  }
  const [goos, goarch, variant] = parts;
  if (!isKnownGoos(goos)) return { error: `"${goos}" is not a Go operating system; valid: ${all('goos').join(', ')}` };
  if (!isKnownGoarch(goarch)) return { error: `"${goarch}" is not a Go architecture; valid: ${all('goarch').join(', ')}` };
  if (!versionsWithPort(goos, goarch).length) {
    const arches = [...new Set(GO_VERSIONS.flatMap((v) => PORTS[v].filter((p) => p.goos === goos).map((p) => p.goarch)))].sort();
    return { error: `${goos}/${goarch} is not a port of Go ${GO_VERSIONS[0]}–${GO_VERSIONS[GO_VERSIONS.length - 1]}; ${goos} has: ${arches.join(', ')}` };
  }
  if (variant !== undefined) {
    const valid = VARIANTS[goarch] ?? [];
    if (!valid.includes(variant)) {
      return { error: valid.length ? `"${variant}" is not a variant of ${goarch}; valid: ${valid.join(', ')}` : `${goarch} has no variants; use ${goos}/${goarch}` };
    }
  }
  return { platform: { goos, goarch, ...(variant ? { variant } : {}) } };
}

function all(key: 'goos' | 'goarch'): string[] {
  return [...new Set(GO_VERSIONS.flatMap((v) => PORTS[v].map((p) => p[key])))].sort();
}
