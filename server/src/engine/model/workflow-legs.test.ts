import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Node } from 'yaml';
import { analyze } from '../analyze';
import { child, parseYaml, stringOf } from '../config/yaml';
import { HOST_FACTS, ready } from '../testing';
import { conditionInLeg, expandMatrix, legLabel, differingKeys, resolveInLeg, type Leg } from './workflow-legs';

/** The legs of `strategy.matrix` written in YAML, each as plain key → text (mappings as JSON). */
function legsOf(yaml: string): Record<string, string>[] | string {
  const expanded = expandMatrix(parseYaml(yaml).root);
  if ('unknown' in expanded) return expanded.unknown;
  return expanded.legs.map((leg) => Object.fromEntries([...leg].map(([k, v]) => [k, stringOf(v) ?? JSON.stringify((v as Node).toJSON())])));
}

function oneLeg(yaml: string): Leg {
  const expanded = expandMatrix(parseYaml(yaml).root);
  assert.ok('legs' in expanded);
  return expanded.legs[0];
}

describe('matrix expansion (GitHub Actions semantics)', () => {
  it('takes the cartesian product of the list keys, first key outermost', () => {
    assert.deepEqual(legsOf('goos: [linux, darwin]\ngoarch: [amd64, arm64]\n'), [
      { goos: 'linux', goarch: 'amd64' },
      { goos: 'linux', goarch: 'arm64' },
      { goos: 'darwin', goarch: 'amd64' },
      { goos: 'darwin', goarch: 'arm64' },
    ]);
  });

  it('removes the legs an exclude entry matches, partially (the keys it names)', () => {
    const yaml = 'goos: [linux, windows, darwin]\ngoarch: [amd64, arm64, "386"]\nexclude:\n  - goos: darwin\n    goarch: "386"\n  - goarch: arm64\n';
    assert.deepEqual(legsOf(yaml), [
      { goos: 'linux', goarch: 'amd64' },
      { goos: 'linux', goarch: '386' },
      { goos: 'windows', goarch: 'amd64' },
      { goos: 'windows', goarch: '386' },
      { goos: 'darwin', goarch: 'amd64' },
    ]);
  });

  it('matches mappings partially in an exclude entry', () => {
    const yaml = 'platform:\n  - { os: linux, arch: arm64, cc: aarch64-linux-gnu-gcc }\n  - { os: linux, arch: amd64 }\nexclude:\n  - platform: { arch: arm64 }\n';
    assert.deepEqual(legsOf(yaml), [{ platform: '{"os":"linux","arch":"amd64"}' }]);
  });

  it('extends the legs an include entry does not change, and adds a leg for one that extends none (the docs example)', () => {
    const yaml = [
      'fruit: [apple, pear]',
      'animal: [cat, dog]',
      'include:',
      '  - color: green',
      '  - color: pink',
      '    animal: cat',
      '  - fruit: apple',
      '    shape: circle',
      '  - fruit: banana',
      '  - fruit: banana',
      '    animal: cat',
    ].join('\n');
    assert.deepEqual(legsOf(yaml), [
      { fruit: 'apple', animal: 'cat', color: 'pink', shape: 'circle' },
      { fruit: 'apple', animal: 'dog', color: 'green', shape: 'circle' },
      { fruit: 'pear', animal: 'cat', color: 'pink' },
      { fruit: 'pear', animal: 'dog', color: 'green' },
      { fruit: 'banana' },
      { fruit: 'banana', animal: 'cat' },
    ]);
  });

  it('gives a per-leg C compiler through include, and makes an include-only matrix one leg per entry', () => {
    const yaml = 'goarch: [amd64, arm64]\ninclude:\n  - goarch: arm64\n    cc: aarch64-linux-gnu-gcc\n';
    assert.deepEqual(legsOf(yaml), [{ goarch: 'amd64' }, { goarch: 'arm64', cc: 'aarch64-linux-gnu-gcc' }]);
    assert.deepEqual(legsOf('include:\n  - { goos: linux, runner: ubuntu-latest }\n  - { goos: darwin, runner: macos-14 }\n'), [
      { goos: 'linux', runner: 'ubuntu-latest' },
      { goos: 'darwin', runner: 'macos-14' },
    ]);
  });

  it('processes excludes before includes: an include brings an excluded combination back as a leg of its own', () => {
    assert.deepEqual(legsOf('goarch: [amd64, arm64]\nexclude:\n  - goarch: arm64\ninclude:\n  - goarch: arm64\n    cgo: "0"\n'), [{ goarch: 'amd64' }, { goarch: 'arm64', cgo: '0' }]);
  });

  it('stays unknown for a matrix from an expression, an expression among the values, a key that is no list, or too many legs', () => {
    assert.equal(legsOf('${{ fromJSON(needs.plan.outputs.matrix) }}'), 'the matrix is an expression');
    assert.equal(legsOf('goarch: ${{ fromJSON(inputs.arches) }}'), 'a matrix value is an expression');
    assert.equal(legsOf('goarch: [amd64, "${{ inputs.extra }}"]'), 'a matrix value is an expression');
    assert.equal(legsOf('goarch: amd64'), 'matrix.goarch is no list of values');
    assert.equal(legsOf('a: [1, 2, 3, 4, 5, 6]\nb: [1, 2, 3, 4, 5, 6]\n'), '36 legs, more than 32');
    assert.deepEqual((legsOf('a: [1, 2, 3, 4, 5, 6]\nb: [1, 2, 3, 4, 5, 6]\nexclude:\n  - a: 6\n') as unknown[]).length, 30, 'the bound counts legs after exclude');
    assert.equal(legsOf('- goarch: amd64\n'), 'the matrix is no mapping');
    assert.equal(legsOf('goarch: []'), 'matrix.goarch is no list of values');
    assert.equal(legsOf('goarch: [amd64]\ninclude: [arm64]'), 'an include entry is no mapping');
  });

  it('counts every combination before excluding any: beyond 256 (GitHub\'s own limit) it says how many', () => {
    const list = (n: number) => `[${Array.from({ length: n }, (_, i) => i).join(', ')}]`;
    assert.equal(legsOf(`a: ${list(16)}\nb: ${list(16)}\n`), '256 legs, more than 32');
    assert.equal(legsOf(`a: ${list(16)}\nb: ${list(17)}\nexclude:\n  - a: 0\n`), '272 combinations');
    assert.equal((legsOf(`a: ${list(4)}\nb: ${list(8)}\n`) as unknown[]).length, 32, 'exactly 32 legs are judged one by one');
  });

  it('matches lists in an exclude entry item by item (a shorter list as a prefix), and leaves out entries that are no mapping or name no value', () => {
    const yaml = 'target:\n  - [linux, amd64]\n  - [linux, arm64]\n  - [darwin, arm64]\n  - [windows, amd64]\nexclude:\n  - target: [linux, arm64]\n  - target: [darwin]\n  - { target }\n  - target: windows\n  - arm64\n';
    assert.deepEqual(legsOf(yaml), [{ target: '["linux","amd64"]' }, { target: '["windows","amd64"]' }]);
    assert.deepEqual(legsOf('platform:\n  - { os: linux, arch: arm64 }\nexclude:\n  - platform: { os: linux, arch: }\n  - platform: [linux]\n  - platform: linux\n'), [{ platform: '{"os":"linux","arch":"arm64"}' }], 'an empty field matches nothing; a list or a scalar matches no mapping');
    assert.deepEqual(legsOf('goos: [linux]\ngoarch: [amd64, arm64]\nexclude:\n  - goos: linux\n    cgo:\n'), [{ goos: 'linux', goarch: 'amd64' }, { goos: 'linux', goarch: 'arm64' }], 'a key the legs lack matches none');
  });

  it('compares mapping values of include entries as a whole, and skips an include key given no value', () => {
    const yaml = 'platform:\n  - { os: linux, arch: arm64 }\n  - { os: linux, arch: amd64 }\ninclude:\n  - { platform: { os: linux, arch: arm64 }, cc: aarch64-linux-gnu-gcc, cxx }\n';
    assert.deepEqual(legsOf(yaml), [{ platform: '{"os":"linux","arch":"arm64"}', cc: 'aarch64-linux-gnu-gcc' }, { platform: '{"os":"linux","arch":"amd64"}' }]);
  });
});

