import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { matchesPattern, parseOverride } from '../model/bake-run';
import { buildModel, defaultGoVersion } from '../model/build-model';
import type { BakeModel, BuildModel, WorkflowModel } from '../model/types';
import { HOST_FACTS, ready } from '../testing';
import type { DocumentKind, Range } from '../types';
import { LineIndex } from '../text';
import { buildPlan, plannedArgs, planFor } from './build-plan';
import { platformVerdict } from './platforms';

before(ready);

const ROOT = '/src/ledger';

/** A service repository: compose for local runs and CI's bake, a Dockerfile with a Go builder stage, a Makefile. */
const COMPOSE = `name: ledger
services:
  api:
    build:
      context: .
      dockerfile: build/api.Dockerfile
      target: runtime
      args:
        GO_VERSION: "1.23"
      x-bake:
        platforms:
          - linux/amd64
          - linux/arm64
        tags: ["ghcr.io/acme/ledger-api:edge"]
    ports: ["8080:8080"]
  worker:
    build:
      context: ./worker
      args:
        - GO_VERSION=1.22
        - CGO_ENABLED
  migrate:
    build: ./migrate
  db:
    image: postgres:16
`;

const COMPOSE_LOCAL = `services:
  api:
    build:
      context: .
      dockerfile: build/api.Dockerfile
      args:
        GO_VERSION: "1.23"
        COMMIT: \${GIT_COMMIT:-dev}
  db:
    image: postgres:16
`;

const DOCKERFILE = `ARG GO_VERSION=1.21
FROM --platform=$BUILDPLATFORM golang:\${GO_VERSION} AS build
ARG TARGETOS TARGETARCH
WORKDIR /src
COPY . .
RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/api ./cmd/api

FROM gcr.io/distroless/static AS runtime
COPY --from=build /out/api /api
ENTRYPOINT ["/api"]
`;

const BAKE = `group "default" {
  targets = ["api", "worker"]
}
group "release" {
  targets = ["api"]
}
target "api" {
  dockerfile = "build/api.Dockerfile"
  args = { GO_VERSION = "1.23" }
}
target "worker" {
  context = "worker"
}
target "docs" {
  dockerfile = "docs.Dockerfile"
}
`;

const RELEASE = `name: release
on:
  push:
    tags: ['v*']
jobs:
  images:
    runs-on: ubuntu-24.04-arm
    steps:
      - uses: actions/checkout@v4
      - uses: docker/setup-buildx-action@v3
      - name: Bake release images
        uses: docker/bake-action@v6
        with:
          source: .
          files: docker-bake.hcl
          targets: release
          push: true
          set: |
            *.platform=linux/amd64,linux/arm64
            api.args.GO_VERSION=1.24
            *.cache-from=type=gha
`;

function model(path: string, kind: DocumentKind, text: string): BuildModel {
  return buildModel({ path, kind, text }, { goVersion: defaultGoVersion(HOST_FACTS) }).model;
}

function plan(files: [string, DocumentKind, string][]) {
  return buildPlan({ root: ROOT, host: HOST_FACTS.host, models: files.map(([p, k, t]) => model(`${ROOT}/${p}`, k, t)), goMods: [] });
}

