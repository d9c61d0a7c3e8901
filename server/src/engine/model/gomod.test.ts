import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../text';
import { parseGoMod } from './gomod';

const GO_MOD = [
  'module github.com/acme/inventory',
  '',
  'go 1.22.0',
  '',
  'toolchain go1.23.4',
  '',
  'require github.com/spf13/cobra v1.8.0',
  '',
  'require (',
  '\tgithub.com/mattn/go-sqlite3 v1.14.22',
  '\tgolang.org/x/sys v0.20.0 // indirect',
  '\t"github.com/DataDog/zstd" v1.5.5 // indirect; needed by the exporter',
  ')',
  '',
  'replace github.com/spf13/cobra => ../cobra',
  '',
].join('\n');

describe('go.mod model', () => {
  it('reads module, go, toolchain and every requirement with its range', () => {
    const mod = parseGoMod(GO_MOD);
    assert.equal(mod.module, 'github.com/acme/inventory');
    assert.equal(mod.go, '1.22.0');
    assert.equal(mod.toolchain, 'go1.23.4');
    assert.deepEqual(
      mod.requires.map((r) => [r.path, r.version, r.indirect]),
      [
        ['github.com/spf13/cobra', 'v1.8.0', false],
        ['github.com/mattn/go-sqlite3', 'v1.14.22', false],
        ['golang.org/x/sys', 'v0.20.0', true],
        ['github.com/DataDog/zstd', 'v1.5.5', true],
      ],
    );
    const lines = new LineIndex(GO_MOD);
    const at = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
      GO_MOD.slice(lines.offsetAt(r.start), lines.offsetAt(r.end));
    assert.equal(at(mod.requires[0].range), 'require github.com/spf13/cobra v1.8.0');
    assert.equal(at(mod.requires[0].pathRange), 'github.com/spf13/cobra');
    assert.equal(at(mod.requires[1].range), 'github.com/mattn/go-sqlite3 v1.14.22');
    assert.equal(at(mod.requires[2].range), 'golang.org/x/sys v0.20.0 // indirect');
    assert.equal(at(mod.requires[3].pathRange), '"github.com/DataDog/zstd"');
  });

  it('reads a go.work (no module, no requirements) and ignores replace/exclude blocks', () => {
    const work = parseGoMod('go 1.23\n\nuse (\n\t./api\n\t./worker\n)\n');
    assert.equal(work.module, undefined);
    assert.equal(work.go, '1.23');
    assert.deepEqual(work.requires, []);
    const mod = parseGoMod('module m\n\nexclude (\n\tgithub.com/mattn/go-sqlite3 v1.14.0\n)\n\nretract v1.0.0\n');
    assert.deepEqual(mod.requires, []);
  });

  it('marks a requirement indirect as go does: "// indirect" alone or "// indirect;" first, with or without a blank', () => {
    const text = [
      'module example.com/agent',
      '',
      'require (',
      '\t// pinned below: do not bump without the vendor patch',
      '\tgithub.com/mattn/go-sqlite3 v1.14.22 //indirect',
      '\tgolang.org/x/sys v0.20.0 // indirect for the exporter',
      '\tgolang.org/x/text v0.14.0 // indirectly needed',
      '\tgithub.com/spf13/pflag v1.0.5   // pinned for CVE-2024-0001',
      ')',
      'require github.com/spf13/cobra v1.8.0 // indirect',
      '',
    ].join('\n');
    const mod = parseGoMod(text);
    assert.deepEqual(mod.requires.map((r) => [r.path, r.indirect]), [
      ['github.com/mattn/go-sqlite3', true],
      ['golang.org/x/sys', false],
      ['golang.org/x/text', false],
      ['github.com/spf13/pflag', false],
      ['github.com/spf13/cobra', true],
    ]);
    const lines = new LineIndex(text);
    const at = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) => text.slice(lines.offsetAt(r.start), lines.offsetAt(r.end));
    assert.equal(at(mod.requires[3].range), 'github.com/spf13/pflag v1.0.5', 'a comment other than indirect is not part of the requirement');
    assert.equal(at(mod.requires[4].range), 'require github.com/spf13/cobra v1.8.0 // indirect');
    assert.equal(at(mod.requires[4].pathRange), 'github.com/spf13/cobra');
  });

  it('reads a half-typed go.mod without inventing requirements: a path without a version, an unclosed quote', () => {
    const mod = parseGoMod('module\n\ngo\n\nrequire github.com/spf13/cobra\nrequire (\n\t"github.com/mattn/go-sqlite3 v1.14.22\n\t`github.com/DataDog/zstd` v1.5.5\n\tgolang.org/x/sys\n');
    assert.equal(mod.module, '');
    assert.equal(mod.go, undefined);
    assert.deepEqual(mod.requires.map((r) => [r.path, r.version]), [['"github.com/mattn/go-sqlite3', 'v1.14.22'], ['github.com/DataDog/zstd', 'v1.5.5']]);
  });
});
