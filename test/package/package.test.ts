// `npm run package` (scripts/package.mjs) into a scratch folder: the VSIX and the npm package of the CLI, both
// under their size limits and printed; then the CLI package installed as a user would (`npm install -g` into
// an empty prefix, offline: it has no dependencies) and run from there on a project outside the clone.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../support/paths';

const root = repoRoot();
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const scratch = mkdtempSync(join(tmpdir(), 'xbd-package-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const out = join(scratch, 'out');
let packageOutput = '';

describe('npm run package', { timeout: 180_000 }, () => {
  before(() => {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'package.mjs'), '--out', out], { cwd: root, encoding: 'utf8', timeout: 150_000 });
    assert.equal(r.status, 0, `package.mjs failed:\n${r.stdout}\n${r.stderr}`);
    packageOutput = r.stdout;
  });

  it('prints the size of the VSIX (< 1.1 MB, scripts/check-vsix.mjs) and of the CLI package (< 2 MB)', () => {
    const vsix = /VSIX\s+\S+: (\d+) bytes/.exec(packageOutput);
    const cli = /CLI package\s+\S+: (\d+) bytes/.exec(packageOutput);
    assert.ok(vsix && cli, packageOutput);
    assert.ok(Number(vsix[1]) < Math.round(1.1 * 1024 * 1024), `VSIX is ${vsix[1]} bytes`);
    assert.ok(Number(cli[1]) < 2 * 1024 * 1024, `CLI package is ${cli[1]} bytes`);
    assert.ok(existsSync(join(out, `${manifest.name}.vsix`)));
  });

  it('the CLI package holds only what xbd needs: its bundle, the grammars, README, LICENSE', () => {
    const files = /(\d+) files: (.*)$/m.exec(packageOutput);
    assert.ok(files, packageOutput);
    assert.deepEqual(files[2].split(', '), ['LICENSE', 'README.md', 'dist/tree-sitter-bash.wasm', 'dist/tree-sitter-hcl.wasm', 'dist/web-tree-sitter.wasm', 'dist/xbd.js', 'package.json']);
  });

  it('installs into an empty prefix and `xbd check` runs from there on a project outside the clone', () => {
    const tgz = readdirSync(out).find((f) => f.endsWith('.tgz'));
    assert.equal(tgz, `go-cross-build-doctor-${manifest.version}.tgz`);
    const prefix = join(scratch, 'prefix');
    const install = spawnSync('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', join(out, tgz)], { cwd: scratch, encoding: 'utf8', timeout: 60_000 });
    assert.equal(install.status, 0, install.stderr);
    const bin = join(prefix, 'bin', 'xbd');
    assert.ok(existsSync(bin), `${bin} was not installed`);

    const project = join(scratch, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'Dockerfile'), 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN GOOS=linux GOARCH=x86_64 go build -o /out/app .\n');
    // PATH holds only the prefix's bin and node: the installed command, nothing of the clone.
    const env = { PATH: `${join(prefix, 'bin')}:${join(process.execPath, '..')}`, HOME: scratch };
    const version = spawnSync('xbd', ['--version'], { cwd: project, env, encoding: 'utf8' });
    assert.equal(version.status, 0, version.stderr);
    assert.match(version.stdout, new RegExp(`\\b${manifest.version.replace(/\./g, '\\.')}\\b`));
    const check = spawnSync('xbd', ['check', '--no-go', '--format', 'json', '.'], { cwd: project, env, encoding: 'utf8' });
    assert.equal(check.status, 1, `${check.stdout}\n${check.stderr}`);
    const findings = (JSON.parse(check.stdout) as { findings: { code: string; file: string }[] }).findings;
    assert.deepEqual(findings.map((f) => f.code), ['XB102']);
    assert.equal(findings[0].file, 'Dockerfile');
  });
});
