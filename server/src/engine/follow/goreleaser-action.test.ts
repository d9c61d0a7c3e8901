import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { HOST_FACTS, ready, repoReader } from '../testing';

before(ready);


const WORKFLOW = '/r/.github/workflows/release.yml';

function release(runner: string, withArgs: string): string {
  return [
    'name: release',
    'on:',
    '  push:',
    '    tags: ["v*"]',
    'jobs:',
    '  goreleaser:',
    `    runs-on: ${runner}`,
    '    steps:',
    '      - uses: actions/checkout@v4',
    '        with:',
    '          fetch-depth: 0',
    '      - uses: actions/setup-go@v5',
    '        with:',
    '          go-version: "1.23"',
    '      - uses: goreleaser/goreleaser-action@v6',
    '        with:',
    '          distribution: goreleaser',
    '          version: "~> v2"',
    `          args: ${withArgs}`,
    '        env:',
    '          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}',
    '          CGO_ENABLED: "1"',
    '',
  ].join('\n');
}

const CONFIG = (goarch: string) => `version: 2\nbuilds:\n  - id: agent\n    main: ./cmd/agent\n    goos: [linux]\n    goarch: [${goarch}]\n`;

function analyseRelease(files: Record<string, string>) {
  return analyze({ path: WORKFLOW, kind: 'workflow', text: files[WORKFLOW] }, { facts: HOST_FACTS, readInclude: repoReader(files) });
}

