import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { AnalysisPipeline, PLAN_MAX_BYTES, URI_IDS } from './pipeline';
import { utf8Length } from './engine';

const dir = mkdtempSync(join(tmpdir(), 'xbd-pipeline-'));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'go.mod'), 'module example.com/app\n\ngo 1.22\n');
mkdirSync(join(dir, 'db'));
writeFileSync(join(dir, 'db', 'sqlite.go'), 'package db\n\n// #include <sqlite3.h>\nimport "C"\n');
writeFileSync(join(dir, 'common.mk'), 'GOARCH ?= arm64\n');
const facts = { host: { goos: 'linux', goarch: 'amd64' } };
const settings = { exclude: ['build/**'], maxFileSize: 1000 };
const log = () => undefined;

describe('AnalysisPipeline', () => {
  it('finds the module of a file on disk: its go version and its cgo files', () => {
    const prepared = new AnalysisPipeline().prepare({ id: join(dir, 'Dockerfile'), path: join(dir, 'Dockerfile'), kind: 'dockerfile', text: 'FROM golang:1.22\n' }, settings, facts, log);
    assert.ok(prepared.ok);
    assert.equal(prepared.options.goModVersion, '1.22');
    assert.deepEqual(prepared.options.goMod?.cgoFiles, [{ path: 'db/sqlite.go', line: 3 }]);
  });

  it('gives a go env file no module, and a file with no path neither', () => {
    const pipeline = new AnalysisPipeline();
    const goenv = pipeline.prepare({ id: join(dir, 'env'), path: join(dir, 'env'), kind: 'goenv', text: 'GOARCH=arm64\n' }, settings, facts, log);
    const unsaved = pipeline.prepare({ id: 'untitled:1', kind: 'dockerfile', text: 'FROM golang\n' }, settings, facts, log);
    assert.ok(goenv.ok && unsaved.ok);
    assert.equal(goenv.options.goMod, undefined);
    assert.equal(unsaved.options.goModVersion, undefined);
  });

  it('skips an excluded file, relative to the folder the globs are written against', () => {
    const prepared = new AnalysisPipeline().prepare({ id: 'x', kind: 'dockerfile', text: 'FROM golang\n', relativePath: 'build/ci/Dockerfile' }, settings, facts, log);
    assert.deepEqual(prepared.ok ? undefined : prepared.reason, 'excluded');
  });

  it('measures the size limit in bytes, as the disk does, not in characters', () => {
    // 600 characters, 1,198 bytes: over a 1,000-byte limit in both adapters.
    const text = `# ${'é'.repeat(598)}`;
    assert.equal(utf8Length(text), Buffer.byteLength(text));
    const prepared = new AnalysisPipeline().prepare({ id: 'x', kind: 'dockerfile', text }, settings, facts, log);
    assert.deepEqual(prepared.ok ? undefined : [prepared.reason, prepared.message], ['size', 'larger than 1000 bytes (1198); not analysed']);
  });

  it('counts UTF-8 bytes for every plane', () => {
    for (const s of ['abc', 'é', '€', '😀', 'a😀é€\n']) assert.equal(utf8Length(s), Buffer.byteLength(s), s);
  });

  it('reads a Makefile\'s includes from the disk, or from the editor when open', () => {
    const makefile = pathToFileURL(join(dir, 'Makefile')).href;
    const common = pathToFileURL(join(dir, 'common.mk')).href;
    const fromDisk = new AnalysisPipeline(URI_IDS).prepare({ id: makefile, path: join(dir, 'Makefile'), kind: 'makefile', text: 'include common.mk\n' }, settings, facts, log);
    const fromEditor = new AnalysisPipeline({ ...URI_IDS, openText: (uri) => (uri === common ? 'GOARCH ?= riscv64\n' : undefined) }).prepare(
      { id: makefile, path: join(dir, 'Makefile'), kind: 'makefile', text: 'include common.mk\n' },
      settings,
      facts,
      log,
    );
    assert.ok(fromDisk.ok && fromEditor.ok);
    assert.deepEqual(fromDisk.options.readInclude?.('common.mk', makefile), [{ path: common, text: 'GOARCH ?= arm64\n' }]);
    assert.deepEqual(fromEditor.options.readInclude?.('common.mk', makefile), [{ path: common, text: 'GOARCH ?= riscv64\n' }]);
  });

  it('runs the analysis with what it prepared', () => {
    const result = new AnalysisPipeline().run({ id: join(dir, 'build.sh'), path: join(dir, 'build.sh'), kind: 'shell', text: '#!/bin/sh\nGOOS=linux GOARCH=aarch64 go build ./...\n' }, settings, facts, log);
    assert.ok(result.ok);
    assert.ok(result.analysis.findings.some((f) => f.code === 'XB102'), JSON.stringify(result.analysis.findings.map((f) => f.code)));
  });

  it('reads for the build plan only what can add to it, and says what it leaves for size', () => {
    const images = 'image:\n\tdocker buildx build --platform linux/amd64,linux/arm64 -t app .\n';
    const huge = `${'# padding line\n'.repeat(PLAN_MAX_BYTES / 15)}${images}`;
    const said: string[] = [];
    const planned = new AnalysisPipeline().plan(
      [
        { id: join(dir, 'Makefile'), kind: 'makefile', text: images, relativePath: 'Makefile' },
        { id: join(dir, 'tools.mk'), kind: 'makefile', text: 'build:\n\tgo build ./...\n', relativePath: 'tools.mk' },
        { id: join(dir, 'big.mk'), kind: 'makefile', text: huge, relativePath: 'big.mk' },
      ],
      dir,
      { exclude: [], maxFileSize: 4 << 20 },
      facts,
      (m) => said.push(m),
    );
    assert.deepEqual([...planned.models.keys()], [join(dir, 'Makefile')], 'a Makefile that never says docker is not modelled for the plan');
    assert.deepEqual(said, [`xbd: build plan: big.mk is over ${PLAN_MAX_BYTES / 1024} KB and not read for the plan`]);
    assert.deepEqual(planned.plan.builds.map((b) => b.platforms?.map((p) => p.value)), [['linux/amd64', 'linux/arm64']]);
  });

  it('makes the plan again after an edit by modelling only the edited file, and sees the edit', () => {
    const pipeline = new AnalysisPipeline();
    const plan = (release: string) =>
      pipeline.plan(
        [
          { id: join(dir, 'Makefile'), kind: 'makefile', text: 'image:\n\tdocker buildx build --platform linux/amd64 -t app .\n', relativePath: 'Makefile' },
          { id: join(dir, 'release.sh'), kind: 'shell', text: release, relativePath: 'release.sh' },
          { id: join(dir, 'included.mk'), kind: 'makefile', text: 'include common.mk\nimage:\n\tdocker build .\n', relativePath: 'included.mk' },
        ],
        dir,
        { exclude: [], maxFileSize: 4 << 20 },
        facts,
        log,
      );
    const first = plan('#!/bin/sh\ndocker buildx build --platform linux/arm64 -t app .\n');
    const second = plan('#!/bin/sh\ndocker buildx build --platform linux/arm64,linux/riscv64 -t app .\n');
    assert.equal(second.models.get(join(dir, 'Makefile'))?.model, first.models.get(join(dir, 'Makefile'))?.model, 'the unchanged Makefile is not modelled again');
    assert.notEqual(second.models.get(join(dir, 'included.mk'))?.model, first.models.get(join(dir, 'included.mk'))?.model, 'a Makefile that includes another is modelled again');
    assert.deepEqual(second.plan.builds.map((b) => b.platforms?.map((p) => p.value)), [['linux/amd64'], ['linux/arm64', 'linux/riscv64'], undefined]);
  });
});
