// Builds followed across files, through the CLI: a release workflow runs `make release` on an arm64 runner, the
// Makefile's recipe cross-builds with cgo on and then runs goreleaser and a sub-make. Each finding lands in the
// file whose text holds the mistake, once, with related information naming the step that reached it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { project, XBD } from '../support/cli';

type Related = { file: string; message: string; range: { start: { line: number } } };
type Out = { findings: { file: string; code: string; message: string; range: { start: { line: number } }; related?: Related[] }[] };

function checkJson(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [XBD, 'check', '--no-go', '--host', 'linux/amd64', '--format', 'json', ...args], { cwd, encoding: 'utf8', env: { ...process.env, PATH: '/nonexistent' } });
  return { code: r.status, out: JSON.parse(r.stdout) as Out, stderr: r.stderr };
}

const WORKFLOW = `name: release
on:
  push:
    tags: ["v*"]
jobs:
  release:
    runs-on: ubuntu-24.04-arm
    env:
      GOOS: linux
      GOARCH: amd64
    steps:
      - uses: actions/checkout@v4
      - name: Build and publish
        run: make release
`;

const MAKEFILE = `VERSION ?= dev

release: agent
\tgoreleaser release --clean

agent:
\tCGO_ENABLED=1 go build -o bin/agent ./cmd/agent

windows:
\t$(MAKE) agent GOOS=windows GOARCH=amd64
`;

const GORELEASER = `version: 2
builds:
  - id: cli
    main: ./cmd/cli
    goos: [linux]
    goarch: [amd64, arm64]
`;

const files = { '.github/workflows/release.yml': WORKFLOW, Makefile: MAKEFILE, '.goreleaser.yaml': GORELEASER, 'go.mod': 'module example.com/agent\n\ngo 1.22\n' };

describe('xbd check follows a build from the workflow into the Makefile and GoReleaser', () => {
  it('reports the Makefile\'s cross cgo build where it is written, pointing at the step that runs it', () => {
    const r = checkJson(project(files), '.');
    assert.equal(r.code, 1, r.stderr);
    const inMakefile = r.out.findings.filter((f) => f.file === 'Makefile');
    const cross = inMakefile.find((f) => f.code === 'XB202' && f.range.start.line === 6);
    assert.ok(cross, JSON.stringify(r.out.findings, null, 1));
    assert.match(cross.message, /linux\/amd64/);
    const via = cross.related?.find((x) => x.file === '.github/workflows/release.yml');
    assert.ok(via, JSON.stringify(cross.related));
    assert.equal(via.range.start.line, 13, 'the run: line of the step');
    assert.match(via.message, /run by \.github\/workflows\/release\.yml:14 \(step Build and publish of job release on linux\/arm64\) with GOOS=linux GOARCH=amd64/);
    // Reported once, though the recipe is reached by the workflow and by the Makefile's own analysis.
    assert.equal(inMakefile.filter((f) => f.code === 'XB202' && f.range.start.line === 6).length, 1);
  });

  it('the sub-make of windows is judged on its $(MAKE) line, and GoReleaser gets the recipe\'s environment', () => {
    const r = checkJson(project(files), '.');
    const lines = r.out.findings.map((f) => `${f.file}:${f.range.start.line + 1}:${f.code}`);
    assert.ok(lines.includes('Makefile:10:XB202'), lines.join(' '));
    // goreleaser runs from the release recipe with the workflow's GOOS/GOARCH and no CGO_ENABLED: XB701 judges
    // the config as before (cgo left to Go's default), and says so once.
    assert.equal(lines.filter((l) => l === '.goreleaser.yaml:3:XB701').length, 1, lines.join(' '));
  });

  it('with the recipe passing CGO_ENABLED=1 to goreleaser, the finding is the recipe\'s; with 0, GoReleaser is quiet', () => {
    const on = checkJson(project({ ...files, Makefile: MAKEFILE.replace('\tgoreleaser', '\tCGO_ENABLED=1 goreleaser') }), '.');
    const onLines = on.out.findings.map((f) => `${f.file}:${f.range.start.line + 1}:${f.code}`);
    assert.ok(onLines.includes('Makefile:4:XB701'), onLines.join(' '));
    assert.ok(!onLines.some((l) => l.startsWith('.goreleaser.yaml')), onLines.join(' '));
    const off = checkJson(project({ ...files, Makefile: MAKEFILE.replace('\tgoreleaser', '\tCGO_ENABLED=0 goreleaser') }), '.');
    assert.deepEqual(off.out.findings.filter((f) => f.code === 'XB701'), []);
  });

  it('a script run by a recipe gets the recipe\'s environment; a script that runs itself is a cycle, logged once', () => {
    const dir = project({
      Makefile: 'dist:\n\tGOOS=linux GOARCH=arm64 ./scripts/build.sh\n',
      'scripts/build.sh': '#!/bin/sh\nset -e\nCGO_ENABLED=1 go build -o dist/agent ./cmd/agent\n./scripts/build.sh\n',
    });
    const r = checkJson(dir, '.');
    const found = r.out.findings.find((f) => f.file === 'scripts/build.sh' && f.code === 'XB202');
    assert.ok(found, JSON.stringify(r.out.findings));
    assert.match(found.related?.map((x) => x.message).join('\n') ?? '', /run by Makefile:2 \(recipe of dist\) with GOOS=linux GOARCH=arm64/);
    assert.equal(r.stderr.match(/not followed: .*build\.sh runs itself \(a cycle\)/g)?.length, 1, r.stderr);
  });

  it('a Dockerfile RUN of a script in the copied context runs it with the stage\'s environment; its findings land in the script', () => {
    const dir = project({
      Dockerfile: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nENV CGO_ENABLED=0\nRUN GOOS=linux GOARCH=arm64 ./scripts/build.sh\n',
      'scripts/build.sh': '#!/bin/sh\nset -e\ngo build -tags netgo -ldflags "-linkmode external" -o /out/agent ./cmd/agent\n',
    });
    const r = checkJson(dir, '.');
    const inScript = r.out.findings.filter((f) => f.file === 'scripts/build.sh');
    assert.ok(inScript.length, JSON.stringify(r.out.findings));
    for (const f of inScript) assert.ok(f.related?.some((x) => x.file === 'Dockerfile' && /run by Dockerfile:5 \(stage build/.test(x.message)), JSON.stringify(f.related));
  });
});
