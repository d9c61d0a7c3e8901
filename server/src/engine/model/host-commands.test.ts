import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { BUILD_HOSTS } from '../knowledge/hosts';
import { ready } from '../testing';
import { hostPipeline } from './host-commands';

before(ready);

/** The pipeline's output on each build host, keyed by host id. */
function outputs(text: string): Record<string, string | undefined> | undefined {
  const p = hostPipeline(text);
  return p && Object.fromEntries(BUILD_HOSTS.map((h) => [h.id, p(h)]));
}

describe('host pipelines', () => {
  it('knows what uname, arch and go env print on each build host', () => {
    assert.deepEqual(outputs('uname -m'), { 'linux/amd64': 'x86_64', 'linux/arm64': 'aarch64', 'darwin/amd64': 'x86_64', 'darwin/arm64': 'arm64' });
    assert.deepEqual(outputs('uname -s'), { 'linux/amd64': 'Linux', 'linux/arm64': 'Linux', 'darwin/amd64': 'Darwin', 'darwin/arm64': 'Darwin' });
    assert.equal(outputs('uname -p')?.['darwin/amd64'], 'i386');
    assert.equal(outputs('uname -p')?.['linux/amd64'], undefined, 'GNU coreutils and distributions disagree');
    assert.equal(outputs('arch')?.['darwin/amd64'], 'i386');
    assert.equal(outputs('go env GOARCH')?.['linux/arm64'], 'arm64');
    assert.equal(outputs('dpkg --print-architecture')?.['linux/arm64'], 'arm64');
  });

  it('follows tr and sed substitutions as the commands do', () => {
    assert.deepEqual(outputs("uname -s | tr '[:upper:]' '[:lower:]'"), { 'linux/amd64': 'linux', 'linux/arm64': 'linux', 'darwin/amd64': 'darwin', 'darwin/arm64': 'darwin' });
    assert.equal(outputs('uname -m | tr A-Z a-z | sed \'s/^aarch/arm/\'')?.['linux/arm64'], 'arm64');
    assert.equal(outputs('uname -m | tr A-Z a-z | sed \'s/^aarch/arm/\'')?.['linux/amd64'], 'x86_64');
    assert.equal(outputs("uname -m | sed 's/aarch64/arm64/;s/x86_64/amd64/'")?.['linux/amd64'], 'amd64');
    assert.equal(outputs('uname -m | sed -e s/x86_64/amd64/ -e s/aarch64/arm64/')?.['linux/arm64'], 'arm64');
    assert.equal(outputs('uname -p | sed s/x86_/amd/')?.['darwin/amd64'], 'i386');
    assert.equal(outputs("uname -m | sed -E 's/(x86_)?64$/amd64/'")?.['darwin/amd64'], 'amd64');
    assert.equal(outputs("uname -m | sed 's/\\(aarch\\)64/\\1_64/'")?.['linux/arm64'], 'aarch_64');
  });

  it('leaves anything else unknown', () => {
    for (const text of ['uname -r', 'uname -m | awk \'{print $1}\'', 'cat /etc/arch', 'uname -m | sed -f map.sed', 'uname -m | sed y/abc/xyz/', 'echo $ARCH | tr a-z A-Z', 'uname -m; uname -s', 'git describe'])
      assert.equal(hostPipeline(text), undefined, text);
  });
});
