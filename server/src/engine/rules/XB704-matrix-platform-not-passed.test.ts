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
      ['an exported variable a later build may read', release('export TARGET=${{ matrix.goos }}-${{ matrix.goarch }}\n          go build -o dist/app .')],
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

describe('XB704: what a matrix value in a run: step does not choose', () => {
  it('still flags the build when the matrix only names files that are archived, copied, checksummed or uploaded', () => {
    const fileSteps = [
      'tar -czf dist/app-${{ matrix.goos }}.tar.gz dist/app',
      'zip dist/app-${{ matrix.goos }}.zip dist/app',
      '7z a dist/app-${{ matrix.goos }}.7z dist/app',
      'gzip -k dist/app-${{ matrix.goos }}',
      'xz -k dist/app-${{ matrix.goos }}',
      'mv dist/app dist/app-${{ matrix.goos }}-${{ matrix.goarch }}',
      'cp dist/app release/app-${{ matrix.goos }}',
      'ln -s app dist/app-${{ matrix.goos }}',
      'rm -rf dist/${{ matrix.goos }}',
      'mkdir -p dist/${{ matrix.goos }}',
      'ls -l dist/${{ matrix.goos }}',
      'chmod +x dist/app-${{ matrix.goos }}',
      'sha256sum dist/app-${{ matrix.goos }}',
      'sha512sum dist/app-${{ matrix.goos }}',
      'shasum -a 256 dist/app-${{ matrix.goos }}',
      'md5sum dist/app-${{ matrix.goos }}',
      'upx -o dist/app-${{ matrix.goos }} dist/app',
      'gh release upload v1 dist/app-${{ matrix.goos }}',
      'go build -o dist/app-${{ matrix.goos }}-${{ matrix.goarch }} ./cmd/app',
      'go install -ldflags "-X main.platform=${{ matrix.goos }}" ./cmd/app',
    ];
    for (const step of fileSteps) {
      const text = release(`go build -o dist/app ./cmd/app\n          ${step}`);
      assert.equal(only(check(text, 'workflow'), 'XB704').length, step.startsWith('go ') ? 2 : 1, step);
    }
  });

  it('is silent when the matrix value reaches any other program: it may choose the target', () => {
    for (const step of ['./scripts/build.sh ${{ matrix.goos }}', 'go run ./tools/release -os ${{ matrix.goos }}', 'env TARGET=${{ matrix.goos }} make build']) {
      assert.deepEqual(only(check(release(`go build -o dist/app ./cmd/app\n          ${step}`), 'workflow'), 'XB704'), [], step);
    }
  });

  it('still flags the build when the matrix only names what checkout, cache, release and download actions fetch or publish', () => {
    const actions = [
      '      - uses: actions/cache@v4\n        with:\n          key: go-${{ matrix.goos }}-${{ matrix.goarch }}\n          path: ~/go/pkg/mod',
      '      - uses: actions/checkout@v4\n        with:\n          ref: release-${{ matrix.goos }}',
      '      - uses: actions/setup-go@v5\n        with:\n          cache-dependency-path: go-${{ matrix.goos }}.sum',
      '      - uses: softprops/action-gh-release@v2\n        with:\n          files: dist/app-${{ matrix.goos }}-${{ matrix.goarch }}.tar.gz',
      '      - uses: actions/download-artifact@v4\n        with:\n          name: tools-${{ matrix.goos }}',
      '      - uses: actions/upload-release-asset@v1\n        with:\n          asset_name: app-${{ matrix.goos }}',
    ];
    for (const action of actions) {
      const text = release('go build -o dist/app ./cmd/app').replace(/      - uses: actions\/upload-artifact@v4[\s\S]*$/, `${action}\n`);
      assert.equal(only(check(text, 'workflow'), 'XB704').length, 1, action);
    }
    const builder = release('go build -o dist/app ./cmd/app').replace(/      - uses: actions\/upload-artifact@v4[\s\S]*$/, '      - uses: goreleaser/goreleaser-action@v6\n        with:\n          args: build --id app-${{ matrix.goos }}\n');
    assert.deepEqual(only(check(builder, 'workflow'), 'XB704'), [], 'an action that builds may take the target from its inputs');
  });

  it('is silent for make runs of targets that build nothing for a platform', () => {
    for (const targets of ['test', 'tests', 'lint', 'vet', 'fmt', 'check', 'clean', 'tidy', 'generate', 'deps', 'tools', 'docs', 'coverage', 'lint vet test']) {
      assert.deepEqual(only(check(release(`make ${targets}`), 'workflow'), 'XB704'), [], targets);
    }
    const [f] = only(check(release('make lint build'), 'workflow'), 'XB704');
    assert.match(f.message, /^make lint gets no GOOS\/GOARCH from the matrix/, 'one building target is enough; the run is named by its first target');
  });
});

