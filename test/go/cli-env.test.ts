/**
 * `xbd env` and the environment part of `xbd check` with a real Go (Debian's 1.22 package, or the first
 * covered release found) in a private HOME. Needs scripts/install-test-deps.sh (group go); without a Go
 * toolchain the suite fails and says so.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { INSTALLED_GO, project, privateEnv, run, scratch, xbd } from '../support/cli';

const REAL_GO = INSTALLED_GO[0];
/** The root of another installed release than REAL_GO's (XB402's other-installation case). */
const OTHER_GOROOT = INSTALLED_GO[1] ? dirname(dirname(INSTALLED_GO[1])) : undefined;

it('finds the Go toolchains that scripts/install-test-deps.sh installs', () => {
  assert.ok(REAL_GO, 'no Go toolchain in /usr/lib/go-1.2x or /opt/go-debs: run scripts/install-test-deps.sh go');
  assert.ok(OTHER_GOROOT, 'only one Go release installed: run scripts/install-test-deps.sh go');
});

describe('xbd env / xbd check with the real go env file', () => {
  it('XB401 and XB404 appear after go env -w and disappear after go env -u', () => {
    const home = mkdtempSync(join(scratch, 'home-'));
    const env = privateEnv(home, { XBD_GO: REAL_GO! });
    const cwd = project();
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
    const cwd = project({ 'build.sh': '#!/bin/sh\ngo build -o bin/app .\n' });
    run(REAL_GO!, ['env', '-w', 'GOOS=windows'], cwd, { ...env, GOTOOLCHAIN: 'local' });
    const withGo = JSON.parse(xbd(['check', '--format', 'json', '.'], cwd, env).stdout);
    assert.deepEqual(withGo.findings.map((f: { code: string; file: string }) => [f.code, f.file]), [['XB401', join(home, '.config', 'go', 'env')]]);
    const noGo = JSON.parse(xbd(['check', '--no-go', '--format', 'json', '.'], cwd, env).stdout);
    assert.deepEqual(noGo.findings, []);
  });

  it('runs go with GOTOOLCHAIN=local: a go.mod naming a newer toolchain triggers no download', () => {
    const home = mkdtempSync(join(scratch, 'home-'));
    const cwd = project({ 'go.mod': 'module example.com/m\n\ngo 1.99\n\ntoolchain go1.99.1\n' });
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

describe('xbd env / xbd check: GOROOT and the go install directory (XB402, XB403)', () => {
  type Out = { code: string; file: string; range: { start: { line: number } }; severity: string; message: string; fixes: unknown[]; related: { message: string }[] };
  const findings = (stdout: string): Out[] => JSON.parse(stdout).findings;
  const codes = (stdout: string) => findings(stdout).map((f) => f.code);

  it('GOROOT in the environment pointing at an empty directory: XB402 on the go env file, exit 1', () => {
    const home = mkdtempSync(join(scratch, 'home-'));
    const fakeRoot = mkdtempSync(join(scratch, 'fake-goroot-'));
    const env = privateEnv(home, { XBD_GO: REAL_GO!, GOROOT: fakeRoot });
    const r = xbd(['env', '--format', 'json'], project(), env);
    assert.equal(r.code, 1, r.stderr);
    const [f] = findings(r.stdout);
    assert.deepEqual([f.code, f.file, f.range.start.line, f.severity], ['XB402', join(home, '.config', 'go', 'env'), 0, 'error']);
    assert.match(f.message, new RegExp(`^GOROOT=${fakeRoot} in go's environment is not a Go installation: unset it`));
    assert.match([f.message, ...f.related.map((x) => x.message)].join('\n'), /package fmt is not in std/);
    const text = xbd(['env'], project(), env);
    assert.match(text.stdout, /:1:1: error XB402: GOROOT=/);
    // xbd check reports it too, unless --no-go.
    const cwd = project({ 'build.sh': '#!/bin/sh\ngo build -o bin/app .\n' });
    assert.deepEqual(codes(xbd(['check', '--format', 'json', '.'], cwd, env).stdout), ['XB402']);
    assert.deepEqual(codes(xbd(['check', '--no-go', '--format', 'json', '.'], cwd, env).stdout), []);
  });

  it('a GOROOT that does not exist breaks even go version, yet xbd env shows the environment and XB402', () => {
    const home = mkdtempSync(join(scratch, 'home-'));
    const gone = join(scratch, 'no-such-goroot');
    const env = privateEnv(home, { XBD_GO: REAL_GO!, GOROOT: gone });
    assert.match(run(REAL_GO!, ['version'], project(), { ...env, GOTOOLCHAIN: 'local' }).stderr, /go: cannot find GOROOT directory/);
    const r = xbd(['env', '--format', 'json'], project(), env);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.match(out.go, /^1\.2\d/);
    assert.deepEqual(out.findings.map((f: Out) => f.code), ['XB402']);
    assert.match([out.findings[0].message, ...out.findings[0].related.map((x: { message: string }) => x.message)].join('\n'), /go: cannot find GOROOT directory/);
  });

  it('a GOROOT line in the go env file naming another release: XB402 on that line, with the fix that deletes it', () => {
    const home = mkdtempSync(join(scratch, 'home-'));
    const goenv = join(home, '.config', 'go', 'env');
    mkdirSync(dirname(goenv), { recursive: true });
    writeFileSync(goenv, `GOPRIVATE=github.com/acme/*\nGOROOT=${OTHER_GOROOT}\n`);
    const env = privateEnv(home, { XBD_GO: REAL_GO! });
    const r = xbd(['check', '--format', 'json', '.'], project({ 'build.sh': '#!/bin/sh\ngo build .\n' }), env);
    const [f] = findings(r.stdout);
    assert.deepEqual([f.code, f.file, f.range.start.line], ['XB402', goenv, 1]);
    assert.match(f.message, /is another Go \(go1\.\d+/);
    assert.match(f.related.map((x) => x.message).join('\n'), /belongs to another Go installation/);
    assert.match([f.message, ...f.related.map((x) => x.message)].join('\n'), /does not match go tool version/);
    assert.equal(f.fixes.length, 1);
    // Checking the go env file itself applies the fix; afterwards go and xbd are both fine.
    assert.equal(xbd(['check', '--fix', goenv], project(), env).code, 0);
    assert.equal(readFileSync(goenv, 'utf8'), 'GOPRIVATE=github.com/acme/*\n');
    assert.deepEqual(codes(xbd(['env', '--format', 'json'], project(), env).stdout), []);
  });

  it('GOBIN not on PATH: XB403 (information, exit 0) on the GOBIN line; silent once PATH holds it', () => {
    const home = mkdtempSync(join(scratch, 'home-'));
    const gobin = join(home, 'tools');
    const env = privateEnv(home, { XBD_GO: REAL_GO! });
    assert.equal(run(REAL_GO!, ['env', '-w', `GOBIN=${gobin}`], project(), { ...env, GOTOOLCHAIN: 'local' }).code, 0);
    const r = xbd(['env', '--format', 'json'], project(), env);
    assert.equal(r.code, 0, r.stderr);
    const [f] = findings(r.stdout);
    assert.deepEqual([f.code, f.severity, f.range.start.line], ['XB403', 'information', 0]);
    assert.match(f.message, new RegExp(`writes to ${gobin} \\(GOBIN\\), which is not on PATH`));
    assert.deepEqual(codes(xbd(['check', '--format', 'json', '.'], project({ 'build.sh': '#!/bin/sh\ngo build .\n' }), env).stdout), ['XB403']);
    assert.deepEqual(codes(xbd(['env', '--format', 'json'], project(), { ...env, PATH: `${gobin}:/usr/bin:/bin` }).stdout), []);
  });

  it('GOBIN empty and GOPATH/bin not on PATH: XB403 at the start of a go env file that does not exist', () => {
    const home = mkdtempSync(join(scratch, 'home-'));
    const r = xbd(['env', '--format', 'json'], project(), privateEnv(home, { XBD_GO: REAL_GO!, PATH: '/usr/bin:/bin' }));
    const [f] = findings(r.stdout);
    assert.deepEqual([f.code, f.file, f.range.start.line], ['XB403', join(home, '.config', 'go', 'env'), 0]);
    assert.ok(!existsSync(f.file));
    assert.match(f.message, new RegExp(`${join(home, 'go', 'bin')} \\(GOPATH\\), which is not on PATH`));
  });
});
