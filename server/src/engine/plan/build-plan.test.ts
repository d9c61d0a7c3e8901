import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { buildModel, defaultGoVersion } from '../model/build-model';
import type { BuildModel } from '../model/types';
import { HOST_FACTS, ready } from '../testing';
import type { DocumentKind } from '../types';
import { buildPlan, plannedArgs, planFor } from './build-plan';
import { joinId, relativeId } from './paths';
import { platformVerdict } from './platforms';

before(ready);

const ROOT = '/work/repo';

const RELEASE = `name: release
on:
  push:
    tags: ['v*']
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version-file: go.mod
      - uses: docker/setup-qemu-action@v3
      - uses: docker/setup-buildx-action@v3
      - name: Build and push
        uses: docker/build-push-action@v6
        with:
          context: .
          file: ./build/server.Dockerfile
          platforms: linux/amd64,linux/arm64
          build-args: |
            VERSION=\${{ github.ref_name }}
            CGO=0
          push: true
`;

const BAKE = `target "default" {
  dockerfile = "Dockerfile"
  context = "tools"
  platforms = ["linux/amd64"]
  args = { GO_VERSION = "1.23" }
}
target "arm" {
  inherits = ["default"]
  platforms = ["linux/arm/v6", "linux/arm/v7"]
}
`;

const GORELEASER = `version: 2
builds:
  - env: [CGO_ENABLED=0]
    goos: [linux]
    goarch: [amd64, arm64]
dockers_v2:
  - dockerfile: goreleaser.Dockerfile
    platforms:
      - linux/amd64
      - linux/arm64
`;

const MAKEFILE = `PLATFORMS ?= linux/amd64,linux/s390x

image:
\tdocker buildx build --platform $(PLATFORMS) -f cli/Dockerfile -t cli .
`;

function model(path: string, kind: DocumentKind, text: string): BuildModel {
  return buildModel({ path, kind, text }, { goVersion: defaultGoVersion(HOST_FACTS) }).model;
}

function repoPlan(goMod = 'module example.com/x\n\ngo 1.22\n') {
  return buildPlan({
    root: ROOT,
    host: HOST_FACTS.host,
    models: [
      model(`${ROOT}/.github/workflows/release.yml`, 'workflow', RELEASE),
      model(`${ROOT}/docker-bake.hcl`, 'bake', BAKE),
      model(`${ROOT}/.goreleaser.yaml`, 'goreleaser', GORELEASER),
      model(`${ROOT}/Makefile`, 'makefile', MAKEFILE),
    ],
    goMods: [{ file: `${ROOT}/go.mod`, text: goMod }],
  });
}

