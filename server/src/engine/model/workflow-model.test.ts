// How a workflow's jobs and steps are read: which steps run in a POSIX shell and where, which Go
// setup-go installs, which env: entries are sites of build variables, and what is logged.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { HOST_FACTS, ready } from '../testing';
import { LineIndex } from '../text';
import type { Range } from '../types';
import { buildModel, defaultGoVersion } from './build-model';
import type { WorkflowModel } from './types';

before(ready);

function read(text: string) {
  const logs: string[] = [];
  const { model } = buildModel({ path: '/w/.github/workflows/ci.yml', kind: 'workflow', text }, { goVersion: defaultGoVersion(HOST_FACTS), log: (l) => logs.push(l) });
  return { m: model as WorkflowModel, logs };
}

function at(text: string, r: Range): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offsetAt(r.start), lines.offsetAt(r.end));
}

describe('workflow steps', () => {
  it('logs a YAML error and a run: text it cannot map back, and reads the rest', () => {
    const folded = 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Build\n        run: >\n          go build\n          -o app .\n      - run: GOARCH=arm64 go build -o app-arm64 .\n';
    const { m, logs } = read(folded);
    assert.deepEqual(logs, ['xbd: /w/.github/workflows/ci.yml: the run: text of Build (line 6) is not read: only plain, quoted or literal (|) scalars map back to the file exactly']);
    assert.deepEqual(m.commands.map((c) => c.env.get('GOARCH')?.value), ['arm64']);
    const broken = read('on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go build .\n    env: [\n');
    assert.match(broken.logs[0], /^xbd: \/w\/\.github\/workflows\/ci\.yml: YAML: .*; reading what parsed$/);
  });

  it('skips steps whose shell, or the job\'s default shell, is no POSIX shell; bash or sh override it', () => {
    const text = 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    defaults:\n      run:\n        shell: pwsh\n    steps:\n      - run: $env:GOOS = "windows"; go build -o app.exe .\n      - shell: sh -e {0}\n        run: GOOS=linux go build -o app .\n';
    const { m } = read(text);
    assert.deepEqual(m.commands.map((c) => c.env.get('GOOS')?.value), ['linux']);
  });

  it('runs a step\'s make in its working-directory, or the job\'s default one, from the checkout', () => {
    const text = (dirs: string) => `on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n${dirs}    steps:\n      - run: make build\n`;
    const cwdOf = (dirs: string) => read(text(dirs)).m.calls.map((c) => c.cwd);
    assert.deepEqual(cwdOf(''), ['../..']);
    assert.deepEqual(cwdOf('    defaults:\n      run:\n        working-directory: agent\n'), ['../../agent']);
    assert.deepEqual(cwdOf('    defaults:\n      run:\n        working-directory: ${{ inputs.dir }}\n'), []);
    assert.deepEqual(cwdOf('    defaults:\n      run:\n        working-directory: /opt/src\n'), []);
  });

  it('records setup-go\'s go-version (known or not) or its go-version-file', () => {
    const text = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n          go-version: "1.23"\n      - uses: actions/setup-go@v5\n        with:\n          go-version: ${{ matrix.go }}\n      - uses: actions/setup-go@v5\n        with:\n          go-version-file: go.mod\n      - uses: actions/setup-go@v5\n';
    const { m } = read(text);
    assert.deepEqual(m.setupGo.map((s) => [s.written, s.version !== undefined, s.versionFile]), [['1.23', true, undefined], ['${{ matrix.go }}', false, undefined], ['go.mod', false, 'go.mod']]);
    assert.ok(at(text, m.setupGo[2].range).startsWith('uses: actions/setup-go@v5\n        with:\n          go-version-file: go.mod'));
  });

  it('makes a matrix value a site only of build variables, for `${{ matrix.X }}` written alone (blanks allowed)', () => {
    const text = 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        goarch: [amd64, arm64]\n        version: [v1, v2]\n    env:\n      GOARCH: " ${{matrix.goarch}} "\n      VERSION: ${{ matrix.version }}\n      GOOS: linux-${{ matrix.version }}\n    steps:\n      - run: go build -o app .\n';
    const { m } = read(text);
    assert.deepEqual(m.assignments.map((a) => [a.name, at(text, a.valueRange)]), [['GOARCH', '" ${{matrix.goarch}} "'], ['GOARCH', 'amd64'], ['GOARCH', 'arm64'], ['GOOS', 'linux-${{ matrix.version }}']]);
  });

  it('takes a runner from the first label of a runs-on list', () => {
    const { m } = read('on: push\njobs:\n  b:\n    runs-on: [ubuntu-24.04-arm, linux]\n    steps:\n      - run: go build .\n');
    assert.deepEqual([m.jobs[0].runner?.label, m.jobs[0].runner?.goarch], ['ubuntu-24.04-arm', 'arm64']);
  });
});