describe('XB704: which runs build', () => {
  /** XB704's findings on a release job whose Build step runs `script`: [text flagged, severity]. */
  const flagged = (script: string) => {
    const text = release(script);
    return only(check(text, 'workflow'), 'XB704').map((f) => [textAt(text, f), f.message.slice(0, f.message.indexOf(' gets')), f.severity]);
  };

  it('flags make and gmake, scripts, and task runners, named by their first target or script', () => {
    assert.deepEqual(flagged('make -j4 GOFLAGS=-trimpath release'), [['make -j4 GOFLAGS=-trimpath release', 'make release', 'warning']]);
    assert.deepEqual(flagged('gmake'), [['gmake', 'gmake', 'warning']], 'no target: the first one builds');
    assert.deepEqual(flagged('./scripts/build.sh --release'), [['./scripts/build.sh --release', 'build.sh', 'warning']]);
    assert.deepEqual(flagged('bash scripts/build.sh'), [['bash scripts/build.sh', 'bash scripts/build.sh', 'warning']]);
    assert.deepEqual(flagged('sh -e ./build.sh'), [['sh -e ./build.sh', 'sh ./build.sh', 'warning']]);
    assert.deepEqual(flagged('mage build'), [['mage build', 'mage build', 'warning']]);
    assert.deepEqual(flagged('task build:all'), [['task build:all', 'task build:all', 'warning']]);
    assert.deepEqual(flagged('just dist'), [['just dist', 'just dist', 'warning']]);
    assert.deepEqual(flagged('go install ./cmd/app'), [['go install ./cmd/app', 'go install', 'error']]);
  });

  it('leaves out runs that build nothing or that we cannot read', () => {
    for (const script of ['bash -c "echo building"', 'sh ./notes.txt', 'npm run build', 'go vet ./...', 'make "$TARGET"', 'make lint test']) assert.deepEqual(flagged(script), [], script);
  });

  it('leaves out runs that already get GOOS or GOARCH', () => {
    for (const script of ['GOOS=linux make build', 'GOARCH=arm64 ./build.sh', 'GOOS=linux go build -o dist/app .', 'GOARCH=arm64 go build -o dist/app .']) assert.deepEqual(flagged(script), [], script);
  });

  it('counts a matrix value as reaching the build wherever else it stands in run: text', () => {
    assert.deepEqual(flagged('echo "building ${{ github.ref_name }}"\n          go build -o dist/app .'), [['go build -o dist/app .', 'go build', 'error']], 'an expression of another context reaches nothing');
    assert.deepEqual(flagged('go run ./tools/gen -os ${{ matrix.goos }}\n          go build -o dist/app .'), [], 'go run of a tool that may write the target');
    const first = release('go build -o dist/app .').replace('        run: |\n', '        run: |\n          ${{ matrix.goos }}/prepare.sh\n');
    assert.deepEqual(only(check(first, 'workflow'), 'XB704'), [], 'an expression at the start of the text');
  });
});