describe('the build plan', () => {
  it('finds which Dockerfile each workflow step, bake target, GoReleaser docker and recipe builds, for which platforms', () => {
    const plan = repoPlan();
    const shown = plan.builds.map((b) => `${b.dockerfile && relativeId(ROOT, b.dockerfile)} ${b.platforms?.map((p) => p.value ?? '?').join(',') ?? 'none'} ${b.source.label}`);
    assert.deepEqual(shown, [
      'build/server.Dockerfile linux/amd64,linux/arm64 .github/workflows/release.yml:15',
      'tools/Dockerfile linux/amd64 docker-bake.hcl:1',
      'tools/Dockerfile linux/arm/v6,linux/arm/v7 docker-bake.hcl:7',
      'goreleaser.Dockerfile linux/amd64,linux/arm64 .goreleaser.yaml:7',
      'cli/Dockerfile linux/amd64,linux/s390x Makefile:4',
    ]);
    assert.equal(plan.builds[0].builder, 'linux/amd64', 'ubuntu-latest');
    assert.equal(plan.builds[0].platforms?.[0].source.label, '.github/workflows/release.yml:20');
  });

  it('gives each Dockerfile its builds and args: known args pass, templated ones are unknown', () => {
    const plan = repoPlan();
    const server = planFor(plan, `${ROOT}/build/server.Dockerfile`);
    assert.equal(server.builds.length, 1);
    assert.deepEqual([...plannedArgs(server)!], [['VERSION', undefined], ['CGO', '0']]);
    const tools = planFor(plan, `${ROOT}/tools/Dockerfile`);
    assert.deepEqual([...plannedArgs(tools)!], [['GO_VERSION', '1.23']], 'inherited by target arm');
    assert.deepEqual(planFor(plan, `${ROOT}/other/Dockerfile`).builds, []);
  });

  it("reads setup-go's go-version-file as the go.mod's line: one version, not a range", () => {
    const [t] = repoPlan().toolchains;
    assert.deepEqual([t.from, t.to], ['1.22', '1.22']);
    assert.match(t.because, /go-version-file of actions\/setup-go \(go 1\.22 in go\.mod\)/);
  });

  it('takes go.mod as a minimum up to the newest Go without CI, toolchain over go when newer', () => {
    const plan = buildPlan({ root: ROOT, models: [], goMods: [{ file: `${ROOT}/go.mod`, text: 'module m\n\ngo 1.22\n\ntoolchain go1.23.4\n' }] });
    const [t] = plan.toolchains;
    assert.deepEqual([t.from, t.to, t.source.label], ['1.23', '1.27', 'go.mod:5']);
  });

  it('judges platforms: multi-platform, the runner\'s own, or unknown (a matrix value)', () => {
    const dockerfile = model(`${ROOT}/build/server.Dockerfile`, 'dockerfile', 'FROM golang:1.22\nRUN go build -o /app .\n');
    if (dockerfile.kind !== 'dockerfile') throw new Error('kind');
    const plan = repoPlan();
    const v = platformVerdict(planFor(plan, `${ROOT}/build/server.Dockerfile`), dockerfile);
    assert.equal(v.kind, 'built');
    assert.equal(v.kind === 'built' && v.text, 'Built for linux/amd64,linux/arm64 by .github/workflows/release.yml:20.');
    const single = buildPlan({ root: ROOT, models: [model(`${ROOT}/.github/workflows/ci.yml`, 'workflow', 'jobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n')], goMods: [] });
    assert.equal(platformVerdict(planFor(single, `${ROOT}/Dockerfile`), dockerfile).kind, 'native');
    const matrix = buildPlan({
      root: ROOT,
      models: [model(`${ROOT}/.github/workflows/ci.yml`, 'workflow', 'jobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          platforms: ${{ matrix.platform }}\n')],
      goMods: [],
    });
    assert.equal(platformVerdict(planFor(matrix, `${ROOT}/Dockerfile`), dockerfile).kind, 'unknown');
    // `--platform=linux` (eraser's `PLATFORM ?= linux`): BuildKit takes the architecture of the machine it runs on.
    const osOnly = buildPlan({ root: ROOT, host: HOST_FACTS.host, models: [model(`${ROOT}/Makefile`, 'makefile', 'PLATFORM ?= linux\n\nimage:\n\tdocker buildx build --platform="$(PLATFORM)" -t app .\n')], goMods: [] });
    assert.deepEqual(osOnly.builds[0].platforms?.map((p) => p.value), ['linux/amd64']);
    assert.equal(platformVerdict(planFor(osOnly, `${ROOT}/Dockerfile`), dockerfile).kind, 'native');
  });

  it('resolves paths on file: URIs as on plain paths', () => {
    assert.equal(joinId('file:///work/repo', './build/../Dockerfile'), 'file:///work/repo/Dockerfile');
    assert.equal(joinId('/work/repo/tools', 'Dockerfile'), '/work/repo/tools/Dockerfile');
    assert.equal(relativeId('file:///work/my%20repo', 'file:///work/my%20repo/a%20b/Dockerfile'), 'a b/Dockerfile');
  });

  it('keeps relative ids relative (`xbd check .` names files from the working directory)', () => {
    assert.equal(joinId(joinId('.', '.'), 'Dockerfile'), 'Dockerfile');
    assert.equal(joinId('.', './deploy/Dockerfile'), 'deploy/Dockerfile');
    assert.equal(joinId('deploy', '../Dockerfile'), 'Dockerfile');
    assert.equal(joinId('.', '.'), '.');
  });

  it('finds the Dockerfile a workflow builds with `context: .` when ids are relative', () => {
    const plan = buildPlan({
      root: '.',
      models: [model('.github/workflows/release.yml', 'workflow', 'jobs:\n  image:\n    runs-on: ubuntu-latest\n    env:\n      PLATFORMS: linux/amd64,linux/arm64\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          context: .\n          platforms: ${{ env.PLATFORMS }}\n')],
      goMods: [],
    });
    assert.deepEqual(planFor(plan, 'Dockerfile').builds.flatMap((b) => b.platforms?.map((p) => p.value)), ['linux/amd64', 'linux/arm64']);
  });
});