describe('compose files as bake reads them', () => {
  it('makes each service with a build a target: context, dockerfile, target, args, x-bake platforms', () => {
    const m = model(`${ROOT}/compose.yaml`, 'bake', COMPOSE) as BakeModel;
    assert.equal(m.format, 'compose');
    assert.deepEqual(m.targets.map((t) => t.name), ['api', 'worker', 'migrate']);
    const api = m.targets[0].build;
    assert.equal(api.dockerfile, 'build/api.Dockerfile');
    assert.equal(api.target, 'runtime');
    assert.deepEqual(api.platforms?.map((p) => [p.value, p.range.start.line + 1]), [['linux/amd64', 12], ['linux/arm64', 13]]);
    assert.equal(api.args.get('GO_VERSION')?.value, '1.23');
    const worker = m.targets[1].build;
    assert.equal(worker.context, './worker');
    assert.equal(worker.args.get('GO_VERSION')?.value, '1.22');
    assert.equal(worker.args.get('GO_VERSION')?.nameRange.start.line, 19);
    // A name without a value is taken from the environment: unknown.
    assert.ok(worker.args.has('CGO_ENABLED'));
    assert.equal(worker.args.get('CGO_ENABLED')?.value, undefined);
    assert.equal(m.targets[2].build.context, './migrate');
  });

  it('plans the Dockerfile a service builds, its platforms at the compose lines and its args over the ARG defaults', () => {
    const p = plan([['compose.yaml', 'bake', COMPOSE]]);
    const fp = planFor(p, `${ROOT}/build/api.Dockerfile`);
    assert.equal(fp.builds.length, 1);
    assert.equal(fp.builds[0].target, 'runtime');
    assert.deepEqual(fp.builds[0].platforms?.map((x) => x.source.label), ['compose.yaml:12', 'compose.yaml:13']);
    assert.equal(plannedArgs(fp)?.get('GO_VERSION'), '1.23');
    assert.equal(planFor(p, `${ROOT}/worker/Dockerfile`).builds.length, 1);
    assert.equal(planFor(p, `${ROOT}/migrate/Dockerfile`).builds.length, 1);
    const dockerfile = model(`${ROOT}/build/api.Dockerfile`, 'dockerfile', DOCKERFILE);
    const verdict = platformVerdict(fp, dockerfile as never);
    assert.equal(verdict.kind, 'built');
    assert.match(verdict.kind === 'built' ? verdict.text : '', /Built for linux\/amd64,linux\/arm64 by compose\.yaml:12\./);
  });

  it('a compose file without platforms states a build for the host only: no multi-platform evidence', () => {
    const p = plan([['compose.yaml', 'bake', COMPOSE_LOCAL]]);
    const fp = planFor(p, `${ROOT}/build/api.Dockerfile`);
    assert.equal(fp.builds.length, 1);
    assert.equal(fp.builds[0].platforms, undefined);
    assert.equal(platformVerdict(fp, model(`${ROOT}/build/api.Dockerfile`, 'dockerfile', DOCKERFILE) as never).kind, 'native');
    // Interpolated values are unknown, known ones override the ARG default.
    const args = plannedArgs(fp);
    assert.equal(args?.get('GO_VERSION'), '1.23');
    assert.equal(args?.has('COMMIT'), true);
    assert.equal(args?.get('COMMIT'), undefined);
  });

  it('reads broken or odd compose files without throwing; what it cannot read is unknown', () => {
    const odd = [
      'services:\n  api:\n    build: [\n',
      'services: [api, worker]\n',
      'services:\n  api:\n    build:\n',
      'services:\n  api:\n    build:\n      context: [a, b]\n      args: 3\n      platforms: { linux: amd64 }\n      x-bake: [1]\n',
      'services:\n  api:\n    build:\n      args:\n        GO: { v: 1 }\n        EMPTY:\n      x-bake:\n        platforms: "linux/amd64, ${EXTRA}"\n',
      '- just\n- a list\n',
      '',
    ];
    for (const text of odd) {
      const m = model(`${ROOT}/docker-compose.yml`, 'bake', text) as BakeModel;
      assert.ok(Array.isArray(m.targets), text);
      assert.doesNotThrow(() => plan([['docker-compose.yml', 'bake', text]]), text);
    }
    const last = (model(`${ROOT}/compose.yml`, 'bake', odd[4]) as BakeModel).targets[0].build;
    assert.deepEqual([...last.args].map(([k, v]) => [k, v.value]), [['GO', undefined], ['EMPTY', undefined]]);
    assert.deepEqual(last.platforms?.map((p) => p.value), ['linux/amd64', undefined]);
  });
});

