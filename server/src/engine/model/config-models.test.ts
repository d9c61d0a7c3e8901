import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { scalarText, parseYaml, child } from '../config/yaml';
import { applyFix, check, HOST_FACTS, only, ready, textIn as at } from '../testing';
import type { DocumentKind } from '../types';
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

describe('YAML scalars mapped to the source', () => {
  it('maps every character of a literal block back to its offset, and refuses escapes', () => {
    const text = 'run: |\n  GOOS=linux \\\n    go build\n\n  echo "done"\nq: "a\\tb"\n';
    const { root } = parseYaml(text);
    const mapped = scalarText(child(root, 'run'), text)!;
    assert.equal(mapped.text, 'GOOS=linux \\\n  go build\n\necho "done"\n');
    for (let i = 0; i < mapped.text.length; i++) assert.equal(text[mapped.origin(i)], mapped.text[i], `character ${i}`);
    assert.equal(scalarText(child(root, 'q'), text), undefined);
  });

  it('reads a folded block as YAML folds it: a break between lines is a blank, an empty or more indented line keeps its break', () => {
    const text = 'run: >\n  docker buildx build\n  --platform linux/arm64 .\n\n  make release\n    GOARCH=arm64\n  echo done\nstrip: >-\n  a\n  b\n';
    const { root } = parseYaml(text);
    const mapped = scalarText(child(root, 'run'), text)!;
    assert.equal(mapped.text, 'docker buildx build --platform linux/arm64 .\nmake release\n  GOARCH=arm64\necho done\n');
    // Every character of a line maps to itself; the blanks and breaks YAML made stand at the line's end.
    for (let i = 0; i < mapped.text.length; i++) {
      const ch: string = mapped.text[i];
      assert.equal(ch === ' ' || ch === '\n' ? /[ \r\n]/.test(text[mapped.origin(i)]) : text[mapped.origin(i)] === ch, true, `character ${i}`);
    }
    assert.equal(scalarText(child(root, 'strip'), text)?.text, 'a b');
  });

  it('reads a plain scalar over several lines as YAML folds it, each word at its place', () => {
    const text = 'run: GOOS=linux\n  go build\n    -o app .\nnext: 1\n';
    const mapped = scalarText(child(parseYaml(text).root, 'run'), text)!;
    assert.equal(mapped.text, 'GOOS=linux go build -o app .');
    const at = (word: string) => text.slice(mapped.origin(mapped.text.indexOf(word)), mapped.origin(mapped.text.indexOf(word)) + word.length);
    assert.deepEqual(['GOOS=linux', 'go build', '-o app .'].map(at), ['GOOS=linux', 'go build', '-o app .']);
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

  it('maps a command after an expression line of a run: block back to its own text', () => {
    const text = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          echo "building ${{ github.ref_name }}"\n          GOOS=linux go build -o dist/app ./cmd/app\n';
    const { m } = model('workflow', text);
    assert.equal(at(text, m.commands[0].range), 'GOOS=linux go build -o dist/app ./cmd/app');
    assert.equal(at(text, m.commands[0].env.get('GOOS')!.site!.valueRange), 'linux');
  });

  it('reads a folded run: (`run: >`) as the one line the runner gets: an assignment on the line above is a prefix of go', () => {
    const text = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Build for the Pi\n        run: >\n          GOOS=linux GOARCH=arm64\n          go build -o dist/app ./cmd/app\n';
    const { m, logs } = model('workflow', text);
    assert.deepEqual(logs, []);
    assert.equal(m.commands[0].env.get('GOARCH')?.value, 'arm64');
    assert.equal(at(text, m.commands[0].env.get('GOARCH')!.site!.valueRange), 'arm64');
    assert.equal(at(text, m.commands[0].goRange), 'go');
  });

  it('reads a run: that starts with an expression or holds an unclosed one, with an empty env value as unknown', () => {
    const job = (run: string) => `on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    env:\n      CGO_ENABLED:\n    steps:\n      - run: ${run}\n`;
    for (const run of ['${{ matrix.setup }} && GOOS=linux go build ./...', 'echo "${{ unclosed" && GOOS=linux go build ./...']) {
      const text = job(run);
      const { m } = model('workflow', text);
      assert.deepEqual(m.commands.map((c) => [at(text, c.range), c.env.get('GOOS')?.value, c.env.get('CGO_ENABLED')?.value]), [['GOOS=linux go build ./...', 'linux', undefined]], run);
    }
  });

  it('a matrix value written as an expression is no GOARCH of its own', () => {
    const text = 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        goarch: [amd64, "${{ inputs.arch }}"]\n    env:\n      GOARCH: ${{ matrix.goarch }}\n    steps:\n      - run: go build ./...\n';
    assert.deepEqual(check(text, 'workflow').map((f) => f.code), []);
    assert.deepEqual(model('workflow', text).m.assignments.filter((a) => a.literal).map((a) => a.value), ['amd64']);
  });

  it('XB208 adds CC beside CROSS_COMPILE in a workflow env, as a plain YAML value', () => {
    const text = 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    env:\n      CROSS_COMPILE: aarch64-linux-gnu-\n      GOARCH: arm64\n      CGO_ENABLED: 1\n    steps:\n      - run: go build -o app . && ${CROSS_COMPILE}strip app\n';
    const [f] = only(check(text, 'workflow'), 'XB208');
    assert.equal(applyFix(text, f), text.replace('aarch64-linux-gnu-\n', 'aarch64-linux-gnu-\n      CC: aarch64-linux-gnu-gcc\n'));
  });

  it('a templated env value is no literal value', () => {
    const { m } = model('workflow', WORKFLOW);
    const site = m.assignments.find((a) => a.name === 'GOARCH' && a.valueText.startsWith('$'))!;
    assert.deepEqual([site.value, site.literal, site.kind], [undefined, false, 'config']);
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

/** A bake file as larger projects write it: shared parents, a computed platform list, quoted arg names. */
const LAYERED = `variable "PLATFORMS" {
  default = "linux/amd64,linux/arm64"
}
group "default" {
  targets = ["api", "tools-\${VARIANT}"]
}
target "_go" {
  args = { "GO_VERSION" = "1.23", CGO_ENABLED = false, "\${EXTRA}" = "1", RETRIES = 5 }
}
target "_labels" {
  args = { VERSION = "dev", GO_VERSION = "1.22" }
}
target "api" {
  inherits = ["_go", "_labels", "_common", "\${BASE}"]
  platforms = split(",", PLATFORMS)
  dockerfile = "build\\\\api.Dockerfile"
  target = <<EOT
runtime
EOT
  context = "\${CONTEXT}"
  args = { VERSION = "1.0", LDFLAGS = "-X \\"main.v=1\\"" }
}
target worker {
  dockerfile = "worker.Dockerfile"
}
target "cli" {
  platforms = [
    "linux/amd64", # CI runners
    "linux/arm64",
  ]
  args = {
    // pinned for reproducible builds
    GO_VERSION = "1.23"
  }
}
`;

describe('docker-bake model: what bake computes is unknown, what is written is read', () => {
  it('reads target and group blocks only, with quoted names; a group\'s interpolated member is unknown', () => {
    const { m } = model('bake', LAYERED);
    assert.equal(m.format, 'hcl');
    assert.deepEqual(m.targets.map((t) => t.name), ['_go', '_labels', 'api', 'cli']);
    assert.deepEqual(m.groups, [{ name: 'default', targets: ['api'] }]);
  });

  it('skips comments inside a platform list and an args object', () => {
    const { build } = model('bake', LAYERED).m.targets.find((t) => t.name === 'cli')!;
    assert.deepEqual(build.platforms?.map((p) => p.value), ['linux/amd64', 'linux/arm64']);
    assert.deepEqual([...build.args].map(([k, v]) => [k, v.value, at(LAYERED, v.nameRange)]), [['GO_VERSION', '1.23', 'GO_VERSION']]);
  });

  it('merges the args of every parent in order, the target\'s own last; a parent defined elsewhere is skipped', () => {
    const api = model('bake', LAYERED).m.targets.find((t) => t.name === 'api')!;
    assert.deepEqual([...api.build.args].map(([k, v]) => [k, v.value]), [['GO_VERSION', '1.22'], ['CGO_ENABLED', 'false'], ['RETRIES', '5'], ['VERSION', '1.0'], ['LDFLAGS', undefined]]);
    assert.deepEqual(api.inherits, ['_go', '_labels', '_common']);
    assert.deepEqual(api.own, ['platforms', 'dockerfile', 'target', 'context', 'args.VERSION', 'args.LDFLAGS']);
  });

  it('a function call for platforms is one unknown platform; escaped strings, heredocs and interpolation are unknown', () => {
    const { build } = model('bake', LAYERED).m.targets.find((t) => t.name === 'api')!;
    assert.deepEqual(build.platforms?.map((p) => [p.value, at(LAYERED, p.range)]), [[undefined, 'split(",", PLATFORMS)']]);
    assert.deepEqual([build.dockerfile, build.target, build.context], [undefined, undefined, undefined]);
  });

  it('skips a block without a label while it is typed', () => {
    assert.deepEqual(model('bake', 'target {\n  dockerfile = "x"\n}\ntarget "app" {\n  dockerfile = ""\n}\n').m.targets.map((t) => [t.name, t.build.dockerfile]), [['app', '']]);
  });

  it('follows a chain of nine parents (a base image, a toolchain, a lint setup…)', () => {
    const chain = Array.from({ length: 10 }, (_, i) => `target "t${i}" {\n${i < 9 ? `  inherits = ["t${i + 1}"]\n` : '  dockerfile = "base.Dockerfile"\n'}}\n`).join('');
    assert.equal(model('bake', chain).m.targets[0].build.dockerfile, 'base.Dockerfile');
  });

  it('reads docker-bake.json groups and targets: null entries, interpolation and missing values are unknown', () => {
    const json = '{"group": {"default": {"targets": ["api", "${EXTRA}"]}, "ci": {}}, "target": {"api": {"dockerfile": "build/api.Dockerfile", "platforms": ["linux/amd64", null, "linux/${ARCH}"], "args": {"GO": "1.23", "N": null}}, "empty": null}}';
    const { m, logs } = model('bake', json, '/w/docker-bake.json');
    assert.deepEqual(logs, []);
    assert.equal(m.format, 'json');
    assert.deepEqual(m.groups, [{ name: 'default', targets: ['api'] }, { name: 'ci', targets: [] }]);
    assert.deepEqual(m.targets.map((t) => [t.name, at(json, t.range)]), [['api', json.slice(json.indexOf('"api": {'), json.indexOf(', "empty"'))], ['empty', '"empty": null']]);
    const api = m.targets[0].build;
    assert.equal(api.dockerfile, 'build/api.Dockerfile');
    assert.deepEqual(api.platforms?.map((p) => p.value), ['linux/amd64', undefined, undefined]);
    assert.deepEqual([...api.args].map(([k, v]) => [k, v.value]), [['GO', '1.23'], ['N', undefined]]);
    assert.deepEqual(m.targets[0].own, ['dockerfile', 'platforms', 'args.GO', 'args.N']);
  });

  it('a compose file that is no YAML mapping is logged as not read', () => {
    const { m, logs } = model('bake', '"services:\n  api:\n    build: ./api\n', '/w/compose.yaml');
    assert.equal(m.format, 'compose');
    assert.deepEqual(m.targets, []);
    assert.match(logs.join('\n'), /^xbd: \/w\/compose\.yaml: not read: YAML: /);
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

/** A release with every matrix list written out, per-build ignores, a build for another builder and one skipped. */
const MATRIX = `version: 2
project_name: tunnel
builds:
  - id: tunnel
    main: ./cmd/tunnel
    env:
      - CGO_ENABLED=0
    flags:
      - -trimpath  -v
      - "{{if .IsSnapshot}}-race{{end}}"
    ldflags:
      - -s -w
      - -X main.version={{ .Version }}
    tags: [netgo, osusergo]
    buildmode: pie
    goos: [linux]
    goarch: [amd64, arm, arm64]
    goarm: ["7"]
    goamd64: [v1, v3]
    goarm64: [v8.0, "{{ .Env.ARM64 }}"]
    ignore:
      - goos: linux
        goarch: amd64
        goamd64: v3
  - id: agent
    builder: go
    goos: [windows]
    goarch: [arm]
    goarm: ["6", "7"]
    ignore:
      - goarch: arm
        goarm: "6"
    overrides:
      - goos: windows
        env:
          - CC=zig cc
  - id: legacy
    skip: true
  - id: ui
    builder: bun
`;

describe('GoReleaser model: one go build per target', () => {
  const envOf = (m: GoReleaserModel) => m.contexts.map((c) => `${c.where}: ${[...c.env].map(([k, v]) => `${k}=${v.value}`).join(' ')}`);

  it('runs go with the build\'s env and each target\'s GOOS, GOARCH and its GOARM, GOAMD64 or GOARM64, minus the ignored ones', () => {
    const { m } = model('goreleaser', MATRIX);
    assert.deepEqual(envOf(m), [
      'GoReleaser build tunnel (linux/amd64): CGO_ENABLED=0 GOOS=linux GOARCH=amd64 GOAMD64=v1',
      'GoReleaser build tunnel (linux/arm/v7): CGO_ENABLED=0 GOOS=linux GOARCH=arm GOARM=7',
      'GoReleaser build tunnel (linux/arm64): CGO_ENABLED=0 GOOS=linux GOARCH=arm64 GOARM64=v8.0',
      'GoReleaser build agent (windows/arm/v7): GOOS=windows GOARCH=arm GOARM=7',
    ]);
    assert.deepEqual(m.builds.map((b) => [b.name, b.skipped]), [['tunnel', false], ['agent', false], ['legacy', true], ['ui', true]]);
    assert.deepEqual(m.commands.length, 4, 'a skipped build runs no go command');
    const entries = [...m.contexts[1].env.values()].map((e) => ({ name: e.name, value: e.value, expr: e.expr }));
    assert.deepEqual(entries.slice(1), [{ name: 'GOOS', value: 'linux', expr: 'linux' }, { name: 'GOARCH', value: 'arm', expr: 'arm' }, { name: 'GOARM', value: '7', expr: '7' }]);
    assert.deepEqual(m.contexts[0].env.get('GOAMD64'), { name: 'GOAMD64', value: 'v1', expr: 'v1' });
    assert.deepEqual(m.contexts[2].env.get('GOARM64'), { name: 'GOARM64', value: 'v8.0', expr: 'v8.0' });
    assert.deepEqual(m.assignments.map((a) => `${a.name}=${a.value}`), ['CGO_ENABLED=0', 'GOOS=linux', 'GOARCH=amd64', 'GOARCH=arm', 'GOARCH=arm64', 'GOARM=7', 'GOAMD64=v1', 'GOAMD64=v3', 'GOARM64=v8.0', 'GOOS=windows', 'GOARCH=arm', 'GOARM=6', 'GOARM=7'], 'env entries other than build variables are no sites');
  });

  it('a build that names CC but not CGO_ENABLED leaves cgo to the environment goreleaser runs in: unknown', () => {
    const { m } = model('goreleaser', 'builds:\n  - id: cross\n    env: [CC=o64-clang]\n    goos: [darwin]\n    goarch: [arm64]\n    goarm64: [v8.0]\n  - id: x86\n    env: [CXX=g++]\n    goos: [linux]\n    goarch: ["386"]\n    goarm64: [v8.0]\n');
    assert.deepEqual(m.contexts[0].env.get('CGO_ENABLED'), { name: 'CGO_ENABLED', value: undefined, expr: '$CGO_ENABLED' });
    assert.equal(m.contexts[1].env.get('CGO_ENABLED')?.value, undefined);
    assert.equal(m.contexts[1].env.has('GOARM64'), false, 'goarm64 is for arm64 targets only');
  });

  it('judges a matrix of more than 64 targets on its first 64 (analysis stays bounded)', () => {
    const { m } = model('goreleaser', 'builds:\n  - id: all\n    goos: [aix, android, darwin, dragonfly, freebsd, illumos, linux, netbsd, openbsd, solaris, windows]\n    goarch: ["386", amd64, arm64, riscv64, ppc64le, s390x]\n');
    assert.deepEqual([m.builds[0].targets.length, m.contexts.length], [66, 64]);
  });

  it('fills the lists a build leaves out with GoReleaser\'s defaults: darwin, linux, windows × 386, amd64, arm64, goarm 6, goamd64 v1', () => {
    const { m } = model('goreleaser', 'version: 2\nbuilds:\n  - id: cli\n    goarch: [arm, amd64]\n');
    assert.deepEqual(m.contexts.map((c) => c.where.replace('GoReleaser build cli ', '')), ['(darwin/arm/v6)', '(darwin/amd64)', '(linux/arm/v6)', '(linux/amd64)', '(windows/arm/v6)', '(windows/amd64)']);
    assert.equal(m.contexts[1].env.get('GOAMD64')?.value, 'v1');
    const { m: all } = model('goreleaser', 'version: 2\nbuilds:\n  - id: cli\n');
    assert.deepEqual(all.builds[0].targets.map((t) => `${t.goos}/${t.goarch}`), ['darwin/386', 'darwin/amd64', 'darwin/arm64', 'linux/386', 'linux/amd64', 'linux/arm64', 'windows/386', 'windows/amd64', 'windows/arm64']);
  });

  it('labels a target with its goamd64 level above v1, and an ignore entry without goarm drops every arm variant', () => {
    const { m } = model('goreleaser', 'builds:\n  - id: srv\n    goos: [linux]\n    goarch: [amd64, arm]\n    goamd64: [v1, v3]\n    goarm: ["6", "7"]\n    ignore:\n      - goos: linux\n        goarch: arm\n');
    assert.deepEqual(m.contexts.map((c) => c.where), ['GoReleaser build srv (linux/amd64)', 'GoReleaser build srv (linux/amd64/v3)']);
  });

  it('gives go the flags, the ldflags items joined by a blank, the tags by a comma, and the buildmode; a template with a condition is unknown', () => {
    const { m } = model('goreleaser', MATRIX);
    const build = m.builds[0];
    assert.deepEqual(build.flagWords.map((w) => [w.text, w.value]), [
      ['-trimpath', '-trimpath'],
      ['-v', '-v'],
      ['{{if .IsSnapshot}}-race{{end}}', undefined],
      ['-ldflags=-s -w -X main.version={{ .Version }}', '-ldflags=-s -w -X main.version={{ .Version }}'],
      ['-tags=netgo,osusergo', '-tags=netgo,osusergo'],
      ['-buildmode=pie', '-buildmode=pie'],
    ]);
    assert.equal(at(MATRIX, build.flagWords[4].range), '[netgo, osusergo]');
    const flags = m.commands[0].flags;
    assert.deepEqual([...flags].map(([k, v]) => `${k}=${v.value}`), ['trimpath=true', 'v=true', 'ldflags=-s -w -X main.version={{ .Version }}', 'tags=netgo,osusergo', 'buildmode=pie']);
    assert.equal(m.commands[0].range.start.line, 3, 'the build\'s first line');
    const unknownItem = model('goreleaser', 'builds:\n  - id: a\n    ldflags:\n      - -s\n      - [nested]\n    tags: [netgo]\n').m.builds[0];
    assert.deepEqual(unknownItem.flagWords.map((w) => w.text), ['-tags=netgo'], 'ldflags with an item that is no string are left out');
    const nested = model('goreleaser', 'builds:\n  - id: a\n    flags:\n      - [-v]\n      - -trimpath\n').m.builds[0];
    assert.deepEqual(nested.flagWords.map((w) => w.text), ['-trimpath'], 'so is a flags item');
  });

  it('a flag under a template condition is not given to every target: {{ if .IsSnapshot }} -race {{ end }} holds no -race', () => {
    const { m } = model('goreleaser', 'builds:\n  - id: a\n    goos: [linux]\n    goarch: [arm]\n    flags:\n      - "{{ if .IsSnapshot }} -race {{ end }}"\n      - "{{- with .Env.EXTRA }}{{ . }}{{ end }}"\n      - -trimpath\n');
    assert.deepEqual(m.builds[0].flagWords.map((w) => w.value), [undefined, undefined, '-trimpath']);
    assert.deepEqual([...m.commands[0].flags.keys()], ['trimpath']);
    assert.deepEqual(only(check('version: 2\nbuilds:\n  - env: [CGO_ENABLED=0]\n    goos: [linux]\n    goarch: [arm]\n    goarm: ["7"]\n    flags:\n      - "{{ if .IsSnapshot }} -race {{ end }}"\n', 'goreleaser'), 'XB211'), []);
  });

  it('notes an overrides entry that sets CC or CXX, not one that sets CCACHE', () => {
    const { m } = model('goreleaser', MATRIX);
    assert.deepEqual(m.builds.map((b) => b.overridesCC), [false, true, false, false]);
    const ccache = model('goreleaser', 'builds:\n  - id: a\n    overrides:\n      - goos: linux\n        env: [CCACHE_DIR=/tmp/c, CC=gcc]\n  - id: b\n    overrides:\n      - goos: linux\n        env: [MY_CC=gcc]\n').m;
    assert.deepEqual(ccache.builds.map((b) => b.overridesCC), [true, false]);
  });

  it('an explicit targets: list or a templated goos makes the targets unknown', () => {
    const { m } = model('goreleaser', 'builds:\n  - id: a\n    targets: [linux_amd64]\n  - id: b\n    goos: ["{{ .Env.GOOS }}", linux]\n  - id: c\n    goos: [linux]\n');
    assert.deepEqual(m.builds.map((b) => b.targetsKnown), [false, false, true]);
    assert.deepEqual(m.builds[1].targets.map((t) => t.goos), ['linux', 'linux', 'linux'], 'the templated goos is left out');
  });

  it('reads schema 1\'s single build: mapping', () => {
    const { m } = model('goreleaser', 'build:\n  binary: app\n  goos: [linux]\n  goarch: [arm64]\n');
    assert.deepEqual(m.builds.map((b) => [b.name, b.targets.length]), [['builds[0]', 1]]);
  });

  it('a broken config costs a log line and keeps what parsed', () => {
    const { m, logs } = model('goreleaser', 'builds:\n  - id: a\n    goos: [linux]\n    goarch: [amd64\n');
    assert.equal(logs.length, 1);
    assert.match(logs[0], /^xbd: \/w\/\.goreleaser\.yaml: YAML: .*; reading what parsed$/);
    assert.equal(m.kind, 'goreleaser');
  });
});

describe('GoReleaser model: images', () => {
  const IMAGES = `version: 2
builds:
  - id: api
    goos: [linux]
dockers:
  - dockerfile: build/api.Dockerfile
    ids: [api]
    goarch: arm
    goarm: "7"
    build_flag_templates:
      - --pull
      - "--platform linux/arm/v7"
  - goarch: "{{ .Env.ARCH }}"
    ids: [api, "{{ .ProjectName }}-cli"]
    build_flag_templates:
      - "--label=platform=--platform=linux/s390x"
      - "--platform={{ .Os }}/{{ .Arch }}"
  - goos: "{{ .Os }}"
    goarch: arm64
  - goarch: arm
dockers_v2:
  - dockerfile: Dockerfile.release
    ids: [api, worker]
    platforms: [linux/amd64]
`;

  it('records each image\'s Dockerfile, the builds it takes binaries from, and the platform of those binaries', () => {
    const { m } = model('goreleaser', IMAGES);
    assert.deepEqual(m.images.map((i) => [i.by, i.dockerfile, i.ids, i.binaries?.platform]), [
      ['GoReleaser dockers[0]', 'build/api.Dockerfile', ['api'], 'linux/arm/v7'],
      ['GoReleaser dockers[1]', undefined, undefined, undefined],
      ['GoReleaser dockers[2]', undefined, undefined, undefined],
      ['GoReleaser dockers[3]', undefined, undefined, 'linux/arm/v6'],
      ['GoReleaser dockers_v2[0]', 'Dockerfile.release', ['api', 'worker'], undefined],
    ]);
    assert.equal(at(IMAGES, m.images[0].binaries!.anchor), 'build_flag_templates');
  });

  it('takes --platform from a build flag written with = or a blank, not from inside another flag; a templated one is unknown', () => {
    const { m } = model('goreleaser', IMAGES);
    assert.deepEqual(m.images[0].platforms?.map((p) => [p.value, at(IMAGES, p.range)]), [['linux/arm/v7', '"--platform linux/arm/v7"']]);
    assert.deepEqual(m.images[1].platforms?.map((p) => p.value), [undefined]);
  });

  it('a docker entry without build flags anchors at its first line; without goarch it holds linux/amd64 binaries', () => {
    const text = 'dockers:\n  - image_templates: ["ghcr.io/acme/api:{{ .Tag }}"]\n    dockerfile: Dockerfile\n';
    const { m } = model('goreleaser', text);
    assert.equal(m.images[0].binaries?.platform, 'linux/amd64');
    assert.equal(at(text, m.images[0].binaries!.anchor), 'image_templates: ["ghcr.io/acme/api:{{ .Tag }}"]');
  });
});
