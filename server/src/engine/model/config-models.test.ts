import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { scalarText, parseYaml, child } from '../config/yaml';
import { HOST_FACTS, ready } from '../testing';
import { LineIndex } from '../text';
import type { DocumentKind, Range } from '../types';
import { buildModel, defaultGoVersion } from './build-model';
import type { BakeModel, GoReleaserModel, WorkflowModel } from './types';

before(ready);

const PATHS: Partial<Record<DocumentKind, string>> = {
  workflow: '/w/.github/workflows/release.yml',
  bake: '/w/docker-bake.hcl',
  goreleaser: '/w/.goreleaser.yaml',
};

function model<K extends 'workflow' | 'bake' | 'goreleaser'>(kind: K, text: string, path = PATHS[kind]!) {
  const logs: string[] = [];
  const { model: m, lines } = buildModel({ path, kind, text }, { goVersion: defaultGoVersion(HOST_FACTS), log: (l) => logs.push(l) });
  return { m: m as Extract<WorkflowModel | BakeModel | GoReleaserModel, { kind: K }>, lines, logs };
}

/** The source text a range covers. */
function at(text: string, r: Range): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offsetAt(r.start), lines.offsetAt(r.end));
}

describe('YAML scalars mapped to the source', () => {
  it('maps every character of a literal block back to its offset, and refuses escapes and folded blocks', () => {
    const text = 'run: |\n  GOOS=linux \\\n    go build\n\n  echo "done"\nq: "a\\tb"\nf: >\n  a\n  b\n';
    const { root } = parseYaml(text);
    const mapped = scalarText(child(root, 'run'), text)!;
    assert.equal(mapped.text, 'GOOS=linux \\\n  go build\n\necho "done"\n');
    for (let i = 0; i < mapped.text.length; i++) assert.equal(text[mapped.origin(i)], mapped.text[i], `character ${i}`);
    assert.equal(scalarText(child(root, 'q'), text), undefined);
    assert.equal(scalarText(child(root, 'f'), text), undefined);
  });
});

const WORKFLOW = `name: release
on: push
env:
  CGO_ENABLED: 0
jobs:
  build:
    runs-on: ubuntu-24.04-arm
    env:
      GOOS: linux
    strategy:
      matrix:
        goarch: [amd64, arm64]
        include:
          - goarch: arm
    steps:
      - uses: actions/setup-go@v5
        with:
          go-version: '1.23'
      - name: Build
        env:
          GOARCH: \${{ matrix.goarch }}
        run: |
          go build -o dist/app-\${{ matrix.goarch }} ./cmd/app
      - uses: docker/build-push-action@v6
        with:
          file: build/Dockerfile
          platforms: linux/amd64,linux/arm64
          build-args: |
            GO_VERSION=1.23
            VERSION=\${{ github.ref_name }}
  windows:
    runs-on: windows-latest
    steps:
      - run: go build ./...
      - shell: bash
        run: GOOS=linux go build ./...
`;

describe('GitHub workflow model', () => {
  it('walks run: steps with workflow, job and step env, the runner and setup-go version', () => {
    const { m, logs } = model('workflow', WORKFLOW);
    assert.deepEqual(logs, []);
    const build = m.commands[0];
    assert.equal(build.env.get('CGO_ENABLED')?.value, '0');
    assert.equal(build.env.get('GOOS')?.value, 'linux');
    assert.equal(build.env.get('GOARCH')?.value, undefined, 'each matrix leg has its own GOARCH');
    assert.equal(at(WORKFLOW, build.goRange), 'go');
    assert.equal(at(WORKFLOW, build.range).startsWith('go build -o dist/app-${{ matrix.goarch }}'), true, 'the command range covers the source text, expression included');
    const context = m.contexts.find((c) => c.command === build)!;
    assert.equal(context.goVersion.version, '1.23');
    assert.match(context.goVersion.because, /setup-go/);
    assert.deepEqual(m.jobs.map((j) => [j.id, j.runner?.goos, j.runner?.goarch]), [['build', 'linux', 'arm64'], ['windows', 'windows', 'amd64']]);
  });

  it('gives every matrix value that feeds a build variable a site of that variable', () => {
    const { m } = model('workflow', WORKFLOW);
    const legs = m.assignments.filter((a) => a.name === 'GOARCH' && a.literal);
    assert.deepEqual(legs.map((a) => [a.value, at(WORKFLOW, a.valueRange)]), [['amd64', 'amd64'], ['arm64', 'arm64'], ['arm', 'arm']]);
  });

  it('reads only POSIX shell steps: a Windows runner runs PowerShell unless the step says bash', () => {
    const { m } = model('workflow', WORKFLOW);
    const windows = m.commands.filter((c) => c.range.start.line > 30);
    assert.equal(windows.length, 1);
    assert.equal(windows[0].env.get('GOOS')?.value, 'linux');
  });

  it('records the images build-push-action builds, with platforms and build args mapped to their text', () => {
    const { m } = model('workflow', WORKFLOW);
    const [image] = m.images;
    assert.equal(image.dockerfile, 'build/Dockerfile');
    assert.deepEqual(image.platforms!.map((p) => [p.value, at(WORKFLOW, p.range)]), [['linux/amd64', 'linux/amd64'], ['linux/arm64', 'linux/arm64']]);
    assert.equal(image.args.get('GO_VERSION')?.value, '1.23');
    assert.equal(at(WORKFLOW, image.args.get('GO_VERSION')!.nameRange), 'GO_VERSION');
    assert.equal(image.args.get('VERSION')?.value, undefined);
  });

  it('records `docker buildx build` in a run: step with its platforms, Dockerfile, build args and context', () => {
    const text = 'on: push\njobs:\n  img:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          PLATFORMS=linux/amd64,linux/arm64\n          docker buildx build --platform "$PLATFORMS" -f build/Dockerfile --build-arg GO_VERSION=1.23 -t x/app:1 --push .\n';
    const { m } = model('workflow', text);
    const [image] = m.images;
    assert.deepEqual(image.platforms!.map((p) => p.value), ['linux/amd64', 'linux/arm64']);
    assert.equal(image.dockerfile, 'build/Dockerfile');
    assert.equal(image.context, '.');
    assert.equal(image.args.get('GO_VERSION')?.value, '1.23');
  });

  it('a broken workflow costs a log line, not an exception', () => {
    const { m, logs } = model('workflow', 'jobs:\n  a:\n    steps:\n      - run: "go build\n  b: [\n');
    assert.ok(logs.length > 0);
    assert.equal(m.kind, 'workflow');
  });
});

