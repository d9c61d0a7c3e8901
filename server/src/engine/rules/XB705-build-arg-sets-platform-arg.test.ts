import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { applyFix, check, fixAndRecheck, HOST_FACTS, lineOf, only, ready, said, textAt } from '../testing';

before(ready);

/** The shape of a bake fix in a public project: a shared target passing TARGETOS, images for two architectures. */
const BAKE = `variable "TAG" {
  default = "dev"
}

group "default" {
  targets = ["shim"]
}

target "_common" {
  args = {
    GO_VERSION = "1.23"
    TARGETARCH = "amd64"
  }
}

target "shim" {
  inherits   = ["_common"]
  dockerfile = "Dockerfile"
  platforms  = ["linux/amd64", "linux/arm64"]
  tags       = ["example/shim:\${TAG}"]
}
`;

const WORKFLOW = `name: image
on: push
jobs:
  docker:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          context: .
          platforms: linux/amd64,linux/arm64
          build-args: |
            VERSION=\${{ github.ref_name }}
            TARGETOS=linux
            TARGETARCH=amd64
          push: true
          tags: ghcr.io/example/app:latest
`;

describe('XB705 build arg sets an automatic platform arg', () => {
  it('flags TARGETARCH in bake args for a two-platform target as an error, where the arg is written', () => {
    const [f, ...more] = only(check(BAKE, 'bake'), 'XB705');
    assert.equal(more.length, 0);
    assert.equal(f.severity, 'error');
    assert.equal(textAt(BAKE, f), 'TARGETARCH');
    assert.match(f.message, /^Build arg TARGETARCH=amd64 replaces the value BuildKit sets per platform: remove it\./);
    assert.match(said(f), /bake target shim builds linux\/amd64, linux\/arm64/);
  });

  it('removes the arg\'s line, and the target is then silent', () => {
    const fixed = fixAndRecheck(BAKE, 'XB705', 'bake');
    assert.equal(fixed, BAKE.replace('    TARGETARCH = "amd64"\n', ''));
  });

  it('in build-push-action build-args: TARGETARCH=amd64 is an error, TARGETOS=linux for Linux platforms only a note', () => {
    const found = only(check(WORKFLOW, 'workflow'), 'XB705');
    assert.deepEqual(found.map((f) => [lineOf(f), f.severity, textAt(WORKFLOW, f)]), [
      [15, 'information', 'TARGETOS'],
      [16, 'error', 'TARGETARCH'],
    ]);
    assert.equal(applyFix(WORKFLOW, found[1]), WORKFLOW.replace('            TARGETARCH=amd64\n', ''));
    assert.equal(fixAndRecheck(WORKFLOW, 'XB705', 'workflow'), WORKFLOW.replace('            TARGETOS=linux\n', ''));
  });

  it('is a warning when the build names no platform (it holds for one builder only), and for BUILDPLATFORM', () => {
    const noPlatforms = BAKE.replace('  platforms  = ["linux/amd64", "linux/arm64"]\n', '');
    assert.deepEqual(only(check(noPlatforms, 'bake'), 'XB705').map((f) => f.severity), ['warning']);
    const build = BAKE.replace('TARGETARCH = "amd64"', 'BUILDPLATFORM = "linux/amd64"');
    assert.deepEqual(only(check(build, 'bake'), 'XB705').map((f) => f.severity), ['warning']);
  });

  it('reads docker-bake.json too, and removes a line only where JSON stays valid', () => {
    const json = `{
  "target": {
    "app": {
      "platforms": ["linux/amd64", "linux/arm64"],
      "args": {
        "TARGETARCH": "arm64",
        "VERSION": "1.0"
      }
    }
  }
}
`;
    const f = analyzeJson(json);
    assert.equal(f.length, 1);
    assert.equal(f[0].fixes.length, 1);
    const last = analyzeJson(json.replace('"TARGETARCH": "arm64",\n        "VERSION": "1.0"', '"VERSION": "1.0",\n        "TARGETARCH": "arm64"'));
    assert.deepEqual(last[0].fixes, [], 'the last entry: removing its line would leave a trailing comma');
  });

  it('is silent for other args and for an unknown value on a single-platform build', () => {
    assert.deepEqual(only(check(BAKE.replace('TARGETARCH = "amd64"', 'GOARCH_DEFAULT = "amd64"'), 'bake'), 'XB705'), []);
    const matrix = WORKFLOW.replace('linux/amd64,linux/arm64', 'linux/${{ matrix.arch }}').replace('            TARGETOS=linux\n', '').replace('TARGETARCH=amd64', 'TARGETARCH=${{ matrix.arch }}');
    assert.deepEqual(only(check(matrix, 'workflow'), 'XB705'), []);
  });
});