describe('a leg\'s values in text and conditions', () => {
  const leg = oneLeg('include:\n  - { goos: linux, goarch: arm64, platform: { os: linux } }\n');

  it('replaces matrix expressions; a missing key is empty; any other expression leaves the text unknown', () => {
    assert.equal(resolveInLeg('${{ matrix.goos }}/${{ matrix.goarch }}', leg), 'linux/arm64');
    assert.equal(resolveInLeg('${{ matrix.platform.os }}', leg), 'linux');
    assert.equal(resolveInLeg('x${{ matrix.cc }}', leg), 'x');
    assert.equal(resolveInLeg('${{ matrix.platform }}', leg), undefined);
    assert.equal(resolveInLeg('${{ inputs.goarch }}', leg), undefined);
  });

  it('evaluates comparisons of matrix values with literals, strings without case; anything else is unknown', () => {
    assert.equal(conditionInLeg("matrix.goarch == 'arm64'", leg), true);
    assert.equal(conditionInLeg("${{ matrix.goarch == 'ARM64' }}", leg), true);
    assert.equal(conditionInLeg("matrix.goarch != 'arm64'", leg), false);
    assert.equal(conditionInLeg("matrix.goos == 'linux' && matrix.goarch == 'amd64'", leg), false);
    assert.equal(conditionInLeg("matrix.goarch == 'amd64' || matrix.goarch == 'arm64'", leg), true);
    assert.equal(conditionInLeg("startsWith(matrix.goarch, 'arm')", leg), undefined);
    assert.equal(conditionInLeg("github.event_name == 'push' && matrix.goarch == 'arm64'", leg), undefined);
  });

  it('reads conditions as GitHub writes them: spacing, nested keys, quotes, numbers and booleans', () => {
    const cases: [string, boolean | undefined][] = [
      ["  ${{  matrix.goarch=='arm64'  }}  ", true],
      ["matrix.platform.os == 'linux'", true],
      ["matrix.platform.os == 'linu'", false],
      ["'arm64' == matrix.goarch", true],
      ["matrix.goarch == 'it''s'", false],
      ["matrix.cc == ''", true],
      ['matrix.goarch == 64', false],
      ['matrix.goarch != -1.5', true],
      ['matrix.goarch == true', false],
      ['matrix.goarch == 1.', undefined],
      ["matrix.goarch == arm64", undefined],
      ["(matrix.goarch == 'arm64')", undefined],
      ["matrix.goarch == 'arm64' && (matrix.goos == 'linux')", undefined],
      ["matrix.goarch == 'arm64' extra", undefined],
      ["x matrix.goarch == 'arm64'", undefined],
      ["matrix.goarch == 'arm64' || matrix.goos == 'darwin'", true],
      ["matrix.goarch == 'amd64' || github.ref == 'x'", undefined],
      ["matrix.goarch == 'amd64' || matrix.goos == 'darwin'", false],
      ["xmatrix.goarch == 'arm64'", undefined],
      ["matrix.goarch.x == ''", true],
    ];
    for (const [condition, expected] of cases) assert.equal(conditionInLeg(condition, leg), expected, condition);
    const quoted = oneLeg("include:\n  - { owner: \"it's\" }\n");
    assert.equal(conditionInLeg("matrix.owner == 'it''s'", quoted), true);
  });

  it('names a leg by the keys that differ, then its runner', () => {
    const root = parseYaml('goos: [linux]\ngoarch: [amd64, arm64]\n').root;
    const expanded = expandMatrix(root);
    assert.ok('legs' in expanded);
    const keys = differingKeys(expanded.legs);
    assert.deepEqual(keys, ['goarch']);
    assert.equal(legLabel(expanded.legs[1], keys, 'ubuntu-latest'), 'goarch=arm64 on ubuntu-latest');
    assert.equal(legLabel(expanded.legs[1], keys, undefined), 'goarch=arm64');
    assert.ok(child(root, 'goos'));
  });

  it('names mapping values field by field, a leg with no differing value by its runner, and one without either as the only leg', () => {
    const nested = expandMatrix(parseYaml('platform:\n  - { os: linux, arch: arm64 }\n  - { os: darwin, arch: arm64 }\ncc: [[gcc, clang]]\n').root);
    assert.ok('legs' in nested);
    assert.deepEqual(differingKeys(nested.legs), ['platform']);
    assert.equal(legLabel(nested.legs[0], ['platform', 'cc', 'go'], undefined), 'platform.os=linux, platform.arch=arm64, cc=["gcc","clang"]');
    assert.equal(legLabel(nested.legs[0], [], 'macos-14'), 'on macos-14');
    assert.equal(legLabel(nested.legs[0], [], undefined), 'the only leg');
    const partial = expandMatrix(parseYaml('include:\n  - { goos: linux }\n  - { goos: linux, cgo: "1" }\n').root);
    assert.ok('legs' in partial);
    assert.deepEqual(differingKeys(partial.legs), ['cgo'], 'a key one leg lacks differs');
  });
});

