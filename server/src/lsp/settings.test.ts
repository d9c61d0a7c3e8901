import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../../../test/support/paths';
import { CLIENT_SETTINGS } from '../../../client/src/client-settings';
import { DEFAULT_SETTINGS, normalizeSettings, parseTarget } from './settings';

function manifest(): { contributes: { configuration: { properties: Record<string, { default: unknown }> } } } {
  return JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'));
}

describe('settings', () => {
  it('package.json declares exactly the server settings and the client-only ones, with the same defaults', () => {
    const props = manifest().contributes.configuration.properties;
    const declared = Object.fromEntries(Object.entries(props).map(([k, v]) => [k.replace(/^xbd\./, ''), v.default]));
    // Client-only keys are listed explicitly (client/src/client-settings.ts), never as a blanket exception.
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
});
