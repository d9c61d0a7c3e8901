import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTarget, type WorkspacePlatforms } from '../../../server/src/contract';
import { goEnvFor, statusLabel, syncBuildEnv, withBuildEnv } from './platform';
import { pickerItems } from './picker-items';

describe('client target logic (pure)', () => {
  it('parses and labels targets; empty is the host', () => {
    assert.equal(parseTarget(''), undefined);
    assert.equal(parseTarget('arm64'), undefined);
    assert.deepEqual(parseTarget(' linux/arm/v7 '), { goos: 'linux', goarch: 'arm', variant: 'v7' });
    assert.equal(statusLabel(undefined, 'linux/amd64'), 'linux/amd64 (this machine)');
    assert.equal(statusLabel(parseTarget('linux/arm/v7'), 'linux/amd64'), 'linux/arm/v7');
  });

  it('maps Docker variants to sub-architecture variables', () => {
    assert.deepEqual(goEnvFor(parseTarget('linux/arm64')!), { GOOS: 'linux', GOARCH: 'arm64' });
    assert.deepEqual(goEnvFor(parseTarget('linux/arm/v7')!), { GOOS: 'linux', GOARCH: 'arm', GOARM: '7' });
    assert.deepEqual(goEnvFor(parseTarget('linux/arm/v6')!), { GOOS: 'linux', GOARCH: 'arm', GOARM: '6' });
    assert.deepEqual(goEnvFor(parseTarget('linux/arm')!), { GOOS: 'linux', GOARCH: 'arm', GOARM: '7' }, "Docker's linux/arm is arm/v7");
    assert.deepEqual(goEnvFor(parseTarget('linux/arm/v8')!), { GOOS: 'linux', GOARCH: 'arm', GOARM: '7' }, 'GOARM=8 does not exist');
    assert.deepEqual(goEnvFor(parseTarget('linux/amd64/v3')!), { GOOS: 'linux', GOARCH: 'amd64', GOAMD64: 'v3' });
    assert.deepEqual(goEnvFor(parseTarget('linux/arm64/v8')!), { GOOS: 'linux', GOARCH: 'arm64' });
  });

  it('merges into build.env, keeping the other keys, and undoes only what it wrote', () => {
    const user = { GOFLAGS: '-tags=integration', CGO_ENABLED: '0' };
    const arm = syncBuildEnv(user, goEnvFor(parseTarget('linux/arm/v7')!));
    assert.deepEqual(arm.env, { ...user, GOOS: 'linux', GOARCH: 'arm', GOARM: '7' });
    assert.equal(arm.summary, 'GOOS=linux, GOARCH=arm, GOARM=7');

    // arm/v7 → arm64: GOARM goes, the rest is updated.
    const arm64 = syncBuildEnv(arm.env, goEnvFor(parseTarget('linux/arm64')!), arm.written);
    assert.deepEqual(arm64.env, { ...user, GOOS: 'linux', GOARCH: 'arm64' });
    assert.equal(arm64.summary, 'GOARCH=arm64; removed GOARM');

    // Back to the host: exactly the user's build.env again.
    const host = syncBuildEnv(arm64.env, undefined, arm64.written);
    assert.deepEqual(host.env, user);
    assert.deepEqual(host.written, {});
    assert.equal(host.summary, 'removed GOOS, GOARCH');

    // A value the user changed by hand after the client wrote it is theirs: left alone.
    const edited = syncBuildEnv({ ...arm64.env, GOARCH: 'riscv64' }, undefined, arm64.written);
    assert.deepEqual(edited.env, { ...user, GOARCH: 'riscv64' });

    // Nothing left: the key disappears.
    assert.equal(syncBuildEnv({ GOOS: 'linux' }, undefined, { GOOS: 'linux' }).env, undefined);
  });

  it('replaces only build.env in the gopls object', () => {
    const gopls = { 'ui.semanticTokens': true, 'build.env': { A: '1' } };
    assert.deepEqual(withBuildEnv(gopls, { GOOS: 'linux' }), { 'ui.semanticTokens': true, 'build.env': { GOOS: 'linux' } });
    assert.deepEqual(withBuildEnv(gopls, undefined), { 'ui.semanticTokens': true });
    assert.equal(withBuildEnv({ 'build.env': {} }, undefined), undefined);
  });

  it('builds picker groups: host, used (with sources), common, the other ports with their traits: each platform once', () => {
    const data: WorkspacePlatforms = {
      host: 'linux/amd64',
      goVersion: '1.22',
      goVersionBecause: 'go.mod',
      used: [{ platform: 'linux/arm/v7', sources: [{ uri: 'file:///w/Makefile', line: 0, what: 'PLATFORMS' }] }],
      ports: [
        { platform: 'linux/amd64', firstClass: true, cgo: true },
        { platform: 'linux/arm', firstClass: true, cgo: true },
        { platform: 'linux/arm64', firstClass: true, cgo: true },
        { platform: 'js/wasm', firstClass: false, cgo: false },
      ],
    };
    const items = pickerItems(data, 'linux/arm/v7', (u) => u.replace('file:///w/', ''));
    const shown = items.map((i) => (i.kind === 'separator' ? `-- ${i.label}` : `${i.label}${i.picked ? ' *' : ''} [${i.description ?? ''}]${i.detail ? ` ${i.detail}` : ''}`));
    assert.deepEqual(shown, [
      '-- No picked target',
      '$(vm) linux/amd64 (this machine) [what go builds for here without GOOS/GOARCH]',
      '-- Used in this workspace',
      '$(file-code) linux/arm/v7 * [first-class] Makefile:1 PLATFORMS',
      '-- Common targets',
      'linux/amd64 [first-class]',
      'linux/arm64 [first-class]',
      'linux/arm/v6 [first-class]',
      '-- Other ports of Go 1.22',
      'linux/arm [first-class]',
      'js/wasm [no cgo]',
    ]);
    assert.equal(items.find((i) => i.label.includes('this machine'))?.target, '');
  });
});
