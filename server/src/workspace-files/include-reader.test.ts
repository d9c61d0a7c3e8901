import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { diskIncludeReader } from './include-reader';

const dir = mkdtempSync(join(tmpdir(), 'xbd-include-'));
after(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'mk'));
mkdirSync(join(dir, 'sub'));
writeFileSync(join(dir, 'mk', 'b.mk'), 'B = 1\n');
writeFileSync(join(dir, 'mk', 'a.mk'), 'A = 1\n');
writeFileSync(join(dir, 'mk', '.hidden.mk'), 'H = 1\n');
writeFileSync(join(dir, 'mk', 'notes.txt'), 'x\n');
writeFileSync(join(dir, 'big.mk'), '#'.repeat(2000));
const makefile = join(dir, 'Makefile');

describe('diskIncludeReader', () => {
  const read = diskIncludeReader({ maxFileSize: 1000 });

  it('resolves names against the top Makefile\'s directory, absolute names as they are', () => {
    assert.deepEqual(read('mk/a.mk', makefile), [{ path: join(dir, 'mk', 'a.mk'), text: 'A = 1\n' }]);
    assert.deepEqual(read(join(dir, 'mk', 'b.mk'), makefile).map((f) => f.text), ['B = 1\n']);
    assert.deepEqual(read('mk/a.mk', join(dir, 'sub', 'Makefile')), [], 'relative to that Makefile\'s own directory');
  });

  it('expands a glob in the last segment, sorted, without dot files', () => {
    assert.deepEqual(read('mk/*.mk', makefile).map((f) => f.path), [join(dir, 'mk', 'a.mk'), join(dir, 'mk', 'b.mk')]);
    assert.deepEqual(read('*/a.mk', makefile), [], 'no globs in directories');
  });

  it('skips missing files, directories and files over the size limit', () => {
    assert.deepEqual(read('missing.mk', makefile), []);
    assert.deepEqual(read('mk', makefile), []);
    assert.deepEqual(read('big.mk', makefile), []);
  });

  it('prefers the editor\'s text and speaks in the adapter\'s ids', () => {
    const ids = diskIncludeReader({
      maxFileSize: 1000,
      toPath: (id) => (id.startsWith('mem:') ? id.slice(4) : undefined),
      toId: (path) => `mem:${path}`,
      openText: (id) => (id === `mem:${join(dir, 'mk', 'a.mk')}` ? 'A = 2\n' : undefined),
    });
    assert.deepEqual(ids('mk/a.mk', `mem:${makefile}`), [{ path: `mem:${join(dir, 'mk', 'a.mk')}`, text: 'A = 2\n' }]);
    assert.deepEqual(ids('mk/b.mk', `mem:${makefile}`), [{ path: `mem:${join(dir, 'mk', 'b.mk')}`, text: 'B = 1\n' }]);
    assert.deepEqual(ids('mk/a.mk', 'untitled:Makefile'), []);
  });
});
