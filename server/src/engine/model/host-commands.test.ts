import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { BUILD_HOSTS } from '../knowledge/hosts';
import { ready } from '../testing';
import { forgetHostPipelines, hostOutputs, hostPipeline as cachedPipeline } from './host-commands';

before(ready);

/** The pipeline of `text`, compiled afresh (a kept one would hide what compiling does). */
function hostPipeline(text: string) {
  forgetHostPipelines();
  return cachedPipeline(text);
}

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

  it('reads the program words however they are quoted, and uname\'s options in every spelling, printed in uname\'s order', () => {
    for (const text of ['uname -m', 'uname "-m"', "uname '-m'", 'uname -"m"', 'uname --machine', '  uname -m  # the machine'])
      assert.equal(outputs(text)?.['linux/arm64'], 'aarch64', text);
    assert.equal(outputs('uname')?.['darwin/arm64'], 'Darwin');
    assert.equal(outputs('uname --kernel-name')?.['darwin/arm64'], 'Darwin');
    assert.equal(outputs('uname --processor')?.['darwin/arm64'], 'arm');
    assert.equal(outputs('uname -ms')?.['darwin/arm64'], 'Darwin arm64');
    assert.equal(outputs('uname -m -s')?.['linux/amd64'], 'Linux x86_64');
    assert.equal(outputs('uname -mp')?.['linux/amd64'], undefined, 'one field unknown: the line is');
    assert.equal(outputs('arch')?.['darwin/arm64'], 'arm64');
    assert.equal(outputs('arch')?.['linux/arm64'], 'aarch64');
    assert.equal(outputs('go env GOHOSTOS')?.['darwin/amd64'], 'darwin');
    assert.equal(outputs('go env GOOS')?.['linux/amd64'], 'linux');
    assert.equal(outputs('go env GOHOSTARCH')?.['darwin/arm64'], 'arm64');
    for (const text of ['uname -a', 'uname -m extra', 'arch -x86_64', 'dpkg --print-foreign-architectures', 'go env GOARM', 'go env', 'echo "$(uname -m)"', 'echo arch', 'dpkg', 'FOO=1 uname -m', 'uname -m > arch.txt', '(uname -m)', '"uname -$M"'])
      assert.equal(hostPipeline(text), undefined, text);
  });

  it('runs tr -d and tr with ranges and classes, as the tool does', () => {
    assert.equal(outputs('uname -m | tr -d _')?.['linux/amd64'], 'x8664');
    assert.equal(outputs("uname -m | tr -d '[:digit:]'")?.['linux/amd64'], 'x_');
    assert.equal(outputs("uname -m | tr '[:lower:]' '[:upper:]'")?.['linux/arm64'], 'AARCH64');
    assert.equal(outputs('uname -m | tr _ -')?.['linux/amd64'], 'x86-64');
    assert.equal(outputs('uname -m | tr x-z X')?.['linux/amd64'], 'X86_64', 'SET2 shorter: its last character repeats');
    assert.equal(outputs('uname -m | tr 0-9 N')?.['linux/amd64'], 'xNN_NN');
    assert.equal(outputs('uname -m | tr x-x X')?.['linux/amd64'], 'X86_64', 'a range of one character');
    assert.equal(outputs('uname -m | tr _- -_')?.['linux/amd64'], 'x86-64', 'a dash at the end is itself');
    for (const text of ['uname -m | tr z-a A', "uname -m | tr -d '\\n'", 'uname -m | tr [abc] x', 'uname -m | tr a-z', 'uname -m | tr -s a b', 'uname -m | tr a ""', 'uname -m | tr -d'])
      assert.equal(hostPipeline(text), undefined, text);
  });

  it('runs sed s commands with their delimiters, escapes, groups, & and flags as GNU sed does', () => {
    const arm = (text: string) => outputs(text)?.['linux/arm64'];
    const intel = (text: string) => outputs(text)?.['linux/amd64'];
    assert.equal(intel("uname -m | sed 's|x86_64|amd64|'"), 'amd64');
    assert.equal(intel("uname -m | sed 's/_/-/g'"), 'x86-64');
    assert.equal(intel("uname -m | sed 's/_/-/'"), 'x86-64');
    assert.equal(intel("uname -m | sed 's/.*/&-linux/'"), 'x86_64-linux');
    assert.equal(intel("uname -m | sed 's/.*/\\&/'"), '&');
    assert.equal(intel("uname -m | sed 's/^x86_64$/amd64/'"), 'amd64');
    assert.equal(arm("uname -m | sed 's/^x86_64$/amd64/'"), 'aarch64');
    assert.equal(arm("uname -m | sed 's/aarch64\\|arm64/arm64/'"), 'arm64');
    assert.equal(arm("uname -m | sed 's/a\\{2\\}rch/ar/'"), 'ar64');
    assert.equal(arm("uname -m | sed 's/^a*/x/'"), 'xrch64');
    assert.equal(arm("uname -m | sed 's/ch6.$/m64/'"), 'aarm64');
    assert.equal(arm("uname -m | sed 's/a\\.r/X/'"), 'aarch64', 'an escaped dot is a dot');
    assert.equal(intel("uname -m | sed 's/[_]64$//'"), 'x86');
    assert.equal(intel("uname -m | sed 's/x\\/y/z/'"), 'x86_64', 'an escaped delimiter is part of the pattern');
    assert.equal(intel("uname -m | sed 's/x\\(86\\)_64/\\1/'"), '86');
    assert.equal(intel("uname -m | sed 's/x\\(86\\)_64/\\2/'"), '', 'no such group: nothing');
    assert.equal(intel("uname -m | sed -r 's/(x86)_(64)/\\2\\1/'"), '64x86');
    assert.equal(intel("uname -m | sed --regexp-extended 's/^(x86_64|amd64)$/amd64/'"), 'amd64');
    assert.equal(intel("uname -m | sed -E -e 's/_/-/' -e 's/-64$/-amd/'"), 'x86-amd');
    assert.equal(intel("uname -m | sed -e 's/_/ /'; "), 'x86 64');
    assert.equal(intel("uname -m | sed 's/8/1/2'"), undefined);
    for (const text of [
      "uname -m | sed 's/x/y/I'",
      "uname -m | sed 's/X86/amd/i'",
      "uname -m | sed 's/x/y/gp'",
      "uname -m | sed -n 's/x/y/p'",
      'uname -m | sed s/x/y/ arch.txt',
      "uname -m | sed -e 's/_/-/' -E 's/x/y/'",
      "uname -m | sed 's/_/-/' -r 's/x/y/'",
      "uname -m | sed 's/x/y'",
      "uname -m | sed 's/[abc/x/'",
      "uname -m | sed 's/\\d/x/'",
      "uname -m | sed 's/x/\\n/'",
      "uname -m | sed -E 's/\\d+/x/'",
      "uname -m | sed -E 's/(/x/'",
      "uname -m | sed 's/x\\/'",
      'uname -m | sed',
      "uname -m | sed -e",
      "uname -m | sed 's/a/b/;p'",
    ])
      assert.equal(hostPipeline(text), undefined, text);
  });

  it('says what depends on the build host: only pipelines whose output differs between hosts or is unknown on some', () => {
    assert.deepEqual(hostOutputs('$(shell uname -m)'.slice(8, -1)), new Map([['linux/amd64', 'x86_64'], ['linux/arm64', 'aarch64'], ['darwin/amd64', 'x86_64'], ['darwin/arm64', 'arm64']]));
    assert.deepEqual(hostOutputs('dpkg --print-architecture'), new Map([['linux/amd64', 'amd64'], ['linux/arm64', 'arm64']]));
    assert.deepEqual(hostOutputs('uname -p | sed s/arm/arm64/'), new Map([['darwin/amd64', 'i386'], ['darwin/arm64', 'arm64']]));
    assert.equal(hostOutputs("go env GOOS | sed 's/darwin/linux/'"), undefined, 'linux everywhere');
    assert.deepEqual(hostOutputs('dpkg --print-architecture | sed s/arm64/amd64/'), new Map([['linux/amd64', 'amd64'], ['linux/arm64', 'amd64']]), 'the same where known, unknown on the Macs');
    assert.equal(hostOutputs('printf amd64'), undefined, 'names no host program');
    assert.equal(hostOutputs("uname -m | sed 's/$/\\n/'"), undefined);
    assert.equal(hostOutputs('git describe --tags'), undefined);
  });
});

