// How a workflow's jobs and steps are read: which steps run in a POSIX shell and where, which Go
// setup-go installs, which env: entries are sites of build variables, and what is logged.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { HOST_FACTS, ready, textIn as at } from '../testing';
import { buildModel, defaultGoVersion } from './build-model';
import type { WorkflowModel } from './types';

before(ready);

function read(text: string) {
  const logs: string[] = [];
  const { model } = buildModel({ path: '/w/.github/workflows/ci.yml', kind: 'workflow', text }, { goVersion: defaultGoVersion(HOST_FACTS), log: (l) => logs.push(l) });
  return { m: model as WorkflowModel, logs };
}

describe('workflow steps', () => {
  it('logs a YAML error and a run: text it cannot map back, and reads the rest', () => {
    const escaped = 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Build\n        run: "go build\\n  -o app ."\n      - run: GOARCH=arm64 go build -o app-arm64 .\n';
    const { m, logs } = read(escaped);
    assert.deepEqual(logs, ['xbd: /w/.github/workflows/ci.yml: the run: text of Build (line 6) is not read: only plain, quoted or block (| or >) scalars without escapes map back to the file exactly']);
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
    const cwdOf = (dirs: string) => read(text(dirs)).m.calls!.map((c) => c.cwd);
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

describe('matrix legs of a job', () => {
  const job = (runsOn: string, matrix: string, steps: string) =>
    `on: push\njobs:\n  release:\n    runs-on: ${runsOn}\n    strategy:\n      matrix:\n${matrix.split('\n').map((l) => `        ${l}`).join('\n')}\n    steps:\n${steps.split('\n').map((l) => `      ${l}`).join('\n')}\n`;
  const legsOf = (text: string) => read(text).m.jobs[0].legs ?? [];

  it('installs each leg\'s Go from a setup-go version written with the matrix, and says where it comes from', () => {
    const text = job('ubuntu-latest', 'go: ["1.21", "1.23", "${{ inputs.go }}x"]', '- uses: actions/setup-go@v5\n  with:\n    go-version: ${{ matrix.go }}\n- run: GOARCH=arm64 go build -o app .');
    assert.deepEqual(read(text).m.jobs[0].legs, undefined, 'an expression among the values: no legs');
    const known = job('ubuntu-latest', 'go: ["1.21", "1.23", "stable"]', '- uses: actions/setup-go@v5\n  with:\n    go-version: ${{ matrix.go }}\n- run: GOARCH=arm64 go build -o app .');
    assert.deepEqual(legsOf(known).map((l) => [l.labels, l.contexts[0].goVersion.because]), [
      [['go=1.21 on ubuntu-latest'], 'go-version 1.21 of actions/setup-go, line 9'],
      [['go=1.23 on ubuntu-latest'], 'go-version 1.23 of actions/setup-go, line 9'],
      [['go=stable on ubuntu-latest'], read(known).m.contexts[0].goVersion.because],
    ]);
  });

  it('skips a step on a leg whose runner is Windows, unless the step says bash; a pwsh step on every leg', () => {
    const text = job('${{ matrix.os }}', 'include:\n  - { os: ubuntu-latest, goarch: arm64 }\n  - { os: windows-latest, goarch: amd64 }', '- run: GOARCH=${{ matrix.goarch }} go build -o app .\n- shell: bash\n  run: GOARCH=${{ matrix.goarch }} go build -o app-bash .\n- shell: pwsh\n  run: GOARCH=${{ matrix.goarch }} go build -o app-pwsh .');
    assert.deepEqual(legsOf(text).map((l) => [l.labels[0], l.commands.map((c) => `${c.env.get('GOARCH')?.value} ${c.args.map((w) => w.value).join(' ')}`)]), [
      ['goarch=arm64 on ubuntu-latest', ['arm64 -o app .', 'arm64 -o app-bash .']],
      ['goarch=amd64 on windows-latest', ['amd64 -o app-bash .']],
    ]);
  });

  it('takes the runner from the first label of a runs-on list written with the matrix', () => {
    const text = job('["${{ matrix.runner }}", large]', 'runner: [ubuntu-latest, ubuntu-24.04-arm]', '- run: CGO_ENABLED=1 go build -o app .');
    assert.deepEqual(legsOf(text).map((l) => [l.labels, l.contexts[0].runner]), [
      [['on ubuntu-latest'], { goos: 'linux', goarch: 'amd64' }],
      [['on ubuntu-24.04-arm'], { goos: 'linux', goarch: 'arm64' }],
    ]);
  });

  it('names the legs a folded call runs for: three by name, more counted', () => {
    const where = (flavours: string) => read(job('ubuntu-latest', `flavour: [${flavours}]`, '- name: Package\n  run: |\n    make dist\n    tar czf app-${{ matrix.flavour }}.tgz dist')).m.calls!.map((c) => c.where);
    assert.deepEqual(where('slim, full, debug'), ['step Package of job release, matrix flavour=slim / flavour=full / flavour=debug']);
    assert.deepEqual(where('slim, full, debug, static'), ['step Package of job release, matrix flavour=slim / flavour=full / flavour=debug and 1 more']);
  });

  it('keeps legs apart whose go commands differ in words, flags or build variables, and folds the rest', () => {
    const count = (run: string) => legsOf(job('ubuntu-latest', 'v: [a, b]', `- run: ${run}`)).length;
    assert.equal(count('go build -o app-${{ matrix.v }} .'), 2, 'an output name');
    assert.equal(count('go build -tags ${{ matrix.v }} -o app .'), 2, 'a flag value');
    assert.equal(count('GOFLAGS=-${{ matrix.v }} go build -o app .'), 2, 'a build variable');
    assert.equal(count('NOTE=${{ matrix.v }} go build -o app .'), 1, 'another variable');
  });
});

describe('a leg\'s env:', () => {
  const text = [
    'on: push',
    'jobs:',
    '  release:',
    '    runs-on: ubuntu-latest',
    '    strategy:',
    '      matrix:',
    '        include:',
    '          - { goarch: arm64, cc: aarch64-linux-gnu-gcc }',
    '          - { goarch: riscv64, cc: riscv64-linux-gnu-gcc }',
    '    env:',
    '      GOOS: linux',
    '      GOARCH: ${{ matrix.goarch }}',
    '    steps:',
    '      - env:',
    '          CC: ${{ matrix.cc }}',
    '          ARCHIVE: app-${{ matrix.goarch }}',
    '          CGO_ENABLED: "1"',
    '          GOFLAGS: -tags=${{ matrix.goarch }}',
    '          GOAMD64: ${{ inputs.level }}',
    '        run: go build -o app .',
  ].join('\n');

  it('gives each leg its matrix values, a build variable written as one matrix value keeping that value as its source', () => {
    const legs = read(text).m.jobs[0].legs!;
    const env = legs[1].commands[0].env;
    assert.deepEqual(['GOOS', 'GOARCH', 'CC', 'CGO_ENABLED', 'GOFLAGS', 'GOAMD64'].map((n) => env.get(n)?.value), ['linux', 'riscv64', 'riscv64-linux-gnu-gcc', '1', '-tags=riscv64', undefined]);
    const goarch = env.get('GOARCH')!;
    assert.equal(goarch.site?.value, 'riscv64');
    assert.equal(goarch.definition, goarch.site);
    assert.equal(at(text, goarch.site!.valueRange), '${{ matrix.goarch }}', 'the site stays where the env: entry is written');
    assert.equal(at(text, goarch.site!.fromSite!.valueRange), 'riscv64', 'its source is the matrix value');
    assert.equal(env.get('GOFLAGS')?.site?.fromSite, undefined, 'a value built around a matrix value has no one source');
    assert.equal(env.get('ARCHIVE')?.site, undefined, 'no build variable: no site');
    assert.equal(env.get('ARCHIVE')?.definition?.value, 'app-riscv64');
    assert.equal(at(text, env.get('CC')!.site!.fromSite!.valueRange), 'riscv64-linux-gnu-gcc');
    assert.equal(env.get('GOOS')?.site?.fromSite, undefined, 'a plain value is the generic walk\'s');
  });
});
