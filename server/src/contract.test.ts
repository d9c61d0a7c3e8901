import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../../test/support/paths';
import { CLIENT_COMMANDS, CLIENT_SETTINGS, DEFAULT_SETTINGS, normalizeSettings, parseTarget, TARGET_SETTING_PATTERN, VERSION } from './contract';

function manifest(): { version: string; contributes: { commands: { command: string }[]; configuration: { properties: Record<string, { default: unknown; pattern?: string }> } } } {
  return JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'));
}

describe('contract: settings, target grammar, commands, version', () => {
  it('package.json declares exactly the server settings and the client-only ones, with the same defaults', () => {
    const props = manifest().contributes.configuration.properties;
    const declared = Object.fromEntries(Object.entries(props).map(([k, v]) => [k.replace(/^xbd\./, ''), v.default]));
    // Client-only keys are listed explicitly (CLIENT_SETTINGS), never as a blanket exception.
    for (const key of Object.keys(CLIENT_SETTINGS)) assert.ok(!(key in DEFAULT_SETTINGS), `${key} is both a server and a client-only setting`);
    assert.deepEqual(declared, { ...DEFAULT_SETTINGS, ...CLIENT_SETTINGS });
  });

  it('settings that name a program are restricted in untrusted workspaces (VS Code ignores their workspace value)', () => {
    const m = manifest() as unknown as { capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations?: string[] } }; contributes: { configuration: { properties: Record<string, unknown> } } };
    assert.equal(m.capabilities.untrustedWorkspaces.supported, 'limited');
    const restricted = m.capabilities.untrustedWorkspaces.restrictedConfigurations ?? [];
    const names = Object.keys(m.contributes.configuration.properties);
    for (const key of names.filter((k) => /(path|executable|command|binary)$/i.test(k))) assert.ok(restricted.includes(key), `${key} names a program: list it in restrictedConfigurations`);
    for (const key of restricted) assert.ok(names.includes(key), `restrictedConfigurations lists ${key}, which is not a setting`);
  });

  it('every setting has a scope and a description', () => {
    for (const [key, p] of Object.entries(manifest().contributes.configuration.properties) as [string, Record<string, unknown>][]) {
      assert.ok(typeof p.scope === 'string', `${key} has no scope`);
      assert.ok(typeof (p.description ?? p.markdownDescription) === 'string', `${key} has no description`);
    }
  });

  it('normalizes junk to defaults and keeps valid rule severities', () => {
    assert.deepEqual(normalizeSettings(undefined), DEFAULT_SETTINGS);
    assert.deepEqual(normalizeSettings({ debounceMs: -1, maxFileSize: 'big', rules: 'x' }), DEFAULT_SETTINGS);
    assert.deepEqual(normalizeSettings({ rules: { xb101: 'off', XB102: 'loud', XB107: 'warning' } }).rules, { XB101: 'off', XB107: 'warning' });
    assert.deepEqual(normalizeSettings({ exclude: ['vendor', 3, '', '*.gen.sh'], inlayHints: 'no', target: 'linux/arm/v7' }), {
      ...DEFAULT_SETTINGS,
      exclude: ['vendor', '*.gen.sh'],
      target: 'linux/arm/v7',
    });
    assert.equal(normalizeSettings({ target: 'arm64' }).target, '', 'a target is OS/ARCH[/VARIANT]');
    assert.deepEqual(parseTarget('linux/arm/v6'), { goos: 'linux', goarch: 'arm', variant: 'v6' });
    assert.equal(parseTarget(''), undefined);
  });

  it("package.json's xbd.target pattern accepts exactly what parseTarget accepts", () => {
    const declared = manifest().contributes.configuration.properties['xbd.target'].pattern;
    assert.equal(declared, TARGET_SETTING_PATTERN);
    const pattern = new RegExp(TARGET_SETTING_PATTERN);
    const table: [string, boolean][] = [
      ['', true],
      ['linux/amd64', true],
      ['linux/arm/v7', true],
      ['linux/arm64/v8.2', true],
      ['windows/arm64', true],
      ['linux/amd64/v3', true],
      ['arm64', false],
      ['linux/arm/7', false],
      ['Linux/amd64', false],
      ['linux/arm64/v8.2.1', false],
      ['linux/arm64/', false],
      ['/arm64', false],
      ['linux/arm64/v', false],
    ];
    for (const [text, valid] of table) {
      assert.equal(pattern.test(text), valid, `package.json pattern on ${JSON.stringify(text)}`);
      assert.equal(text === '' || parseTarget(text) !== undefined, valid, `parseTarget on ${JSON.stringify(text)}`);
    }
    // The server analyses for what the client shows: a target the setting allows is never dropped.
    assert.equal(normalizeSettings({ target: 'linux/arm64/v8.2' }).target, 'linux/arm64/v8.2');
  });

  it('the commands the client registers are the ones package.json contributes', () => {
    const contributed = manifest().contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(CLIENT_COMMANDS).sort());
  });

  it("the version is package.json's, put in by the build", () => {
    assert.equal(VERSION, manifest().version);
  });
});
