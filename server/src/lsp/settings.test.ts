import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../../../test/support/paths';
import { DEFAULT_SETTINGS, normalizeSettings } from './settings';

function manifest(): { contributes: { configuration: { properties: Record<string, { default: unknown }> } } } {
  return JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'));
}

describe('settings', () => {
  it('package.json declares exactly the server settings, with the same defaults', () => {
    const props = manifest().contributes.configuration.properties;
    const declared = Object.fromEntries(Object.entries(props).map(([k, v]) => [k.replace(/^xbd\./, ''), v.default]));
    assert.deepEqual(declared, { ...DEFAULT_SETTINGS });
  });

  it('normalizes junk to defaults and keeps valid rule severities', () => {
    assert.deepEqual(normalizeSettings(undefined), DEFAULT_SETTINGS);
    assert.deepEqual(normalizeSettings({ debounceMs: -1, maxFileSize: 'big', rules: 'x' }), DEFAULT_SETTINGS);
    assert.deepEqual(normalizeSettings({ rules: { xb101: 'off', XB102: 'loud', XB107: 'warning' } }).rules, { XB101: 'off', XB107: 'warning' });
  });
});
