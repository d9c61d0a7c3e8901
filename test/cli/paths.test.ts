// xbd check on the file system as users and abusers shape it: unreadable folders and files, read-only files
// under --fix, symbolic link loops, FIFOs, Latin-1 files. Run as an unprivileged user (root reads anything).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { unprivilegedIds, userProject, xbdAsUser } from '../support/cli';

/** Gives what root created in a user's project back to the user. */
function giveBack(dir: string) {
  const { uid, gid } = unprivilegedIds();
  if (process.getuid!() === 0) assert.equal(spawnSync('chown', ['-R', '-h', `${uid}:${gid}`, dir]).status, 0);
}

const BAD = 'FROM golang:1.22\nRUN GOOS=linux GOARCH=aarch64 go build -o /app .\n';
const GOOD = 'FROM golang:1.22\nRUN GOOS=linux GOARCH=arm64 go build -o /app .\n';

const NO_STACK = /\n\s+at [^\n]+:\d+:\d+/;
type Json = {
  counts: { analysed: number; skipped: number; findings: Record<string, number> };
  findings: { file: string; code: string }[];
  skipped: { file: string; reason: string; message: string }[];
  applied: { file: string; code: string; before: string; after: string }[];
};
const json = (stdout: string): Json => JSON.parse(stdout);

