/**
 * Which ports support the build flags that need runtime or linker support, per Go version.
 *
 * Measured with Debian's go1.21.13 … go1.27.4 on linux/amd64: for every pair of `go tool dist list`,
 * `CGO_ENABLED=1 CC=gcc GOOS=… GOARCH=… go list -race .` (and -msan, -asan, -buildmode=…) either stops
 * with "-race is not supported on goos/goarch" / "-buildmode=plugin not supported on goos/goarch" or
 * not. The lists agree with internal/platform/supported.go of each release.
 */
import { goBetween, type GoVersion } from './go-versions';

/** A port, optionally limited to a range of Go versions. */
type Entry = [port: string, span?: { from?: GoVersion; to?: GoVersion }];

export type CheckedFlag = 'race' | 'msan' | 'asan' | 'c-shared' | 'c-archive' | 'plugin' | 'pie';

const LINUX_LIB = ['linux/386', 'linux/amd64', 'linux/arm', 'linux/arm64', 'linux/loong64', 'linux/ppc64le', 'linux/riscv64', 'linux/s390x'];
const each = (ports: string[]): Entry[] => ports.map((p) => [p]);

const SUPPORT: Record<CheckedFlag, Entry[]> = {
  race: [
    ...each(['linux/amd64', 'linux/arm64', 'linux/ppc64le', 'linux/s390x', 'darwin/amd64', 'darwin/arm64', 'freebsd/amd64', 'netbsd/amd64', 'windows/amd64']),
    ['linux/loong64', { from: '1.25' }],
    ['linux/riscv64', { from: '1.26' }],
    ['openbsd/amd64', { to: '1.22' }],
  ],
  msan: [...each(['linux/amd64', 'linux/arm64', 'freebsd/amd64']), ['linux/loong64', { from: '1.22' }]],
  asan: [...each(['linux/amd64', 'linux/arm64', 'linux/ppc64le', 'linux/riscv64']), ['linux/loong64', { from: '1.22' }]],
  'c-shared': [
    ...each([...LINUX_LIB, 'android/386', 'android/amd64', 'android/arm', 'android/arm64', 'freebsd/amd64', 'darwin/amd64', 'darwin/arm64', 'windows/386', 'windows/amd64', 'windows/arm64']),
    ['linux/ppc64', { from: '1.27' }],
    ['wasip1/wasm', { from: '1.24' }],
  ],
  'c-archive': [
    ...each([...LINUX_LIB, 'aix/ppc64', 'darwin/amd64', 'darwin/arm64', 'ios/amd64', 'ios/arm64', 'freebsd/amd64', 'windows/386', 'windows/amd64', 'windows/arm', 'windows/arm64']),
    ['linux/ppc64', { from: '1.27' }],
  ],
  plugin: [
    ...each(['linux/386', 'linux/amd64', 'linux/arm', 'linux/arm64', 'linux/ppc64le', 'linux/s390x', 'android/386', 'android/amd64', 'darwin/amd64', 'darwin/arm64', 'freebsd/amd64']),
    ['linux/loong64', { from: '1.22' }],
    ['linux/riscv64', { from: '1.25' }],
    ['linux/ppc64', { from: '1.27' }],
  ],
  pie: [
    ...each([...LINUX_LIB, 'android/386', 'android/amd64', 'android/arm', 'android/arm64', 'freebsd/amd64', 'darwin/amd64', 'darwin/arm64', 'ios/amd64', 'ios/arm64', 'aix/ppc64', 'windows/386', 'windows/amd64', 'windows/arm64']),
    ['linux/ppc64', { from: '1.27' }],
    ['openbsd/arm64', { from: '1.23' }],
    ['windows/arm', { to: '1.25' }],
  ],
};

/** True when Go `v` accepts `flag` (race, msan, asan, or a -buildmode) for goos/goarch. */
export function flagSupported(flag: CheckedFlag, goos: string, goarch: string, v: GoVersion): boolean {
  const port = `${goos}/${goarch}`;
  return SUPPORT[flag].some(([p, span]) => p === port && goBetween(v, span?.from, span?.to));
}

/** The ports of Go `v` that support `flag`, for messages ("supported on linux/amd64, ..."). */
export function portsSupporting(flag: CheckedFlag, v: GoVersion): string[] {
  return SUPPORT[flag].filter(([, span]) => goBetween(v, span?.from, span?.to)).map(([p]) => p);
}