describe('compose values mapped to where they are written', () => {
  const SERVICES = `services:
  api:
    build:
      context: .
      platforms: ["linux/amd64", "linux/arm64"]
      args:
        GO_VERSION: "1.23"
        CGO_ENABLED:
    ports: ["8080:8080"]
  worker:
    build:
      context: ./worker
      dockerfile: [Dockerfile]
      platforms:
        - linux/amd64,linux/arm64
      args:
        - GO_VERSION=1.22
        - CGO_ENABLED
      x-bake:
        tags: ["ghcr.io/acme/worker:edge"]
  scheduler:
    build: \${SCHEDULER_DIR}
`;
  const at = (r: Range) => { const lines = new LineIndex(SERVICES); return SERVICES.slice(lines.offsetAt(r.start), lines.offsetAt(r.end)); };
  const targets = () => (model(`${ROOT}/compose.yaml`, 'bake', SERVICES) as BakeModel).targets;

  it('reads what parsed of a compose file with a YAML error', () => {
    const broken = 'services:\n  api:\n    build: .\n  worker:\n    build: [\n';
    assert.deepEqual((model(`${ROOT}/compose.yaml`, 'bake', broken) as BakeModel).targets.map((t) => [t.name, t.build.context]), [['api', '.'], ['worker', undefined]]);
  });

  it('takes build.platforms when x-bake names none, each platform of a comma list at its own text', () => {
    const [api, worker] = targets();
    assert.deepEqual(api.build.platforms?.map((p) => [p.value, at(p.range)]), [['linux/amd64', 'linux/amd64'], ['linux/arm64', 'linux/arm64']]);
    assert.deepEqual(worker.build.platforms?.map((p) => [p.value, at(p.range)]), [['linux/amd64', 'linux/amd64'], ['linux/arm64', 'linux/arm64']]);
  });

  it('maps each arg\'s name and value; an arg without a value is unknown, at its name', () => {
    const [api, worker] = targets();
    assert.deepEqual([...api.build.args].map(([k, v]) => [k, v.value, at(v.nameRange), at(v.range)]), [['GO_VERSION', '1.23', 'GO_VERSION', '"1.23"'], ['CGO_ENABLED', undefined, 'CGO_ENABLED', 'CGO_ENABLED']]);
    assert.deepEqual([...worker.build.args].map(([k, v]) => [k, v.value, at(v.nameRange), at(v.range)]), [['GO_VERSION', '1.22', 'GO_VERSION', '1.22'], ['CGO_ENABLED', undefined, 'CGO_ENABLED', 'CGO_ENABLED']]);
  });

  it('a service is a target from its name to its last line; a Dockerfile that is no string or an interpolated build path is unknown', () => {
    const [api, worker, scheduler] = targets();
    assert.equal(at(api.range), SERVICES.slice(SERVICES.indexOf('api:'), SERVICES.indexOf('  worker:')));
    assert.equal(worker.build.dockerfile, undefined);
    assert.deepEqual([scheduler.name, scheduler.build.context], ['scheduler', undefined]);
    assert.deepEqual(worker.own, ['context', 'dockerfile', 'args.GO_VERSION', 'args.CGO_ENABLED', 'platforms']);
  });
});