const BAKE = `variable "TAG" {
  default = "latest"
}
target "base" {
  context = "."
  args = {
    GO_VERSION = "1.22"
    CGO_ENABLED = 0
  }
}
target "app" {
  inherits = ["base"]
  dockerfile = "build/Dockerfile"
  platforms = ["linux/amd64", "linux/arm/v7", "linux/\${TAG}"]
  args = {
    GO_VERSION = "1.23"
  }
}
`;

describe('docker-bake model', () => {
  it('reads HCL targets with inherits: args merge key by key, the rest is replaced', () => {
    const { m, logs } = model('bake', BAKE);
    assert.deepEqual(logs, []);
    const app = m.targets.find((t) => t.name === 'app')!;
    assert.equal(app.build.context, '.');
    assert.equal(app.build.dockerfile, 'build/Dockerfile');
    assert.deepEqual(app.build.platforms!.map((p) => p.value), ['linux/amd64', 'linux/arm/v7', undefined]);
    assert.equal(at(BAKE, app.build.platforms![1].range), '"linux/arm/v7"');
    assert.equal(app.build.args.get('GO_VERSION')?.value, '1.23');
    assert.equal(app.build.args.get('CGO_ENABLED')?.value, '0');
    assert.equal(at(BAKE, app.build.args.get('CGO_ENABLED')!.nameRange), 'CGO_ENABLED');
  });

  it('reads docker-bake.json the same way', () => {
    const json = '{\n  "target": {\n    "app": {\n      "platforms": ["linux/amd64", "linux/arm64"],\n      "args": { "GO_VERSION": "1.22" }\n    }\n  }\n}\n';
    const { m } = model('bake', json, '/w/docker-bake.json');
    assert.deepEqual(m.targets[0].build.platforms!.map((p) => [p.value, at(json, p.range)]), [['linux/amd64', '"linux/amd64"'], ['linux/arm64', '"linux/arm64"']]);
    assert.equal(m.targets[0].build.args.get('GO_VERSION')?.value, '1.22');
  });

  it('survives inherits cycles and half-typed files', () => {
    const { m } = model('bake', 'target "a" {\n  inherits = ["b"]\n}\ntarget "b" {\n  inherits = ["a"]\n  platforms = ["linux/arm64"]\n}\ntarget "c" {\n  platforms = [\n');
    assert.deepEqual(m.targets.find((t) => t.name === 'a')!.build.platforms!.map((p) => p.value), ['linux/arm64']);
  });
});

const GORELEASER = `version: 2
builds:
  - id: cli
    env:
      - CGO_ENABLED=0
    goos: [linux, windows]
    goarch: [amd64, arm]
    goarm: ["6", "7"]
    ignore:
      - goos: windows
        goarch: arm
  - id: defaults
    main: ./cmd/other
  - id: rust
    builder: rust
dockers:
  - dockerfile: Dockerfile
    build_flag_templates:
      - "--platform=linux/arm64"
dockers_v2:
  - platforms: [linux/amd64, linux/arm64]
`;

describe('GoReleaser model', () => {
  it('expands goos × goarch × goarm minus ignore, with GoReleaser defaults for lists left out', () => {
    const { m } = model('goreleaser', GORELEASER);
    const [cli, defaults, rust] = m.builds;
    assert.deepEqual(cli.targets.map((t) => `${t.goos}/${t.goarch}${t.goarm ? `/${t.goarm}` : ''}`), ['linux/amd64', 'linux/arm/6', 'linux/arm/7', 'windows/amd64']);
    assert.equal(defaults.targets.length, 9, 'darwin, linux, windows × 386, amd64, arm64');
    assert.equal(rust.skipped, true);
    assert.equal(cli.env.get('CGO_ENABLED')?.value, '0');
    assert.equal(at(GORELEASER, cli.env.get('CGO_ENABLED')!.site!.valueRange), '0');
    assert.equal(m.contexts.filter((c) => c.where.includes('cli')).length, 4);
  });

  it('makes goos/goarch/goarm items sites of GOOS/GOARCH/GOARM, at the item', () => {
    const { m } = model('goreleaser', GORELEASER);
    assert.deepEqual(m.assignments.filter((a) => a.name === 'GOARM').map((a) => at(GORELEASER, a.valueRange)), ['"6"', '"7"']);
    assert.deepEqual(m.assignments.filter((a) => a.name === 'GOOS').map((a) => a.value), ['linux', 'windows']);
  });

  it('records dockers with their --platform and dockers_v2 platforms', () => {
    const { m } = model('goreleaser', GORELEASER);
    assert.deepEqual(m.images.map((i) => i.platforms?.map((p) => p.value)), [['linux/arm64'], ['linux/amd64', 'linux/arm64']]);
  });
});
