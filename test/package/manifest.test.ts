// Marketplace readiness of the manifest: an icon the Marketplace accepts (a PNG of at least 128×128),
// categories, keywords, repository and a CHANGELOG entry for the version being released.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/paths';

const root = repoRoot();
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown> & { version: string; icon: string; categories: string[]; keywords: string[]; repository: { url: string } };

describe('marketplace manifest', () => {
  it('has a PNG icon of at least 128×128 pixels', () => {
    const png = readFileSync(join(root, manifest.icon));
    assert.equal(png.toString('latin1', 1, 4), 'PNG');
    assert.equal(png.toString('latin1', 12, 16), 'IHDR');
    assert.ok(png.readUInt32BE(16) >= 128 && png.readUInt32BE(20) >= 128, `icon is ${png.readUInt32BE(16)}×${png.readUInt32BE(20)}`);
  });

  it('has categories, keywords and a repository', () => {
    assert.ok(manifest.categories.includes('Linters'));
    assert.ok(manifest.keywords.length >= 5 && manifest.keywords.length <= 30, 'the Marketplace shows at most 30 keywords');
    assert.match(manifest.repository.url, /^https:\/\/github\.com\/[^/]+\/[^/]+$/);
  });

  it('CHANGELOG.md has a section for the version in package.json', () => {
    const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
    assert.match(changelog, new RegExp(`^## ${manifest.version.replace(/\./g, '\\.')}\\b`, 'm'));
  });
});
