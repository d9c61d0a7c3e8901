import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePlatformArg } from './platform-arg';

describe('parsePlatformArg', () => {
  it('accepts ports and the variants Docker and Go share', () => {
    assert.deepEqual(parsePlatformArg('linux/arm64'), { platform: { goos: 'linux', goarch: 'arm64' } });
    assert.deepEqual(parsePlatformArg('linux/arm/v7'), { platform: { goos: 'linux', goarch: 'arm', variant: 'v7' } });
    assert.deepEqual(parsePlatformArg('linux/amd64/v3'), { platform: { goos: 'linux', goarch: 'amd64', variant: 'v3' } });
    assert.deepEqual(parsePlatformArg('windows/amd64'), { platform: { goos: 'windows', goarch: 'amd64' } });
  });

  it('rejects what Go does not know, listing what is valid', () => {
    const error = (t: string) => (parsePlatformArg(t) as { error: string }).error;
    assert.match(error('linux/aarch64'), /"aarch64" is not a Go architecture; valid: .*\barm64\b/);
    assert.match(error('linux/arm/v9'), /"v9" is not a variant of arm; valid: v5, v6, v7/);
    assert.match(error('macos/arm64'), /"macos" is not a Go operating system; valid: .*\bdarwin\b/);
    assert.match(error('windows/s390x'), /windows\/s390x is not a port .*windows has: 386, amd64, arm, arm64/);
    assert.match(error('linux/riscv64/v2'), /riscv64 has no variants/);
    assert.match(error('arm64'), /not OS\/ARCH/);
    assert.match(error('linux//v7'), /not OS\/ARCH/);
  });
});
