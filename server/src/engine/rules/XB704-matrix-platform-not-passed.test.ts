import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { applyFix, check, fixAndRecheck, lineOf, only, ready, said, textAt } from '../testing';

before(ready);

/** A release job as many projects write it: a goos × goarch matrix, a build step, an archive named for the leg. */
function release(build: string, extra = ''): string {
  return `name: release
on:
  push:
    tags: ['v*']
jobs:
  binaries:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        goos: [linux, darwin, windows]
        goarch: [amd64, arm64]
${extra}    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version-file: go.mod
      - name: Build
        run: |
          ${build}
          tar -czf dist/app-\${{ matrix.goos }}-\${{ matrix.goarch }}.tar.gz -C dist app
      - uses: actions/upload-artifact@v4
        with:
          name: app-\${{ matrix.goos }}-\${{ matrix.goarch }}
          path: dist/*.tar.gz
`;
}

/** The shape of a fix found in a public project: the matrix holds {os, arch} mappings, the step runs make. */
const NESTED = `name: cd
on: push
jobs:
  binaries:
    runs-on: ubuntu-24.04
    strategy:
      matrix:
        platform:
          - { os: linux, arch: arm64 }
          - { os: darwin, arch: arm64 }
          - { os: windows, arch: amd64 }
    steps:
      - uses: actions/checkout@v4
      - name: Build
        run: |
          make build
          tar -czf exporter-\${{ matrix.platform.os }}-\${{ matrix.platform.arch }}.tar.gz bin/exporter
`;

describe('XB704 matrix names platforms that never reach the build', () => {
  it('flags a go build that gets no GOOS/GOARCH while the matrix names platforms (an error: go builds for the runner)', () => {
    const text = release('go build -o dist/app ./cmd/app');
    const [f, ...more] = only(check(text, 'workflow'), 'XB704');
    assert.equal(more.length, 0);
    assert.equal(f.severity, 'error');
    assert.equal(textAt(text, f), 'go build -o dist/app ./cmd/app');
    assert.match(f.message, /^go build gets no GOOS\/GOARCH from the matrix: every leg builds for linux\/amd64\./);
    assert.match(said(f), /goos: linux, darwin, windows; goarch: amd64, arm64/);
  });

  it('passes the matrix values as a prefix, and the build is then silent', () => {
    const text = release('go build -o dist/app ./cmd/app');
    const fixed = fixAndRecheck(text, 'XB704', 'workflow');
    assert.equal(fixed, text.replace('          go build', '          GOOS=${{ matrix.goos }} GOARCH=${{ matrix.goarch }} go build'));
    assert.deepEqual(check(fixed, 'workflow').filter((f) => f.severity !== 'information'), []);
  });

  it('flags make build with the nested {os, arch} matrix as a warning (the Makefile may set the target), with a fix', () => {
    const [f] = only(check(NESTED, 'workflow'), 'XB704');
    assert.equal(lineOf(f), 16);
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /^make build gets no GOOS\/GOARCH from the matrix: every leg builds for linux\/amd64\./);
    assert.equal(applyFix(NESTED, f), NESTED.replace('          make build', '          GOOS=${{ matrix.platform.os }} GOARCH=${{ matrix.platform.arch }} make build'));
  });

  it('is silent on the fixed version: exported GOOS/GOARCH from the matrix', () => {
    const after = NESTED.replace('          make build', '          export GOOS=${{ matrix.platform.os }}\n          export GOARCH=${{ matrix.platform.arch }}\n          export CGO_ENABLED=0\n          make build');
    assert.deepEqual(check(after, 'workflow').filter((f) => f.severity !== 'information'), []);
  });

  it('offers no fix when the matrix uses names Go does not (x86_64) or whole platforms', () => {
    const aliases = release('go build -o dist/app .').replace('goarch: [amd64, arm64]', 'goarch: [x86_64, arm64]');
    const [a] = only(check(aliases, 'workflow'), 'XB704');
    assert.deepEqual(a.fixes, []);
    const platforms = release('go build -o dist/app .').replace('        goos: [linux, darwin, windows]\n        goarch: [amd64, arm64]', '        platform: [linux/amd64, linux/arm64]');
    const [p] = only(check(platforms, 'workflow'), 'XB704');
    assert.deepEqual(p.fixes, []);
  });

  it('is silent when the matrix may reach the build some other way', () => {
    const cases: [string, string][] = [
      ['step env', release('go build -o dist/app .').replace('      - name: Build\n', '      - name: Build\n        env:\n          GOOS: ${{ matrix.goos }}\n          GOARCH: ${{ matrix.goarch }}\n')],
      ['job env', release('make build', '    env:\n      TARGET: ${{ matrix.goos }}-${{ matrix.goarch }}\n')],
      ['make arguments', release('make build OS=${{ matrix.goos }} ARCH=${{ matrix.goarch }}')],
      ['GITHUB_ENV', release('echo "GOOS=${{ matrix.goos }}" >> "$GITHUB_ENV"\n          go build -o dist/app .')],
      ['a script reading a shell variable', release('target=${{ matrix.goos }}\n          ./build.sh')],
      ['runs-on from the matrix', release('go build -o dist/app .').replace('runs-on: ubuntu-latest', 'runs-on: ${{ matrix.goos == \'darwin\' && \'macos-14\' || \'ubuntu-latest\' }}')],
      ['an action that builds', release('true').replace('      - uses: actions/upload-artifact@v4', '      - uses: wangyoucao577/go-release-action@v1\n        with:\n          goos: ${{ matrix.goos }}\n          goarch: ${{ matrix.goarch }}\n      - uses: actions/upload-artifact@v4')],
      ['a step condition', release('go build -o dist/app .').replace('      - name: Build\n', '      - name: Build\n        if: matrix.goos == \'linux\'\n')],
    ];
    for (const [why, text] of cases) assert.deepEqual(only(check(text, 'workflow'), 'XB704'), [], why);
  });

  it('still flags the build when the matrix only names the files an upload action publishes', () => {
    const text = release('make build').replace('      - uses: actions/upload-artifact@v4\n        with:\n          name:', '      - uses: shogo82148/actions-upload-release-asset@v1\n        with:\n          asset_name:');
    assert.equal(only(check(text, 'workflow'), 'XB704').length, 1);
  });

  it('is silent for matrices that name no platform, for tests, and for jobs without a build', () => {
    const versions = release('go build ./...').replace('        goos: [linux, darwin, windows]\n        goarch: [amd64, arm64]', "        go: ['1.22', '1.23']");
    assert.deepEqual(only(check(versions, 'workflow'), 'XB704'), [], 'Go versions');
    const runners = release('go build ./...').replace('        goos: [linux, darwin, windows]\n        goarch: [amd64, arm64]', '        os: [ubuntu-latest, macos-14]');
    assert.deepEqual(only(check(runners, 'workflow'), 'XB704'), [], 'runner labels');
    assert.deepEqual(only(check(release('go test ./...'), 'workflow'), 'XB704'), [], 'go test');
    assert.deepEqual(only(check(release('make test lint'), 'workflow'), 'XB704'), [], 'make test');
  });

  it('names the runner it builds for, or says it is unknown', () => {
    const [self] = only(check(release('go build .').replace('runs-on: ubuntu-latest', 'runs-on: [self-hosted, linux]'), 'workflow'), 'XB704');
    assert.match(self.message, /every leg builds for the runner's platform\./);
    const [mac] = only(check(release('go build .').replace('runs-on: ubuntu-latest', 'runs-on: macos-14'), 'workflow'), 'XB704');
    assert.match(mac.message, /every leg builds for darwin\/arm64\./);
  });
});

