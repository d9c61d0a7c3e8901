import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { check, fixAndRecheck, HOST_FACTS, lineOf, only, ready, textAt } from '../testing';

before(ready);

/** A release workflow: one job with `strategy` (YAML lines at 6 spaces) on `runsOn`, steps at 6 spaces. */
function release(runsOn: string, strategy: string, steps: string): string {
  return [
    'name: release',
    'on:',
    '  push:',
    '    tags: ["v*"]',
    'jobs:',
    '  build:',
    `    runs-on: ${runsOn}`,
    '    strategy:',
    '      matrix:',
    ...strategy.split('\n').filter(Boolean).map((l) => `        ${l}`),
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - uses: actions/setup-go@v5',
    '        with:',
    '          go-version: "1.23"',
    ...steps.split('\n').map((l) => (l ? `      ${l}` : '')),
    '',
  ].join('\n');
}

const BUILD = '- name: Build\n  run: CGO_ENABLED=1 GOOS=${{ matrix.goos }} GOARCH=${{ matrix.goarch }} go build -o dist/app-${{ matrix.goos }}-${{ matrix.goarch }} ./cmd/app';

describe('matrix legs: cgo rules judge each leg', () => {
  it('XB202: a cgo build for the matrix GOARCH on ubuntu-latest fails for arm64 only, and names that leg', () => {
    const text = release('ubuntu-latest', 'goos: [linux]\ngoarch: [amd64, arm64]', BUILD);
    const [f, ...more] = only(check(text, 'workflow'), 'XB202');
    assert.equal(more.length, 0, 'one finding per site, not one per leg');
    assert.equal(textAt(text, f), 'CGO_ENABLED=1', 'on the run: text');
    assert.match(f.message, /^CGO_ENABLED=1 builds for linux\/arm64 without a C compiler for it: set CC=aarch64-linux-gnu-gcc\. /);
    assert.match(f.message, /Only for goarch=arm64 \(not goarch=amd64\) on ubuntu-latest\.$/);
    assert.equal(f.severity, 'error', 'the arm64 leg runs: its failure is certain');
    assert.deepEqual(f.fixes, [], 'a fix on the shared run: text would change the amd64 leg too');
  });

  it('XB202: silent when the arm64 leg gets its cross compiler from an include entry', () => {
    const strategy = 'goos: [linux]\ngoarch: [amd64, arm64]\ninclude:\n  - goarch: arm64\n    cc: aarch64-linux-gnu-gcc\n  - goarch: amd64\n    cc: gcc';
    const steps = [
      '- name: Install the arm64 C compiler',
      "  if: matrix.goarch == 'arm64'",
      '  run: sudo apt-get update && sudo apt-get install -y gcc-aarch64-linux-gnu',
      '- name: Build',
      '  env:',
      '    CGO_ENABLED: "1"',
      '    GOOS: ${{ matrix.goos }}',
      '    GOARCH: ${{ matrix.goarch }}',
      '    CC: ${{ matrix.cc }}',
      '  run: go build -trimpath -o dist/app ./cmd/app',
    ].join('\n');
    assert.deepEqual(only(check(release('ubuntu-latest', strategy, steps), 'workflow'), 'XB202'), []);
    const withoutCC = release('ubuntu-latest', 'goos: [linux]\ngoarch: [amd64, arm64]', steps.replace('    CC: ${{ matrix.cc }}\n', ''));
    const [f] = only(check(withoutCC, 'workflow'), 'XB202');
    assert.match(f.message, /Only for goarch=arm64 \(not goarch=amd64\) on ubuntu-latest/, 'installing the compiler is not enough: go uses gcc unless CC says otherwise');
    assert.equal(textAt(withoutCC, f), 'go', 'CGO_ENABLED is set in env:, so the go word');
  });

  it('XB202: steps a leg skips by its `if:` are not judged for it', () => {
    const steps = [
      '- name: Build natively',
      "  if: matrix.goarch == 'amd64'",
      '  run: CGO_ENABLED=1 GOARCH=${{ matrix.goarch }} go build -o dist/app ./cmd/app',
      '- name: Cross build',
      "  if: matrix.goarch != 'amd64'",
      '  run: CGO_ENABLED=1 CC=aarch64-linux-gnu-gcc GOARCH=${{ matrix.goarch }} go build -o dist/app ./cmd/app',
    ].join('\n');
    assert.deepEqual(only(check(release('ubuntu-latest', 'goarch: [amd64, arm64]', steps), 'workflow'), 'XB202'), []);
    const unreadable = steps.replace("  if: matrix.goarch == 'amd64'", "  if: startsWith(matrix.goarch, 'amd')");
    assert.deepEqual(only(check(release('ubuntu-latest', 'goarch: [amd64, arm64]', unreadable), 'workflow'), 'XB202'), [], 'a condition we cannot read: no verdict');
  });

  it('XB202: each leg on its own runner (runs-on from the matrix): native on the arm runner, macOS left to Apple\'s clang', () => {
    const strategy = 'include:\n  - { os: ubuntu-latest, goos: linux, goarch: amd64 }\n  - { os: ubuntu-24.04-arm, goos: linux, goarch: arm64 }\n  - { os: macos-14, goos: darwin, goarch: arm64 }\n  - { os: macos-14, goos: darwin, goarch: amd64 }';
    assert.deepEqual(only(check(release('${{ matrix.os }}', strategy, BUILD), 'workflow'), 'XB202'), []);
    const onIntel = strategy.replace('ubuntu-24.04-arm', 'ubuntu-latest');
    const [f, ...more] = only(check(release('${{ matrix.os }}', onIntel, BUILD), 'workflow'), 'XB202');
    assert.equal(more.length, 0);
    assert.match(f.message, /Only for goos=linux, goarch=arm64 on ubuntu-latest\.$/);
    assert.ok(f.related?.some((r) => r.message.includes('goos=darwin, goarch=amd64 on macos-14')), 'the legs that pass are named too');
  });

  it('XB202: goos × goarch minus an exclude: each failing leg named, the windows leg\'s own failure related', () => {
    const strategy = 'goos: [linux, windows, darwin]\ngoarch: [amd64, arm64]\nexclude:\n  - goos: windows\n    goarch: arm64';
    const text = release('ubuntu-latest', strategy, BUILD.replace('go build', 'go build -tags cgo_sqlite'));
    const [f, ...more] = only(check(text, 'workflow'), 'XB202');
    assert.equal(more.length, 0);
    assert.match(f.message, /^CGO_ENABLED=1 builds for linux\/arm64 /);
    assert.match(f.message + (f.related ?? []).map((r) => r.message).join('\n'), /goos=linux, goarch=arm64 on ubuntu-latest; goos=windows, goarch=amd64 on ubuntu-latest/);
    assert.ok(f.related?.some((r) => r.message.startsWith('for goos=windows, goarch=amd64 on ubuntu-latest: CGO_ENABLED=1 builds for windows/amd64')), 'the windows leg says what fails there');
    assert.ok(!f.message.includes('windows, goarch=arm64'), 'an excluded leg is not named');
  });

  it('a finding every leg has is reported once, with each leg\'s own failure when they differ', () => {
    const text = release('ubuntu-latest', 'goos: [linux]\ngoarch: [arm64, "386"]', BUILD);
    const [f, ...more] = only(check(text, 'workflow'), 'XB202');
    assert.equal(more.length, 0);
    assert.ok(!f.message.includes('Only for'), f.message);
    assert.match(f.message, /^CGO_ENABLED=1 builds for linux\/arm64 without a C compiler for it: set CC=aarch64-linux-gnu-gcc\. For goarch=arm64 on ubuntu-latest \(other legs: see related\)\.$/);
    assert.ok(f.related?.some((r) => /^for goarch=386 on ubuntu-latest: CGO_ENABLED=1 builds for linux\/386 .*set CC=i686-linux-gnu-gcc/.test(r.message)), JSON.stringify(f.related));
    assert.deepEqual(f.fixes.map((x) => x.title), ['Turn cgo off (CGO_ENABLED=0), if nothing needs C'], 'the same fix for every leg stays');
    assert.equal(fixAndRecheck(text, 'XB202', 'workflow'), text.replace('CGO_ENABLED=1', 'CGO_ENABLED=0'));
  });

  it('a finding of the matrix itself (no leg needed) keeps the message it had without legs', () => {
    const text = release('ubuntu-latest', 'goos: [linux, windows]\ngoarch: [amd64, aarch64]', BUILD.replace('CGO_ENABLED=1', 'CGO_ENABLED=0'));
    const [f, ...more] = only(check(text, 'workflow'), 'XB102');
    assert.equal(more.length, 0);
    assert.match(f.message, /^GOARCH=aarch64 is not a Go architecture: use arm64\. Go 1\.23 stops with "go: unsupported GOOS\/GOARCH pair linux\/aarch64"\.$/);
  });
});

