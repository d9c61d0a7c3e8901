import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { project, XBD } from '../support/cli';


function checkJson(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [XBD, 'check', '--no-go', '--format', 'json', ...args], { cwd, encoding: 'utf8', env: { ...process.env, PATH: '/nonexistent' } });
  return { code: r.status, out: JSON.parse(r.stdout) as { findings: { file: string; code: string; message: string; range: { start: { line: number } }; related?: { file: string }[] }[] }, stderr: r.stderr };
}

const MAKEFILE = ['include build/common.mk', '', 'release:', '\tCGO_ENABLED=0 go build -o bin/app ./cmd/app', ''].join('\n');

describe('xbd check with Makefile includes', () => {
  it('reports a variable set in build/common.mk on the go recipe of the Makefile', () => {
    const dir = project({ Makefile: MAKEFILE, 'build/common.mk': '# target of the release build\nGOOS=linux\n' });
    const r = checkJson(dir, '.');
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.out.findings.map((f) => [f.file, f.code, f.range.start.line]), [['Makefile', 'XB504', 3]]);
    assert.match(r.out.findings[0].message, /^GOOS from build\/common\.mk \(line 2\)/);
    assert.deepEqual(r.out.findings[0].related?.map((x) => x.file), ['build/common.mk']);
  });

  it('sees the export in the included file, and a missing -include is no finding', () => {
    const dir = project({ Makefile: `-include local.mk\n${MAKEFILE}`, 'build/common.mk': 'export GOOS=linux\n' });
    const r = checkJson(dir, 'Makefile');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.out.findings, []);
  });

  it('does not read an included file over the size limit', () => {
    const big = `GOOS=linux\n${'# padding\n'.repeat(220_000)}`;
    const dir = project({ Makefile: MAKEFILE, 'build/common.mk': big });
    const r = checkJson(dir, 'Makefile');
    assert.deepEqual(r.out.findings, []);
  });
});
