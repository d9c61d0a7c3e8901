/**
 * C compilers for cgo builds: which GOOS/GOARCH (and C library) a compiler name targets, which Debian
 * package installs it, and which compiler to suggest for a target. Names follow the GNU triplet
 * convention (`aarch64-linux-gnu-gcc`), Debian's cross packages, musl.cc's musl toolchains, mingw-w64,
 * `clang --target=...` and `zig cc -target ...`.
 */

export type CLibc = 'glibc' | 'musl';

/** What a CC value builds for. */
export type CompilerTarget =
  /** A compiler for the machine it runs on (gcc, cc, clang, gcc-12; musl-gcc with libc musl). */
  | { kind: 'native'; name: string; libc?: CLibc }
  /** A compiler for a named target. `contradicts` explains a name that cannot exist (arm64 + eabihf). */
  | { kind: 'cross'; name: string; goos: string; goarch: string; libc?: CLibc; contradicts?: string }
  /** tonistiigi/xx's wrappers (xx-clang, xx-cc): they follow TARGETPLATFORM by design. */
  | { kind: 'follows-target'; name: string }
  | { kind: 'unknown'; name: string };

export interface DebianCrossCompiler {
  cc: string;
  goos: string;
  goarch: string;
  /** Undefined for Windows: mingw-w64 is neither glibc nor musl. */
  libc?: CLibc;
  /** The packages that install it: gcc-<triplet> (the g++ one depends on it), crossbuild-essential-<arch>. */
  packages: string[];
}

/** Debian's cross compilers (bookworm and later). gcc-x86-64-linux-gnu exists on non-amd64 hosts only. */
export const DEBIAN_CROSS_COMPILERS: readonly DebianCrossCompiler[] = [
  { cc: 'aarch64-linux-gnu-gcc', goos: 'linux', goarch: 'arm64', libc: 'glibc', packages: ['gcc-aarch64-linux-gnu', 'crossbuild-essential-arm64'] },
  { cc: 'arm-linux-gnueabihf-gcc', goos: 'linux', goarch: 'arm', libc: 'glibc', packages: ['gcc-arm-linux-gnueabihf', 'crossbuild-essential-armhf'] },
  { cc: 'arm-linux-gnueabi-gcc', goos: 'linux', goarch: 'arm', libc: 'glibc', packages: ['gcc-arm-linux-gnueabi', 'crossbuild-essential-armel'] },
  { cc: 'i686-linux-gnu-gcc', goos: 'linux', goarch: '386', libc: 'glibc', packages: ['gcc-i686-linux-gnu', 'crossbuild-essential-i386'] },
  { cc: 'x86_64-linux-gnu-gcc', goos: 'linux', goarch: 'amd64', libc: 'glibc', packages: ['gcc-x86-64-linux-gnu', 'crossbuild-essential-amd64'] },
  { cc: 'powerpc64le-linux-gnu-gcc', goos: 'linux', goarch: 'ppc64le', libc: 'glibc', packages: ['gcc-powerpc64le-linux-gnu', 'crossbuild-essential-ppc64el'] },
  { cc: 's390x-linux-gnu-gcc', goos: 'linux', goarch: 's390x', libc: 'glibc', packages: ['gcc-s390x-linux-gnu', 'crossbuild-essential-s390x'] },
  { cc: 'riscv64-linux-gnu-gcc', goos: 'linux', goarch: 'riscv64', libc: 'glibc', packages: ['gcc-riscv64-linux-gnu'] },
  { cc: 'mips64el-linux-gnuabi64-gcc', goos: 'linux', goarch: 'mips64le', libc: 'glibc', packages: ['gcc-mips64el-linux-gnuabi64', 'crossbuild-essential-mips64el'] },
  { cc: 'mipsel-linux-gnu-gcc', goos: 'linux', goarch: 'mipsle', libc: 'glibc', packages: ['gcc-mipsel-linux-gnu', 'crossbuild-essential-mipsel'] },
  { cc: 'mips-linux-gnu-gcc', goos: 'linux', goarch: 'mips', libc: 'glibc', packages: ['gcc-mips-linux-gnu'] },
  { cc: 'mips64-linux-gnuabi64-gcc', goos: 'linux', goarch: 'mips64', libc: 'glibc', packages: ['gcc-mips64-linux-gnuabi64'] },
  { cc: 'powerpc64-linux-gnu-gcc', goos: 'linux', goarch: 'ppc64', libc: 'glibc', packages: ['gcc-powerpc64-linux-gnu'] },
  { cc: 'x86_64-w64-mingw32-gcc', goos: 'windows', goarch: 'amd64', packages: ['gcc-mingw-w64-x86-64', 'gcc-mingw-w64'] },
  { cc: 'i686-w64-mingw32-gcc', goos: 'windows', goarch: '386', packages: ['gcc-mingw-w64-i686', 'gcc-mingw-w64'] },
];

