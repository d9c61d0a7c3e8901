import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, only, ready, said, textAt } from '../testing';

before(ready);

describe('XB106 unknown GOEXPERIMENT', () => {
  it('flags unified, gone since Go 1.20, quoting the go error', () => {
    const text = 'FROM golang:1.21\nENV GOEXPERIMENT=unified\nRUN go build -o /out/app .';
    const [f] = only(check(text), 'XB106');
    assert.equal(textAt(text, f), 'unified');
    assert.match(f.message, /"go: unknown GOEXPERIMENT unified"/);
    assert.match(f.message, /Go 1\.21/);
  });

  it('accepts known experiments and their no- forms', () => {
    assert.deepEqual(only(check('FROM golang:1.22\nRUN GOEXPERIMENT=loopvar,noboringcrypto go build .'), 'XB106'), []);
  });

  it('removes only the unknown name from a list, and the whole prefix when it is alone', () => {
    assert.equal(
      fixAndRecheck('FROM golang:1.22\nRUN GOEXPERIMENT=loopvar,unified go build .\n', 'XB106'),
      'FROM golang:1.22\nRUN GOEXPERIMENT=loopvar go build .\n',
    );
    assert.equal(
      fixAndRecheck('#!/bin/sh\nGOEXPERIMENT=unified go build ./...\n', 'XB106', 'shell'),
      '#!/bin/sh\ngo build ./...\n',
    );
  });

  it('names every unknown experiment of a list, and the one go stops on', () => {
    const [f] = only(check('FROM golang:1.22\nRUN GOEXPERIMENT=unified,loopvar,fieldtrack2 go build -o /out/app .'), 'XB106');
    assert.match(f.message, /^Go 1\.22 does not know the experiments "unified", "fieldtrack2": remove them from GOEXPERIMENT\./);
    assert.match(f.message, /The build stops with "go: unknown GOEXPERIMENT unified"\./);
    assert.match(said(f), /Go 1\.22: golang:1\.22 on line 1/);
    assert.deepEqual(f.fixes.map((x) => x.title), ['Remove unified, fieldtrack2']);
  });

  it('reads a no- prefix: noloopvar is known, nounified is not, and go names the experiment without it', () => {
    const [f] = only(check('FROM golang:1.22\nRUN GOEXPERIMENT=noloopvar,nounified go build -o /out/app .'), 'XB106');
    assert.match(f.message, /the experiment "nounified": remove it/);
    assert.match(f.message, /"go: unknown GOEXPERIMENT unified"/);
    assert.deepEqual(only(check('FROM golang:1.22\nRUN GOEXPERIMENT=none go build . && GOEXPERIMENT=loopvar, go build .'), 'XB106'), []);
  });

  it('flags nonone (none has no no- form), and removes a name from the middle of a list', () => {
    const [f] = only(check('FROM golang:1.22\nRUN GOEXPERIMENT=nonone go build -o /out/app .'), 'XB106');
    assert.match(f.message, /the experiment "nonone"/);
    assert.equal(
      fixAndRecheck('FROM golang:1.22\nRUN GOEXPERIMENT=loopvar,unified,boringcrypto go build .\n', 'XB106'),
      'FROM golang:1.22\nRUN GOEXPERIMENT=loopvar,boringcrypto go build .\n',
    );
  });
});
