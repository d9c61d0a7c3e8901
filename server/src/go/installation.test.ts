import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../../../test/support/paths';
import { ready } from '../engine/testing';
import { environmentFindings } from './environment';
import { inspectInstallation, NO_GOENV_FILE } from './installation';
import { parseGoEnvJson, parseGoVersion } from './toolchain';

const FIXTURES = join(repoRoot(), 'test', 'fixtures', 'go-env');
const RELEASES = readdirSync(FIXTURES)
  .map((f) => /^go(1\.\d+)\.env\.json$/.exec(f)?.[1])
  .filter((v): v is string => v !== undefined);
const scratch = mkdtempSync(join(tmpdir(), 'xbd-installation-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
before(ready);

const HOST = { host: { goos: 'linux', goarch: 'amd64' } };

/** A directory laid out like a Go root (what the stat checks look for), with a VERSION file. */
function fakeRoot(release: string): string {
  const root = mkdtempSync(join(scratch, 'goroot-'));
  mkdirSync(join(root, 'src', 'runtime'), { recursive: true });
  mkdirSync(join(root, 'bin'));
  writeFileSync(join(root, 'bin', 'go'), '');
  writeFileSync(join(root, 'VERSION'), `${release}\ntime 2025-01-01T00:00:00Z\n`);
  return root;
}

/** A recorded `go env -json` whose GOENV is a real file holding `goenvText` (the overlay). */
function recorded(v: string, goenvText: string): { env: Record<string, string>; release: string; goenv: string } {
  const env = parseGoEnvJson(readFileSync(join(FIXTURES, `go${v}.env.json`), 'utf8'))!;
  const goenv = join(mkdtempSync(join(scratch, 'home-')), 'env');
  writeFileSync(goenv, goenvText);
  return { env: { ...env, GOENV: goenv }, release: `go${parseGoVersion(readFileSync(join(FIXTURES, `go${v}.version.txt`), 'utf8'))}`, goenv };
}

describe('findings of each recorded release with a go env file overlay', () => {
  it('has all seven releases recorded', () => {
    assert.deepEqual(RELEASES, ['1.21', '1.22', '1.23', '1.24', '1.25', '1.26', '1.27']);
  });

  for (const v of RELEASES) {
    it(`go${v}: XB401, XB402, XB403 and XB404 on the lines that cause them`, async () => {
      const empty = mkdtempSync(join(scratch, 'empty-'));
      const text = `GOARCH=arm64\nGOROOT=${empty}\nCGO_ENABLED=0\nGOPRIVATE=github.com/acme/*\n`;
      const { env, release, goenv } = recorded(v, text);
      const installation = await inspectInstallation({ env, release, ownRoot: async () => env.GOROOT, processEnv: { PATH: '/usr/local/bin:/usr/bin:/bin' } });
      assert.equal(installation.goroot?.from, 'goenv');
      assert.equal(installation.goroot?.sameInstallation, false);
      assert.deepEqual(installation.installDir, { dir: '/home/dev/go/bin', from: v === '1.27' ? 'GOBIN' : 'GOPATH', onPath: false });
      const { file, findings } = environmentFindings({ goBin: 'go', version: release.slice(2), env, installation }, { facts: HOST });
      assert.equal(file, goenv);
      assert.deepEqual(findings.map((f) => [f.code, f.range.start.line]).sort(), [['XB401', 0], ['XB402', 1], ['XB403', 0], ['XB404', 2]]);
      assert.match(findings.find((f) => f.code === 'XB402')!.message, new RegExp(`${empty} is not a Go installation`));
    });
  }
});

describe('inspectInstallation', () => {
  const env = (goenv: string, extra: Record<string, string> = {}) => ({ GOENV: goenv, GOPATH: '/home/dev/go', GOBIN: '', ...extra });

  it('GOROOT from the process environment wins over the file; a symlink to the own root is the same installation', async () => {
    const own = fakeRoot('go1.22.12');
    const link = join(scratch, 'go-link');
    symlinkSync(own, link);
    const { env: e, goenv } = recorded('1.22', 'GOROOT=/nowhere\n');
    const viaLink = await inspectInstallation({ env: e, ownRoot: async () => own, processEnv: { GOROOT: link, PATH: '' } });
    assert.deepEqual(viaLink.goroot, { value: link, from: 'environment', hasRuntime: true, hasGoCommand: true, release: 'go1.22.12', ownRoot: own, sameInstallation: true });
    assert.equal(viaLink.goenvFile, goenv);
    const fromFile = await inspectInstallation({ env: e, ownRoot: async () => own, processEnv: {} });
    assert.equal(fromFile.goroot?.from, 'goenv');
    assert.equal(fromFile.goroot?.hasRuntime, false);
  });

  it('another release\'s root: not the same installation, its VERSION read for the message', async () => {
    const other = fakeRoot('go1.24.4');
    const inst = await inspectInstallation({ env: env('off'), ownRoot: async () => fakeRoot('go1.22.12'), processEnv: { GOROOT: other } });
    assert.equal(inst.goroot?.release, 'go1.24.4');
    assert.equal(inst.goroot?.sameInstallation, false);
    assert.equal(inst.goenvFile, NO_GOENV_FILE);
  });

  it('asks go for its own root only when GOROOT is set; unknown own root leaves the comparison unknown', async () => {
    let asked = 0;
    const none = await inspectInstallation({ env: env('off'), ownRoot: async () => (asked++, '/x'), processEnv: {} });
    assert.equal(none.goroot, undefined);
    assert.equal(asked, 0);
    const unknown = await inspectInstallation({ env: env('off'), ownRoot: async () => undefined, processEnv: { GOROOT: fakeRoot('go1.23.5') } });
    assert.equal(unknown.goroot?.sameInstallation, undefined);
  });

  it('GOBIN, else the first GOPATH entry + /bin, compared with PATH entries as the OS resolves them', async () => {
    const bin = mkdtempSync(join(scratch, 'bin-'));
    const alias = join(scratch, 'bin-alias');
    symlinkSync(bin, alias);
    const onPath = await inspectInstallation({ env: env('off', { GOBIN: bin }), ownRoot: async () => undefined, processEnv: { PATH: `/usr/bin:${alias}/` } });
    assert.deepEqual(onPath.installDir, { dir: bin, from: 'GOBIN', onPath: true });
    const gopath = await inspectInstallation({ env: env('off', { GOPATH: '/srv/a:/srv/b' }), ownRoot: async () => undefined, processEnv: { PATH: '/srv/b/bin' } });
    assert.deepEqual(gopath.installDir, { dir: '/srv/a/bin', from: 'GOPATH', onPath: false });
    const nothing = await inspectInstallation({ env: env('off', { GOPATH: '' }), ownRoot: async () => undefined, processEnv: {} });
    assert.equal(nothing.installDir, undefined);
  });

  it('a missing go env file still carries the environment findings, on line 1 of its path', async () => {
    const goenv = join(scratch, 'no-such-dir', 'env');
    const installation = await inspectInstallation({ env: env(goenv), ownRoot: async () => fakeRoot('go1.22.12'), processEnv: { GOROOT: join(scratch, 'gone'), PATH: '/usr/bin' } });
    const { file, findings } = environmentFindings({ goBin: 'go', version: '1.22.12', env: env(goenv), installation }, { facts: HOST });
    assert.equal(file, goenv);
    assert.deepEqual(findings.map((f) => [f.code, f.file, f.range.start.line]), [['XB402', goenv, 0], ['XB403', goenv, 0]]);
  });
});
