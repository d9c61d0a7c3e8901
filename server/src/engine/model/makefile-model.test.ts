import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { HOST_FACTS, ready } from '../testing';
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
});
