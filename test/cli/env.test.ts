/**
 * `xbd env` and the environment part of `xbd check`, with a real Go (Debian's 1.22 package, or the
 * first covered release found) in a private HOME, and with fake `go` scripts that hang or print their
 * environment.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { repoRoot } from '../support/paths';

const XBD = join(repoRoot(), 'dist', 'xbd.js');
const scratch = mkdtempSync(join(tmpdir(), 'xbd-env-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const INSTALLED_GO = ['1.22', '1.21', '1.23', '1.24', '1.25', '1.26', '1.27']
  .flatMap((v) => [`/usr/lib/go-${v}/bin/go`, `${process.env.XBD_GO_DEBS || '/opt/go-debs'}/usr/lib/go-${v}/bin/go`])
  .filter((p) => existsSync(p));
const REAL_GO = INSTALLED_GO[0];
/** The root of another installed release than REAL_GO's (XB402's other-installation case). */
const OTHER_GOROOT = INSTALLED_GO[1] ? dirname(dirname(INSTALLED_GO[1])) : undefined;

function dir(files: Record<string, string> = {}): string {
  const d = mkdtempSync(join(scratch, 'd-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

/**
 * A private HOME: the go env file is $HOME/.config/go/env, nothing of the machine's leaks in. PATH holds
 * $HOME/go/bin (where go install writes by default), so XB403 stays silent unless a test changes that.
 */
function privateEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(GO|CGO_)/.test(k) && k !== 'XDG_CONFIG_HOME' && k !== 'CC') env[k] = v;
  return { ...env, HOME: home, PATH: `${join(home, 'go', 'bin')}:/usr/bin:/bin`, GOPROXY: 'off', ...extra };
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}

const xbd = (args: string[], cwd: string, env: NodeJS.ProcessEnv) => run(process.execPath, [XBD, ...args], cwd, env);

function fakeGo(script: string): string {
  const path = join(mkdtempSync(join(scratch, 'fake-')), 'go');
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('xbd env / xbd check with the real go env file', { skip: REAL_GO ? false : 'no Go toolchain installed (scripts/install-test-deps.sh go)' }, () => {
  it('XB401 and XB404 appear after go env -w and disappear after go env -u', () => {
    const home = mkdtempSync(join(scratch, 'home-'));
    const env = privateEnv(home, { XBD_GO: REAL_GO! });
    const cwd = dir();
    assert.equal(run(REAL_GO!, ['env', '-w', 'GOARCH=arm64', 'CGO_ENABLED=0'], cwd, { ...env, GOTOOLCHAIN: 'local' }).code, 0);
    const goenv = join(home, '.config', 'go', 'env');
    const shown = xbd(['env', '--format', 'json'], cwd, env);
    assert.equal(shown.code, 0, shown.stderr);
    const out = JSON.parse(shown.stdout);
    assert.equal(out.goenv, goenv);
    assert.equal(out.env.GOARCH, 'arm64');
    assert.deepEqual(out.findings.map((f: { code: string }) => f.code).sort(), ['XB401', 'XB404']);
    assert.ok(out.findings.every((f: { file: string }) => f.file === goenv));

    const text = xbd(['env'], cwd, env);
    assert.match(text.stdout, /^GOARCH=arm64$/m);
    assert.match(text.stdout, new RegExp(`${goenv.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:1: warning XB401`));

    assert.equal(run(REAL_GO!, ['env', '-u', 'GOARCH', 'CGO_ENABLED'], cwd, { ...env, GOTOOLCHAIN: 'local' }).code, 0);
    const again = JSON.parse(xbd(['env', '--format', 'json'], cwd, env).stdout);
    assert.deepEqual(again.findings, []);
  });

  it('xbd check reports the go env file findings unless --no-go', () => {
    const home = mkdtempSync(join(scratch, 'home-'));
    const env = privateEnv(home, { XBD_GO: REAL_GO! });
    const cwd = dir({ 'build.sh': '#!/bin/sh\ngo build -o bin/app .\n' });
    run(REAL_GO!, ['env', '-w', 'GOOS=windows'], cwd, { ...env, GOTOOLCHAIN: 'local' });
    const withGo = JSON.parse(xbd(['check', '--format', 'json', '.'], cwd, env).stdout);
    assert.deepEqual(withGo.findings.map((f: { code: string; file: string }) => [f.code, f.file]), [['XB401', join(home, '.config', 'go', 'env')]]);
    const noGo = JSON.parse(xbd(['check', '--no-go', '--format', 'json', '.'], cwd, env).stdout);
    assert.deepEqual(noGo.findings, []);
  });

  it('runs go with GOTOOLCHAIN=local: a go.mod naming a newer toolchain triggers no download', () => {
    const home = mkdtempSync(join(scratch, 'home-'));
    const cwd = dir({ 'go.mod': 'module example.com/m\n\ngo 1.99\n\ntoolchain go1.99.1\n' });
    // What xbd avoids: with GOTOOLCHAIN=auto the same go tries to download go1.99.1.
    const auto = run(REAL_GO!, ['version'], cwd, privateEnv(home, { GOTOOLCHAIN: 'auto' }));
    assert.match(auto.stderr, /go: download(ing)? go1\.99\.1/);
    const r = xbd(['env', '--format', 'json'], cwd, privateEnv(home, { XBD_GO: REAL_GO!, GOTOOLCHAIN: 'auto' }));
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /download/);
    const out = JSON.parse(r.stdout);
    assert.match(out.go, /^1\.2\d/);
    assert.equal(out.env.GOTOOLCHAIN, 'local');
  });
});

describe('xbd env / xbd check: GOROOT and the go install directory (XB402, XB403)', { skip: REAL_GO ? false : 'no Go toolchain installed (scripts/install-test-deps.sh go)' }, () => {
  type Out = { code: string; file: string; range: { start: { line: number } }; severity: string; message: string; fixes: unknown[] };
  const findings = (stdout: string): Out[] => JSON.parse(stdout).findings;
  const codes = (stdout: string) => findings(stdout).map((f) => f.code);

  it('GOROOT in the environment pointing at an empty directory: XB402 on the go env file, exit 1', () => {
    const home = mkdtempSync(join(scratch, 'home-'));
    const fakeRoot = mkdtempSync(join(scratch, 'fake-goroot-'));
    const env = privateEnv(home, { XBD_GO: REAL_GO!, GOROOT: fakeRoot });
    const r = xbd(['env', '--format', 'json'], dir(), env);
    assert.equal(r.code, 1, r.stderr);
    const [f] = findings(r.stdout);
    assert.deepEqual([f.code, f.file, f.range.start.line, f.severity], ['XB402', join(home, '.config', 'go', 'env'), 0, 'error']);
    assert.match(f.message, new RegExp(`GOROOT=${fakeRoot} is set in the environment`));
    assert.match(f.message, /package fmt is not in std/);
    const text = xbd(['env'], dir(), env);
    assert.match(text.stdout, /:1:1: error XB402: GOROOT=/);
    // xbd check reports it too, unless --no-go.
    const cwd = dir({ 'build.sh': '#!/bin/sh\ngo build -o bin/app .\n' });
    assert.deepEqual(codes(xbd(['check', '--format', 'json', '.'], cwd, env).stdout), ['XB402']);
    assert.deepEqual(codes(xbd(['check', '--no-go', '--format', 'json', '.'], cwd, env).stdout), []);
  });

  it('a GOROOT that does not exist breaks even go version, yet xbd env shows the environment and XB402', () => {
    const home = mkdtempSync(join(scratch, 'home-'));
    const gone = join(scratch, 'no-such-goroot');
    const env = privateEnv(home, { XBD_GO: REAL_GO!, GOROOT: gone });
    assert.match(run(REAL_GO!, ['version'], dir(), { ...env, GOTOOLCHAIN: 'local' }).stderr, /go: cannot find GOROOT directory/);
    const r = xbd(['env', '--format', 'json'], dir(), env);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.match(out.go, /^1\.2\d/);
    assert.deepEqual(out.findings.map((f: Out) => f.code), ['XB402']);
    assert.match(out.findings[0].message, /go: cannot find GOROOT directory/);
  });

  it('a GOROOT line in the go env file naming another release: XB402 on that line, with the fix that deletes it', { skip: OTHER_GOROOT ? false : 'needs two installed Go releases' }, () => {
    const home = mkdtempSync(join(scratch, 'home-'));
    const goenv = join(home, '.config', 'go', 'env');
    mkdirSync(dirname(goenv), { recursive: true });
    writeFileSync(goenv, `GOPRIVATE=github.com/acme/*\nGOROOT=${OTHER_GOROOT}\n`);
    const env = privateEnv(home, { XBD_GO: REAL_GO! });
    const r = xbd(['check', '--format', 'json', '.'], dir({ 'build.sh': '#!/bin/sh\ngo build .\n' }), env);
    const [f] = findings(r.stdout);
    assert.deepEqual([f.code, f.file, f.range.start.line], ['XB402', goenv, 1]);
    assert.match(f.message, /belongs to another Go installation/);
    assert.match(f.message, /does not match go tool version/);
    assert.equal(f.fixes.length, 1);
    // Checking the go env file itself applies the fix; afterwards go and xbd are both fine.
    assert.equal(xbd(['check', '--fix', goenv], dir(), env).code, 0);
    assert.equal(readFileSync(goenv, 'utf8'), 'GOPRIVATE=github.com/acme/*\n');
    assert.deepEqual(codes(xbd(['env', '--format', 'json'], dir(), env).stdout), []);
  });

  it('GOBIN not on PATH: XB403 (information, exit 0) on the GOBIN line; silent once PATH holds it', () => {
    const home = mkdtempSync(join(scratch, 'home-'));
    const gobin = join(home, 'tools');
    const env = privateEnv(home, { XBD_GO: REAL_GO! });
    assert.equal(run(REAL_GO!, ['env', '-w', `GOBIN=${gobin}`], dir(), { ...env, GOTOOLCHAIN: 'local' }).code, 0);
    const r = xbd(['env', '--format', 'json'], dir(), env);
    assert.equal(r.code, 0, r.stderr);
    const [f] = findings(r.stdout);
    assert.deepEqual([f.code, f.severity, f.range.start.line], ['XB403', 'information', 0]);
    assert.match(f.message, new RegExp(`writes commands to ${gobin} \\(GOBIN\\)`));
    assert.deepEqual(codes(xbd(['check', '--format', 'json', '.'], dir({ 'build.sh': '#!/bin/sh\ngo build .\n' }), env).stdout), ['XB403']);
    assert.deepEqual(codes(xbd(['env', '--format', 'json'], dir(), { ...env, PATH: `${gobin}:/usr/bin:/bin` }).stdout), []);
  });

  it('GOBIN empty and GOPATH/bin not on PATH: XB403 at the start of a go env file that does not exist', () => {
    const home = mkdtempSync(join(scratch, 'home-'));
    const r = xbd(['env', '--format', 'json'], dir(), privateEnv(home, { XBD_GO: REAL_GO!, PATH: '/usr/bin:/bin' }));
    const [f] = findings(r.stdout);
    assert.deepEqual([f.code, f.file, f.range.start.line], ['XB403', join(home, '.config', 'go', 'env'), 0]);
    assert.ok(!existsSync(f.file));
    assert.match(f.message, new RegExp(`${join(home, 'go', 'bin')} \\(the first GOPATH entry`));
  });
});

describe('xbd with a broken or hanging go', () => {
  it('sets GOTOOLCHAIN=local for every go it runs (a fake go that prints its environment)', () => {
    const go = fakeGo(
      'case "$1" in\n' +
        'version) echo "go version go1.22.0 linux/amd64" ;;\n' +
        'env) printf \'{"GOTOOLCHAIN":"%s","GOENV":"off","GOOS":"linux","GOARCH":"amd64"}\\n\' "$GOTOOLCHAIN" ;;\n' +
        'tool) echo \'[{"GOOS":"linux","GOARCH":"amd64","CgoSupported":true,"FirstClass":true}]\' ;;\n' +
        'esac',
    );
    const home = mkdtempSync(join(scratch, 'home-'));
    const out = JSON.parse(xbd(['env', '--format', 'json'], dir(), privateEnv(home, { XBD_GO: go, GOTOOLCHAIN: 'go1.99.1' })).stdout);
    assert.equal(out.go, '1.22.0');
    assert.equal(out.env.GOTOOLCHAIN, 'local');
  });

  it('a go that hangs costs the timeout once, and the files are still checked', () => {
    const go = fakeGo('sleep 30');
    const home = mkdtempSync(join(scratch, 'home-'));
    const cwd = dir({ 'build.sh': '#!/bin/sh\nGOARCH=aarch64 go build -o bin/app .\n' });
    const r = xbd(['check', '--format', 'json', '.'], cwd, privateEnv(home, { XBD_GO: go, XBD_GO_TIMEOUT_MS: '300' }));
    assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
    assert.deepEqual(JSON.parse(r.stdout).findings.map((f: { code: string }) => f.code), ['XB102']);
    const text = xbd(['check', '.'], cwd, privateEnv(home, { XBD_GO: go, XBD_GO_TIMEOUT_MS: '300' }));
    assert.equal(text.stderr.match(/timed out/g)?.length, 1, text.stderr);
  });

  it('a missing go: embedded knowledge, said once; xbd env exits 2', () => {
    const home = mkdtempSync(join(scratch, 'home-'));
    const cwd = dir({ 'build.sh': '#!/bin/sh\nGOARCH=aarch64 go build -o bin/app .\n' });
    const env = privateEnv(home, { XBD_GO: join(scratch, 'no-such-go') });
    const r = xbd(['check', '.'], cwd, env);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /XB102/);
    assert.equal(r.stderr.match(/not found/g)?.length, 1, r.stderr);
    assert.equal(xbd(['env'], cwd, env).code, 2);
  });
});
