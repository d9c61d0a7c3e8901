/**
 * The machines builds run on, as the commands that describe the host see them. A value derived from
 * `uname -m` is not unknown: it is one of these machines' names. The set is the machines Go builds
 * commonly run on (developer laptops and CI runners: x86-64 and arm64 Linux, Intel and Apple Silicon
 * Macs), so a mapping that leaves one of them unmapped is a real bug; rarer hosts (32-bit ARM boards,
 * ppc64le, s390x) are left out so that a Makefile that never meant to support them is not reported.
 */
export interface BuildHost {
  /** Stable key of value maps. */
  id: string;
  /** For messages: "arm64 Linux", "an Intel Mac". */
  label: string;
  goos: string;
  goarch: string;
  /** `uname -s`, `uname -m`, `uname -p` (undefined: distributions disagree, e.g. GNU coreutils prints "unknown"). */
  unameS: string;
  unameM: string;
  unameP: string | undefined;
  /** `dpkg --print-architecture` (Debian and Ubuntu only). */
  dpkg: string | undefined;
}

export const BUILD_HOSTS: readonly BuildHost[] = [
  { id: 'linux/amd64', label: 'x86-64 Linux', goos: 'linux', goarch: 'amd64', unameS: 'Linux', unameM: 'x86_64', unameP: undefined, dpkg: 'amd64' },
  { id: 'linux/arm64', label: 'arm64 Linux', goos: 'linux', goarch: 'arm64', unameS: 'Linux', unameM: 'aarch64', unameP: undefined, dpkg: 'arm64' },
  // macOS: uname -p says i386 on Intel Macs and arm on Apple Silicon.
  { id: 'darwin/amd64', label: 'an Intel Mac', goos: 'darwin', goarch: 'amd64', unameS: 'Darwin', unameM: 'x86_64', unameP: 'i386', dpkg: undefined },
  { id: 'darwin/arm64', label: 'an Apple Silicon Mac', goos: 'darwin', goarch: 'arm64', unameS: 'Darwin', unameM: 'arm64', unameP: 'arm', dpkg: undefined },
];

export function buildHost(id: string): BuildHost | undefined {
  return BUILD_HOSTS.find((h) => h.id === id);
}
