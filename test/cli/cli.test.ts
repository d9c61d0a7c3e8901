import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { project, XBD } from '../support/cli';


function xbd(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [XBD, ...args], { cwd, encoding: 'utf8', env: { ...process.env, PATH: '/nonexistent' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// A deliberate single-platform build (stage names say the arch), with one mistake: XB102.
const DOCKERFILE = [
  'FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build',
  'WORKDIR /src',
  'COPY . .',
  'RUN CGO_ENABLED=0 GOOS=linux GOARCH=aarch64 go build -o /out/app-arm64 ./cmd/app',
  '',
  'FROM --platform=linux/arm64 alpine:3.20 AS runtime_arm64',
  'COPY --from=build /out/app-arm64 /app',
  '',
].join('\n');

describe('xbd check', () => {
  it('prints the JSON contract with 0-based positions and relative paths as given', () => {
    const dir = project({ 'Dockerfile': DOCKERFILE });
    const r = xbd(['check', '--no-go', '--format', 'json', '.'], dir);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.version, 1);
    assert.equal(out.findings.length, 1);
    const [f] = out.findings;
    assert.deepEqual(Object.keys(f).sort(), ['code', 'docs', 'file', 'fixes', 'message', 'range', 'related', 'severity', 'source']);
    // The evidence the message has no room for: here where the Go version the verdict assumes comes from.
    assert.deepEqual(f.related.map((r: { message: string }) => r.message), ['Go 1.22: golang:1.22-alpine on line 1']);
    assert.equal(f.file, 'Dockerfile');
    assert.deepEqual(f.range, { start: { line: 3, character: 36 }, end: { line: 3, character: 43 } });
    assert.equal(f.code, 'XB102');
    assert.equal(f.severity, 'error');
    assert.equal(f.source, 'xbd');
    assert.deepEqual(f.fixes[0].edits, [{ file: 'Dockerfile', range: f.range, newText: 'arm64' }]);
    assert.equal(f.fixes[0].isPreferred, true);
  });

  it('reports absolute paths when the argument is absolute', () => {
    const dir = project({ 'build/Dockerfile.release': DOCKERFILE });
    const out = JSON.parse(xbd(['check', '--no-go', '--format=json', dir], '/').stdout);
    assert.equal(out.findings[0].file, join(dir, 'build', 'Dockerfile.release'));
  });

  it('walks directories, skips vendor, node_modules and .git, and finds scripts by shebang', () => {
    const bad = '#!/bin/sh\nGOOS=macos go build .\n';
    const dir = project({
      'scripts/release': bad,
      'vendor/x/build.sh': bad,
      'node_modules/y/build.sh': bad,
      '.git/hooks/pre-commit.sh': bad,
      'notes.txt': bad,
    });
    const out = JSON.parse(xbd(['check', '--no-go', '--format', 'json', '.'], dir).stdout);
    assert.deepEqual(out.findings.map((f: { file: string }) => f.file), ['scripts/release']);
  });

  it('exits 0 when nothing error-level remains and 2 on usage errors', () => {
    const dir = project({ 'Makefile': 'build:\n\tGOOS=linux GOARCH=arm64 go build -o bin/app .\n' });
    assert.equal(xbd(['check', '--no-go', '.'], dir).code, 0);
    assert.equal(xbd(['check', '--no-go', '--format', 'xml', '.'], dir).code, 2);
    assert.equal(xbd(['check', '--no-go'], dir).code, 0, 'no PATH means .');
    assert.equal(xbd(['check', '--bogus', '.'], dir).code, 2);
    assert.equal(xbd(['check', '--no-go', 'missing-dir'], dir).code, 2);
    assert.equal(xbd(['check', '--no-go', '--target', 'arm64', '.'], dir).code, 2);
    assert.equal(xbd(['check', '--no-go', '--target', 'linux/arm/v7', '.'], dir).code, 0);
    assert.equal(xbd(['lint', '.'], dir).code, 2);
  });

  it('--rule turns a rule off or changes its severity', () => {
    const dir = project({ 'Dockerfile': DOCKERFILE });
    assert.equal(xbd(['check', '--no-go', '--rule', 'XB102=off', '.'], dir).code, 0);
    const out = JSON.parse(xbd(['check', '--no-go', '--rule', 'XB102=warning', '--format', 'json', '.'], dir).stdout);
    assert.equal(out.findings[0].severity, 'warning');
  });

  it('--fix applies preferred fixes, leaves the rest of the file alone, and is idempotent', () => {
    const dir = project({
      'Dockerfile': DOCKERFILE,
      'Makefile': 'export GOOS := Linux\nexport GOARCH := armv7\n\nbuild:\n\tgo build -o bin/app .\n',
    });
    const r = xbd(['check', '--no-go', '--fix', '.'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), DOCKERFILE.replace('aarch64', 'arm64'));
    assert.equal(
      readFileSync(join(dir, 'Makefile'), 'utf8'),
      'export GOOS := linux\nexport GOARCH := arm\nexport GOARM := 7\n\nbuild:\n\tgo build -o bin/app .\n',
    );
    const again = xbd(['check', '--no-go', '--fix', '--format', 'json', '.'], dir);
    assert.deepEqual(JSON.parse(again.stdout).findings, []);
    assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), DOCKERFILE.replace('aarch64', 'arm64'));
  });

  it('prints SARIF 2.1.0 with rules, help URIs, locations and fixes', () => {
    const dir = project({ 'Dockerfile': DOCKERFILE });
    const sarif = JSON.parse(xbd(['check', '--no-go', '--format', 'sarif', '.'], dir).stdout);
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, 'xbd');
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'XB102');
    assert.match(rule.helpUri, /\/docs\/rules\/XB102\.md$/);
    const [result] = run.results;
    assert.equal(result.ruleId, 'XB102');
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'XB102');
    assert.equal(result.level, 'error');
    const loc = result.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uri, 'Dockerfile');
    assert.deepEqual(loc.region, { startLine: 4, startColumn: 37, endLine: 4, endColumn: 44 });
    assert.equal(result.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, 'arm64');
  });

  it('says once that go is missing and still checks with embedded knowledge', () => {
    const dir = project({ 'Dockerfile': DOCKERFILE });
    const r = xbd(['check', '.'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /go was not found; using embedded knowledge only/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });

  it('survives binary junk and a huge file', () => {
    const dir = project({
      'Dockerfile': `FROM golang\u0000\u0001\nRUN "unterminated <<EOF\n${'\uFFFD'.repeat(1000)}`,
      'big.sh': `#!/bin/sh\n${'GOOS=linux go build .\n'.repeat(150_000)}`,
    });
    const r = xbd(['check', '--no-go', '--format', 'json', '.'], dir);
    assert.notEqual(r.code, 2, r.stderr);
    assert.match(r.stderr, /big\.sh: larger than/);
  });
});
