import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, lineOf, only, ready, said } from '../testing';

before(ready);

describe('XB404 go env file sets CGO_ENABLED, CC or build flags in GOFLAGS', () => {
  it('flags CGO_ENABLED, CC and GOFLAGS with build flags', () => {
    const text = 'CGO_ENABLED=0\nCC=aarch64-linux-gnu-gcc\nGOFLAGS=-mod=mod -tags=netgo -trimpath\nGOPRIVATE=github.com/acme/*\n';
    const found = only(check(text, 'goenv'), 'XB404');
    assert.deepEqual(found.map(lineOf), [1, 2, 3]);
    assert.match(said(found[0]), /CGO_ENABLED=0 turns cgo off for every go build/);
    assert.match(said(found[1]), /aarch64-linux-gnu-gcc the C compiler/);
    assert.match(said(found[2]), /-tags, -trimpath/);
    assert.ok(found.every((f) => f.severity === 'warning'));
  });

  it('is silent for GOFLAGS without build flags and for other settings', () => {
    assert.deepEqual(only(check('GOFLAGS=-mod=mod -modcacherw\nGOPROXY=off\nGONOSUMDB=*\n', 'goenv'), 'XB404'), []);
  });

  it('is silent for the same settings in a build script', () => {
    assert.deepEqual(only(check('#!/bin/sh\nexport CGO_ENABLED=0\ngo build ./...\n', 'shell'), 'XB404'), []);
  });

  it('fix removes that line only', () => {
    const text = 'GOPRIVATE=github.com/acme/*\nCGO_ENABLED=0\nGOTOOLCHAIN=local\n';
    assert.equal(fixAndRecheck(text, 'XB404', 'goenv'), 'GOPRIVATE=github.com/acme/*\nGOTOOLCHAIN=local\n');
  });
});

describe('XB404 what each setting does, in its words', () => {
  it('CGO_ENABLED=1 turns cgo on, CXX names the C++ compiler, an empty value is no setting', () => {
    const text = 'CGO_ENABLED=1\nCXX=aarch64-linux-gnu-g++\nCC=\n';
    const found = only(check(text, 'goenv'), 'XB404');
    assert.deepEqual(found.map(lineOf), [1, 2]);
    assert.match(said(found[0]), /CGO_ENABLED=1 turns cgo on for every go build, in every project/);
    assert.match(said(found[1]), /CXX=aarch64-linux-gnu-g\+\+ makes aarch64-linux-gnu-g\+\+ the C\+\+ compiler of every go build/);
    assert.equal(found[1].message, 'CXX here affects every build on this machine: move it into the build, then `go env -u CXX`.');
  });

  it('GOFLAGS: reads --flag spellings and several spaces between words, names only the flags that change the output', () => {
    const [f] = only(check('GOFLAGS=-mod=mod   --ldflags=-s  -buildvcs=false\n', 'goenv'), 'XB404');
    assert.match(said(f), /GOFLAGS=-mod=mod {3}--ldflags=-s {2}-buildvcs=false adds -ldflags(, -buildvcs)? to every go build/);
    assert.deepEqual(only(check('GOFLAGS=-mod=mod\n', 'goenv'), 'XB404'), []);
  });

  it('its fix is named for what go env -u does', () => {
    const [f] = only(check('CC=clang\n', 'goenv'), 'XB404');
    assert.deepEqual(f.fixes.map((x) => [x.title, x.isPreferred]), [['Remove CC from the go env file (what `go env -u CC` does)', true]]);
  });
});