/**
 * Ports where a cgo build must link externally (internal/platform.MustLinkExternal with cgo, per
 * version): there the C linker always runs, so -extldflags reaches it without `-linkmode external`.
 */
export function mustLinkExternalWithCgo(goos: string, goarch: string, v: GoVersion): boolean {
  if (['mips', 'mipsle', 'mips64', 'mips64le'].includes(goarch)) return true;
  if (goarch === 'loong64') return goBetween(v, undefined, '1.24');
  if (goarch === 'riscv64') return v === '1.21';
  if (goarch === 'arm64' && goos === 'windows') return goBetween(v, undefined, '1.25');
  if (goarch === 'ppc64') return v === '1.21' || goos === 'aix' || (goos === 'linux' && goBetween(v, undefined, '1.26'));
  return goos === 'android' || goos === 'dragonfly' || (goos === 'ios' && goarch === 'arm64');
}

/**
 * Linker and compiler flag names (`go tool link -help`, `go tool compile -help`, 1.21–1.27) that are
 * also flags of some go subcommand, so GOFLAGS accepts them as entries of their own (measured:
 * `GOFLAGS=-w go list .` passes, `GOFLAGS=-s go list .` stops with "unknown flag -s").
 */
const GO_KNOWS = new Set([
  'C', 'a', 'asan', 'bench', 'blockprofile', 'buildmode', 'c', 'cpuprofile', 'd', 'e', 'f', 'installsuffix', 'json',
  'linkshared', 'm', 'memprofile', 'memprofilerate', 'msan', 'mutexprofile', 'n', 'o', 'p', 'r', 'race', 't', 'trimpath', 'v', 'w',
]);

/** Tool flag names of the linker and compiler (union over 1.21–1.27). */
const TOOL_FLAGS = new Set([
  // go tool link -help
  'B', 'D', 'E', 'H', 'I', 'L', 'R', 'T', 'V', 'X', 'a', 'asan', 'aslr', 'benchmark', 'benchmarkprofile', 'bindnow', 'buildid',
  'buildmode', 'c', 'capturehostobjs', 'checklinkname', 'compressdwarf', 'cpuprofile', 'd', 'debugnosplit', 'debugtextsize',
  'debugtramp', 'dumpdep', 'e', 'extar', 'extld', 'extldflags', 'f', 'fipso', 'funcalign', 'g', 'h', 'importcfg', 'installsuffix',
  'k', 'libgcc', 'linkmode', 'linkshared', 'macos', 'macsdk', 'memprofile', 'memprofilerate', 'msan', 'n', 'o', 'pluginpath',
  'pruneweakmap', 'r', 'race', 'randlayout', 's', 'strictdups', 'tmpdir', 'v', 'w',
  // go tool compile -help
  'C', 'K', 'N', 'S', 'W', 'asmhdr', 'bench', 'blockprofile', 'clobberdead', 'clobberdeadreg', 'complete', 'coveragecfg', 'dwarf',
  'dwarfbasentries', 'dwarflocationlists', 'dynlink', 'embedcfg', 'env', 'errorurl', 'gendwarfinl', 'goversion', 'j', 'json', 'l',
  'lang', 'linkobj', 'live', 'm', 'mutexprofile', 'nolocalimports', 'p', 'pack', 'pgoprofile', 'shared', 'smallframes', 'spectre',
  'std', 'symabis', 't', 'traceprofile', 'trimpath', 'u', 'wb',
]);

/**
 * What GOFLAGS does with an entry `-name` that is really a linker or compiler flag cut off by a blank:
 * `unknown` (go stops: "go: parsing $GOFLAGS: unknown flag -name"), `ignored` (a flag of another go
 * subcommand, such as go env's -w: go build accepts GOFLAGS and drops it), or undefined when `name` is
 * not a tool flag or is a build flag of its own (-race, -trimpath, -v: legitimately separate entries).
 */
export function goflagsToolFlag(name: string, v: GoVersion): 'unknown' | 'ignored' | undefined {
  if (!TOOL_FLAGS.has(name)) return undefined;
  const known = GO_KNOWS.has(name) || (name === 'u' && v === '1.27');
  if (!known) return 'unknown';
  // Of the known ones, these are no flag of go build or go test: GOFLAGS drops them for a build.
  return ['d', 'e', 'f', 'm', 'r', 't', 'u', 'w'].includes(name) ? 'ignored' : undefined;
}