describe('matrix legs on odd input', () => {
  before(ready);

  it('never throws and never invents legs: scalars, nulls, aliases, nested lists, include and exclude of the wrong shape', () => {
    const matrices = [
      'goarch:',
      'goarch: []',
      'goarch: [amd64, arm64]\ninclude: arm64',
      'goarch: [amd64, arm64]\nexclude: [arm64, null]',
      'base: &b [amd64]\ngoarch: *b',
      'goarch: [[amd64, arm64], [386]]\ninclude:\n  - [goarch]',
      'include:\n  - {}\n  - goarch: arm64',
      'goarch: [amd64, arm64]\nexclude:\n  - {}',
    ];
    for (const m of matrices) {
      const text = `on: push\njobs:\n  b:\n    runs-on: \${{ matrix.os }}\n    strategy:\n      matrix:\n${m.split('\n').map((l) => `        ${l}`).join('\n')}\n    steps:\n      - run: CGO_ENABLED=1 GOARCH=\${{ matrix.goarch }} go build -o out/\${{ matrix.goarch }} .\n`;
      const result = analyze({ path: '/w/.github/workflows/b.yml', kind: 'workflow', text }, { facts: HOST_FACTS });
      assert.ok(result.model, m);
    }
    assert.equal(legsOf('goarch: [amd64, arm64]\nexclude:\n  - {}'), 'the matrix has no combination', 'an empty exclude entry matches every leg');
    assert.equal(legsOf('base: &b [amd64]\ngoarch: *b'), 'a matrix value is an expression', 'an alias is not read');
  });
});
