import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { meantCgo } from './XB210-cgo-enabled-not-0-or-1';
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

  it('reads the spellings people use for on and off, whole words only, blanks ignored', () => {
    for (const v of ['true', 'TRUE', 'yes', 'on', 'y', 't', 'enable', 'Enabled', '1', ' 1 ']) assert.equal(meantCgo(v), '1', v);
    for (const v of ['false', 'no', 'OFF', 'n', 'f', 'disable', 'disabled', '0', ' 0']) assert.equal(meantCgo(v), '0', v);
    for (const v of ['2', 'auto', 'truthy', 'not', 'yes please', 'nope', '']) assert.equal(meantCgo(v), undefined, v);
  });

  it('says what Go does instead on the $BUILDPLATFORM pattern, and the general rule where no go command reads it', () => {
    const [leg] = only(check('FROM --platform=$BUILDPLATFORM golang:1.22\nARG TARGETARCH\nENV CGO_ENABLED=on\nRUN GOARCH=$TARGETARCH go build -o /out/app .\n'), 'XB210');
    assert.equal(leg.message, "CGO_ENABLED=on is ignored (Go reads only 0 and 1): write 1. Here that default is ON for the builder's own platform and OFF for the others.");
    const [none] = only(check('FROM golang:1.22\nENV CGO_ENABLED=off\n'), 'XB210');
    assert.equal(none.message, 'CGO_ENABLED=off is ignored (Go reads only 0 and 1): write 0. Go applies its default: on for a native build with a C compiler, off for a cross build.');
    assert.deepEqual(none.related?.map((r) => r.message), ['for any other value Go applies its default, cgo on for a native build with a C compiler and off for a cross build (natively, `CGO_ENABLED=false go env CGO_ENABLED` prints 1)']);
    assert.deepEqual(none.fixes.map((f) => [f.title, f.isPreferred]), [['Change to CGO_ENABLED=0', true]]);
    // One export that a cross and a native build both read: no single default to name.
    const [mixed] = only(check('#!/bin/sh\nexport CGO_ENABLED=enable\nGOARCH=arm64 go build -o dist/app-arm64 .\ngo build -o dist/app .\n', 'shell'), 'XB210');
    assert.match(mixed.message, /write 1\. Go applies its default: on for a native build/);
    const [yes] = only(check('FROM golang:1.22\nENV CGO_ENABLED=yes\nRUN go build -o /out/app .\n'), 'XB210');
    assert.match(yes.message, /Here that default is ON, which happens to be what it says\.$/);
  });
});
