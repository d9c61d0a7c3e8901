import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalisePlatform } from './platforms';

describe('Docker platforms in BuildKit spelling', () => {
  it('spells what workflows, bake files and --platform flags write the way BuildKit builds it', () => {
    const cases: [string, string | undefined][] = [
      ['linux/arm64/v8', 'linux/arm64'],
      ['linux/aarch64', 'linux/arm64'],
      ['linux/x86_64', 'linux/amd64'],
      ['linux/amd64/v1', 'linux/amd64'],
      ['linux/amd64/v3', 'linux/amd64/v3'],
      ['linux/arm', 'linux/arm/v7'],
      ['linux/armhf', 'linux/arm/v7'],
      ['linux/armel', 'linux/arm/v6'],
      ['linux/arm/v6', 'linux/arm/v6'],
      ['LINUX/I386', 'linux/386'],
      [' arm64 ', 'linux/arm64'],
      ['windows/amd64', 'windows/amd64'],
    ];
    for (const [written, spelled] of cases) assert.equal(normalisePlatform(written), spelled, written);
  });

  it('leaves what it cannot spell unknown: an OS alone (the host picks the arch), a variable, a fourth part', () => {
    for (const t of ['linux', '$TARGETPLATFORM', 'linux/arm/v7/extra', '', 'linux//arm64']) assert.equal(normalisePlatform(t), undefined, t);
  });
});