describe('matrix legs: value rules on matrix values', () => {
  it('XB102 once, at the matrix value, with the GOOS of the leg that takes it', () => {
    const text = release('ubuntu-latest', 'goos: [linux, windows]\ngoarch: [amd64, x86_64]', BUILD.replace('CGO_ENABLED=1', 'CGO_ENABLED=0'));
    const found = only(check(text, 'workflow'), 'XB102');
    assert.equal(found.length, 1, found.map((f) => f.message).join('\n'));
    assert.equal(textAt(text, found[0]), 'x86_64');
    assert.equal(lineOf(found[0]), 11);
  });

  it('XB103 judges each leg\'s pair: windows/mips is no port, named as the one leg that builds it', () => {
    const strategy = 'goos: [linux, windows]\ngoarch: [amd64, mips]';
    const text = release('ubuntu-latest', strategy, BUILD.replace('CGO_ENABLED=1', 'CGO_ENABLED=0'));
    const [f, ...more] = only(check(text, 'workflow'), 'XB103');
    assert.equal(more.length, 0);
    assert.match(f.message, /^windows\/mips is not a port of any Go version/);
    assert.match(f.message, /Only for goos=windows, goarch=mips on ubuntu-latest\.$/);
    assert.equal(textAt(text, f), '${{ matrix.goarch }}', 'on the expression that takes the leg\'s value');
    assert.deepEqual(only(check(text.replace('[amd64, mips]', '[amd64, mips]\n        exclude:\n          - { goos: windows, goarch: mips }'), 'workflow'), 'XB103'), [], 'excluded: no leg builds it');
  });

  it('a matrix from an expression keeps the unknown walk: no verdict, nothing logged', () => {
    const text = release('ubuntu-latest', '', BUILD).replace('      matrix:\n', '      matrix: ${{ fromJSON(needs.plan.outputs.matrix) }}\n');
    assert.deepEqual(only(check(text, 'workflow'), 'XB202'), []);
  });
});

