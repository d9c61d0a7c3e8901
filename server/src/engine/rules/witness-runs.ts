import type { Witness } from './rule';

// Stryker disable all: witness runs are what the truth harness (npm run test:truth) runs with real Go toolchains, like a rule's witnesses; unit tests cannot see them

/**
 * Runs of the go command that back claims of several rules. A rule's witness spreads one of these and adds
 * its own claim, expectations and inspections; the truth harness runs each distinct run once per Go
 * version and checks every rule's expectations against that one outcome.
 */
type Run = Pick<Witness, 'env' | 'args' | 'program'>;

const BUILD = ['build', '-o', 'app', '.'];

/** A build for linux/arm64 (from this amd64 machine: a cross build). */
export const BUILD_LINUX_ARM64: Run = { env: { GOOS: 'linux', GOARCH: 'arm64' }, args: BUILD };

/** `go run` of a linux/arm64 build on this amd64 machine: the kernel refuses the binary. */
export const RUN_LINUX_ARM64: Run = { env: { GOOS: 'linux', GOARCH: 'arm64' }, args: ['run', '.'] };

/** What go says when the kernel refuses a binary of another architecture (ENOEXEC). */
export const EXEC_FORMAT_ERROR: Witness['expect'] = { exit: 'fail', stderr: 'exec format error' };

/** A build for linux/amd64. */
export const BUILD_LINUX_AMD64: Run = { env: { GOOS: 'linux', GOARCH: 'amd64' }, args: BUILD };

/** A build with no GOOS/GOARCH: for the machine go runs on. */
export const BUILD_NATIVE: Run = { env: {}, args: BUILD };

/** `go env GOARCH` with GOARCH set to the empty string. */
export const EMPTY_GOARCH: Run = { env: { GOARCH: '' }, args: ['env', 'GOARCH'] };

/** The program using net and os/user, built with cgo by the machine's gcc. */
export const NET_CGO: Run = { env: { CGO_ENABLED: '1' }, args: BUILD, program: 'net' };

/** The same program with cgo off. */
export const NET_NO_CGO: Run = { env: { CGO_ENABLED: '0' }, args: BUILD, program: 'net' };

/** The same program with cgo, naming gcc in CC. */
export const NET_CGO_GCC: Run = { env: { CGO_ENABLED: '1', CC: 'gcc' }, args: BUILD, program: 'net' };

/** The same program with cgo, linked externally and statically against glibc. */
export const NET_CGO_STATIC: Run = { env: { CGO_ENABLED: '1' }, args: ['build', '-ldflags', '-linkmode external -extldflags "-static"', '-o', 'app', '.'], program: 'net' };

/** The static external link with the netgo and osusergo tags. */
export const NET_CGO_STATIC_TAGS: Run = {
  env: { CGO_ENABLED: '1' },
  args: ['build', '-tags', 'netgo,osusergo', '-ldflags', '-linkmode external -extldflags "-static"', '-o', 'app', '.'],
  program: 'net',
};

/** The same program with cgo against musl (musl-gcc). */
export const NET_CGO_MUSL: Run = { env: { CGO_ENABLED: '1', CC: 'musl-gcc' }, args: BUILD, program: 'net' };

/** The same program cross-built with cgo for linux/arm64 by Debian's aarch64 cross compiler. */
export const NET_CGO_LINUX_ARM64: Run = { env: { GOOS: 'linux', GOARCH: 'arm64', CGO_ENABLED: '1', CC: 'aarch64-linux-gnu-gcc' }, args: BUILD, program: 'net' };
