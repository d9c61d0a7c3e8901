// `npm run package`: a production build, then the two things users install, each checked and its size printed:
//   go-cross-build-doctor.vsix                the VS Code extension (scripts/check-vsix.mjs: < 1.1 MB, no maps or tests)
//   go-cross-build-doctor-VERSION.tgz         the npm package of the CLI (`bin: xbd`): dist/xbd.js and the two
//                                             tree-sitter wasm files beside it, README, LICENSE (< 2 MB)
// The build goes into a scratch folder (the files `vsce ls` names are copied there), so dist/ of the working
// tree is never replaced by a minified build. Usage: node scripts/package.mjs [--out DIR] [--cli-only]
// (default DIR: the repo; --cli-only skips the VSIX, for tests that need the CLI package only).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outAt = process.argv.indexOf('--out');
const out = resolve(outAt > 0 ? process.argv[outAt + 1] : root);
const cliOnly = process.argv.includes('--cli-only');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** The npm package of the CLI: its name says what it is; the command it installs is `xbd`. */
const CLI_PACKAGE = 'go-cross-build-doctor';
const VSIX_LIMIT = Math.round(1.1 * 1024 * 1024); // see scripts/check-vsix.mjs
const CLI_LIMIT = 2 * 1024 * 1024;
const VSCE = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) fail(`${[cmd, ...args].join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;

/**
 * A rule page as the extension ships it (opened offline from a diagnostic): what it reports and how to fix it.
 * The reasons with their evidence (measurements, reports) and the truth harness's run tables stay on the
 * repository's page, one link away: together they are half of the pages, and the VSIX has a 1.1 MB budget.
 */
function forExtensionDocs(text, file) {
  const online = `${manifest.repository?.url?.replace(/\.git$/, '') ?? ''}/blob/main/${file}`;
  return text
    .replace(/^## Why\n[\s\S]*?(?=^## )/m, `## Why\n\nThe reasons and their evidence are on [the repository's page](${online}#why).\n\n`)
    .replace(/<!-- verified:start -->[\s\S]*<!-- verified:end -->/, `Run on Go 1.21–1.27 by the truth harness: [runs and output](${online}#verified).`);
}

/**
 * The README as the extension ships it (the Marketplace page and the offline copy): the editor's parts. The
 * command-line checker, the GitHub Action, pre-commit and development sections are for other installs (the CLI
 * package has its own README) and are replaced by one link to the repository's README.
 */
function forExtension(text) {
  const online = `${manifest.repository?.url?.replace(/\.git$/, '') ?? ''}#readme`;
  const elsewhere = new Set(['The command-line checker', 'GitHub Action', 'pre-commit', 'Development']);
  const sections = text.split(/^(?=## )/m);
  const kept = sections.filter((s) => !elsewhere.has(s.slice(3, s.indexOf('\n')).trim()));
  if (kept.length !== sections.length - elsewhere.size) fail(`README.md: expected sections ${[...elsewhere].join(', ')}`);
  return `${kept.join('').trimEnd()}\n\n## Command line, CI and development\n\nThe same checks run as the \`xbd\` command (text, JSON, SARIF), as a GitHub Action and as a pre-commit hook; see [the repository's README](${online}) for those and for development.\n`;
}

mkdirSync(out, { recursive: true });
const stage = mkdtempSync(join(tmpdir(), 'xbd-package-'));
try {
  // 1. The extension: the files .vscodeignore lets through, with a production dist/.
  const ext = join(stage, 'extension');
  run(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production', '--outdir', join(ext, 'dist')], root);
  const vsix = join(out, `${manifest.name}.vsix`);
  if (!cliOnly) {
    const listed = run(process.execPath, [VSCE, 'ls', '--no-dependencies'], root).stdout.split('\n').map((l) => l.trim()).filter(Boolean);
    for (const file of ['.vscodeignore', ...listed.filter((f) => !f.startsWith('dist/'))]) {
      mkdirSync(dirname(join(ext, file)), { recursive: true });
      copyFileSync(join(root, file), join(ext, file));
      if (file === 'README.md') writeFileSync(join(ext, file), forExtension(readFileSync(join(root, file), 'utf8')));
      if (/^docs\/rules\/.+\.md$/.test(file)) writeFileSync(join(ext, file), forExtensionDocs(readFileSync(join(root, file), 'utf8'), file));
    }
    const packed = run(process.execPath, [VSCE, 'package', '--no-dependencies', '--out', vsix], ext);
    // vsce warns (missing repository, LICENSE, activation events …) without failing: a warning fails here.
    const warnings = `${packed.stdout}\n${packed.stderr}`.split('\n').filter((l) => /WARNING/i.test(l));
    if (warnings.length) fail(`vsce package warned:\n${warnings.join('\n')}`);
    run(process.execPath, [join(root, 'scripts', 'check-vsix.mjs'), vsix], root);
  }

  // 2. The CLI package: the bundle and its grammars keep their relative layout (xbd.js finds the wasm beside it).
  const cli = join(stage, 'cli');
  mkdirSync(join(cli, 'dist'), { recursive: true });
  for (const file of ['xbd.js', 'web-tree-sitter.wasm', 'tree-sitter-bash.wasm', 'tree-sitter-hcl.wasm']) copyFileSync(join(ext, 'dist', file), join(cli, 'dist', file));
  copyFileSync(join(root, 'cli-package', 'README.md'), join(cli, 'README.md'));
  copyFileSync(join(root, 'LICENSE'), join(cli, 'LICENSE'));
  writeFileSync(join(cli, 'package.json'), `${JSON.stringify(cliManifest(), null, 2)}\n`);
  const pack = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', out], cli).stdout)[0];
  const tgz = join(out, pack.filename);

  const vsixSize = cliOnly ? 0 : statSync(vsix).size;
  const tgzSize = statSync(tgz).size;
  if (!cliOnly) console.log(`VSIX        ${vsix}: ${vsixSize} bytes (${kb(vsixSize)}, limit ${kb(VSIX_LIMIT)})`);
  console.log(`CLI package ${tgz}: ${tgzSize} bytes (${kb(tgzSize)}, limit ${kb(CLI_LIMIT)}), ${pack.unpackedSize} bytes unpacked, ${pack.entryCount} files: ${pack.files.map((f) => f.path).sort().join(', ')}`);
  if (vsixSize >= VSIX_LIMIT) fail(`the VSIX is over ${kb(VSIX_LIMIT)}`);
  if (tgzSize >= CLI_LIMIT) fail(`the CLI package is over ${kb(CLI_LIMIT)}`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}

/** The CLI's package.json: the one version and the project's fields come from the extension's manifest. */
function cliManifest() {
  return {
    name: CLI_PACKAGE,
    version: manifest.version,
    description: 'xbd: finds the mistakes that break cross-built Go binaries and multi-platform images in Dockerfiles, Makefiles, build scripts and the go env file.',
    license: manifest.license,
    repository: manifest.repository,
    homepage: manifest.homepage,
    bugs: manifest.bugs,
    keywords: manifest.keywords,
    bin: { xbd: 'dist/xbd.js' },
    files: ['dist/xbd.js', 'dist/web-tree-sitter.wasm', 'dist/tree-sitter-bash.wasm', 'dist/tree-sitter-hcl.wasm'],
    engines: { node: manifest.engines.node },
  };
}