describe('XB704: what a matrix names', () => {
  const plainBuild = (matrix: string) => release('go build -o dist/app ./cmd/app').replace('        goos: [linux, darwin, windows]\n        goarch: [amd64, arm64]\n', matrix);

  it('reads whole platforms with Go\'s OS names (an architecture may be an alias), and nothing else', () => {
    const [f] = only(check(plainBuild('        target: [linux/amd64, linux/aarch64]\n'), 'workflow'), 'XB704');
    assert.match(said(f), /target: linux\/amd64, linux\/aarch64/);
    assert.deepEqual(f.fixes, [], 'a platform has to be split before it reaches GOOS and GOARCH');
    for (const values of ['[linux/amd64, macos/arm64]', '[linux/amd64, linux/sparc]', '[linux, amd64]', '[/amd64, linux/]']) {
      assert.deepEqual(only(check(plainBuild(`        target: ${values}\n`), 'workflow'), 'XB704'), [], values);
    }
  });

  it('offers no fix when a matrix names whole platforms beside an OS list', () => {
    const [f] = only(check(plainBuild('        goos: [linux, darwin]\n        docker-platform: [linux/amd64, linux/arm64]\n'), 'workflow'), 'XB704');
    assert.match(said(f), /goos: linux, darwin; docker-platform: linux\/amd64, linux\/arm64/);
    assert.deepEqual(f.fixes, []);
  });

  it('reads values from include entries, their mapping fields, and no exclude; a key not written as a list is none', () => {
    const [f] = only(check(plainBuild('        include:\n          - goarch: amd64\n          - goarch: arm64\n            target: { os: linux, arch: arm64 }\n        exclude:\n          - goos: plan9\n'), 'workflow'), 'XB704');
    assert.equal(f.related?.[0].message, "Job binaries's matrix names goarch: amd64, arm64; target.os: linux; target.arch: arm64; nothing passes them to GOOS or GOARCH.");
    assert.deepEqual(only(check(plainBuild('        goos: linux\n        go: ["1.22", "1.23"]\n'), 'workflow'), 'XB704'), []);
  });

  it('leaves out an entry whose values are expressions, or mix an OS with other names', () => {
    assert.deepEqual(only(check(plainBuild('        goos: ["${{ inputs.os }}", "${{ inputs.other }}"]\n        go: ["1.22"]\n'), 'workflow'), 'XB704'), []);
    const mixed = only(check(plainBuild('        goos: [linux, ubuntu-latest]\n        goarch: [amd64, "${{ inputs.arch }}", arm64]\n'), 'workflow'), 'XB704');
    assert.match(said(mixed[0]), /names goarch: amd64, arm64;/, 'the expression is left out of the values, the mixed entry left out');
  });

  it('counts a matrix value read by a step\'s input, a list or mapping under it, or the whole matrix', () => {
    const withStep = (step: string) => plainBuild('        goos: [linux, darwin]\n').replace('      - uses: actions/upload-artifact@v4', `${step}\n      - uses: actions/upload-artifact@v4`);
    const cases = [
      '      - uses: acme/cross-setup@v1\n        with:\n          targets:\n            - ${{ matrix.goos }}',
      '      - uses: acme/cross-setup@v1\n        with:\n          config: { os: "${{ matrix.goos }}" }',
      '      - uses: acme/cross-setup@v1\n        with:\n          matrix: ${{ toJSON(matrix) }}',
    ];
    for (const step of cases) assert.deepEqual(only(check(withStep(step), 'workflow'), 'XB704'), [], step);
    const nested = release('go build -o dist/app ./cmd/app').replace('        goos: [linux, darwin, windows]\n        goarch: [amd64, arm64]\n', '        platform:\n          - { os: linux, arch: arm64 }\n          - { os: darwin, arch: arm64 }\n');
    const whole = nested.replace('      - uses: actions/upload-artifact@v4', '      - uses: acme/cross-setup@v1\n        with:\n          platform: ${{ toJSON(matrix.platform) }}\n      - uses: actions/upload-artifact@v4');
    assert.deepEqual(only(check(whole, 'workflow'), 'XB704'), [], 'matrix.platform reads platform.os');
  });
});
