// Bundles the engine's unit tests (server/src/engine/**/*.test.ts) into ONE mocha file,
// out/mutation/engine.test.js, with node:test replaced by node-test-on-mocha.ts, and copies the tree-sitter
// grammars into dist/ (where the tests load them from). Stryker runs it in its sandbox (stryker.config.mjs,
// buildCommand), over the sandbox's instrumented sources.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function testFiles(dir, out = []) {
  for (const name of readdirSync(join(root, dir))) {
    const path = `${dir}/${name}`;
    if (statSync(join(root, path)).isDirectory()) testFiles(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const shim = join(root, 'scripts/mutation/node-test-on-mocha.ts');
rmSync(join(root, 'out/mutation'), { recursive: true, force: true });
await build({
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  absWorkingDir: root,
  stdin: {
    // fuzz.test.ts: time-bounded properties (see stryker.config.mjs).
    contents: testFiles('server/src/engine').filter((f) => !f.endsWith('/fuzz.test.ts')).map((f) => `import './${f}';`).join('\n'),
    resolveDir: root,
    sourcefile: 'engine-tests.ts',
    loader: 'ts',
  },
  outfile: 'out/mutation/engine.test.js',
  external: ['typescript'],
  define: { 'import.meta.url': '__xbdImportMetaUrl' },
  banner: { js: "var __xbdImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
  plugins: [{ name: 'node-test-on-mocha', setup: (b) => b.onResolve({ filter: /^node:test$/ }, () => ({ path: shim })) }],
});
mkdirSync(join(root, 'dist'), { recursive: true });
// Stryker's sandbox has no node_modules of its own when this runs: look upwards, as module resolution does.
function fromNodeModules(file) {
  for (let dir = root; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules', file))) return join(dir, 'node_modules', file);
    if (dirname(dir) === dir) throw new Error(`node_modules/${file} not found above ${root}`);
  }
}
for (const file of ['web-tree-sitter/web-tree-sitter.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm', '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm']) {
  copyFileSync(fromNodeModules(file), join(root, 'dist', file.split('/').pop()));
}