describe('XB704 message, note and fix', () => {
  it('names the matrix dimensions to pass, and the fix by its prefix; a go build gets no note about a script setting the target', () => {
    const text = release('go build -o dist/app ./cmd/app');
    const [f] = only(check(text, 'workflow'), 'XB704');
    assert.equal(f.message, 'go build gets no GOOS/GOARCH from the matrix: every leg builds for linux/amd64. Pass matrix.goos, matrix.goarch to it.');
    assert.deepEqual(f.fixes.map((x) => [x.title, x.isPreferred]), [['Pass GOOS=${{ matrix.goos }} GOARCH=${{ matrix.goarch }}', true]]);
    assert.deepEqual(f.related?.map((r) => r.message), ["Job binaries's matrix names goos: linux, darwin, windows; goarch: amd64, arm64; nothing passes them to GOOS or GOARCH."]);
  });

  it('for make, notes that the Makefile may set the target itself', () => {
    const [f] = only(check(NESTED, 'workflow'), 'XB704');
    assert.deepEqual(f.related?.map((r) => [r.range.start.line + 1, r.message]).slice(1), [[16, 'Unless make build sets the target itself, each artifact holds a linux/amd64 binary.']]);
  });

  it('a matrix of architectures only passes GOARCH; an OS Go does not name gets no fix', () => {
    const archOnly = release('go build -o dist/app .').replace('        goos: [linux, darwin, windows]\n', '');
    assert.equal(fixAndRecheck(archOnly, 'XB704', 'workflow'), archOnly.replace('          go build', '          GOARCH=${{ matrix.goarch }} go build'));
    const macos = release('go build -o dist/app .').replace('goos: [linux, darwin, windows]', 'goos: [linux, macos, windows]');
    assert.deepEqual(only(check(macos, 'workflow'), 'XB704')[0].fixes, []);
  });

  it('on a self-hosted runner says the legs build for the runner\'s platform', () => {
    const text = release('go build -o dist/app .').replace('runs-on: ubuntu-latest', 'runs-on: [self-hosted, linux]');
    assert.match(only(check(text, 'workflow'), 'XB704')[0].message, /: every leg builds for the runner's platform\. /);
  });
});