describe('--set overrides as bake reads them', () => {
  const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  it('splits pattern, key, arg name and value; += appends; args.NAME alone comes from the environment', () => {
    assert.deepEqual(parseOverride('*.platform=linux/amd64,linux/arm64', at), { pattern: '*', key: 'platform', value: 'linux/amd64,linux/arm64', append: false, range: at });
    assert.deepEqual(parseOverride('app.args.GO_VERSION=1.22', at), { pattern: 'app', key: 'args', name: 'GO_VERSION', value: '1.22', append: false, range: at });
    assert.equal(parseOverride('app.platform+=linux/riscv64', at)?.append, true);
    assert.equal(parseOverride('app.args.GO_VERSION', at)?.value, undefined);
    assert.equal(parseOverride('app.args.V=${{ github.ref_name }}', at)?.value, undefined);
    assert.equal(parseOverride('noDot=1', at), undefined);
  });

  it('matches target names as Go path.Match does', () => {
    assert.ok(matchesPattern('*', 'api'));
    assert.ok(matchesPattern('api*', 'api-debug'));
    assert.ok(!matchesPattern('api*', 'worker-api'));
    assert.ok(matchesPattern('api', 'api'));
    assert.ok(!matchesPattern('api', 'api-debug'));
    assert.ok(matchesPattern('w?rker', 'worker'));
    assert.ok(matchesPattern('[aw]*', 'worker'));
    assert.ok(!matchesPattern('[^aw]*', 'worker'));
    assert.ok(matchesPattern('[^aw]*', 'docs'));
    assert.ok(matchesPattern('api\\-v[0-9]', 'api-v2'), 'a backslash escapes the next character');
    assert.ok(!matchesPattern('api.v2', 'api-v2'), 'a dot is a dot');
    assert.ok(matchesPattern('api.v2', 'api.v2'));
    assert.ok(!matchesPattern('[api', 'api'), 'an unclosed class matches nothing (bake reports the pattern)');
    assert.ok(!matchesPattern('[z-a]*', 'api'), 'nor does a reversed range');
  });

  it('keeps dots after the key in the name (a label), and refuses an override without a target pattern', () => {
    assert.deepEqual(parseOverride('app.labels.org.opencontainers.image.source=https://github.com/acme/app', at), { pattern: 'app', key: 'labels', name: 'org.opencontainers.image.source', value: 'https://github.com/acme/app', append: false, range: at });
    assert.equal(parseOverride('.platform=linux/arm64', at), undefined);
    assert.equal(parseOverride('platform', at), undefined);
    assert.deepEqual(parseOverride('*.args.V=$VERSION', at)?.value, undefined);
  });
});

describe('runs of bake as written in workflows and Makefiles', () => {
  const step = (withLines: string) => (model(`${ROOT}/.github/workflows/release.yml`, 'workflow', `on: push\njobs:\n  images:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/bake-action@v6\n        with:\n${withLines}`) as WorkflowModel).bakes![0];

  it('reads files and targets as comma or newline lists, and where bake runs: source and workdir joined', () => {
    const run = step('          source: ./deploy\n          workdir: ci/../services\n          files: docker-bake.hcl, docker-bake.override.hcl\n          targets: |\n            api\n            worker\n');
    assert.deepEqual([run.files, run.targets, run.cwd, run.remote, run.overrides], [['docker-bake.hcl', 'docker-bake.override.hcl'], ['api', 'worker'], 'services/deploy', undefined, []]);
    assert.deepEqual([step('          source: .\n').cwd, step('          push: true\n').files], ['.', undefined]);
    assert.equal(step('          source: "{{defaultContext}}"\n').cwd, '.');
    assert.equal(step('          workdir: ${{ inputs.dir }}\n').cwd, undefined);
    assert.equal(step('          files: ${{ steps.meta.outputs.bake-file }}\n').files?.length, 1);
    assert.deepEqual(step('          files: ${{ steps.meta.outputs.bake-file }}\n').files, [undefined]);
    const remote = step('          source: https://github.com/acme/ledger.git#main\n');
    assert.deepEqual([remote.remote, remote.cwd], [true, undefined]);
  });

  it('maps each set line to its text; comments and blank lines are not overrides; a templated target pattern is unknown', () => {
    const withLines = '          set: |\n            # *.platform=linux/386 (dropped in 2.0)\n            *.platform=linux/amd64,linux/arm64\n\n              api.args.GO_VERSION=1.24\n            ${{ matrix.target }}.platform=linux/riscv64\n';
    const text = `on: push\njobs:\n  images:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/bake-action@v6\n        with:\n${withLines}`;
    const run = step(withLines);
    const lines = new LineIndex(text);
    assert.deepEqual(run.overrides.map((o) => [o.pattern, o.key, o.value, text.slice(lines.offsetAt(o.range.start), lines.offsetAt(o.range.end))]), [
      ['*', 'platform', 'linux/amd64,linux/arm64', '*.platform=linux/amd64,linux/arm64'],
      ['api', 'args', '1.24', 'api.args.GO_VERSION=1.24'],
      ['*', '?', undefined, '${{ matrix.target }}.platform=linux/riscv64'],
    ]);
    const folded = step('          set: >-\n            *.platform=linux/amd64\n');
    assert.deepEqual(folded.overrides.map((o) => [o.pattern, o.key, o.value]), [['*', 'platform', 'linux/amd64']], 'a folded set is the one line YAML folds it to');
  });

  it('reads docker bake and docker buildx f too, -f/--file in both forms, and skips the values of other options', () => {
    const makefile = `images:
\tdocker bake --file=docker-bake.hcl -f ci.hcl --progress plain --set=*.platform=linux/arm64 --push api
\tdocker buildx f --set app.target=debug --set platform=linux/arm64 --print --metadata-file meta.json worker
\tdocker buildx build --platform linux/arm64 .
\tdocker f api
\tpodman buildx bake api
\tdocker buildx bake --set $(OVERRIDE) $(TARGETS)
`;
    const runs = (model(`${ROOT}/Makefile`, 'makefile', makefile) as BuildModel & { bakes?: { files?: (string | undefined)[]; targets?: (string | undefined)[]; overrides: { key: string }[]; cwd?: string }[] }).bakes ?? [];
    assert.deepEqual(runs.map((r) => [r.files, r.targets, r.overrides.map((o) => o.key), r.cwd]), [
      [['docker-bake.hcl', 'ci.hcl'], ['api'], ['platform'], '.'],
      [undefined, ['worker'], ['target'], '.'],
      [undefined, [undefined], ['?'], '.'],
    ]);
  });
});