describe('matrix legs: cost', () => {
  it('walks legs that read the same values once, and folds legs whose builds agree', () => {
    const strategy = 'goarch: [amd64, arm64]\nflavour: [slim, full]\ngo: ["1.22", "1.23"]';
    const steps = '- run: |\n    GOARCH=${{ matrix.goarch }} go build -o dist/app ./cmd/app\n    tar czf app-${{ matrix.flavour }}.tgz dist/app';
    const { model } = analyze({ path: '/work/app/.github/workflows/release.yml', kind: 'workflow', text: release('ubuntu-latest', strategy, steps) }, { facts: HOST_FACTS });
    assert.ok(model?.kind === 'workflow');
    const legs = model.jobs[0].legs!;
    assert.equal(legs.length, 2, 'flavour only names an archive and go is read by no step: one walk per goarch');
    assert.deepEqual(legs.map((l) => l.labels.length), [4, 4]);
    assert.equal(legs[1].labels[0], 'goarch=arm64, flavour=slim on ubuntu-latest');
  });

  it('a job whose steps read no matrix value is not walked per leg', () => {
    const { model } = analyze({ path: '/work/app/.github/workflows/ci.yml', kind: 'workflow', text: release('ubuntu-latest', 'go: ["1.22", "1.23"]', '- run: go test ./...') }, { facts: HOST_FACTS });
    assert.ok(model?.kind === 'workflow');
    assert.equal(model.jobs[0].legs, undefined);
  });

  it('more legs than the bound: the job stays unknown, and the log says so', () => {
    const logs: string[] = [];
    const strategy = 'goos: [linux, darwin, windows, freebsd, netbsd, openbsd]\ngoarch: [amd64, arm64, "386", arm, riscv64, ppc64le]';
    const { model } = analyze({ path: '/work/app/.github/workflows/release.yml', kind: 'workflow', text: release('ubuntu-latest', strategy, BUILD) }, { facts: HOST_FACTS, log: (m) => logs.push(m) });
    assert.ok(model?.kind === 'workflow');
    assert.equal(model.jobs[0].legs, undefined);
    assert.deepEqual(logs, ['xbd: /work/app/.github/workflows/release.yml: job build: its matrix legs are not judged one by one (36 legs, more than 32); matrix values stay unknown']);
  });

  it('32 legs cost less than 32 times the analysis of the same job without a matrix', () => {
    const strategy = 'goos: [linux, windows, darwin, freebsd]\ngoarch: [amd64, arm64, "386", arm, riscv64, ppc64le, s390x, mips64]';
    const many = release('ubuntu-latest', strategy, BUILD);
    const one = release('ubuntu-latest', 'goos: [linux]\ngoarch: [arm64]', BUILD);
    const time = (text: string) => {
      const start = performance.now();
      for (let i = 0; i < 5; i++) analyze({ path: '/work/app/.github/workflows/release.yml', kind: 'workflow', text }, { facts: HOST_FACTS });
      return (performance.now() - start) / 5;
    };
    time(one);
    const [t1, t32] = [time(one), time(many)];
    console.log(`legs timing: 32 legs ${t32.toFixed(1)} ms, one leg ${t1.toFixed(1)} ms`);
    assert.ok(t32 < 32 * t1, `32 legs ${t32.toFixed(1)} ms, one leg ${t1.toFixed(1)} ms`);
  });
});
