import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, lineOf, only, ready, said } from '../testing';

before(ready);

const MAKEFILE = ['.PHONY: release', '', 'release:', '\texport GOOS=linux', '\texport GOARCH=arm64', '\tgo build -o dist/app ./cmd/app', ''].join('\n');

describe('XB502 build variable set on an earlier recipe line', () => {
  it('flags each export that a later recipe line cannot see', () => {
    const found = only(check(MAKEFILE, 'makefile'), 'XB502');
    assert.deepEqual(found.map(lineOf), [4, 5]);
    assert.match(said(found[0]), /each recipe line is a new shell: set it on the go command's line\. go build on line 6 builds without it/);
  });

  it('is silent with .ONESHELL and with the assignment on the go line', () => {
    assert.deepEqual(only(check(`.ONESHELL:\n${MAKEFILE}`, 'makefile'), 'XB502'), []);
    assert.deepEqual(only(check('release:\n\tGOOS=linux go build .\n', 'makefile'), 'XB502'), []);
  });

  it('moves the assignment onto the go line, keeping make escapes', () => {
    const text = 'release:\n\texport GOARCH=$${ARCH:-arm64}\n\tgo build -o dist/app .\n';
    const fixed = fixAndRecheck(text, 'XB502', 'makefile');
    assert.equal(fixed, 'release:\n\texport GOARCH=$${ARCH:-arm64}\n\tGOARCH=$${ARCH:-arm64} go build -o dist/app .\n');
  });
});
