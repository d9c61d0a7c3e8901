import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DockerfileParser } from 'dockerfile-ast';
import { repoRoot } from '../support/paths';

const XBD = join(repoRoot(), 'dist', 'xbd.js');
const scratch = mkdtempSync(join(tmpdir(), 'xbd-fix-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Realistic Dockerfiles, each with several fixable mistakes at once. */
const CASES: Record<string, string> = {
  'emulated build, raw variant, x86_64': readFileSync(join(repoRoot(), 'examples/api/Dockerfile'), 'utf8'),
  'native gcc build into scratch, -static, defaults on platform args': [
    '# escape=\\',
    'ARG TARGETARCH=amd64',
    'FROM golang:1.22 AS build',
    'WORKDIR /src',
    'COPY . .',
    'RUN go build -ldflags "-s -w -static" \\',
    '    -o /out/server ./cmd/server',
    '',
    'FROM --platform=$TARGETPLATFORM scratch',
    'COPY --from=build /out/server /server',
    'ENTRYPOINT ["/server"]',
    '',
  ].join('\n'),
  'builder platform without GOARCH, undeclared TARGETOS, alpine with cgo': [
    'FROM --platform=$BUILDPLATFORM golang:1.23-alpine AS build',
    'WORKDIR /app',
    'COPY . .',
    'RUN CGO_ENABLED=1 GOOS=$TARGETOS go build -o /app/bin/api .',
    '',
    'FROM alpine:3.20',
    'COPY --from=build /app/bin/api /usr/local/bin/api',
    'CMD ["api"]',
    '',
  ].join('\r\n'),
};

function stages(text: string): string[] {
  return DockerfileParser.parse(text)
    .getFROMs()
    .map((f) => `${f.getImageName() ?? ''} AS ${f.getBuildStage() ?? ''}`);
}

function findings(dir: string): { code: string }[] {
  const r = spawnSync(process.execPath, [XBD, 'check', '--no-go', '--format', 'json', '.'], { cwd: dir, encoding: 'utf8' });
  return JSON.parse(r.stdout).findings;
}

describe('xbd check --fix on whole Dockerfiles', () => {
  for (const [name, text] of Object.entries(CASES)) {
    it(`${name}: fixed codes stay fixed, the stages are the same, a --fix run applies only what the previous one reported, and it settles`, () => {
      const dir = mkdtempSync(join(scratch, 'case-'));
      writeFileSync(join(dir, 'Dockerfile'), text);
      const before = findings(dir);
      const fixable = new Set(
        (JSON.parse(spawnSync(process.execPath, [XBD, 'check', '--no-go', '--format', 'json', '.'], { cwd: dir, encoding: 'utf8' }).stdout).findings as { code: string; fixes: { isPreferred: boolean }[] }[])
          .filter((f) => f.fixes.some((x) => x.isPreferred))
          .map((f) => f.code),
      );
      assert.ok(fixable.size >= 2, `the case should exercise several fixes, got ${[...fixable].join(', ')} of ${before.map((f) => f.code).join(', ')}`);
      const fix = () => spawnSync(process.execPath, [XBD, 'check', '--no-go', '--fix', '--fix-severity', 'hint', '--format', 'json', '.'], { cwd: dir, encoding: 'utf8' });
      const r = fix();
      assert.notEqual(r.status, 2, r.stderr);
      // A finding that only a fix revealed is reported, not fixed: the next --fix may fix it, nothing else.
      const revealed = new Set((JSON.parse(r.stdout).findings as { code: string; fixes: { isPreferred: boolean }[] }[]).filter((f) => f.fixes.some((x) => x.isPreferred)).map((f) => f.code));
      const fixed = readFileSync(join(dir, 'Dockerfile'), 'utf8');
      assert.notEqual(fixed, text, 'something was fixed');
      const remaining = findings(dir).map((f) => f.code);
      for (const code of fixable) assert.ok(!remaining.includes(code), `${code} came back after --fix:\n${fixed}`);
      assert.deepEqual(stages(fixed), stages(text), `dockerfile-ast reads other stages after --fix:\n${fixed}`);
      if (text.includes('\r\n')) assert.ok(!/[^\r]\n/.test(fixed), 'CRLF line endings are kept');
      const second = JSON.parse(fix().stdout).applied as { code: string }[];
      for (const e of second) assert.ok(revealed.has(e.code), `the second --fix applied ${e.code}, which the first did not report`);
      const settled = readFileSync(join(dir, 'Dockerfile'), 'utf8');
      if (!second.length) assert.equal(settled, fixed, 'a second --fix with nothing to apply changes nothing');
      assert.deepEqual(JSON.parse(fix().stdout).applied, [], 'a third --fix has nothing left to apply');
      assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), settled, 'and changes nothing');
    });
  }
});
