import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { HOST_FACTS, ready, repoReader } from '../testing';
import type { DocumentKind } from '../types';
import { MAX_FOLLOW_DEPTH, mergeReached, ReachedIndex } from './follow';

before(ready);


function run(files: Record<string, string>, path: string, kind: DocumentKind) {
  const logs: string[] = [];
  const analysis = analyze({ path, kind, text: files[path] }, { facts: { ...HOST_FACTS, host: { goos: 'linux', goarch: 'amd64' } }, readInclude: repoReader(files), log: (m) => logs.push(m) });
  return { analysis, logs };
}

describe('builds followed across files', () => {
  it('a workflow step runs the Makefile with its job\'s env on its runner: the finding is the Makefile\'s, pointing at the step', () => {
    const files = {
      '/r/.github/workflows/ci.yml': 'on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04-arm\n    steps:\n      - run: GOARCH=amd64 make agent\n',
      '/r/Makefile': 'agent:\n\tCGO_ENABLED=1 go build ./cmd/agent\n',
    };
    const { analysis } = run(files, '/r/.github/workflows/ci.yml', 'workflow');
    assert.deepEqual(analysis.findings.map((f) => f.code), []);
    assert.deepEqual(analysis.model?.included, ['/r/Makefile']);
    const [reached] = analysis.reached ?? [];
    assert.equal(reached.file, '/r/Makefile');
    const [f] = reached.findings;
    assert.equal(f.code, 'XB202');
    assert.equal(f.file, '/r/Makefile');
    assert.equal(f.range.start.line, 1);
    assert.match(f.related?.at(-1)?.message ?? '', /^run by \.github\/workflows\/ci\.yml:6 \(step .* on linux\/arm64\) with GOARCH=amd64$/);
  });

  it('a step that runs a script through bash follows it with or without arguments after the file', () => {
    for (const step of ['bash scripts/build.sh', 'bash scripts/build.sh release', 'sh -e scripts/build.sh release']) {
      const files = {
        '/r/.github/workflows/ci.yml': `on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04-arm\n    steps:\n      - run: GOARCH=amd64 ${step}\n`,
        '/r/scripts/build.sh': '#!/bin/sh\nCGO_ENABLED=1 go build ./cmd/agent\n',
      };
      const { analysis } = run(files, '/r/.github/workflows/ci.yml', 'workflow');
      assert.deepEqual(analysis.model?.included, ['/r/scripts/build.sh'], step);
      assert.deepEqual((analysis.reached ?? []).flatMap((r) => r.findings.map((f) => f.code)), ['XB202'], step);
    }
  });

  it('a matrix job runs the Makefile once per leg, each with its values and runner, named in the pointer', () => {
    const files = {
      '/r/.github/workflows/release.yml': `on:
  push:
    tags: ['v*']
jobs:
  binaries:
    strategy:
      matrix:
        goarch: [amd64, arm64]
        os: [ubuntu-latest]
        include:
          - goarch: s390x
            os: ubuntu-24.04-arm
    runs-on: \${{ matrix.os }}
    env:
      GOARCH: \${{ matrix.goarch }}
    steps:
      - uses: actions/checkout@v4
      - run: make dist
`,
      '/r/Makefile': 'dist:\n\tCGO_ENABLED=1 go build -o dist/agent ./cmd/agent\n',
    };
    const { analysis } = run(files, '/r/.github/workflows/release.yml', 'workflow');
    const reached = (analysis.reached ?? []).flatMap((r) => r.findings);
    // amd64 on an amd64 runner builds natively; arm64 and s390x legs are cgo cross builds without a C compiler.
    assert.deepEqual(reached.map((f) => f.code), ['XB202', 'XB202']);
    const pointers = reached.map((f) => f.related?.at(-1)?.message ?? '');
    assert.match(pointers[0], /^run by \.github\/workflows\/release\.yml:18 \(step .*, matrix goarch=arm64 on linux\/amd64\) with GOARCH=arm64$/);
    assert.match(pointers[1], /, matrix goarch=s390x on linux\/arm64\) with GOARCH=s390x$/);
  });

  it('the per-leg runs replace the run with unknown matrix values; other jobs\' runs stay; many alike legs are counted', () => {
    const files = {
      '/r/.github/workflows/ci.yml': `on: push
jobs:
  smoke:
    runs-on: ubuntu-latest
    steps:
      - run: make dist
  binaries:
    strategy:
      matrix:
        goarch: [amd64, arm64]
    runs-on: ubuntu-latest
    steps:
      - run: GOARCH=\${{ matrix.goarch }} make dist
  docs:
    strategy:
      matrix:
        flavor: [html, pdf, epub, man, txt]
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ matrix.flavor }}" && make dist
`,
      '/r/Makefile': 'export GOFLAGS := -ldflags=-s -w\n\ndist:\n\tgo build -o dist/agent ./cmd/agent\n',
    };
    const { analysis } = run(files, '/r/.github/workflows/ci.yml', 'workflow');
    const goflags = (analysis.reached ?? []).flatMap((r) => r.findings).filter((f) => f.code === 'XB213');
    const pointers = [...new Set(goflags.flatMap((f) => (f.related ?? []).map((r) => r.message)).filter((m) => m.startsWith('run by')))];
    assert.deepEqual(pointers.map((m) => /\((step [^)]*?) on linux\/amd64\)/.exec(m)?.[1]), [
      'step steps[0] of job smoke',
      'step steps[0] of job binaries, matrix goarch=amd64',
      'step steps[0] of job binaries, matrix goarch=arm64',
      'step steps[0] of job docs, matrix flavor=html / flavor=pdf / flavor=epub and 2 more',
    ]);
  });

  it('scripts that run each other are a cycle: followed once, logged once, never a verdict on what is cut', () => {
    const files = { '/r/a.sh': '#!/bin/sh\nGOOS=linux ./b.sh\n', '/r/b.sh': '#!/bin/sh\n./a.sh\nGOARCH=arm64 CGO_ENABLED=1 go build .\n' };
    const { analysis, logs } = run(files, '/r/a.sh', 'shell');
    assert.deepEqual(logs.filter((l) => /a cycle/.test(l)).length, 1, logs.join('\n'));
    assert.deepEqual(analysis.reached?.map((r) => [r.file, r.findings.map((f) => f.code)]), [['/r/b.sh', ['XB202']]]);
  });

  it(`stops ${MAX_FOLLOW_DEPTH} calls deep, with one log line`, () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 7; i++) files[`/r/s${i}.sh`] = `#!/bin/sh\nCGO_ENABLED=0 ./s${i + 1}.sh\n`;
    files['/r/s7.sh'] = '#!/bin/sh\nGOARCH=arm64 go build .\n';
    const { analysis, logs } = run(files, '/r/s0.sh', 'shell');
    assert.deepEqual(logs.filter((l) => /nested deeper than 4/.test(l)).length, 1, logs.join('\n'));
    assert.deepEqual(analysis.model?.included, ['/r/s1.sh', '/r/s2.sh', '/r/s3.sh', '/r/s4.sh']);
  });

  it('a GoReleaser config run by a recipe is judged with what the recipe passes; its own analysis gives way', () => {
    const files = {
      '/r/Makefile': 'release:\n\tCGO_ENABLED=0 goreleaser release --clean\n',
      '/r/.goreleaser.yaml': 'builds:\n  - id: cli\n    goos: [linux]\n    goarch: [amd64, arm64]\n',
    };
    const own = run(files, '/r/.goreleaser.yaml', 'goreleaser').analysis.findings;
    assert.deepEqual(own.map((f) => f.code), ['XB701'], 'alone: CGO_ENABLED is left to Go');
    const reached = run(files, '/r/Makefile', 'makefile').analysis.reached ?? [];
    assert.deepEqual(reached.map((r) => [r.file, r.replaces, r.findings.length]), [['/r/.goreleaser.yaml', true, 0]]);
    assert.deepEqual(mergeReached(own, reached), []);
  });

  it('a recipe\'s $(MAKE) runs the sub-make\'s recipes with the GOOS/GOARCH it passes, on the $(MAKE) line; a $(MAKE) of its own target is a cycle', () => {
    const files = { '/r/Makefile': 'bin:\n\tCGO_ENABLED=1 go build -o bin/ctl ./cmd/ctl\n\ncross:\n\tGOOS=linux GOARCH=arm64 $(MAKE) bin\n\t$(MAKE) cross\n' };
    const { analysis, logs } = run(files, '/r/Makefile', 'makefile');
    assert.deepEqual(analysis.findings.map((f) => [f.code, f.range.start.line]), [['XB202', 4]]);
    assert.ok(analysis.findings[0].fixes.some((x) => x.title === 'Set CC=aarch64-linux-gnu-gcc on the make command'));
    assert.equal(logs.filter((l) => /not followed: a \$\(MAKE\) of target cross from its own recipe/.test(l)).length, 1, logs.join('\n'));
  });

  it('`. ./env.sh` runs the sourced file in the script\'s shell: its exports and functions count, its sites stay its own', () => {
    const files = {
      '/r/build.sh': '#!/bin/sh\nset -e\n. ./env.sh\nsetarch\nCGO_ENABLED=1 go build -o dist/agent ./cmd/agent\n',
      '/r/env.sh': 'export GOOS=linux\nsetarch() {\n  export GOARCH=arm64\n}\n',
    };
    const { analysis, logs } = run(files, '/r/build.sh', 'shell');
    assert.deepEqual(logs, []);
    assert.deepEqual(analysis.findings.map((f) => [f.code, f.file, f.range.start.line]), [['XB202', '/r/build.sh', 4]]);
    const go = analysis.model?.commands[0];
    assert.equal(go?.env.get('GOARCH')?.value, 'arm64');
    assert.equal(go?.env.get('GOOS')?.site?.file, '/r/env.sh');
  });

  it('files sourcing each other are a cycle: cut, logged once, their later effects unknown', () => {
    const files = { '/r/a.sh': '#!/bin/sh\n. ./b.sh\nGOARCH=arm64 go build .\n', '/r/b.sh': '. ./a.sh\nexport GOOS=linux\n' };
    const { analysis, logs } = run(files, '/r/a.sh', 'shell');
    assert.equal(logs.filter((l) => /not followed: .*a\.sh sourced while it is being sourced \(a cycle\)/.test(l)).length, 1, logs.join('\n'));
    assert.equal(analysis.model?.commands[0]?.env.get('GOOS')?.value, 'linux');
  });

  it('merges one finding per code, place and message; a second caller adds its pointer', () => {
    const range = { start: { line: 1, character: 1 }, end: { line: 1, character: 9 } };
    const base = { file: '/r/Makefile', range, code: 'XB202', severity: 'error' as const, message: 'm', fixes: [] };
    const from = (n: number) => ({ ...base, related: [{ file: `/r/w${n}.yml`, range, message: `run by w${n}.yml:${n}` }] });
    const index = new ReachedIndex();
    assert.deepEqual(index.record('/r/w1.yml', [{ file: '/r/Makefile', findings: [from(1)], replaces: false }]), ['/r/Makefile']);
    assert.deepEqual(index.record('/r/w2.yml', [{ file: '/r/Makefile', findings: [from(2)], replaces: false }]), ['/r/Makefile']);
    assert.deepEqual(index.record('/r/w2.yml', [{ file: '/r/Makefile', findings: [from(2)], replaces: false }]), [], 'nothing changed');
    const [merged, ...rest] = mergeReached([base], index.of('/r/Makefile'));
    assert.equal(rest.length, 0);
    assert.deepEqual(merged.related?.map((r) => r.file), ['/r/w1.yml', '/r/w2.yml']);
    assert.deepEqual(index.forget('/r/w1.yml'), ['/r/Makefile']);
  });
});
