import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, lineOf, only, ready, said, textAt } from '../testing';

before(ready);

const ENV = `on: push
jobs:
  build:
    runs-on: \${{ matrix.os }}
    strategy:
      matrix:
        os: [ubuntu-latest, macos-14]
    steps:
      - name: Build
        env:
          GOOS: \${{ runner.os }}
          GOARCH: \${{ runner.arch }}
        run: go build -o dist/app-\${{ runner.os }}-\${{ runner.arch }} ./cmd/app
`;

describe('XB703 GOOS or GOARCH set from the runner context', () => {
  it('flags runner.os as GOOS and runner.arch as GOARCH in env:', () => {
    const found = only(check(ENV, 'workflow'), 'XB703');
    assert.deepEqual(found.map((f) => [lineOf(f), textAt(ENV, f)]), [[11, '${{ runner.os }}'], [12, '${{ runner.arch }}']]);
    assert.match(found[1].message, /^GOARCH gets runner\.arch, which is never a Go name: drop GOARCH to build for the runner\./);
    assert.match(said(found[1]), /X64 for amd64, ARM for arm, ARM64 for arm64/);
  });

  it('removes the env entry, leaving the others', () => {
    assert.equal(fixAndRecheck(ENV, 'XB703', 'workflow'), ENV.replace('          GOOS: ${{ runner.os }}\n', ''));
  });

  it('removes an entry on the file\'s last line when the file ends without a newline', () => {
    const last = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go build ./cmd/app\n        env:\n          CGO_ENABLED: 0\n          GOARCH: ${{ runner.arch }}';
    assert.equal(fixAndRecheck(last, 'XB703', 'workflow'), last.replace('\n          GOARCH: ${{ runner.arch }}', '\n'));
  });

  it('flags a prefix in run: text and removes it', () => {
    const text = 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: GOARCH=${{ runner.arch }} go build .\n';
    const [f] = only(check(text, 'workflow'), 'XB703');
    assert.equal(textAt(text, f), '${{ runner.arch }}');
    assert.equal(fixAndRecheck(text, 'XB703', 'workflow'), text.replace('GOARCH=${{ runner.arch }} ', ''));
  });

  it('is silent for a mapped value or a matrix value', () => {
    const text = "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - env:\n          GOARCH: ${{ runner.arch == 'X64' && 'amd64' || 'arm64' }}\n          GOOS: ${{ matrix.goos }}\n        run: go build .\n";
    assert.deepEqual(only(check(text, 'workflow'), 'XB703'), []);
  });
});

describe('XB703 message, fix and spellings', () => {
  it('GOOS: says what GitHub names the OSes, as an error with a fix that drops the entry', () => {
    const [f] = only(check(ENV, 'workflow'), 'XB703');
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'GOOS gets runner.os, which is never a Go name: drop GOOS to build for the runner. go stops with "unsupported GOOS/GOARCH pair".');
    assert.deepEqual(f.related?.map((r) => r.message), ['GitHub says Linux for linux, Windows for windows, macOS for darwin.']);
    assert.deepEqual(f.fixes.map((x) => [x.title, x.isPreferred]), [['Remove GOOS (go builds for the runner)', true]]);
  });

  it('reads a quoted value and one without spaces in the braces; leaves runner.arch in GOOS, other names and longer expressions alone', () => {
    const step = (env: string) => `on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - env:\n          ${env}\n        run: go build .\n`;
    assert.equal(only(check(step('GOARCH: "${{runner.arch}}"'), 'workflow'), 'XB703').length, 1);
    assert.deepEqual(only(check(step('GOOS: ${{ runner.arch }}'), 'workflow'), 'XB703'), []);
    assert.deepEqual(only(check(step('TARGET_OS: ${{ runner.os }}'), 'workflow'), 'XB703'), []);
    assert.deepEqual(only(check(step('GOOS: ${{ runner.os }}-cross'), 'workflow'), 'XB703'), []);
  });
});
