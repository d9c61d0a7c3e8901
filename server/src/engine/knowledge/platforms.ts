/**
 * Docker platform strings as BuildKit normalises them (x86_64 → amd64, aarch64 → arm64 without its v8
 * variant, amd64 without its v1 variant, armhf → arm/v7, armel → arm/v6, bare arm → arm/v7, i386 → 386).
 */
export interface Platform {
  os: string;
  arch: string;
  variant?: string;
}

const ARCH: Record<string, [string, string?]> = {
  x86_64: ['amd64'],
  'x86-64': ['amd64'],
  aarch64: ['arm64'],
  armhf: ['arm', 'v7'],
  armel: ['arm', 'v6'],
  i386: ['386'],
  i686: ['386'],
};

/** Architectures a platform may name alone (`--platform=arm64` is linux/arm64); an OS alone leaves the arch to the host. */
const LONE_ARCH = /^(amd64|arm64|arm|386|ppc64le|ppc64|s390x|riscv64|mips64le|mips64|mipsle|mips|loong64|wasm|x86_64|x86-64|aarch64|armhf|armel|i386|i686)$/;

export function parsePlatform(text: string): Platform | undefined {
  const parts = text.trim().toLowerCase().split('/');
  if (parts.length === 1 && LONE_ARCH.test(parts[0])) parts.unshift('linux');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9_.-]+$/.test(p))) return undefined;
  const [os, rawArch, rawVariant] = parts;
  const [arch, impliedVariant]: [string, string?] = ARCH[rawArch] ?? [rawArch];
  let variant: string | undefined = rawVariant ?? impliedVariant;
  if ((arch === 'arm64' && variant === 'v8') || (arch === 'amd64' && variant === 'v1')) variant = undefined;
  if (arch === 'arm' && !variant) variant = 'v7';
  return { os, arch, variant };
}

/** A platform in BuildKit's spelling (`linux/arm64/v8` → `linux/arm64`, `arm` → `linux/arm/v7`); undefined when it is not one. */
export function normalisePlatform(text: string): string | undefined {
  const p = parsePlatform(text);
  return p && formatPlatform(p);
}

export function formatPlatform(p: Platform): string {
  return p.variant ? `${p.os}/${p.arch}/${p.variant}` : `${p.os}/${p.arch}`;
}

/** GOARM for a Docker arm variant, as tonistiigi/xx maps it (v8 → 7: GOARM=8 does not exist). */
export function goarmForVariant(variant: string | undefined): string {
  const n = variant?.replace(/^v/, '');
  return n === '5' || n === '6' ? n : '7';
}