describe('xbd check on unreadable, looping and odd paths (as an unprivileged user)', () => {
  it('an unreadable folder met while walking: one line naming it, the rest checked, exit 4', () => {
    const dir = userProject({ 'a/Dockerfile': BAD, 'locked/Dockerfile': BAD, 'z/Dockerfile': BAD });
    chmodSync(join(dir, 'locked'), 0o000);
    const r = xbdAsUser(['check', '--no-go', '--format', 'json', '.'], dir);
    assert.equal(r.code, 4, r.stderr);
    assert.doesNotMatch(r.stderr, NO_STACK);
    assert.match(r.stderr, /^xbd: locked: cannot read folder: EACCES: permission denied$/m);
    const out = json(r.stdout);
    assert.deepEqual(out.findings.map((f) => f.file), ['a/Dockerfile', 'z/Dockerfile']);
    assert.deepEqual(out.skipped.map((s) => [s.file, s.reason]), [['locked', 'unreadable']]);
  });

  it('an unreadable file: named once, the files after it still checked, exit 4 even with error findings', () => {
    const dir = userProject({ 'Dockerfile': BAD, 'Dockerfile.secret': BAD, 'build.sh': '#!/bin/sh\nGOOS=macos go build .\n' });
    chmodSync(join(dir, 'Dockerfile.secret'), 0o000);
    const r = xbdAsUser(['check', '--no-go', '.'], dir);
    assert.equal(r.code, 4, r.stderr);
    assert.doesNotMatch(r.stderr, NO_STACK);
    assert.deepEqual(r.stderr.trim().split('\n'), ['xbd: Dockerfile.secret: cannot read: EACCES: permission denied']);
    assert.match(r.stdout, /^Dockerfile:2:\d+: error XB102/m);
    assert.match(r.stdout, /^build\.sh:2:\d+: error XB101/m);
    assert.match(r.stdout, /^2 files analysed, 1 skipped: 2 errors, 0 warnings, 0 notes$/m);
  });

  it('--fix on a read-only file: left as it is with one line, the other files fixed, exit 4', () => {
    const dir = userProject({ 'a/Dockerfile': BAD, 'b/Dockerfile': BAD, 'c/Dockerfile': BAD });
    chmodSync(join(dir, 'b', 'Dockerfile'), 0o444);
    const r = xbdAsUser(['check', '--no-go', '--fix', '--format', 'json', '.'], dir);
    assert.equal(r.code, 4, r.stderr);
    assert.doesNotMatch(r.stderr, NO_STACK);
    assert.match(r.stderr, /^xbd: b\/Dockerfile: cannot write: EACCES: permission denied; its findings are reported unfixed$/m);
    assert.equal(readFileSync(join(dir, 'a', 'Dockerfile'), 'utf8'), GOOD);
    assert.equal(readFileSync(join(dir, 'b', 'Dockerfile'), 'utf8'), BAD);
    assert.equal(readFileSync(join(dir, 'c', 'Dockerfile'), 'utf8'), GOOD);
    const out = json(r.stdout);
    assert.deepEqual(out.applied.map((e) => e.file), ['a/Dockerfile', 'c/Dockerfile']);
    assert.deepEqual(out.findings.filter((f) => f.code === 'XB102').map((f) => f.file), ['b/Dockerfile']);
  });

  it('symbolic link loops: ends at once, each real file once, the links named', () => {
    const dir = userProject({ 'Dockerfile': BAD, 'sub/Dockerfile.arm': BAD });
    symlinkSync('..', join(dir, 'sub', 'up'));
    symlinkSync('.', join(dir, 'self'));
    symlinkSync('sub', join(dir, 'zz-again'));
    symlinkSync('loop-b', join(dir, 'loop-a'));
    symlinkSync('loop-a', join(dir, 'loop-b'));
    symlinkSync('Dockerfile', join(dir, 'Dockerfile.link'));
    giveBack(dir);
    const r = xbdAsUser(['check', '--no-go', '--format', 'json', '.'], dir, 20_000);
    assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
    assert.equal(r.code, 1, r.stderr);
    const out = json(r.stdout);
    assert.deepEqual(out.findings.map((f) => f.file), ['Dockerfile', 'sub/Dockerfile.arm']);
    assert.equal(out.counts.analysed, 2);
    assert.deepEqual(
      out.skipped.map((s) => [s.file, s.reason]),
      [['Dockerfile.link', 'duplicate'], ['loop-a', 'link-loop'], ['loop-b', 'link-loop'], ['self', 'link-loop'], ['sub/up', 'link-loop'], ['zz-again', 'duplicate']],
    );
    assert.match(r.stderr, /^xbd: sub\/up: link to a folder above it \(\.\); not followed$/m);
  });

  it('a FIFO named like a build file is never opened (no hang) and is named', () => {
    const dir = userProject({ 'Makefile': 'build:\n\tGOOS=linux GOARCH=arm64 go build .\n' });
    assert.equal(spawnSync('mkfifo', [join(dir, 'Dockerfile')]).status, 0, 'mkfifo');
    giveBack(dir);
    const walked = xbdAsUser(['check', '--no-go', '--format', 'json', '.'], dir, 20_000);
    assert.equal(walked.code, 0, walked.stderr);
    assert.deepEqual(json(walked.stdout).skipped.map((s) => [s.file, s.reason]), [['Dockerfile', 'not-regular']]);
    const named = xbdAsUser(['check', '--no-go', 'Dockerfile'], dir, 20_000);
    assert.equal(named.code, 3, named.stderr);
    assert.match(named.stderr, /Dockerfile: not a regular file/);
  });

  it('a Latin-1 file: checked with the right columns; --fix changes only the bytes of its edit', () => {
    const line = 'RUN echo "\xe9t\xe9 \xa9" && GOOS=linux GOARCH=aarch64 go build -o /app .';
    const latin1 = Buffer.from(`# Copyright \xa9 Soci\xe9t\xe9 M\xfcller\nFROM golang:1.22\n${line}\n# \xfc\n`, 'latin1');
    const dir = userProject({ 'Dockerfile': latin1 });
    const checked = xbdAsUser(['check', '--no-go', '--format', 'json', '.'], dir);
    assert.equal(checked.code, 1, checked.stderr);
    const [f] = JSON.parse(checked.stdout).findings;
    assert.deepEqual([f.code, f.range.start], ['XB102', { line: 2, character: line.indexOf('aarch64') }]);
    const fixed = xbdAsUser(['check', '--no-go', '--fix', '.'], dir);
    assert.equal(fixed.code, 0, fixed.stderr);
    const expected = Buffer.from(latin1.toString('latin1').replace('aarch64', 'arm64'), 'latin1');
    assert.ok(readFileSync(join(dir, 'Dockerfile')).equals(expected), 'only aarch64 → arm64 changed, byte for byte');
  });

  it('a file over the size limit is skipped, not counted as analysed; alone it means nothing was analysed (3)', () => {
    const dir = userProject({ 'big.sh': `#!/bin/sh\n${'GOOS=linux go build .\n'.repeat(120_000)}` });
    const r = xbdAsUser(['check', '--no-go', '--format', 'json', '.'], dir);
    assert.equal(r.code, 3, r.stderr);
    const out = json(r.stdout);
    assert.equal(out.counts.analysed, 0);
    assert.deepEqual(out.skipped.map((s) => [s.file, s.reason]), [['big.sh', 'size']]);
  });

  it('many nested folders and links stay within the bound', () => {
    const dir = userProject();
    let path = dir;
    for (let i = 0; i < 30; i++) {
      path = join(path, `d${i}`);
      mkdirSync(path);
      symlinkSync(dir, join(path, 'top'));
      writeFileSync(join(path, 'Dockerfile'), GOOD);
    }
    giveBack(dir);
    const r = xbdAsUser(['check', '--no-go', '--format', 'json', '.'], dir, 30_000);
    assert.equal(r.code, 0, r.stderr);
    const out = json(r.stdout);
    assert.equal(out.counts.analysed, 30);
    assert.equal(out.skipped.filter((s) => s.reason === 'link-loop').length, 30);
  });
});
