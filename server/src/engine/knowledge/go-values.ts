/**
 * Names people write for operating systems and architectures that Go spells differently, and what
 * each means to Go. Used by the XB101/XB102 fixes; every entry is a fact about Go's and Docker's names.
 */

/** Misspelt GOOS → Go's name. Casing is handled separately: Go's names are lower case. */
export const GOOS_ALIASES: Record<string, string> = {
  macos: 'darwin',
  osx: 'darwin',
  mac: 'darwin',
  macosx: 'darwin',
  win: 'windows',
  win32: 'windows',
  win64: 'windows',
  wasi: 'wasip1',
};

export interface ArchMeaning {
  goarch: string;
  /** GOARM that the name implies (armv7 → 7). */
  goarm?: string;
}

/** Misspelt GOARCH (kernel, Debian, Docker and vendor names) → Go's architecture. */
export const GOARCH_ALIASES: Record<string, ArchMeaning> = {
  aarch64: { goarch: 'arm64' },
  armv8: { goarch: 'arm64' },
  arm64v8: { goarch: 'arm64' },
  'arm64/v8': { goarch: 'arm64' },
  x86_64: { goarch: 'amd64' },
  'x86-64': { goarch: 'amd64' },
  x64: { goarch: 'amd64' },
  amd: { goarch: 'amd64' },
  i386: { goarch: '386' },
  i686: { goarch: '386' },
  x86: { goarch: '386' },
  armv7: { goarch: 'arm', goarm: '7' },
  armv7l: { goarch: 'arm', goarm: '7' },
  armhf: { goarch: 'arm', goarm: '7' },
  'arm/v7': { goarch: 'arm', goarm: '7' },
  arm32v7: { goarch: 'arm', goarm: '7' },
  armv6: { goarch: 'arm', goarm: '6' },
  armv6l: { goarch: 'arm', goarm: '6' },
  armel: { goarch: 'arm', goarm: '6' },
  'arm/v6': { goarch: 'arm', goarm: '6' },
  arm32v6: { goarch: 'arm', goarm: '6' },
  armv5: { goarch: 'arm', goarm: '5' },
  'arm/v5': { goarch: 'arm', goarm: '5' },
  ppc64el: { goarch: 'ppc64le' },
  powerpc64le: { goarch: 'ppc64le' },
  riscv: { goarch: 'riscv64' },
  rv64: { goarch: 'riscv64' },
  mips64el: { goarch: 'mips64le' },
  mipsel: { goarch: 'mipsle' },
  loongarch64: { goarch: 'loong64' },
};

/** The Go value a misspelt GOOS most likely means, if any. */
export function suggestGoos(value: string, isKnown: (goos: string) => boolean): string | undefined {
  const lower = value.toLowerCase();
  const alias = GOOS_ALIASES[lower];
  if (alias) return alias;
  return lower !== value && isKnown(lower) ? lower : undefined;
}

export function suggestGoarch(value: string, isKnown: (goarch: string) => boolean): ArchMeaning | undefined {
  const lower = value.toLowerCase();
  const alias = GOARCH_ALIASES[lower] ?? GOARCH_ALIASES[lower.replace(/^linux\//, '')];
  if (alias) return alias;
  return lower !== value && isKnown(lower) ? { goarch: lower } : undefined;
}
