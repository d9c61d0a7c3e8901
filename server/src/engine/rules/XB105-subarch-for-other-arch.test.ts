import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, only, ready, textAt } from '../testing';

before(ready);

describe('XB105 sub-architecture variable for another GOARCH', () => {
  it('notes GOARM next to GOARCH=arm64 as having no effect', () => {
    const text = 'FROM golang:1.22\nRUN GOOS=linux GOARCH=arm64 GOARM=7 go build -o /out/app .';
    const [f] = only(check(text), 'XB105');
    assert.equal(f.severity, 'information');
    assert.equal(textAt(text, f), 'GOARM=7');
    assert.match(f.message, /no effect/);
  });

  it('removes it without disturbing the neighbours', () => {
    const fixed = fixAndRecheck('FROM golang:1.22\nRUN GOOS=linux GOARCH=arm64 GOARM=7 go build -o /out/app .\n', 'XB105');
    assert.equal(fixed, 'FROM golang:1.22\nRUN GOOS=linux GOARCH=arm64 go build -o /out/app .\n');
  });

  it('removes one ENV variable of several, and a lone ENV line', () => {
    assert.equal(
      fixAndRecheck('FROM golang:1.22\nENV GOARCH=amd64 GOARM=6 CGO_ENABLED=0\nRUN go build .\n', 'XB105'),
      'FROM golang:1.22\nENV GOARCH=amd64 CGO_ENABLED=0\nRUN go build .\n',
    );
    assert.equal(
      fixAndRecheck('FROM golang:1.22\nENV GOARCH=amd64\nENV GOARM=6\nRUN go build .\n', 'XB105'),
      'FROM golang:1.22\nENV GOARCH=amd64\nRUN go build .\n',
    );
  });

  it('is silent when GOARCH matches or is not known', () => {
    const text = 'FROM golang:1.22\nARG TARGETARCH\nRUN GOARCH=arm GOARM=6 go build . && GOARCH=$TARGETARCH GOARM=7 go build .';
    assert.deepEqual(only(check(text), 'XB105'), []);
  });

  it('is silent when the variable is set empty (Go then uses its default, as if unset)', () => {
    const text = '#!/bin/sh\n# GOARM is passed on empty unless the caller asks for a level\nexport GOARM="${ARM_LEVEL:-}"\nGOOS=linux GOARCH=arm64 go build -o dist/app-arm64 .\n';
    assert.deepEqual(only(check(text, 'shell'), 'XB105'), []);
    assert.deepEqual(only(check('FROM golang:1.22\nRUN GOARCH=arm64 GOARM= go build -o /out/app .\n'), 'XB105'), []);
  });

  it('names the architectures the variable is for, and warns that Go still validates it (GO386 excepted)', () => {
    const text = 'FROM golang:1.22\nRUN GOARCH=arm64 GOAMD64=v3 go build -o /out/a . && GOARCH=amd64 GO386=sse2 go build -o /out/b .';
    const [amd64, go386] = only(check(text), 'XB105');
    assert.equal(amd64.message, 'GOAMD64 has no effect with GOARCH=arm64: remove it. It only matters for GOARCH=amd64; Go still validates it, so an invalid value fails the build.');
    assert.equal(go386.message, 'GO386 has no effect with GOARCH=amd64: remove it. It only matters for GOARCH=386.');
    assert.deepEqual(amd64.fixes.map((x) => [x.title, x.isPreferred]), [['Remove GOAMD64', true]]);
  });

  it('reports an ENV variable once however many builds read it', () => {
    const text = 'FROM golang:1.22\nENV GOARCH=arm64 GOARM=7\nRUN go build -o /out/a ./cmd/a\nRUN go build -o /out/b ./cmd/b\n';
    assert.equal(only(check(text), 'XB105').length, 1);
  });

  it('names every architecture a variable is for, and stays silent when GOARCH is set empty', () => {
    const [f] = only(check('FROM golang:1.22\nRUN GOARCH=amd64 GOMIPS=softfloat go build -o /out/app .'), 'XB105');
    assert.match(f.message, /It only matters for GOARCH=mips\/mipsle;/);
    assert.deepEqual(only(check('FROM golang:1.22\nRUN GOARCH= GOARM=7 go build -o /out/app .'), 'XB105'), []);
  });

  it('reports an ENV variable once when builds of several architectures read it', () => {
    const text = 'FROM golang:1.22\nENV GOARM=7\nRUN GOARCH=arm64 go build -o /out/app-arm64 .\nRUN GOARCH=amd64 go build -o /out/app-amd64 .\n';
    assert.deepEqual(only(check(text), 'XB105').map((f) => textAt(text, f)), ['GOARM=7']);
  });

  it('keeps a value that another build it reaches reads, or may read: removing it would change that build', () => {
    const shared = 'FROM golang:1.22\nENV GOARM=6\nRUN GOARCH=arm go build -o /out/app-armv6 .\nRUN GOARCH=arm64 go build -o /out/app-arm64 .\n';
    assert.deepEqual(only(check(shared), 'XB105'), []);
    const hostArch = 'FROM golang:1.22\nENV GOARM=6\nRUN go build -o /out/app .\nRUN GOARCH=arm64 go build -o /out/app-arm64 .\n';
    assert.deepEqual(only(check(hostArch), 'XB105'), []);
  });

  it("removes a GOARM word from make's command line for an arm64 build, and only that word", () => {
    const text = 'build:\n\tgo build -o dist/app ./cmd/app\n\ndist-arm64:\n\t$(MAKE) build GOOS=linux GOARCH=arm64 GOARM=7 VERSION=1.4.2\n';
    const [f] = only(check(text, 'makefile'), 'XB105');
    assert.equal(textAt(text, f), 'GOARM=7');
    assert.equal(fixAndRecheck(text, 'XB105', 'makefile'), text.replace(' GOARM=7', ''));
  });
  it('stays silent on a GOARM that an ifeq on GOARCH guards: make reads both branches, the build takes one', () => {
    const exported = [
      'GOOS ?= linux',
      'GOARCH ?= amd64',
      'ifeq ($(GOARCH),arm)',
      'GOARM ?= 7',
      'endif',
      'export GOOS GOARCH GOARM',
      '',
      'build:',
      '\tgo build -o bin/app-$(GOOS)-$(GOARCH) ./cmd/app',
      '',
    ].join('\n');
    assert.deepEqual(only(check(exported, 'makefile'), 'XB105'), []);
    const onTheLine = 'GOARCH ?= amd64\nifeq ($(GOARCH),arm)\n\tGOARM := 7\nendif\n\nbuild:\n\tGOARCH=$(GOARCH) GOARM=$(GOARM) go build -o bin/app .\n';
    assert.deepEqual(only(check(onTheLine, 'makefile'), 'XB105'), []);
  });

  it('removes in one fix the defaults that removing the first would bring back', () => {
    const text = [
      'export GOOS ?= linux',
      'export GOARCH ?= arm64',
      '# Raspberry Pi 2 and later',
      'export GOARM ?= 7',
      'export GOARM ?= 6',
      '',
      'build:',
      '\tgo build -o bin/app ./cmd/app',
      '',
    ].join('\n');
    const fixed = fixAndRecheck(text, 'XB105', 'makefile');
    assert.equal(fixed, text.replace('export GOARM ?= 7\nexport GOARM ?= 6\n', ''));
    assert.deepEqual(only(check(fixed, 'makefile'), 'XB105'), []);
    const exported = '#!/bin/sh\nexport GOARM=6\nGOOS=linux GOARCH=arm64 GOARM=7 go build -o dist/app-arm64 .\n';
    const fixedScript = fixAndRecheck(exported, 'XB105', 'shell');
    assert.deepEqual(only(check(fixedScript, 'shell'), 'XB105'), [], fixedScript);
    const replaced = 'FROM golang:1.22\nENV GOARCH=arm64 GOARM=7\nENV GOARM=6\nRUN go build -o /out/app .\n';
    const fixedEnv = fixAndRecheck(replaced, 'XB105');
    assert.equal(fixedEnv, 'FROM golang:1.22\nENV GOARCH=arm64\nRUN go build -o /out/app .\n');
    assert.deepEqual(only(check(fixedEnv), 'XB105'), []);
  });

  it('keeps an earlier value that another build reads when it removes the later one', () => {
    const text = [
      'FROM golang:1.22',
      'ENV GOARM=7',
      'RUN GOARCH=arm go build -o /out/app-armv7 .',
      'ENV GOARM=6',
      'RUN GOARCH=arm64 go build -o /out/app-arm64 .',
      '',
    ].join('\n');
    const [f] = only(check(text), 'XB105');
    assert.equal(textAt(text, f), 'GOARM=6');
    assert.equal(fixAndRecheck(text, 'XB105'), text.replace('ENV GOARM=6\n', ''));
  });
});
