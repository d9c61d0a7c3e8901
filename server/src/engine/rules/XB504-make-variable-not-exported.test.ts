import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, only, ready, textAt } from '../testing';

before(ready);

const MAKEFILE = ['GOOS ?= linux', 'GOARCH ?= arm64', 'BIN := dist/app-$(GOOS)-$(GOARCH)', '', 'build:', '\tgo build -o $(BIN) ./cmd/app', ''].join('\n');

describe('XB504 make variable does not reach the go command', () => {
  it('flags GOOS/GOARCH make variables that go never sees', () => {
    const found = only(check(MAKEFILE, 'makefile'), 'XB504');
    assert.deepEqual(found.map((f) => textAt(MAKEFILE, f)), ['GOOS', 'GOARCH']);
    assert.match(found[0].message, /not in the environment of the go command on line 6/);
  });

  it('is silent when exported (either form) or passed on the go line', () => {
    assert.deepEqual(only(check(`export GOOS := linux\nGOARCH := arm64\nexport GOARCH\nb:\n\tgo build .\n`, 'makefile'), 'XB504'), []);
    assert.deepEqual(only(check('GOOS := linux\nb:\n\tGOOS=$(GOOS) go build .\n', 'makefile'), 'XB504'), []);
    assert.deepEqual(only(check('.EXPORT_ALL_VARIABLES:\nGOOS := linux\nb:\n\tgo build .\n', 'makefile'), 'XB504'), []);
  });

  it('fixes by exporting the variable', () => {
    const fixed = fixAndRecheck('GOARCH := arm64\n\nbuild:\n\tgo build -o bin/app .\n', 'XB504', 'makefile');
    assert.equal(fixed, 'export GOARCH := arm64\n\nbuild:\n\tgo build -o bin/app .\n');
  });

  it('offers passing it on the go lines instead', () => {
    const text = 'GOARCH := arm64\n\nbuild:\n\tgo build -o bin/app .\n';
    const fixed = fixAndRecheck(text, 'XB504', 'makefile', 'Pass GOARCH=$(GOARCH) on the go command');
    assert.equal(fixed, 'GOARCH := arm64\n\nbuild:\n\tGOARCH=$(GOARCH) go build -o bin/app .\n');
  });
});
