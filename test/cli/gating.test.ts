// What CI relies on: strict arguments with helpful messages, honest exit statuses, counts, --fix that applies
// only what the report shows and says what it did, --format github, --version.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/paths';
import { project, scratch, XBD, xbd } from '../support/cli';

const BAD = 'FROM golang:1.22\nRUN GOOS=linux GOARCH=aarch64 go build -o /app .\n';
// A multi-platform build on Go 1.23: XB107 (information) offers GOARM=${TARGETVARIANT#v}.
const ARM_NOTE = [
  'FROM --platform=$BUILDPLATFORM golang:1.23 AS build',
  'ARG TARGETOS TARGETARCH',
  'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .',
  '',
  'FROM alpine:3.20',
  'COPY --from=build /out/app /app',
  '',
].join('\n');

describe('xbd check arguments', () => {
  it('rejects unknown rule codes, bad severities, invalid targets and formats, listing what is valid (exit 2)', () => {
    const dir = project({ 'Dockerfile': BAD });
    const cases: [string[], RegExp][] = [
      [['--rule', 'XB999=off'], /unknown rule code "XB999"; known codes: XB101, .*XB601/],
      [['--rule', 'XB102=info'], /--rule XB102: "info" is not one of error, warning, information, hint, off/],
      [['--rule', 'XB102'], /--rule takes CODE=SEVERITY/],
      [['--host', 'linux/aarch64'], /--host: "aarch64" is not a Go architecture; valid: .*\barm64\b/],
      [['--target', 'linux/arm/v9'], /--target: "v9" is not a variant of arm; valid: v5, v6, v7/],
      [['--host', 'arm64'], /not OS\/ARCH/],
      [['--format', 'xml'], /--format: "xml" is not one of text, json, sarif, github/],
      [['--fix-severity', 'hint'], /--fix-severity needs --fix/],
      [['--fix', '--fix-severity', 'notes'], /--fix-severity: "notes" is not one of error, warning, information, hint/],
      [['--bogus'], /unknown option: --bogus/],
      [['--exclude'], /--exclude needs a value/],
      [['missing-dir'], /no such file or directory: missing-dir/],
    ];
    for (const [args, message] of cases) {
      const r = xbd(['check', '--no-go', ...args], dir);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
    }
  });

  it('--host names the machine that runs go (XB503); --target is still accepted, with a note', () => {
    const dir = project({ 'test.sh': '#!/bin/sh\nGOOS=linux GOARCH=arm64 go test ./...\n' });
    const codes = (args: string[]) => JSON.parse(xbd(['check', '--no-go', '--format', 'json', ...args, '.'], dir).stdout).findings.map((f: { code: string }) => f.code);
    assert.deepEqual(codes(['--host', 'linux/amd64']), ['XB503']);
    assert.deepEqual(codes(['--host', 'linux/arm64']), []);
    const old = xbd(['check', '--no-go', '--target', 'linux/arm64', '.'], dir);
    assert.equal(old.code, 0, old.stderr);
    assert.match(old.stderr, /--target is read as --host \(the machine that runs go\); use --host/);
  });

  it('check with no PATH means ., -- ends the options, --help and --version answer', () => {
    const dir = project({ 'Dockerfile': BAD, '-odd/Dockerfile': BAD });
    const plain = xbd(['check', '--no-go', '--format', 'json'], dir);
    assert.equal(plain.code, 1, plain.stderr);
    assert.deepEqual(JSON.parse(plain.stdout).findings.map((f: { file: string }) => f.file), ['-odd/Dockerfile', 'Dockerfile']);
    const dashed = xbd(['check', '--no-go', '--format', 'json', '--', '-odd'], dir);
    assert.deepEqual(JSON.parse(dashed.stdout).findings.map((f: { file: string }) => f.file), ['-odd/Dockerfile']);
    for (const args of [['check', '--help'], ['check', '-h'], ['--help'], ['help']]) {
      const r = xbd(args, dir);
      assert.equal(r.code, 0, args.join(' '));
      assert.match(r.stdout, /Exit status:\n  0 .*\n  1 .*\n  2 .*\n  3 .*nothing was analysed.*\n  4 .*could not be read/, args.join(' '));
      assert.match(r.stdout, /--fix-severity/);
    }
    assert.equal(xbd([], dir).code, 2);
  });

  it('--version prints package.json\'s version, built in: a copy of the bundle outside the repository says the same', () => {
    const version = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')).version;
    const elsewhere = mkdtempSync(join(scratch, 'bundle-'));
    for (const name of readdirSync(join(repoRoot(), 'dist'))) if (/^xbd\.js$|\.wasm$/.test(name)) copyFileSync(join(repoRoot(), 'dist', name), join(elsewhere, name));
    const r = spawnSync(process.execPath, [join(elsewhere, 'xbd.js'), '--version'], { cwd: elsewhere, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `xbd ${version}\n`);
    assert.equal(xbd(['--version'], elsewhere).stdout, `xbd ${version}\n`);
    // The one version is package.json's: the CLI's sources hold no copy of it.
    for (const name of readdirSync(join(repoRoot(), 'server/src/cli'))) {
      assert.ok(!readFileSync(join(repoRoot(), 'server/src/cli', name), 'utf8').includes(`'${version}'`), name);
    }
  });
});

describe('xbd check exit statuses and counts', () => {
  it('3 when nothing was analysed: no build file, or every one excluded', () => {
    const empty = project({ 'README.md': '# hi\n' });
    const none = xbd(['check', '--no-go', '.'], empty);
    assert.equal(none.code, 3, none.stderr);
    assert.match(none.stderr, /nothing was analysed/);
    assert.match(none.stdout, /^0 files analysed, 0 skipped: 0 errors, 0 warnings, 0 notes$/m);
    const dir = project({ 'Dockerfile': BAD });
    assert.equal(xbd(['check', '--no-go', '--exclude', '*', '.'], dir).code, 3);
    const named = xbd(['check', '--no-go', '--exclude', 'Dockerfile', '--format', 'json', 'Dockerfile'], dir);
    assert.equal(named.code, 3);
    assert.deepEqual(JSON.parse(named.stdout).skipped, [{ file: 'Dockerfile', reason: 'excluded', message: 'excluded by --exclude' }]);
  });

  it('JSON carries counts by severity, the skipped paths with reasons, and each finding\'s docs page', () => {
    const dir = project({ 'Dockerfile': BAD, 'arm/Dockerfile': ARM_NOTE, 'go.mod': 'module x\n\ngo 1.22\n' });
    const r = xbd(['check', '--no-go', '--format', 'json', '.', 'go.mod'], dir);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.counts, { analysed: 2, skipped: 1, findings: { error: 1, warning: 0, information: 1, hint: 0 }, applied: 0 });
    assert.deepEqual(out.skipped.map((s: { file: string; reason: string }) => [s.file, s.reason]), [['go.mod', 'not-build-file']]);
    for (const f of out.findings) assert.equal(f.docs, `https://github.com/go-cross-build-doctor/xbd/blob/main/docs/rules/${f.code}.md`);
    const text = xbd(['check', '--no-go', '.'], dir);
    assert.match(text.stdout, /^Dockerfile:2:\d+: error XB102: .*\(https:\/\/\S+\/docs\/rules\/XB102\.md\)$/m);
    assert.match(text.stdout, /^2 files analysed, 0 skipped: 1 error, 0 warnings, 1 note$/m);
  });
});