describe('build args of the plan in the Dockerfile', () => {
  it('replace ARG defaults: a bake arg GOARCH=arm64 is the value the go command gets', () => {
    const text = 'FROM golang:1.22 AS build\nARG GOARCH=amd64\nRUN GOARCH=$GOARCH go build -o /app .\n';
    const plan = { builds: [{ dockerfile: '/work/app/Dockerfile', by: 'bake target default', source: { file: '/work/app/docker-bake.hcl', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, label: 'docker-bake.hcl:1' }, args: new Map([['GOARCH', { value: 'arm64', source: { file: '/work/app/docker-bake.hcl', range: { start: { line: 4, character: 2 }, end: { line: 4, character: 8 } }, label: 'docker-bake.hcl:5' } }]]) }] };
    const withPlan = analyze({ path: '/work/app/Dockerfile', kind: 'dockerfile', text }, { facts: HOST_FACTS, plan });
    const without = analyze({ path: '/work/app/Dockerfile', kind: 'dockerfile', text }, { facts: HOST_FACTS });
    const goarch = (a: typeof withPlan) => a.model!.commands[0].env.get('GOARCH')?.value;
    assert.equal(goarch(without), 'amd64');
    assert.equal(goarch(withPlan), 'arm64');
  });
});

describe('version-dependent verdicts over the Go range', () => {
  const MAKE = 'wasm:\n\tGOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o lib.wasm .\n';

  it('warns, naming the versions that fail, when go.mod says 1.22 (Go 1.24 and newer build it)', () => {
    const [f] = analyze({ path: '/work/app/Makefile', kind: 'makefile', text: MAKE }, { facts: HOST_FACTS, goModVersion: '1.22' }).findings.filter((x) => x.code === 'XB211');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /Only Go 1\.22–1\.23 fail; Go 1\.24–1\.27 build it \(go 1\.22 in go\.mod, a minimum\)\./);
    assert.ok(f.message.length <= 160);
  });

  it('is an error when every version in the range fails, and silent when none does', () => {
    const [f] = analyze({ path: '/work/app/Makefile', kind: 'makefile', text: MAKE.replace('wasip1', 'js') }, { facts: HOST_FACTS, goModVersion: '1.22' }).findings.filter((x) => x.code === 'XB211');
    assert.equal(f?.severity, 'error', 'js/wasm has no c-shared in any Go');
    assert.deepEqual(analyze({ path: '/work/app/Makefile', kind: 'makefile', text: MAKE }, { facts: HOST_FACTS, goModVersion: '1.24' }).findings.filter((x) => x.code === 'XB211'), []);
  });

  it('takes one version when the plan gives one (setup-go), and the workspace go over both', () => {
    const plan = { builds: [], toolchain: { module: '/work/app/go.mod', from: '1.23' as const, to: '1.23' as const, because: 'go-version 1.23 of actions/setup-go', source: { file: '/work/app/.github/workflows/ci.yml', range: { start: { line: 9, character: 0 }, end: { line: 9, character: 1 } }, label: '.github/workflows/ci.yml:10' } } };
    const [f] = analyze({ path: '/work/app/Makefile', kind: 'makefile', text: MAKE }, { facts: HOST_FACTS, goModVersion: '1.22', plan }).findings.filter((x) => x.code === 'XB211');
    assert.equal(f.severity, 'error');
    assert.deepEqual(analyze({ path: '/work/app/Makefile', kind: 'makefile', text: MAKE }, { facts: { ...HOST_FACTS, goVersion: '1.25' }, goModVersion: '1.22', plan }).findings.filter((x) => x.code === 'XB211'), []);
  });
});
