import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import { buildModel, defaultGoVersion } from '../model/build-model';
import { check, fixAndRecheck, HOST_FACTS, only, ready, textAt, said } from '../testing';
import { XB504 } from './XB504-make-variable-not-exported';
import type { ModelOf } from './rule';

before(ready);

const MAKEFILE = ['GOOS ?= linux', 'GOARCH ?= arm64', 'BIN := dist/app-$(GOOS)-$(GOARCH)', '', 'build:', '\tgo build -o $(BIN) ./cmd/app', ''].join('\n');

describe('XB504 make variable does not reach the go command', () => {
  it('flags GOOS/GOARCH make variables that go never sees', () => {
    const found = only(check(MAKEFILE, 'makefile'), 'XB504');
    assert.deepEqual(found.map((f) => textAt(MAKEFILE, f)), ['GOOS', 'GOARCH']);
    assert.match(said(found[0]), /the go command does not see: export it[^]*On line 6 go uses its own default/);
  });

  it('is silent when exported (either form) or passed on the go line', () => {
    assert.deepEqual(only(check(`export GOOS := linux\nGOARCH := arm64\nexport GOARCH\nb:\n\tgo build .\n`, 'makefile'), 'XB504'), []);
    assert.deepEqual(only(check('GOOS := linux\nb:\n\tGOOS=$(GOOS) go build .\n', 'makefile'), 'XB504'), []);
    assert.deepEqual(only(check('.EXPORT_ALL_VARIABLES:\nGOOS := linux\nb:\n\tgo build .\n', 'makefile'), 'XB504'), []);
  });

  it('is silent when a recipe unsets the variable itself: exporting it would change nothing', () => {
    assert.deepEqual(only(check('build: GOARCH = arm64\nbuild:\n\tunset GOARCH && go build -o /out/app .\n', 'makefile'), 'XB504'), []);
    assert.deepEqual(only(check('GOOS := linux\nbuild:\n\tenv -u GOOS go build -o app .\n', 'makefile'), 'XB504'), []);
  });

  it('fixes by exporting the variable', () => {
    const fixed = fixAndRecheck('GOARCH := arm64\n\nbuild:\n\tgo build -o bin/app .\n', 'XB504', 'makefile');
    assert.equal(fixed, 'export GOARCH := arm64\n\nbuild:\n\tgo build -o bin/app .\n');
  });

  it('removes the blanks before a comment as it exports: exported, they would reach go (XB505)', () => {
    const fixed = fixAndRecheck('GOARCH := arm64   # Raspberry Pi 4\n\nbuild:\n\tgo build -o bin/app .\n', 'XB504', 'makefile');
    assert.equal(fixed, 'export GOARCH := arm64# Raspberry Pi 4\n\nbuild:\n\tgo build -o bin/app .\n');
    assert.deepEqual(only(check(fixed, 'makefile'), 'XB505'), []);
  });

  it('offers passing it on the go lines instead', () => {
    const text = 'GOARCH := arm64\n\nbuild:\n\tgo build -o bin/app .\n';
    const fixed = fixAndRecheck(text, 'XB504', 'makefile', 'Pass GOARCH=$(GOARCH) on the go command');
    assert.equal(fixed, 'GOARCH := arm64\n\nbuild:\n\tGOARCH=$(GOARCH) go build -o bin/app .\n');
  });

  it('names at most 20 go commands of a generated Makefile and then offers only the export', () => {
    const tools = Array.from({ length: 25 }, (_, i) => `tool${i}:\n\tgo build -o bin/tool${i} ./cmd/tool${i}\n`).join('\n');
    const [f] = only(check(`GOARCH := arm64\n\n${tools}`, 'makefile'), 'XB504');
    assert.equal(f.related?.filter((r) => r.message === 'runs without GOARCH').length, 20);
    assert.match(said(f), /On lines 4, 7, [^]* and 5 more go uses its own default/);
    assert.deepEqual(f.fixes.map((x) => x.title), ['Export GOARCH']);
    const few = only(check(`GOARCH := arm64\n\n${tools.split('\n\n').slice(0, 20).join('\n\n')}`, 'makefile'), 'XB504');
    assert.deepEqual(few[0].fixes.map((x) => x.title), ['Export GOARCH', 'Pass GOARCH=$(GOARCH) on the go commands']);
  });

  it('is silent when the value is not statically known', () => {
    assert.deepEqual(only(check('GOOS ?= $(shell go env GOOS)\nGOARCH := $(shell uname -m)\nb:\n\tgo build .\n', 'makefile'), 'XB504'), []);
  });

  it('is silent when another branch of the conditional leaves the value unknown (containerd-like)', () => {
    const text = [
      'ifneq "$(strip $(shell command -v go 2>/dev/null))" ""',
      '\tGOOS ?= $(shell go env GOOS)',
      'else',
      '\tifeq ($(UNAME_S),Linux)',
      '\t\tGOOS = linux',
      '\tendif',
      'endif',
      'build:',
      '\tgo build ./...',
      '',
    ].join('\n');
    assert.deepEqual(only(check(text, 'makefile'), 'XB504'), []);
    const known = ['ifeq ($(ARM),1)', 'GOARCH = arm64', 'else', 'GOARCH = amd64', 'endif', 'build:', '\tgo build ./...', ''].join('\n');
    assert.equal(only(check(known, 'makefile'), 'XB504').length, 1, 'both branches known: still reported');
  });

  it('is silent when the Makefile passes the variable explicitly somewhere', () => {
    const cases = [
      'CGO_ENABLED := 0\nSYSTEM :=\nb:\n\tCGO_ENABLED=$(CGO_ENABLED) $(SYSTEM) go build .\nt:\n\tgo test ./...\n',
      'CGO_ENABLED ?= 0\nb:\n\t@CGO_ENABLED=${CGO_ENABLED} go build -o app .\nt:\n\tgo vet ./...\n',
      'GOOS := linux\nGOBIN := go\nb:\n\tenv GOOS="$(GOOS)" $(GOBIN) build .\nt:\n\tgo test ./...\n',
      'GOARCH := arm64\nGO := go\nb:\n\t$(GO) build -o bin/app-$(GOARCH) .\n',
    ];
    for (const text of cases) assert.deepEqual(only(check(text, 'makefile'), 'XB504'), [], text);
  });

  it('is silent when the Makefile says unexport', () => {
    assert.deepEqual(only(check('GOOS := linux\nunexport GOOS\nb:\n\tgo build .\n', 'makefile'), 'XB504'), []);
  });

  it('counts only go commands that build (not generate, get, mod, clean, tool)', () => {
    const text = 'GOOS := linux\ng:\n\tgo generate ./...\n\tgo mod tidy\n\tgo clean -cache\n\tgo tool cover -html=c.out\n';
    assert.deepEqual(only(check(text, 'makefile'), 'XB504'), []);
  });

  it('does not check GOFLAGS (often a make-only flag list)', () => {
    assert.deepEqual(only(check('GOFLAGS := -trimpath\nb:\n\tgo build $(BUILDFLAGS) .\n', 'makefile'), 'XB504'), []);
  });

  it('applies a target-specific variable only to its own target', () => {
    const text = 'bin-pkcs11: CGO_ENABLED = 1\nbin:\n\tgo build -o nebula .\nbin-pkcs11:\n\tgo build -tags pkcs11 -o nebula .\n';
    const found = only(check(text, 'makefile'), 'XB504');
    assert.equal(found.length, 1);
    assert.match(said(found[0]), /CGO_ENABLED[^]*On line 5 go/);
    assert.deepEqual(only(check(`.EXPORT_ALL_VARIABLES:\n${text}`, 'makefile'), 'XB504'), []);
  });

  it('grows linearly with the go commands of the Makefile (it scanned every recipe line per go command)', () => {
    const makefile = (targets: number) => {
      const lines = ['GOOS ?= linux', 'GOARCH ?= arm64', ''];
      for (let i = 0; i < targets; i++) lines.push(`svc${i}:`, `\tgo build -o bin/svc${i} ./cmd/svc${i}`, `\t@echo built svc${i}`, '');
      return lines.join('\n');
    };
    const time = (targets: number) => {
      const file = { path: '/work/app/Makefile', kind: 'makefile' as const, text: makefile(targets) };
      const { model, lines } = buildModel(file, { goVersion: defaultGoVersion(HOST_FACTS) });
      let best = Infinity;
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        assert.equal(model.kind, 'makefile');
        const found = XB504.check({ file, model: model as ModelOf<'makefile'>, lines, facts: HOST_FACTS });
        best = Math.min(best, performance.now() - t0);
        assert.equal(found.length, 2);
      }
      return best;
    };
    time(200); // warm-up
    const small = time(500);
    const large = time(4000);
    // Linear is x8 (tens of ms); the quadratic scan was x100 and 4.7 s at 4,000 targets. A pause of the
    // collector on a busy machine can stretch the ratio, never by seconds: either bound shows linear growth.
    assert.ok(large / Math.max(small, 2) < 30 || large < 1000, `500 targets: ${small.toFixed(1)} ms, 4,000 targets: ${large.toFixed(1)} ms`);
  });
});

