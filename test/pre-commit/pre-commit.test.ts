// The pre-commit hook (.pre-commit-hooks.yaml, `id: xbd`) run by Debian's real pre-commit: `pre-commit try-repo`
// of this repository in a scratch git repository with staged build files, offline (a `language: system` hook
// needs no environment to be installed). `xbd` on PATH is the bundled CLI, as `npm install -g` would put it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../support/paths';

const root = repoRoot();
const scratch = mkdtempSync(join(tmpdir(), 'xbd-pre-commit-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const bin = join(scratch, 'bin');
const env: NodeJS.ProcessEnv = {
  PATH: `${bin}:/usr/bin:/bin`,
  HOME: scratch,
  PRE_COMMIT_HOME: join(scratch, 'pre-commit-cache'),
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  // No network: a hook that tried to install anything would fail here.
  http_proxy: 'http://127.0.0.1:9',
  https_proxy: 'http://127.0.0.1:9',
};

function git(cwd: string, ...args: string[]) {
  const r = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
}

/** A git repository with these files staged, then `pre-commit try-repo <this repo> xbd` in it. */
function tryRepo(files: Record<string, string>) {
  const repo = mkdtempSync(join(scratch, 'repo-'));
  git(repo, 'init', '-q');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, name)), { recursive: true });
    writeFileSync(join(repo, name), text);
  }
  git(repo, 'add', '-A');
  const r = spawnSync('pre-commit', ['try-repo', root, 'xbd', '--verbose'], { cwd: repo, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

const BAD_DOCKERFILE = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN GOOS=linux GOARCH=x86_64 go build -o /out/app .\n';
const GOOD_DOCKERFILE = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETOS TARGETARCH\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .\n\nFROM scratch\nCOPY --from=build /out/app /app\n';

describe('pre-commit hook (pre-commit try-repo)', { timeout: 300_000 }, () => {
  before(() => {
    assert.ok(spawnSync('pre-commit', ['--version'], { env }).status === 0, 'pre-commit not found: run `scripts/install-test-deps.sh precommit` (as root)');
    assert.ok(existsSync(join(root, 'dist', 'xbd.js')), 'dist/ is missing: run node scripts/build.mjs first');
    mkdirSync(bin);
    writeFileSync(join(bin, 'xbd'), `#!/bin/sh\nexec "${process.execPath}" "${join(root, 'dist', 'xbd.js')}" "$@"\n`);
    chmodSync(join(bin, 'xbd'), 0o755);
  });

  it('fails the commit on a staged Dockerfile with an error and prints the finding', () => {
    const r = tryRepo({ Dockerfile: BAD_DOCKERFILE, 'README.md': '# app\n' });
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /Go Cross-Build Doctor\.+Failed/);
    assert.match(r.out, /Dockerfile:4:23: error XB102: GOARCH=x86_64 is not a Go architecture: use amd64\./);
  });

  it('passes clean build files, and finds mistakes in Makefiles, *.mk, scripts and Containerfiles', () => {
    const clean = tryRepo({ Dockerfile: GOOD_DOCKERFILE, 'build.sh': '#!/bin/sh\nset -e\nCGO_ENABLED=0 GOOS=linux GOARCH=arm64 go build -o bin/app .\n' });
    assert.equal(clean.code, 0, clean.out);
    assert.match(clean.out, /Go Cross-Build Doctor\.+Passed/);
    const kinds = tryRepo({
      Makefile: 'build:\n\tGOOS=linux GOARCH=aarch64 go build -o bin/app .\n',
      'mk/release.mk': 'release:\n\tGOOS=linux GOARCH=x86_64 go build -o bin/app .\n',
      'scripts/cross.sh': '#!/bin/sh\nGOOS=darwn GOARCH=arm64 go build -o bin/app .\n',
      'Containerfile.dev': BAD_DOCKERFILE,
    });
    assert.equal(kinds.code, 1, kinds.out);
    for (const where of [/Makefile:2:\d+: error XB102/, /mk\/release\.mk:2:\d+: error XB102/, /scripts\/cross\.sh:2:\d+: error XB101/, /Containerfile\.dev:4:23: error XB102/]) {
      assert.match(kinds.out, where);
    }
  });

  it('is skipped when no build file is staged', () => {
    const r = tryRepo({ 'README.md': '# GOARCH=x86_64\n', 'main.go': 'package main\n\nfunc main() {}\n' });
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /Go Cross-Build Doctor\.+\(no files to check\)Skipped/);
  });
});
