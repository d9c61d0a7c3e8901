import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { applyEdits, HOST_FACTS, ready, repoReader, textIn } from '../testing';
import type { DocumentKind } from '../types';

before(ready);

const SCRIPT = '/r/build.sh';

function analysed(text: string, kind: DocumentKind = 'shell', path = SCRIPT) {
  const logs: string[] = [];
  const analysis = analyze({ path, kind, text }, { facts: HOST_FACTS, readInclude: repoReader({ [path]: text }), log: (m) => logs.push(m) });
  assert.deepEqual(logs, []);
  return analysis;
}

/** What a script's `make` asks for, as the Makefile call follow/ makes: the Makefile names, the goals, the command line's variables. */
function makeRun(line: string) {
  const calls = analysed(`#!/bin/sh\nset -e\n${line}\n`).model?.calls ?? [];
  return calls.map((c) => ({ names: c.names, targets: c.targets, vars: [...c.env.values()].map((e) => `${e.name}=${e.value}`) }));
}

const MAKEFILES = (dir: string) => ['GNUmakefile', 'makefile', 'Makefile'].map((n) => `${dir}/${n}`);

describe('a make command line', () => {
  it('reads -C and -f in every spelling make accepts', () => {
    for (const line of ['make -C tools/agent dist', 'make -Ctools/agent dist', 'make --directory tools/agent dist', 'make --directory=tools/agent dist', 'make -C tools -C agent dist'])
      assert.deepEqual(makeRun(line).map((r) => [r.names, r.targets]), [[MAKEFILES('tools/agent'), ['dist']]], line);
    assert.deepEqual(makeRun('make -C tools -C /src/agent dist')[0].names, MAKEFILES('/src/agent'));
    for (const line of ['make -f build/cross.mk dist', 'make -fbuild/cross.mk dist', 'make --file build/cross.mk dist', 'make --file=build/cross.mk dist', 'make --makefile build/cross.mk dist', 'gmake --makefile=build/cross.mk dist'])
      assert.deepEqual(makeRun(line).map((r) => [r.names, r.targets]), [[['build/cross.mk'], ['dist']]], line);
  });

  it('takes the value of make\'s other valued options and its plain flags for no goal', () => {
    for (const line of [
      'make -j4 -k --no-print-directory release',
      'make -I build/include -o generate -W main.go -l 4 release',
      'make --include-dir build/include --old-file generate --what-if main.go release',
      'make --include-dir=build/include release',
    ])
      assert.deepEqual(makeRun(`${line} -C tools`).map((r) => r.targets), [['release']], line);
  });

  it('is not followed when a word naming its directory or Makefile cannot be read', () => {
    for (const line of ['make -C "$1" dist', 'make dist -f', 'make "$@"']) assert.deepEqual(makeRun(line), [], line);
  });

  it('passes VAR=value words to the recipes, written in place: a fix rewrites, adds beside or removes the word', () => {
    const text = '#!/bin/sh\nset -e\nmake -C services/api build GOOS=linux GOARCH="arm64"\n';
    const model = analysed(text).model!;
    assert.deepEqual(model.calls?.[0].env.get('GOARCH')?.expr, '"arm64"', 'named as written');
    const sites = model.assignments.filter((a) => a.kind === 'make-command-line');
    assert.deepEqual(sites.map((a) => [textIn(text, a.nameRange), textIn(text, a.valueRange), a.value, a.literal]), [
      ['GOOS', 'linux', 'linux', true],
      ['GOARCH', '"arm64"', 'arm64', false],
    ]);
    const [goos] = sites;
    assert.equal(applyEdits(text, [goos.addSibling('GOARM', '7')]).split('\n')[2], 'make -C services/api build GOOS=linux GOARM=7 GOARCH="arm64"');
    assert.equal(applyEdits(text, [goos.remove()]).split('\n')[2], 'make -C services/api build GOARCH="arm64"');
  });

  it('has no place to rewrite for a word quoted whole', () => {
    const text = '#!/bin/sh\nmake -C services/api build "GOARCH=arm64"\n';
    const model = analysed(text).model!;
    assert.deepEqual(model.assignments.filter((a) => a.kind === 'make-command-line'), []);
    assert.equal(model.calls?.[0].env.get('GOARCH')?.value, 'arm64', 'the recipes still get it');
  });
});