describe('bake runs in the plan', () => {
  it('a bake-action step builds the selected group with its --set platforms and args, on the job runner', () => {
    const wf = model(`${ROOT}/.github/workflows/release.yml`, 'workflow', RELEASE) as WorkflowModel;
    assert.equal(wf.bakes?.length, 1);
    assert.deepEqual(wf.bakes?.[0].targets, ['release']);
    assert.deepEqual(wf.bakes?.[0].overrides.map((o) => [o.key, o.range.start.line + 1]), [['platform', 19], ['args', 20], ['cache-from', 21]]);
    const p = plan([['docker-bake.hcl', 'bake', BAKE], ['.github/workflows/release.yml', 'workflow', RELEASE]]);
    const fromRun = planFor(p, `${ROOT}/build/api.Dockerfile`).builds.filter((b) => b.by.includes('step'));
    assert.equal(fromRun.length, 1);
    assert.equal(fromRun[0].by, 'bake target api (step Bake release images (line 11))');
    assert.equal(fromRun[0].builder, 'linux/arm64');
    assert.deepEqual(fromRun[0].platforms?.map((x) => [x.value, x.source.label]), [['linux/amd64', '.github/workflows/release.yml:19'], ['linux/arm64', '.github/workflows/release.yml:19']]);
    assert.deepEqual([fromRun[0].args.get('GO_VERSION')?.value, fromRun[0].args.get('GO_VERSION')?.source.label], ['1.24', '.github/workflows/release.yml:20']);
    // `release` names api only: worker and docs are not built by this step.
    assert.equal(planFor(p, `${ROOT}/worker/Dockerfile`).builds.filter((b) => b.by.includes('step')).length, 0);
    // The local `docker buildx bake` builds GO_VERSION=1.23, CI 1.24: the arg is not one value.
    assert.equal(plannedArgs(planFor(p, `${ROOT}/build/api.Dockerfile`))?.get('GO_VERSION'), undefined);
  });

  it('without targets bake builds the default group; with compose only, every service', () => {
    const run = RELEASE.replace('          targets: release\n', '').replace('          files: docker-bake.hcl\n', '');
    const p = plan([['docker-bake.hcl', 'bake', BAKE], ['.github/workflows/release.yml', 'workflow', run]]);
    const ci = (file: string) => planFor(p, `${ROOT}/${file}`).builds.filter((b) => b.by.includes('step'));
    assert.equal(ci('build/api.Dockerfile').length, 1);
    assert.equal(ci('worker/Dockerfile').length, 1);
    assert.equal(ci('docs.Dockerfile').length, 0);
    const q = plan([['compose.yaml', 'bake', COMPOSE_LOCAL], ['.github/workflows/release.yml', 'workflow', run]]);
    const api = planFor(q, `${ROOT}/build/api.Dockerfile`).builds.find((b) => b.by.includes('step'));
    assert.deepEqual(api?.platforms?.map((x) => x.value), ['linux/amd64', 'linux/arm64']);
  });

  it('docker buildx bake in a run: step and in a Makefile recipe: -f, --set, targets', () => {
    const ci = `on: push
jobs:
  images:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Bake
        run: docker buildx bake -f docker-bake.hcl --set 'api*.platform=linux/arm64' --set worker.args.GO_VERSION=1.25 --push api worker
`;
    const p = plan([['docker-bake.hcl', 'bake', BAKE], ['.github/workflows/ci.yml', 'workflow', ci]]);
    const api = planFor(p, `${ROOT}/build/api.Dockerfile`).builds.find((b) => b.by.includes('step'));
    assert.deepEqual(api?.platforms?.map((x) => x.value), ['linux/arm64']);
    assert.equal(api?.builder, 'linux/amd64');
    const worker = planFor(p, `${ROOT}/worker/Dockerfile`).builds.find((b) => b.by.includes('step'));
    assert.equal(worker?.platforms, undefined);
    assert.equal(worker?.args.get('GO_VERSION')?.value, '1.25');

    const makefile = `PLATFORMS ?= linux/amd64,linux/arm64

release:
\tdocker buildx bake --set "*.platform=$(PLATFORMS)" --set api.dockerfile=build/api.Dockerfile --set api.target=build release
`;
    const q = plan([['docker-bake.hcl', 'bake', BAKE], ['Makefile', 'makefile', makefile]]);
    const fromMake = planFor(q, `${ROOT}/build/api.Dockerfile`).builds.find((b) => b.by.includes('recipe'));
    assert.deepEqual(fromMake?.platforms?.map((x) => [x.value, x.source.label]), [['linux/amd64', 'Makefile:4'], ['linux/arm64', 'Makefile:4']]);
    assert.equal(fromMake?.target, 'build');
    assert.equal(fromMake?.builder, 'linux/amd64');
  });

  it('+= appends to the file\'s platforms; an override of another target leaves a target alone', () => {
    const withPlatforms = BAKE.replace('args = { GO_VERSION = "1.23" }', 'args = { GO_VERSION = "1.23" }\n  platforms = ["linux/amd64"]');
    const run = RELEASE.replace('*.platform=linux/amd64,linux/arm64', 'api.platform+=linux/riscv64').replace('api.args.GO_VERSION=1.24', 'worker.args.GO_VERSION=1.24');
    const p = plan([['docker-bake.hcl', 'bake', withPlatforms], ['.github/workflows/release.yml', 'workflow', run]]);
    const api = planFor(p, `${ROOT}/build/api.Dockerfile`).builds.find((b) => b.by.includes('step'));
    assert.deepEqual(api?.platforms?.map((x) => x.value), ['linux/amd64', 'linux/riscv64']);
    assert.equal(api?.args.get('GO_VERSION')?.value, '1.23');
  });

  it('a --set on an inherited target reaches its children, except for what a child sets itself', () => {
    const layered = `target "_go" {
  args = { GO_VERSION = "1.22" }
}
target "_release" {
  inherits = ["_go"]
  platforms = ["linux/amd64"]
}
target "api" {
  inherits = ["_release"]
  dockerfile = "build/api.Dockerfile"
}
target "worker" {
  inherits = ["_release"]
  context = "worker"
  platforms = ["linux/amd64", "linux/s390x"]
  args = { GO_VERSION = "1.21" }
}
`;
    const ci = `on: push
jobs:
  images:
    runs-on: ubuntu-latest
    steps:
      - run: docker buildx bake --set _release.platform=linux/amd64,linux/arm64 --set _go.args.GO_VERSION=1.24 --set worker.platform+=linux/ppc64le --set _release.dockerfile=legacy.Dockerfile api worker
`;
    const p = plan([['docker-bake.hcl', 'bake', layered], ['.github/workflows/ci.yml', 'workflow', ci]]);
    const built = (file: string) => planFor(p, `${ROOT}/${file}`).builds.find((b) => b.by.includes('step'));
    // api sets neither: the overrides of its parent and grandparent are its own.
    assert.deepEqual(built('build/api.Dockerfile')?.platforms?.map((x) => [x.value, x.source.label]), [['linux/amd64', '.github/workflows/ci.yml:6'], ['linux/arm64', '.github/workflows/ci.yml:6']]);
    assert.equal(built('build/api.Dockerfile')?.args.get('GO_VERSION')?.value, '1.24');
    // worker sets platforms and GO_VERSION itself: bake merges it over the overridden parents, then adds its own +=.
    // The parent's dockerfile reaches worker, which names none, but not api, which names its own.
    assert.deepEqual(built('worker/legacy.Dockerfile')?.platforms?.map((x) => x.value), ['linux/amd64', 'linux/s390x', 'linux/ppc64le']);
    assert.equal(built('worker/legacy.Dockerfile')?.args.get('GO_VERSION')?.value, '1.21');
    assert.equal(built('worker/Dockerfile'), undefined);
    assert.equal(built('legacy.Dockerfile'), undefined);
  });

  it('an inherits cycle (which bake rejects) ends: each target is followed once', () => {
    const cyclic = 'target "a" {\n  inherits = ["b"]\n  dockerfile = "a.Dockerfile"\n}\ntarget "b" {\n  inherits = ["a"]\n}\n';
    const ci = 'on: push\njobs:\n  images:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker buildx bake --set b.platform=linux/arm64 a\n';
    const p = plan([['docker-bake.hcl', 'bake', cyclic], ['.github/workflows/ci.yml', 'workflow', ci]]);
    const a = planFor(p, `${ROOT}/a.Dockerfile`).builds.find((b) => b.by.includes('step'));
    assert.deepEqual(a?.platforms?.map((x) => x.value), ['linux/arm64']);
  });

  it('reads bake files where bake-action runs: workdir, or the subfolder of {{defaultContext}}', () => {
    const sub = (bakeAt: string, withLine: string) => {
      const run = RELEASE.replace('          source: .\n', withLine);
      return plan([[bakeAt, 'bake', BAKE], ['.github/workflows/release.yml', 'workflow', run]]).builds.filter((b) => b.by.includes('step'));
    };
    assert.equal(sub('services/docker-bake.hcl', '          workdir: services\n')[0]?.dockerfile, `${ROOT}/services/build/api.Dockerfile`);
    assert.equal(sub('services/docker-bake.hcl', '          source: "{{defaultContext}}:services"\n')[0]?.dockerfile, `${ROOT}/services/build/api.Dockerfile`);
    assert.equal(sub('services/docker-bake.hcl', '').length, 0);
  });

  it('a remote bake definition or an unknown target list: nothing local, or every target', () => {
    const remote = RELEASE.replace('source: .', 'source: https://github.com/acme/ledger.git#main');
    assert.equal(plan([['docker-bake.hcl', 'bake', BAKE], ['.github/workflows/release.yml', 'workflow', remote]]).builds.filter((b) => b.by.includes('step')).length, 0);
    const matrix = RELEASE.replace('targets: release', 'targets: ${{ matrix.target }}');
    assert.equal(plan([['docker-bake.hcl', 'bake', BAKE], ['.github/workflows/release.yml', 'workflow', matrix]]).builds.filter((b) => b.by.includes('step')).length, 3);
  });

  it('the Dockerfile the run builds gets the run\'s evidence in its findings', () => {
    const emulated = `FROM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/api ./cmd/api
FROM gcr.io/distroless/static
COPY --from=build /out/api /api
`;
    const p = plan([['docker-bake.hcl', 'bake', BAKE], ['.github/workflows/release.yml', 'workflow', RELEASE]]);
    const a = analyze({ path: `${ROOT}/build/api.Dockerfile`, kind: 'dockerfile', text: emulated }, { facts: HOST_FACTS, plan: planFor(p, `${ROOT}/build/api.Dockerfile`) });
    const xb301 = a.findings.find((f) => f.code === 'XB301');
    assert.equal(xb301?.severity, 'warning');
    assert.match(xb301?.message ?? '', /release\.yml:19/);
  });
});
