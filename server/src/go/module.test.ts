import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { GoModLocator, scanSources } from './module';

const scratch = mkdtempSync(join(tmpdir(), 'xbd-module-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function write(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const CGO = 'package store\n\n// #include <stdlib.h>\nimport "C"\n';
const SQLITE = 'package store\n\nimport (\n\t"database/sql"\n\n\t_ "github.com/mattn/go-sqlite3"\n)\n\nvar _ = sql.Open\n';

describe('GoModLocator.goFileChanged: one file re-read instead of the whole module', () => {
  it('agrees with a full scan after files gain, lose or drop import "C" and cgo-only imports', () => {
    const root = join(scratch, 'app');
    write(join(root, 'go.mod'), 'module example.com/app\n\ngo 1.22\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n');
    const main = write(join(root, 'main.go'), 'package main\n\nfunc main() {}\n');
    const store = write(join(root, 'store', 'store.go'), 'package store\n');
    const old = write(join(root, 'legacy', 'c.go'), CGO.replace('store', 'legacy'));
    const locator = new GoModLocator();
    const module = () => locator.moduleFor(main)!;
    assert.deepEqual(module().cgoFiles, [{ path: 'legacy/c.go', line: 3 }]);

    write(store, CGO);
    const added = write(join(root, 'store', 'db.go'), SQLITE);
    unlinkSync(old);
    // Where the full scan does not look: tests, vendor, _ folders, a nested module.
    const ignored = [
      write(join(root, 'store', 'db_test.go'), CGO),
      write(join(root, 'vendor', 'x', 'x.go'), CGO),
      write(join(root, '_old', 'x.go'), CGO),
      write(join(root, 'tools', 'gen', 'x.go'), CGO),
    ];
    write(join(root, 'tools', 'go.mod'), 'module example.com/app/tools\n');
    for (const f of [store, added, old, ...ignored]) locator.goFileChanged(f);

    const full = scanSources(root);
    assert.deepEqual(module().cgoFiles, full.cgoFiles);
    assert.deepEqual(module().imports, full.imports);
    assert.deepEqual(module().cgoFiles, [{ path: 'store/store.go', line: 3 }]);
    assert.deepEqual(module().imports.map((i) => `${i.file}: ${i.pkg}`), ['store/db.go: github.com/mattn/go-sqlite3']);

    write(store, 'package store\n');
    locator.goFileChanged(store);
    assert.deepEqual(module().cgoFiles, []);
  });
});
