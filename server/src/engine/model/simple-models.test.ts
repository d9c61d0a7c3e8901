// A go env file (`go env -w` writes it) and the Go version a go.mod asks for.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { applyEdits, HOST_FACTS, ready, textIn as at } from '../testing';
import { buildModel, defaultGoVersion } from './build-model';
import { goModVersion } from './simple-models';
import type { GoEnvModel } from './types';

before(ready);

const PATH = '/home/dev/.config/go/env';

function goenv(text: string): GoEnvModel {
  return buildModel({ path: PATH, kind: 'goenv', text }, { goVersion: defaultGoVersion(HOST_FACTS) }).model as GoEnvModel;
}

describe('go env file', () => {
  const text = '# go env -w writes here\nGOFLAGS=-mod=mod\n  GOARCH=  arm64 \n  #GOOS=windows\nexport GOOS=linux\nGOAMD64=v3';

  it('reads each NAME=value line verbatim (blanks around the value dropped), skipping comments and other lines', () => {
    const m = goenv(text);
    assert.deepEqual(m.assignments.map((a) => [a.name, a.value, at(text, a.nameRange), at(text, a.valueRange), at(text, a.range)]), [
      ['GOFLAGS', '-mod=mod', 'GOFLAGS', '-mod=mod', 'GOFLAGS=-mod=mod'],
      ['GOARCH', 'arm64', 'GOARCH', 'arm64', 'GOARCH=  arm64 '],
      ['GOAMD64', 'v3', 'GOAMD64', 'v3', 'GOAMD64=v3'],
    ]);
    const [context] = m.contexts;
    assert.equal(context.where, 'the go env file');
    assert.deepEqual([...context.env].map(([k, e]) => [k, e.value, e.site?.name]), [['GOFLAGS', '-mod=mod', 'GOFLAGS'], ['GOARCH', 'arm64', 'GOARCH'], ['GOAMD64', 'v3', 'GOAMD64']]);
    assert.deepEqual(goenv('# nothing set\n').contexts, [], 'no entries: no environment');
  });

  it('adds a sibling after a line and removes a line with its end, the last line without one', () => {
    const m = goenv(text);
    const [flags, goarch, amd64] = m.assignments;
    assert.equal(applyEdits(text, [flags.addSibling!('CGO_ENABLED', '0')]), text.replace('GOFLAGS=-mod=mod\n', 'GOFLAGS=-mod=mod\nCGO_ENABLED=0\n'));
    assert.equal(applyEdits(text, [goarch.remove!()]), text.replace('  GOARCH=  arm64 \n', ''));
    assert.equal(applyEdits(text, [amd64.remove!()]), text.replace('GOAMD64=v3', ''));
  });
});

describe('go.mod\'s Go version', () => {
  it('takes the toolchain line over the go line, each only at a line\'s start', () => {
    const mod = (lines: string[]) => ['// pinned: go 1.19 until the CI image moves', 'module example.com/relay', '', ...lines, '', 'require golang.org/x/sys v0.25.0', ''].join('\n');
    assert.equal(goModVersion(mod(['go  1.22.3'])), '1.22');
    assert.equal(goModVersion(mod(['go 1.22.3', '', 'toolchain  go1.23.4'])), '1.23');
    assert.equal(goModVersion(mod(['go 1.22', '// toolchain go1.24.0'])), '1.22');
    assert.equal(goModVersion(mod([])), undefined);
  });
});

describe('a build script', () => {
  it('records the images and bake runs it starts, by line, and the build variables it leaves exported', () => {
    const text = '#!/bin/sh\nset -e\nexport GOOS=linux\nVERSION=1.4.0\ndocker buildx build --platform linux/arm64 -t app:dev .\ndocker buildx bake --set "*.platform=linux/amd64" release\n';
    const { model } = buildModel({ path: '/w/build.sh', kind: 'shell', text }, { goVersion: defaultGoVersion(HOST_FACTS) });
    assert.equal(model.kind, 'shell');
    if (model.kind !== 'shell') return;
    assert.deepEqual(model.images.map((i) => [i.by, i.platforms?.map((p) => p.value)]), [['docker build on line 5', ['linux/arm64']]]);
    assert.deepEqual(model.bakes?.map((b) => b.by), ['docker buildx bake on line 6']);
    const exported = model.contexts.find((c) => c.where === "the script's environment");
    assert.deepEqual([...(exported?.env.keys() ?? [])], ['GOOS'], 'VERSION is no build variable');
    const plain = buildModel({ path: '/w/test.sh', kind: 'shell', text: 'go test ./...\n' }, { goVersion: defaultGoVersion(HOST_FACTS) }).model;
    assert.deepEqual([plain.contexts.length, plain.kind === 'shell' && plain.bakes], [1, undefined], 'nothing exported, nothing baked');
  });
});
