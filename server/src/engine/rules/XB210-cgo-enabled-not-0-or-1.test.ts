import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, lineOf, only, ready, textAt, said } from '../testing';

before(ready);

describe('XB210 CGO_ENABLED is neither 0 nor 1', () => {
  it('flags CGO_ENABLED=false in a golang image: the default there is cgo ON', () => {
    const text = 'FROM golang:1.22-bookworm AS build\nENV CGO_ENABLED=false\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n';
    const [f] = only(check(text), 'XB210');
    assert.equal(lineOf(f), 2);
    assert.equal(textAt(text, f), 'false');
    assert.match(said(f), /CGO_ENABLED=false is ignored \(Go reads only 0 and 1\): write 0\./);
    assert.match(said(f), /: write 0\. Here that default is ON, the opposite of what it says\./);
    assert.equal(fixAndRecheck(text, 'XB210'), text.replace('CGO_ENABLED=false', 'CGO_ENABLED=0'));
  });

  it('says when the default happens to match (a cross build with CGO_ENABLED=no)', () => {
    const [f] = only(check('#!/bin/sh\nCGO_ENABLED=no GOOS=linux GOARCH=arm64 go build -o dist/app .\n', 'shell'), 'XB210');
    assert.match(said(f), /: write 0\. Here that default is OFF, which happens to be what it says\./);
  });

  it('fixes true/yes/on to 1 in every form, keeping quotes', () => {
    assert.equal(fixAndRecheck('build:\n\tCGO_ENABLED=true go build -race ./...\n', 'XB210', 'makefile'), 'build:\n\tCGO_ENABLED=1 go build -race ./...\n');
    assert.equal(fixAndRecheck('export CGO_ENABLED ?= yes\n\nall:\n\tgo build .\n', 'XB210', 'makefile'), 'export CGO_ENABLED ?= 1\n\nall:\n\tgo build .\n');
    assert.equal(fixAndRecheck('#!/bin/bash\nexport CGO_ENABLED="on"\ngo test -race ./...\n', 'XB210', 'shell'), '#!/bin/bash\nexport CGO_ENABLED="1"\ngo test -race ./...\n');
    assert.equal(fixAndRecheck('CGO_ENABLED=True\nGOFLAGS=-trimpath\n', 'XB210', 'goenv'), 'CGO_ENABLED=1\nGOFLAGS=-trimpath\n');
  });

  it('flags a value with no meaning without a fix', () => {
    const [f] = only(check('FROM golang:1.22\nARG CGO_ENABLED=2\nRUN go build .', 'dockerfile'), 'XB210');
    assert.match(f.message, /CGO_ENABLED=2 is ignored/);
    assert.deepEqual(f.fixes, []);
  });

  it('reports the literal, not each copy of it', () => {
    const text = 'FROM golang:1.22\nARG CGO=false\nENV CGO_ENABLED=$CGO\nRUN go build .';
    const found = only(check(text), 'XB210');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /CGO_ENABLED=\$CGO \(= false\)/);
    assert.deepEqual(found[0].fixes, []);
  });

  it('is silent for 0, 1, empty and unknown values', () => {
    for (const text of ['FROM golang:1.22\nENV CGO_ENABLED=0\nRUN go build .', 'FROM golang:1.22\nRUN CGO_ENABLED=1 go build .', 'FROM golang:1.22\nRUN CGO_ENABLED= go build .', 'FROM golang:1.22\nARG CGO_ENABLED\nRUN go build .']) {
      assert.deepEqual(only(check(text), 'XB210'), [], text);
    }
  });
});