/** Triplet architecture → GOARCH. */
const TRIPLET_ARCH: [RegExp, string][] = [
  [/^(aarch64|arm64)$/, 'arm64'],
  [/^(arm|armv[5-7][a-z]*|armhf|armel)$/, 'arm'],
  [/^(x86_64|amd64)$/, 'amd64'],
  [/^i[3-6]86$/, '386'],
  [/^(powerpc64le|ppc64le)$/, 'ppc64le'],
  [/^(powerpc64|ppc64)$/, 'ppc64'],
  [/^s390x$/, 's390x'],
  [/^riscv64$/, 'riscv64'],
  [/^mips64el$/, 'mips64le'],
  [/^mips64$/, 'mips64'],
  [/^mipsel$/, 'mipsle'],
  [/^mips$/, 'mips'],
  [/^loongarch64$/, 'loong64'],
];

/** The triplet spelling of each GOARCH for musl toolchains (musl.cc's names). */
const MUSL_TRIPLET: Record<string, string> = {
  arm64: 'aarch64-linux-musl',
  amd64: 'x86_64-linux-musl',
  arm: 'arm-linux-musleabihf',
  '386': 'i686-linux-musl',
  ppc64le: 'powerpc64le-linux-musl',
  s390x: 's390x-linux-musl',
  riscv64: 'riscv64-linux-musl',
  mips64le: 'mips64el-linux-musl',
  mipsle: 'mipsel-linux-musl',
};

function goarchOf(arch: string): string | undefined {
  return TRIPLET_ARCH.find(([re]) => re.test(arch))?.[1];
}

/** Reads a target triplet (`aarch64-linux-gnu`, `x86_64-w64-mingw32`, `aarch64-linux-musl`, `x86_64-windows-gnu`). */
export function parseTriplet(triplet: string, name: string): CompilerTarget {
  const parts = triplet.toLowerCase().split('-');
  const arch = goarchOf(parts[0]);
  const rest = parts.slice(1);
  const goos = rest.includes('linux')
    ? 'linux'
    : rest.some((p) => p === 'mingw32' || p === 'windows' || p === 'w64')
      ? 'windows'
      : rest.some((p) => /^(darwin|macos|apple)/.test(p))
        ? 'darwin'
        : rest.map((p) => /^(freebsd|netbsd|openbsd)/.exec(p)?.[1]).find(Boolean);
  if (!arch || !goos) return { kind: 'unknown', name };
  const abi = goos === 'linux' ? (rest[rest.indexOf('linux') + 1] ?? '').replace(/\..*$/, '') : '';
  const libc: CLibc | undefined = abi.startsWith('musl') ? 'musl' : abi.startsWith('gnu') ? 'glibc' : undefined;
  // eabi/eabihf are the 32-bit ARM ABIs: such a compiler builds for arm whatever the first word says.
  if (/eabi(hf)?$/.test(abi) && arch !== 'arm') {
    return { kind: 'cross', name, goos, goarch: 'arm', libc, contradicts: `${abi} is the 32-bit ARM ABI, so no ${parts[0]} toolchain has that name` };
  }
  return { kind: 'cross', name, goos, goarch: arch, libc };
}

