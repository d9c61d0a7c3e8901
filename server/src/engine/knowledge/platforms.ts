/**
 * Docker platform strings as BuildKit normalises them (x86_64 → amd64, aarch64 → arm64 without its v8
 * variant, armhf → arm/v7, armel → arm/v6, bare arm → arm/v7, i386 → 386).
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

export function parsePlatform(text: string): Platform | undefined {
  const parts = text.trim().toLowerCase().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9_.-]+$/.test(p))) return undefined;
  const [os, rawArch, rawVariant] = parts;
  const [arch, impliedVariant]: [string, string?] = ARCH[rawArch] ?? [rawArch];
  let variant: string | undefined = rawVariant ?? impliedVariant;
  if (arch === 'arm64' && variant === 'v8') variant = undefined;
  if (arch === 'arm' && !variant) variant = 'v7';
  return { os, arch, variant };
}

export function formatPlatform(p: Platform): string {
  return p.variant ? `${p.os}/${p.arch}/${p.variant}` : `${p.os}/${p.arch}`;
}

/** GOARM for a Docker arm variant, as tonistiigi/xx maps it (v8 → 7: GOARM=8 does not exist). */
export function goarmForVariant(variant: string | undefined): string {
  const n = variant?.replace(/^v/, '');
  return n === '5' || n === '6' ? n : '7';
}
