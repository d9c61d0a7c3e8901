// What the VSIX would contain (`vsce ls`): only the bundles, grammars, docs pages and the manifest.
// `npm run package` builds the real VSIX and checks its size and entries (scripts/check-vsix.mjs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/paths';

const root = repoRoot();
const VSCE = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');

describe('VSIX contents (vsce ls)', () => {
  it('ships the bundles and grammars, no source maps, tests, sources or the CLI', { skip: !existsSync(VSCE) && 'run npm ci first' }, () => {
    const r = spawnSync(process.execPath, [VSCE, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const files = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort();
    for (const required of ['package.json', 'README.md', 'CHANGELOG.md', 'images/icon.png', 'LICENSE', 'dist/client.js', 'dist/server.js', 'dist/client-browser.js', 'dist/server-browser.js', 'dist/tree-sitter-bash.wasm', 'dist/tree-sitter-hcl.wasm', 'dist/web-tree-sitter.wasm', 'syntaxes/goenv.tmLanguage.json', 'docs/rules/XB101.md']) {
      assert.ok(files.includes(required), `${required} is not in the VSIX: ${files.join(', ')}`);
    }
    const unwanted = files.filter((f) => /\.map$|\.test\.|^(test|out|server|client|scripts|examples|node_modules)\/|^dist\/xbd\.js$|\.vsix$/.test(f));
    assert.deepEqual(unwanted, []);
  });
});
