import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, lineOf, only, ready, textAt } from '../testing';

before(ready);

/** One job on `runner` whose only step runs `script`. */
function workflow(runner: string, script: string): string {
  return `on: push\njobs:\n  build:\n    runs-on: ${runner}\n    steps:\n      - uses: actions/checkout@v4\n      - run: |\n${script.split('\n').map((l) => (l ? `          ${l}` : '')).join('\n')}`;
}

describe('existing rules on workflow run: steps', () => {
  it('judges a cgo build against the job\'s runner, not the machine running xbd', () => {
    const script = 'CGO_ENABLED=1 GOOS=linux GOARCH=arm64 go build -o dist/app .\n';
    assert.equal(only(check(workflow('ubuntu-latest', script), 'workflow'), 'XB202').length, 1, 'amd64 runner: a cross cgo build');
    assert.deepEqual(only(check(workflow('ubuntu-24.04-arm', script), 'workflow'), 'XB202'), [], 'arm64 runner: native');
    assert.deepEqual(only(check(workflow('[self-hosted, linux]', script), 'workflow'), 'XB202'), [], 'unknown runner: no verdict');
    assert.deepEqual(only(check(workflow('${{ matrix.os }}', script), 'workflow'), 'XB202'), [], 'runner from the matrix: no verdict');
  });

  it('reports a plain shell variable in a run: block and fixes it in the YAML text', () => {
    const text = workflow('ubuntu-latest', 'GOOS=darwin\ngo build -o build/ui ./cmd/ui\n');
    const [f] = only(check(text, 'workflow'), 'XB501');
    assert.equal(lineOf(f), 8);
    assert.equal(textAt(text, f), 'GOOS=darwin');
    assert.equal(fixAndRecheck(text, 'XB501', 'workflow'), text.replace('          GOOS=darwin', '          export GOOS=darwin'));
  });

  it('checks matrix values that feed GOARCH where the matrix writes them, with a fix there', () => {
    const text = 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        arch: [amd64, x86_64]\n    steps:\n      - env:\n          GOARCH: ${{ matrix.arch }}\n        run: go build -o out/app .\n';
    const [f] = only(check(text, 'workflow'), 'XB102');
    assert.equal(lineOf(f), 7);
    assert.equal(textAt(text, f), 'x86_64');
    assert.equal(fixAndRecheck(text, 'XB102', 'workflow'), text.replace('x86_64]', 'amd64]'));
  });

  it('reads env values as the step gets them: a literal from the workflow, overridden by the job', () => {
    const text = 'on: push\nenv:\n  GOOS: linux\njobs:\n  b:\n    runs-on: ubuntu-latest\n    env:\n      GOOS: Linux\n    steps:\n      - run: go build .\n';
    const found = only(check(text, 'workflow'), 'XB101');
    assert.deepEqual(found.map((f) => textAt(text, f)), ['Linux']);
    assert.equal(fixAndRecheck(text, 'XB101', 'workflow'), text.replace('GOOS: Linux', 'GOOS: linux'));
  });

  it('checks matrix values that feed GOARCH through run: text (a prefix or an export), at the matrix entry', () => {
    const text = 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        platform:\n          - { os: linux, arch: x86_64 }\n          - { os: darwin, arch: arm64 }\n    steps:\n      - run: |\n          export GOOS=${{ matrix.platform.os }}\n          GOARCH=${{ matrix.platform.arch }} go build -o out/app .\n';
    const [f, ...more] = only(check(text, 'workflow'), 'XB102');
    assert.equal(more.length, 0);
    assert.equal(lineOf(f), 8);
    assert.equal(textAt(text, f), 'x86_64');
    assert.deepEqual(only(check(text, 'workflow'), 'XB101'), [], 'linux and darwin are Go names');
  });
});