describe('xbd check --fix applies what the report shows, and says so', () => {
  it('by default only errors and warnings: an information note is reported, not fixed', () => {
    const dir = project({ 'Dockerfile': BAD, 'arm/Dockerfile': ARM_NOTE });
    const r = xbd(['check', '--no-go', '--fix', '.'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(join(dir, 'arm', 'Dockerfile'), 'utf8'), ARM_NOTE);
    assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), BAD.replace('aarch64', 'arm64'));
    assert.match(r.stdout, /^Dockerfile:2: fixed XB102 \(Change to arm64\): "aarch64" → "arm64"$/m);
    assert.match(r.stdout, /^arm\/Dockerfile:3:\d+: information XB107/m);
    assert.match(r.stdout, /; 1 edit in 1 file$/m);
  });

  it('--fix-severity information widens it; JSON lists the edits in applied', () => {
    const dir = project({ 'arm/Dockerfile': ARM_NOTE });
    const r = xbd(['check', '--no-go', '--fix', '--fix-severity', 'information', '--format', 'json', '.'], dir);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.applied.map((e: { file: string; code: string; after: string }) => [e.file, e.code, e.after]), [
      ['arm/Dockerfile', 'XB107', ' TARGETVARIANT'],
      ['arm/Dockerfile', 'XB107', ' GOARM=${TARGETVARIANT#v}'],
    ]);
    assert.match(readFileSync(join(dir, 'arm', 'Dockerfile'), 'utf8'), /GOARM=\$\{TARGETVARIANT#v\} go build/);
  });

  it('never fixes what the report does not show: suppressed, turned off, or lowered below the threshold', () => {
    const suppressed = BAD.replace('RUN', '# xbd-ignore XB102\nRUN');
    const dir = project({ 'a/Dockerfile': suppressed, 'b/Dockerfile': BAD, 'c/Dockerfile': BAD });
    assert.equal(xbd(['check', '--no-go', '--fix', '--exclude', 'b', '--exclude', 'c', '.'], dir).code, 0);
    assert.equal(readFileSync(join(dir, 'a', 'Dockerfile'), 'utf8'), suppressed);
    assert.equal(xbd(['check', '--no-go', '--fix', '--rule', 'XB102=off', 'b'], dir).code, 0);
    assert.equal(readFileSync(join(dir, 'b', 'Dockerfile'), 'utf8'), BAD);
    const lowered = xbd(['check', '--no-go', '--fix', '--rule', 'XB102=information', '--format', 'json', 'c'], dir);
    assert.deepEqual(JSON.parse(lowered.stdout).applied, []);
    assert.equal(readFileSync(join(dir, 'c', 'Dockerfile'), 'utf8'), BAD);
    assert.equal(xbd(['check', '--no-go', '--fix', '--exclude', 'c', '.'], dir).code, 0, 'b is fixed now, c is excluded');
    assert.equal(readFileSync(join(dir, 'b', 'Dockerfile'), 'utf8'), BAD.replace('aarch64', 'arm64'));
    assert.equal(readFileSync(join(dir, 'c', 'Dockerfile'), 'utf8'), BAD);
  });

  it('offers no GOARM=${TARGETVARIANT#v} fix on Go 1.22, where linux/amd64/v3 would get GOARM=3', () => {
    const dir = project({ 'Dockerfile': ARM_NOTE.replace('golang:1.23', 'golang:1.22') });
    const out = JSON.parse(xbd(['check', '--no-go', '--format', 'json', '.'], dir).stdout);
    assert.deepEqual(out.findings.map((f: { code: string; fixes: unknown[] }) => [f.code, f.fixes.length]), [['XB107', 0]]);
  });
});

describe('xbd check --format github', () => {
  it('prints one workflow command per finding, with the properties and message escaped as GitHub reads them', () => {
    const dir = project({ 'odd,name:1/Dockerfile': BAD, 'arm/Dockerfile': ARM_NOTE });
    const r = xbd(['check', '--no-go', '--format', 'github', '.'], dir);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[0], /^::notice file=arm\/Dockerfile,line=3,col=\d+,endLine=3,title=XB107::GOARCH=\$TARGETARCH without GOARM/);
    assert.match(lines[1], /^::error file=odd%2Cname%3A1\/Dockerfile,line=2,col=\d+,endLine=2,title=XB102::GOARCH=aarch64 .*\(https:\/\/\S+XB102\.md\)(%0A[^\n]+)?$/);
    assert.match(lines[2], /^2 files analysed/);
  });
});