describe('goreleaser/goreleaser-action: GoReleaser run with the step\'s env on the job\'s runner', () => {
  it('judges the config against the runner: linux/arm64 with cgo is native on the arm runner, a cross build on ubuntu-latest', () => {
    const onArm = analyseRelease({ [WORKFLOW]: release('ubuntu-24.04-arm', 'release --clean'), '/r/.goreleaser.yaml': CONFIG('arm64') });
    assert.deepEqual(onArm.findings.map((f) => f.code), [], 'native on the arm64 runner');
    assert.deepEqual(onArm.model?.included, ['/r/.goreleaser.yaml']);
    const onIntel = analyseRelease({ [WORKFLOW]: release('ubuntu-latest', 'release --clean'), '/r/.goreleaser.yaml': CONFIG('arm64') });
    const [f, ...more] = onIntel.findings;
    assert.equal(more.length, 0);
    assert.equal(f.code, 'XB701');
    assert.equal(f.range.start.line, 21, 'on the step\'s CGO_ENABLED, where the mistake is');
    assert.ok(f.related?.some((r) => r.message.includes('linux/arm64')), JSON.stringify(f.related));
  });

  it('reads --config from args and the workdir input; other subcommands run no build', () => {
    const files = { [WORKFLOW]: release('ubuntu-latest', 'release --clean --config build/goreleaser.arm.yaml'), '/r/build/goreleaser.arm.yaml': CONFIG('amd64, arm64') };
    assert.deepEqual(analyseRelease(files).model?.included, ['/r/build/goreleaser.arm.yaml']);
    const inDir = { [WORKFLOW]: release('ubuntu-latest', 'release --clean').replace('          args:', '          workdir: agent\n          args:'), '/r/agent/.goreleaser.yml': CONFIG('arm64') };
    assert.deepEqual(analyseRelease(inDir).model?.included, ['/r/agent/.goreleaser.yml']);
    const check = { [WORKFLOW]: release('ubuntu-latest', 'check'), '/r/.goreleaser.yaml': CONFIG('arm64') };
    assert.deepEqual(analyseRelease(check).model?.included, undefined);
    const installOnly = { [WORKFLOW]: release('ubuntu-latest', 'release --clean').replace('          args:', '          install-only: true\n          args:'), '/r/.goreleaser.yaml': CONFIG('arm64') };
    assert.deepEqual(analyseRelease(installOnly).model?.included, undefined, 'install-only: a later step runs goreleaser (driverkit: make release)');
    const unknown = { [WORKFLOW]: release('ubuntu-latest', '${{ inputs.args }}'), '/r/.goreleaser.yaml': CONFIG('arm64') };
    assert.deepEqual(analyseRelease(unknown).model?.included, undefined, 'args we cannot read may be any subcommand');
  });

  it('takes the first word that is no flag as the subcommand (none: release), and follows no workdir outside the checkout', () => {
    const included = (args: string, input = '') =>
      analyseRelease({ [WORKFLOW]: release('ubuntu-latest', args).replace('          args:', `${input}          args:`), '/r/.goreleaser.yaml': CONFIG('arm64'), '/r/agent/.goreleaser.yaml': CONFIG('arm64') }).model?.included;
    assert.deepEqual(included('--clean build --snapshot'), ['/r/.goreleaser.yaml'], 'flags before the subcommand');
    assert.deepEqual(included('--clean'), ['/r/.goreleaser.yaml'], 'only flags: release');
    assert.deepEqual(included('""'), ['/r/.goreleaser.yaml'], 'no words: release');
    assert.deepEqual(included('--clean healthcheck'), undefined);
    assert.deepEqual(included('release', '          install-only: "True"\n'), undefined, 'install-only read without case');
    assert.deepEqual(included('release', '          install-only: false\n'), ['/r/.goreleaser.yaml']);
    assert.deepEqual(included('release', '          workdir: ./agent\n'), ['/r/agent/.goreleaser.yaml']);
    assert.deepEqual(included('release', '          workdir: /home/runner/work/agent\n'), undefined, 'an absolute workdir is outside what the reader knows');
    assert.deepEqual(included('release', '          workdir: ${{ matrix.component }}\n'), undefined);
  });

  it('XB706 names the builds that fail on the runner, and is silent for the one target the runner builds natively', () => {
    const cgoConfig = (goarch: string) => `${CONFIG(goarch)}    env:\n      - CGO_ENABLED=1\n`;
    const xb706 = (runner: string, goarch: string) => {
      const files = { [WORKFLOW]: release(runner, 'release --clean').replace('          CGO_ENABLED: "1"\n', ''), '/r/.goreleaser.yaml': cgoConfig(goarch) };
      return (analyseRelease(files).reached ?? []).flatMap((r) => r.findings).filter((f) => f.code === 'XB706');
    };
    const [one] = xb706('ubuntu-latest', 'arm64');
    assert.match(one.message, /^CGO_ENABLED=1 with no CC per target on the linux\/amd64 runner: the linux\/arm64 build fails\./);
    assert.equal(one.file, '/r/.goreleaser.yaml');
    assert.deepEqual(xb706('ubuntu-24.04-arm', 'arm64'), [], 'native on the arm runner');
    const [two] = xb706('ubuntu-24.04-arm', 'amd64, arm64');
    assert.match(two.message, /on the linux\/arm64 runner: the linux\/amd64 build fails\./);
  });

  it('in a matrix job, the goreleaser-action step is still followed beside the per-leg runs, and a leg that skips a step runs nothing there', () => {
    const matrixJob = release('ubuntu-latest', 'release --clean')
      .replace('    runs-on: ubuntu-latest\n', '    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        flavor: [oss, enterprise]\n')
      .replace('      - uses: goreleaser/goreleaser-action@v6', "      - if: matrix.flavor == 'enterprise'\n        run: make licenses EDITION=${{ matrix.flavor }}\n      - uses: goreleaser/goreleaser-action@v6");
    const files = { [WORKFLOW]: matrixJob, '/r/.goreleaser.yaml': CONFIG('amd64'), '/r/Makefile': 'licenses:\n\tgo run ./tools/licenses -edition $(EDITION)\n' };
    const calls = analyseRelease(files).model?.calls ?? [];
    assert.deepEqual(
      calls.map((c) => [c.kind, c.where]),
      [
        ['goreleaser', 'step steps[3] of job goreleaser'],
        ['makefile', 'step steps[2] of job goreleaser, matrix flavor=enterprise'],
      ],
    );
  });
});