describe('XB705 in bake overrides and compose files', () => {
  const BAKE_ACTION = `name: images
on:
  push:
    branches: [main]
jobs:
  bake:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/bake-action@v6
        with:
          source: .
          set: |
            *.platform=linux/amd64, linux/arm64
            shim.args.TARGETARCH=amd64
            shim.args.VERSION=1.4.0
`;

  it('flags --set *.args.TARGETARCH of a bake-action step with its own two platforms, and removes that line', () => {
    const [f] = only(check(BAKE_ACTION, 'workflow'), 'XB705');
    assert.equal(f.severity, 'error');
    assert.equal(lineOf(f), 15);
    assert.equal(textAt(BAKE_ACTION, f), 'shim.args.TARGETARCH=amd64');
    assert.match(said(f), /\(line 10\) builds linux\/amd64, linux\/arm64; BuildKit sets TARGETARCH/, 'the --set platforms, not the args');
    assert.equal(fixAndRecheck(BAKE_ACTION, 'XB705', 'workflow'), BAKE_ACTION.replace('            shim.args.TARGETARCH=amd64\n', ''));
  });

  it('is a warning for a run of docker buildx bake that names no platform, and reads compose args', () => {
    const run = 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker buildx bake --set "*.args.TARGETOS=linux" --push\n';
    const [f] = only(check(run, 'workflow'), 'XB705');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.fixes, []);
    const compose = 'services:\n  shim:\n    build:\n      context: .\n      args:\n        TARGETARCH: arm64\n      x-bake:\n        platforms: [linux/amd64, linux/arm64]\n';
    const [c] = analyze({ path: '/work/app/compose.yaml', kind: 'bake', text: compose }, { facts: HOST_FACTS }).findings.filter((x) => x.code === 'XB705');
    assert.equal(c.severity, 'error');
    assert.equal(c.range.start.line, 5);
  });
});

/** A docker-bake.json (check() names every bake file docker-bake.hcl). */
function analyzeJson(text: string) {
  return only(analyze({ path: '/work/app/docker-bake.json', kind: 'bake', text }, { facts: HOST_FACTS }).findings, 'XB705');
}

/** A build-push-action step building `platforms` with these build-args lines. */
const pushAction = (platforms: string, args: string[]) => `name: image
on: push
jobs:
  docker:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/build-push-action@v6
        with:
          context: .
          platforms: ${platforms}
          build-args: |
${args.map((a) => `            ${a}\n`).join('')}          push: true
`;

describe('XB705 verdict per arg and platform', () => {
  const verdict = (platforms: string, arg: string) => only(check(pushAction(platforms, [arg]), 'workflow'), 'XB705').map((f) => f.severity);

  it('compares TARGETOS, TARGETARCH, TARGETVARIANT and TARGETPLATFORM with each platform built: an error when one disagrees, a note when all agree', () => {
    assert.deepEqual(verdict('linux/amd64,linux/arm64', 'TARGETOS=windows'), ['error']);
    assert.deepEqual(verdict('linux/arm64', 'TARGETARCH=arm64'), ['information']);
    assert.deepEqual(verdict('linux/arm/v6,linux/arm/v7', 'TARGETVARIANT=v7'), ['error']);
    assert.deepEqual(verdict('linux/arm/v7', 'TARGETVARIANT=v7'), ['information']);
    assert.deepEqual(verdict('linux/arm64', 'TARGETVARIANT='), ['information'], 'arm64 has no variant: the empty value is its own');
    assert.deepEqual(verdict('linux/arm/v7', 'TARGETPLATFORM=linux/arm/v7'), ['information']);
    assert.deepEqual(verdict('linux/arm64', 'TARGETPLATFORM=linux/amd64'), ['error']);
  });

  it('a value it cannot read is an error for several platforms (they cannot all get it), nothing for one; the message names the arg alone', () => {
    const text = pushAction('linux/amd64,linux/arm64', ['TARGETARCH=${{ inputs.arch }}']);
    const [f] = only(check(text, 'workflow'), 'XB705');
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'Build arg TARGETARCH replaces the value BuildKit sets per platform: remove it. Every platform then gets the same value.');
    assert.deepEqual(verdict('linux/arm64', 'TARGETARCH=${{ inputs.arch }}'), []);
  });

  it('says what a BUILD arg does to the stages on $BUILDPLATFORM, and what a build with no platforms builds', () => {
    const [b] = only(check(pushAction('linux/amd64,linux/arm64', ['BUILDPLATFORM=linux/amd64']), 'workflow'), 'XB705');
    assert.equal(b.message, 'Build arg BUILDPLATFORM=linux/amd64 replaces the value BuildKit sets per platform: remove it. Stages on $BUILDPLATFORM then pull that platform.');
    const noPlatforms = pushAction('linux/amd64', ['TARGETOS=linux']).replace('          platforms: linux/amd64\n', '');
    const [n] = only(check(noPlatforms, 'workflow'), 'XB705');
    assert.deepEqual(n.related?.map((r) => r.message), ["step steps[1] (line 8) builds the builder's platform; BuildKit sets TARGETOS from the platform of each build unless a build arg names it."]);
    assert.deepEqual(n.fixes.map((x) => [x.title, x.isPreferred]), [['Remove the TARGETOS build arg', true]]);
  });

  it('removes the last line of a file, and offers no edit where the arg shares its line or its value spans lines', () => {
    const last = pushAction('linux/amd64,linux/arm64', ['TARGETARCH=amd64']).replace('\n          push: true\n', '');
    assert.equal(applyFix(last, only(check(last, 'workflow'), 'XB705')[0]), last.replace('            TARGETARCH=amd64', ''));
    const inline = 'target "shim" {\n  platforms = ["linux/amd64", "linux/arm64"]\n  args = { TARGETARCH = "amd64" }\n}\n';
    const commented = 'target "shim" {\n  platforms = ["linux/amd64", "linux/arm64"]\n  args = {\n    TARGETARCH = "amd64" # the CI runners\n  }\n}\n';
    const heredoc = 'target "shim" {\n  platforms = ["linux/amd64", "linux/arm64"]\n  args = {\n    TARGETARCH = <<EOT\namd64\nEOT\n  }\n}\n';
    for (const text of [inline, commented, heredoc]) {
      const [f] = only(check(text, 'bake'), 'XB705');
      assert.equal(f.severity, 'error');
      assert.deepEqual(f.fixes, [], text);
    }
  });
});