/**
 * What a CC value builds for. `ccache gcc` and paths are looked through; flags other than a clang or
 * zig target are ignored.
 */
export function compilerTarget(cc: string): CompilerTarget {
  const words = cc.trim().split(/\s+/).filter(Boolean);
  while (words.length > 1 && /(^|\/)(ccache|sccache|distcc)$/.test(words[0])) words.shift();
  const first = words[0] ?? '';
  const base = first.slice(first.lastIndexOf('/') + 1);
  const flagTarget = (): string | undefined => {
    for (let i = 1; i < words.length; i++) {
      const m = /^--?target(?:=(.+))?$/.exec(words[i]);
      if (m) return m[1] ?? words[i + 1];
    }
    return undefined;
  };
  if (base === 'zig' || base === 'clang' || /^clang-\d+$/.test(base)) {
    const t = flagTarget();
    if (t) return parseTriplet(t, cc.trim());
    return base === 'zig' ? { kind: 'unknown', name: cc.trim() } : { kind: 'native', name: base };
  }
  if (/^xx-(clang|cc|c\+\+|clang\+\+)$/.test(base)) return { kind: 'follows-target', name: base };
  if (base === 'musl-gcc') return { kind: 'native', name: base, libc: 'musl' };
  if (/^(gcc|cc|c99|clang)(-\d+(\.\d+)*)?$/.test(base)) return { kind: 'native', name: base };
  // osxcross: o64-clang (darwin/amd64), oa64-clang (darwin/arm64).
  if (/^o64-clang/.test(base)) return { kind: 'cross', name: base, goos: 'darwin', goarch: 'amd64' };
  if (/^oa64-clang/.test(base)) return { kind: 'cross', name: base, goos: 'darwin', goarch: 'arm64' };
  const m = /^(.+)-(gcc|cc|clang)(-[\d.]+|-posix|-win32)?$/.exec(base);
  if (m) return parseTriplet(m[1], base);
  return { kind: 'unknown', name: base };
}

/**
 * The compiler to name for a target: Debian's cross compiler for glibc (and Windows), musl.cc's for
 * musl. Undefined when there is no common one (darwin needs an SDK: osxcross or xx).
 */
export function compilerFor(goos: string, goarch: string, libc: CLibc = 'glibc'): string | undefined {
  if (goos === 'linux' && libc === 'musl') return MUSL_TRIPLET[goarch] ? `${MUSL_TRIPLET[goarch]}-gcc` : undefined;
  return DEBIAN_CROSS_COMPILERS.find((c) => c.goos === goos && c.goarch === goarch)?.cc;
}

/** The Debian package that installs a compiler (the gcc-<triplet> one). */
export function debianPackageOf(cc: string): string | undefined {
  return DEBIAN_CROSS_COMPILERS.find((c) => c.cc === cc)?.packages[0];
}

/**
 * The Debian cross compiler an installed package brings: `g++-aarch64-linux-gnu` pulls in the gcc one,
 * the versioned `gcc-12-aarch64-linux-gnu` installs only `aarch64-linux-gnu-gcc-12`.
 */
export function compilerOfPackage(pkg: string): DebianCrossCompiler | undefined {
  const versioned = /^(?:gcc|g\+\+)-(\d+)-(.+)$/.exec(pkg);
  const name = (versioned ? `gcc-${versioned[2]}` : pkg).replace(/^g\+\+-/, 'gcc-').replace(/^gcc-mingw-w64-(x86-64|i686)-(posix|win32)$/, 'gcc-mingw-w64-$1');
  const found = DEBIAN_CROSS_COMPILERS.find((c) => c.packages.includes(name));
  return found && versioned ? { ...found, cc: `${found.cc}-${versioned[1]}` } : found;
}
