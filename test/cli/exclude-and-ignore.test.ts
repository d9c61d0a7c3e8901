// The CLI honours `# xbd-ignore` comments (they live in the engine) and `--exclude GLOB`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { project, XBD } from '../support/cli';


function findings(args: string[], cwd: string): { file: string; code: string; severity: string; range: { start: { line: number } } }[] {
  const r = spawnSync(process.execPath, [XBD, 'check', '--no-go', '--format', 'json', ...args], { cwd, encoding: 'utf8', env: { ...process.env, PATH: '/nonexistent' } });
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout).findings;
}

const BAD = '#!/bin/sh\nGOOS=macos go build .\n';

describe('xbd check: suppressions and --exclude', () => {
  it('honours # xbd-ignore and reports unknown codes as XB900 hints', () => {
    const dir = project({
      'build.sh': '#!/bin/sh\n# xbd-ignore XB101\nGOOS=macos go build .\nGOOS=win go build . # xbd-ignore XB011\n',
    });
    const found = findings(['.'], dir).filter((f) => f.code === 'XB101' || f.code === 'XB900');
    assert.deepEqual(found.map((f) => `${f.code}@${f.range.start.line}:${f.severity}`), ['XB101@3:error', 'XB900@3:hint']);
  });

  it('--exclude skips walked and named files matching a glob (relative to the current directory)', () => {
    const dir = project({ 'scripts/a.sh': BAD, 'scripts/b.gen.sh': BAD, 'legacy/Makefile': 'all:\n\tGOOS=macos go build .\n', 'Makefile': 'all:\n\tGOOS=macos go build .\n' });
    const files = (args: string[]) => [...new Set(findings(args, dir).filter((f) => f.code === 'XB101').map((f) => f.file))].sort();
    assert.deepEqual(files(['.']), ['Makefile', 'legacy/Makefile', 'scripts/a.sh', 'scripts/b.gen.sh']);
    assert.deepEqual(files(['--exclude', '*.gen.sh', '--exclude=legacy', '.']), ['Makefile', 'scripts/a.sh']);
    assert.deepEqual(files(['--exclude', 'scripts/**', 'scripts/a.sh', 'Makefile']), ['Makefile']);
  });
});
