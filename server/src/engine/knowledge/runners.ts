/**
 * GitHub-hosted runner labels and the platform a job on them runs on (GitHub's runner images list):
 * ubuntu-* is linux/amd64 unless it ends in -arm, macos-13 and the -intel/-large labels are Intel,
 * other macos-* labels are Apple silicon, windows-* is amd64 unless it ends in -arm.
 */
export function runnerPlatform(label: string): { goos: string; goarch: string } | undefined {
  const l = label.trim().toLowerCase();
  if (/^ubuntu-[\w.]+-arm$/.test(l)) return { goos: 'linux', goarch: 'arm64' };
  if (/^ubuntu-(latest|\d+\.\d+)$/.test(l)) return { goos: 'linux', goarch: 'amd64' };
  if (/^macos-(13|12|11)(-large)?$/.test(l) || /^macos-[\w.]+-(intel|large)$/.test(l)) return { goos: 'darwin', goarch: 'amd64' };
  if (/^macos-(latest|\d+)(-xlarge)?$/.test(l)) return { goos: 'darwin', goarch: 'arm64' };
  if (/^windows-[\w.]+-arm$/.test(l)) return { goos: 'windows', goarch: 'arm64' };
  if (/^windows-(latest|\d+)$/.test(l)) return { goos: 'windows', goarch: 'amd64' };
  return undefined;
}
