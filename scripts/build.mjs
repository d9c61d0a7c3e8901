// Bundles the client, the server and the CLI with esbuild (one file each, with source maps), copies the
// tree-sitter grammars beside them, and with --tests bundles every *.test.ts into out/ (and the
// extension-host suite of test/vscode-api into out/vscode-api).
// Types are checked separately (`npm run typecheck`).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const production = process.argv.includes('--production');
// The one version (package.json's) that the client, the server and the CLI report (server/src/contract.ts).
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const withTests = process.argv.includes('--tests');
// --unit: only the engine's and the client's own tests (server/src, client/src), in ONE bundle run by ONE
// node process: the developer's loop (`npm run test:unit`), no server or CLI spawned.
const unitOnly = process.argv.includes('--unit');
// --outdir DIR: where the bundles go (default dist/); scripts/package.mjs builds the packages in a scratch folder.
const outdirAt = process.argv.indexOf('--outdir');
const dist = outdirAt > 0 ? process.argv[outdirAt + 1] : 'dist';

// Production bundles leave out each rule's `witnesses` (the truth harness's claims, a third of the rules' size):
// nothing at run time reads them. The property is found in the TypeScript syntax tree, never by pattern.
const withoutWitnesses = {
  name: 'rules-without-witnesses',
  setup(b) {
    b.onLoad({ filter: /server[\\/]src[\\/]engine[\\/]rules[\\/]XB\d+-[^\\/]*\.ts$/ }, async (args) => {
      if (args.path.endsWith('.test.ts')) return undefined;
      const { default: ts } = await import('typescript');
      const text = readFileSync(args.path, 'utf8');
      const source = ts.createSourceFile(args.path, text, ts.ScriptTarget.Latest, true);
      const cuts = [];
      const visit = (node) => {
        if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'witnesses' && ts.isObjectLiteralExpression(node.parent)) {
          const after = text.slice(node.end).match(/^\s*,/);
          cuts.push([node.getStart(source), node.end + (after ? after[0].length : 0)]);
        } else ts.forEachChild(node, visit);
      };
      visit(source);
      let out = text;
      for (const [start, end] of cuts.reverse()) out = out.slice(0, start) + out.slice(end);
      return { contents: out, loader: 'ts' };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  // web-tree-sitter is an ES module that asks import.meta.url where it lives; in a CommonJS bundle
  // that is this file.
  define: { 'import.meta.url': '__xbdImportMetaUrl', XBD_VERSION: JSON.stringify(version) },
  banner: { js: "var __xbdImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
  plugins: production ? [withoutWitnesses] : [],
  // yaml's ES module build (its "default" export; the "node" one is CommonJS, which esbuild cannot tree-shake):
  // the same parser, a quarter smaller in the bundles.
  alias: { yaml: join(root, 'node_modules/yaml/browser/index.js') },
};

// The browser bundles (the extension's `browser` entry, vscode.dev): the client as CommonJS for VS Code's web
// extension host; the server as a classic web worker script, with vscode-languageserver's browser transport and
// the Node built-ins the server's Node-only modules import replaced (server/src/lsp/browser/node-shims.ts,
// path-browserify); any other Node built-in fails the build. `process` and `Buffer` come from server/src/lsp/browser/node-globals.ts.
const browserCommon = {
  ...common,
  platform: 'browser',
  target: 'es2022',
  banner: { js: 'var __xbdImportMetaUrl = self.location.href;' },
};
const nodeShims = {
  name: 'browser-node-shims',
  setup(b) {
    const shims = join(root, 'server/src/lsp/browser/node-shims.ts');
    b.onResolve({ filter: /^(node:)?(fs|fs\/promises|url|child_process|module)$/ }, () => ({ path: shims }));
    b.onResolve({ filter: /^(node:)?path$/ }, () => ({ path: join(root, 'node_modules/path-browserify/index.js') }));
    b.onResolve({ filter: /^node:/ }, (a) => ({ errors: [{ text: `${a.path} has no browser stand-in in server/src/lsp/browser/node-shims.ts` }] }));
  },
};
const browserBundles = (dist) => [
  build({ ...browserCommon, format: 'cjs', entryPoints: { 'client-browser': 'client/src/browser.ts' }, outdir: dist, external: ['vscode'] }),
  build({
    ...browserCommon,
    format: 'iife',
    entryPoints: { 'server-browser': 'server/src/lsp/browser-main.ts' },
    outdir: dist,
    alias: { 'vscode-languageserver/node': 'vscode-languageserver/browser' },
    inject: ['server/src/lsp/browser/node-globals.ts'],
    plugins: [...common.plugins, nodeShims],
  }),
];

const wasm = [
  'node_modules/web-tree-sitter/web-tree-sitter.wasm',
  'node_modules/tree-sitter-bash/tree-sitter-bash.wasm',
  'node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm',
];

function copyWasm(dir) {
  mkdirSync(resolve(root, dir), { recursive: true });
  for (const file of wasm) copyFileSync(join(root, file), resolve(root, dir, file.split('/').pop()));
}

function testEntries(dir, out = []) {
  for (const name of readdirSync(join(root, dir))) {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) testEntries(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const started = Date.now();
// The engine's and the client's own tests (server/src, client/src) go into ONE bundle that ONE node process
// runs: one module load and one tree-sitter start instead of ~70 (1m44s → ~45s here).
function unitBundle() {
  const files = [...testEntries('server/src'), ...testEntries('client/src')];
  rmSync(join(root, 'out/unit'), { recursive: true, force: true });
  return build({
    ...common,
    stdin: { contents: files.map((f) => `import './${f}';`).join('\n'), resolveDir: root, sourcefile: 'unit-tests.ts', loader: 'ts' },
    outfile: 'out/unit/unit.test.js',
    // typescript: the import-cycle test reads sources with its scanner; loaded from node_modules, not bundled.
    external: ['vscode', 'typescript'],
    sourcemap: 'inline',
  });
}

if (unitOnly) {
  await unitBundle();
  copyWasm('dist');
  console.log(`build: out/unit ready in ${Date.now() - started} ms`);
  process.exit(0);
}
await Promise.all([
  build({ ...common, entryPoints: { client: 'client/src/extension.ts' }, outdir: dist, external: ['vscode'] }),
  build({ ...common, entryPoints: { server: 'server/src/lsp/main.ts' }, outdir: dist }),
  build({ ...common, entryPoints: { xbd: 'server/src/cli/main.ts' }, outdir: dist, banner: { js: `#!/usr/bin/env node\n${common.banner.js}` } }),
  ...browserBundles(dist),
]);
copyWasm(dist);

if (withTests) {
  // Unit tests live next to the code they pin (server/src/**, client/src/**: the one bundle above); the
  // spawned CLI and server in test/cli, test/lsp (out/test); truth tests in test/truth, tests that run the
  // installed Go toolchains in test/go, Neovim in test/nvim, real VS Code (code-server) in test/vscode, each
  // tier in its own out/ folder, so `npm test` (out/unit + out/test) needs only Node.
  // test/vscode-api is not a node:test tier: its mocha suite runs inside VS Code's extension host (see below).
  const API_SUITE = 'test/vscode-api';
  const entries = testEntries('test').filter((e) => !e.startsWith(`${API_SUITE}/`));
  const tiers = { truth: 'out/truth', go: 'out/go', nvim: 'out/nvim', vscode: 'out/vscode', 'pre-commit': 'out/pre-commit', browser: 'out/browser' };
  const tierOf = (e) => Object.keys(tiers).find((t) => e.startsWith(`test/${t}/`));
  const unit = entries.filter((e) => !tierOf(e));
  // The extension-host suite: CommonJS with `vscode` (given by the extension host) and mocha (loaded from
  // node_modules, one instance for the suite index and its test files) left external. out/vscode-api/suite
  // holds index.js and one *.test.js per test file (the index loads them by name); runner/ the extension
  // that runs it in code-server.
  const apiSuite = () => {
    rmSync(join(root, 'out/vscode-api'), { recursive: true, force: true });
    const list = [...testEntries(API_SUITE), `${API_SUITE}/suite/index.ts`, `${API_SUITE}/runner/extension.ts`];
    return build({ ...common, entryPoints: list, outdir: 'out/vscode-api', outbase: API_SUITE, external: ['vscode', 'mocha'], sourcemap: 'inline' });
  };
  // Each tier's folder is rebuilt from scratch, so a deleted test never lingers as a stale bundle.
  const outbase = (list, out) => {
    rmSync(join(root, out), { recursive: true, force: true });
    return build({ ...common, entryPoints: list, outdir: out, outbase: '.', external: ['vscode'], sourcemap: 'inline' });
  };
  await Promise.all([
    apiSuite(),
    unitBundle(),
    outbase(unit, 'out/test'),
    ...Object.entries(tiers).map(([t, out]) => {
      const list = entries.filter((e) => tierOf(e) === t);
      return list.length ? outbase(list, out) : Promise.resolve();
    }),
  ]);
}
console.log(`build: ${relative(process.cwd(), resolve(root, dist)) || dist} ready in ${Date.now() - started} ms${withTests ? ' (with tests)' : ''}`);
