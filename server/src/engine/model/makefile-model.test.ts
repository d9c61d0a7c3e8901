import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { HOST_FACTS, check, only, ready } from '../testing';
import { buildModel, defaultGoVersion } from './build-model';

before(ready);

function make(text: string) {
  return buildModel({ path: '/w/Makefile', kind: 'makefile', text }, { goVersion: defaultGoVersion(HOST_FACTS) }).model;
}

describe('Makefile model', () => {
  it('expands make variables in recipes and passes only exported ones to go', () => {
    const m = make(['GOOS ?= linux', 'export GOARCH := arm64', 'BIN = bin/app-$(GOOS)-$(GOARCH)', '', 'build:', '\tCGO_ENABLED=0 go build -o $(BIN) ./cmd/app', ''].join('\n'));
    const [cmd] = m.commands;
    assert.equal(cmd.flags.get('o')?.value, 'bin/app-linux-arm64');
    assert.equal(cmd.env.get('GOARCH')?.value, 'arm64');
    assert.equal(cmd.env.has('GOOS'), false, 'GOOS is a make variable, not in the environment');
    assert.equal(cmd.env.get('CGO_ENABLED')?.value, '0');
  });

  it('runs each recipe line in its own shell, unless .ONESHELL', () => {
    const text = 'build:\n\texport GOOS=linux\n\tgo build .\n';
    assert.equal(make(text).commands[0].env.has('GOOS'), false);
    assert.equal(make(`.ONESHELL:\n${text}`).commands[0].env.get('GOOS')?.value, 'linux');
  });

  it('keeps continuation lines, $$ for the shell, and a recursion guard', () => {
    const m = make(['A = $(B)', 'B = $(A)', 'GOARCH = $(A)', 'export GOARCH', 'build:', '\tfor t in a b; do \\', '\t  GOOS=$$t go build . ; \\', '\tdone', ''].join('\n'));
    assert.equal(m.assignments.find((a) => a.name === 'GOARCH')?.value, undefined);
    assert.deepEqual(m.commands.map((c) => c.env.get('GOOS')?.value), ['a', 'b'], 'the continued loop is one shell, walked per value');
  });

  it('iterates a PLATFORMS list in a recipe loop', () => {
    const m = make(['PLATFORMS := linux/amd64 linux/arm64', 'release:', '\tfor p in $(PLATFORMS); do \\', '\t  GOOS=$${p%/*} GOARCH=$${p#*/} go build -o dist/$${p%/*}-$${p#*/} . ; \\', '\tdone', ''].join('\n'));
    assert.deepEqual(m.commands.map((c) => c.flags.get('o')?.value), ['dist/linux-amd64', 'dist/linux-arm64']);
  });

  it('evaluates the common functions on static values', () => {
    const m = make(['PLATFORM := linux/arm64', 'export GOOS := $(word 1,$(subst /, ,$(PLATFORM)))', 'export GOARCH := $(notdir $(PLATFORM))', 'x:', '\tgo build .', ''].join('\n'));
    assert.deepEqual([m.commands[0].env.get('GOOS')?.value, m.commands[0].env.get('GOARCH')?.value], ['linux', 'arm64']);
  });

  it('keeps target-specific variables out of other recipes (telegraf-like)', () => {
    const m = make(
      [
        'windows_i386.zip: export GOOS := windows',
        'windows_i386.zip: export GOARCH := 386',
        '',
        'windows_i386.zip:',
        '\tgo build -o telegraf.exe ./cmd/telegraf',
        '',
        'test:',
        '\tgo test ./...',
        '',
      ].join('\n'),
    );
    const [zip, test] = m.commands;
    assert.equal(zip.env.get('GOOS')?.value, 'windows');
    assert.equal(zip.env.get('GOARCH')?.value, '386');
    assert.equal(test.env.has('GOOS'), false, 'the test recipe does not see windows_i386.zip\'s GOOS');
    assert.equal(test.env.has('GOARCH'), false);
    // Still sites for the value rules, but not in the Makefile's global variables.
    assert.deepEqual(m.assignments.filter((a) => a.kind === 'make').map((a) => [a.name, a.value]), [['GOOS', 'windows'], ['GOARCH', '386']]);
    const global = m.contexts.find((c) => c.where === "the Makefile's variables");
    assert.equal(global, undefined);
    const scoped = m.contexts.find((c) => c.where === 'variables of target windows_i386.zip');
    assert.deepEqual([scoped?.env.get('GOOS')?.value, scoped?.env.get('GOARCH')?.value], ['windows', '386']);
  });

  it('exports a target-specific variable only for its target, following global export (nebula-like)', () => {
    const text = [
      'GOFLAGS ?= -trimpath',
      'export CGO_ENABLED := 0',
      'bin-pkcs11: CGO_ENABLED = 1',
      'bin-pkcs11: BUILD_ARGS += -tags pkcs11',
      '',
      'bin:',
      '\tgo build $(BUILD_ARGS) -o ./nebula ./cmd/nebula',
      '',
      'bin-pkcs11:',
      '\tgo build $(BUILD_ARGS) -o ./nebula ./cmd/nebula',
      '',
    ].join('\n');
    const m = make(text);
    const [bin, pkcs11] = m.commands;
    assert.equal(bin.env.get('CGO_ENABLED')?.value, '0', 'bin keeps the global value');
    assert.equal(pkcs11.env.get('CGO_ENABLED')?.value, '1', 'exported globally, so the target value is exported too');
    assert.equal(m.contexts.find((c) => c.where === "the Makefile's variables")?.env.get('CGO_ENABLED')?.value, '0');
    assert.equal(m.contexts.find((c) => c.where === 'variables of target bin-pkcs11')?.env.get('CGO_ENABLED')?.value, '1');
    // Not exported anywhere: a make variable of that recipe only.
    const plain = make(['bin-pkcs11: CGO_ENABLED = 1', 'bin-pkcs11:', '\tgo build -o nebula .', 'other:', '\tgo build .', ''].join('\n'));
    assert.deepEqual(plain.commands.map((c) => c.env.has('CGO_ENABLED')), [false, false]);
    const all = make(['.EXPORT_ALL_VARIABLES:', 'bin-pkcs11: CGO_ENABLED = 1', 'bin-pkcs11:', '\tgo build -o nebula .', 'other:', '\tgo build .', ''].join('\n'));
    assert.deepEqual(all.commands.map((c) => c.env.get('CGO_ENABLED')?.value), ['1', undefined]);
  });

  it('checks target-specific pairs in the target\'s own context', () => {
    const m = make(['GOARCH := amd64', 'mac: GOOS := darwin', 'mac: GOARCH := 386', 'mac:', '\tGOOS=$(GOOS) GOARCH=$(GOARCH) go build .', ''].join('\n'));
    const scoped = m.contexts.find((c) => c.where === 'variables of target mac');
    assert.deepEqual([scoped?.env.get('GOOS')?.value, scoped?.env.get('GOARCH')?.value], ['darwin', '386']);
    assert.equal(m.contexts.find((c) => c.where === "the Makefile's variables")?.env.get('GOARCH')?.value, 'amd64');
    assert.equal(m.contexts.find((c) => c.where === "the Makefile's variables")?.env.has('GOOS'), false);
    assert.deepEqual([m.commands[0].env.get('GOOS')?.value, m.commands[0].env.get('GOARCH')?.value], ['darwin', '386'], 'the recipe expands the target\'s values');
    const text = ['mac: export GOOS := darwin', 'mac: export GOARCH := 386', 'mac:', '\t@echo no go here', ''].join('\n');
    assert.equal(only(check(text, 'makefile'), 'XB103').length, 1, 'XB103 still sees the pair');
  });
});

describe('Makefile values the shell re-reads', () => {
  it('reads an unexported value as the shell will (loki-like GOFLAGS=""), an exported one as go will', () => {
    const text = ['ifeq ($(UNAME_S),Linux)', 'GOFLAGS=-tags=linux', 'else', 'GOFLAGS=""', 'endif', 'lint:', '\tGOFLAGS=$(GOFLAGS) faillint ./...', ''].join('\n');
    assert.deepEqual(make(text).assignments.filter((a) => a.kind === 'make').map((a) => a.value), ['-tags=linux', '']);
    assert.deepEqual(only(check(text, 'makefile'), 'XB213'), []);
    const exported = `export GOFLAGS\n${text}`;
    assert.equal(only(check(exported, 'makefile'), 'XB213').length, 1, 'exported, go reads the two quotes');
  });
});
