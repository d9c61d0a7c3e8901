import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { HOST_FACTS, ready } from '../testing';
import { buildModel, defaultGoVersion } from './build-model';
import type { EnvEntry } from './types';

before(ready);

function makefile(text: string) {
  const { model } = buildModel({ path: '/w/Makefile', kind: 'makefile', text }, { goVersion: defaultGoVersion(HOST_FACTS) });
  return model;
}

/** A go command's variable as a plain object: its value, or its value per build host. */
function shown(entry: EnvEntry | undefined) {
  return entry?.hostValues ? Object.fromEntries(entry.hostValues) : entry?.value;
}

describe('Makefile values that depend on the build machine', () => {
  it('gives $(shell uname -m) its value on each build host, through ifeq remappings', () => {
    const m = makefile(
      ['HOST_ARCH := $(shell uname -m)', 'ifeq ($(HOST_ARCH),x86_64)', '  HOST_ARCH := amd64', 'endif', '', 'build:', '\tGOARCH=$(HOST_ARCH) go build -o bin/agent ./cmd/agent', ''].join('\n'),
    );
    const goarch = m.commands[0].env.get('GOARCH');
    assert.equal(goarch?.value, undefined, 'not one value: it depends on the host');
    assert.deepEqual(shown(goarch), { 'linux/amd64': 'amd64', 'linux/arm64': 'aarch64', 'darwin/amd64': 'amd64', 'darwin/arm64': 'arm64' });
    assert.deepEqual(Object.fromEntries(m.assignments.find((a) => a.name === 'GOARCH')?.hostValues ?? []), shown(goarch));
  });

  it('reads the quoted form of ifeq, else-if branches and ifneq per build host', () => {
    const text = [
      'UNAME_M := $(shell uname -m)',
      'UNAME_S := $(shell uname -s)',
      'ifeq "$(UNAME_M)" "x86_64"',
      'GOARCH := amd64',
      "else ifeq '$(UNAME_M)' 'aarch64'",
      'GOARCH := arm64',
      'else',
      'GOARCH := $(UNAME_M)',
      'endif',
      'ifneq ($(UNAME_S),Darwin)',
      'GOOS := linux',
      'else',
      'GOOS := darwin',
      'endif',
      'build:',
      '\tGOOS=$(GOOS) GOARCH=$(GOARCH) go build -o bin/agent ./cmd/agent',
      '',
    ].join('\n');
    const env = makefile(text).commands[0].env;
    assert.deepEqual(shown(env.get('GOARCH')), { 'linux/amd64': 'amd64', 'linux/arm64': 'arm64', 'darwin/amd64': 'amd64', 'darwin/arm64': 'arm64' });
    assert.deepEqual(shown(env.get('GOOS')), { 'linux/amd64': 'linux', 'linux/arm64': 'linux', 'darwin/amd64': 'darwin', 'darwin/arm64': 'darwin' });
  });

  it('reads ${shell uname -m} as $(shell uname -m)', () => {
    const m = makefile(['HOST_ARCH := ${shell uname -m}', 'app:', '\tGOARCH=$(HOST_ARCH) go build .', ''].join('\n'));
    assert.deepEqual(shown(m.commands[0].env.get('GOARCH')), { 'linux/amd64': 'x86_64', 'linux/arm64': 'aarch64', 'darwin/amd64': 'x86_64', 'darwin/arm64': 'arm64' });
  });

  it('keeps the value set before an else-if chain on a host where no branch holds', () => {
    const text = ['UNAME_M := $(shell uname -m)', 'GOARCH := 386', 'ifeq ($(UNAME_M),x86_64)', 'GOARCH := amd64', 'else ifeq ($(UNAME_M),aarch64)', 'GOARCH := arm64', 'endif', 'export GOARCH', 'app:', '\tgo build .', ''].join('\n');
    assert.deepEqual(shown(makefile(text).commands[0].env.get('GOARCH')), { 'linux/amd64': 'amd64', 'linux/arm64': 'arm64', 'darwin/amd64': 'amd64', 'darwin/arm64': '386' });
  });

  it('follows subst and patsubst, and a recursive variable expanded in the recipe', () => {
    const m = makefile(['ARCH = $(subst aarch64,arm64,$(patsubst x86_%,amd%,$(shell uname -m)))', 'app:', '\tGOARCH=$(ARCH) go build .', ''].join('\n'));
    assert.equal(m.commands[0].env.get('GOARCH')?.value, undefined);
    assert.deepEqual(shown(m.commands[0].env.get('GOARCH')), { 'linux/amd64': 'amd64', 'linux/arm64': 'arm64', 'darwin/amd64': 'amd64', 'darwin/arm64': 'arm64' });
  });

  it('reads uname -s and uname -m of the same machine together (no darwin with a Linux-only name)', () => {
    const m = makefile(
      [
        'UNAME_S := $(shell uname -s)',
        'UNAME_M := $(shell uname -m)',
        'GOOS = linux',
        'ifeq ($(UNAME_S),Darwin)',
        '  GOOS = darwin',
        'endif',
        'ifeq ($(GOARCH),)',
        '  GOARCH = amd64',
        '  ifneq ($(UNAME_M), x86_64)',
        '    ifeq ($(UNAME_M), arm64)',
        '      GOARCH = arm64',
        '    else',
        '      GOARCH = 386',
        '    endif',
        '  endif',
        'endif',
        '',
      ].join('\n'),
    );
    const vars = m.contexts.find((c) => c.where === "the Makefile's variables")!.env;
    assert.deepEqual(shown(vars.get('GOOS')), { 'linux/amd64': 'linux', 'linux/arm64': 'linux', 'darwin/amd64': 'darwin', 'darwin/arm64': 'darwin' });
    assert.deepEqual(shown(vars.get('GOARCH')), { 'linux/amd64': 'amd64', 'linux/arm64': '386', 'darwin/amd64': 'amd64', 'darwin/arm64': 'arm64' });
  });

  it('keeps values that do not depend on the host as they were (conditionals on other variables read in order)', () => {
    const m = makefile(['ifeq ($(OS),Windows_NT)', 'GOOS := windows', 'else', 'GOOS := linux', 'endif', 'HOST := $(shell uname -m)', 'export GOOS', 'app:', '\tgo build .', ''].join('\n'));
    assert.equal(m.commands[0].env.get('GOOS')?.value, 'linux');
    assert.equal(m.commands[0].env.get('GOOS')?.hostValues, undefined);
  });

  it('removes the quotes a make value brings into an unquoted recipe word, as the shell does', () => {
    const m = makefile(['OS := ""', "ARCH := 'arm64'", 'app:', '\tGOOS=$(OS) GOARCH=$(ARCH) go build .', '\tGOOS="$(OS)" go build .', ''].join('\n'));
    assert.equal(m.commands[0].env.get('GOOS')?.value, '');
    assert.equal(m.commands[0].env.get('GOARCH')?.value, 'arm64');
    assert.equal(m.commands[1].env.get('GOOS')?.value, '""', 'inside double quotes the pasted quotes are characters');
  });

  it('reads both branches of a conditional that does not depend on the machine, whichever machine', () => {
    const text = ['GOOS := linux', 'build:', 'ifeq ($(GOOS),windows)', '\tgo build -o bin/app.exe .', 'else', '\tgo build -o bin/app .', 'endif', ''].join('\n');
    const m = buildModel({ path: '/w/Makefile', kind: 'makefile', text }, { goVersion: defaultGoVersion(HOST_FACTS), host: { goos: 'darwin', goarch: 'arm64' } }).model;
    assert.deepEqual(m.commands.map((c) => c.flags.get('o')?.value), ['bin/app.exe', 'bin/app']);
    // A Makefile that reads the host, with a condition on what only the environment knows: both branches too.
    const ci = ['UNAME_S := $(shell uname -s)', 'build:', 'ifeq ($(CI),true)', '\tgo build -mod=readonly -o bin/app .', 'else', '\tgo build -o bin/app .', 'endif', ''].join('\n');
    const both = buildModel({ path: '/w/Makefile', kind: 'makefile', text: ci }, { goVersion: defaultGoVersion(HOST_FACTS), host: { goos: 'linux', goarch: 'amd64' } }).model;
    assert.equal(both.commands.length, 2);
    // The shell reading the host in a recipe makes no make conditional depend on it.
    const shell = text.replace('\tgo build -o bin/app .', '\tGOARCH=$$(uname -m) go build -o bin/app .');
    assert.equal(buildModel({ path: '/w/Makefile', kind: 'makefile', text: shell }, { goVersion: defaultGoVersion(HOST_FACTS), host: { goos: 'darwin', goarch: 'arm64' } }).model.commands.length, 2);
  });

  it('leaves out recipe lines under a conditional that fails on the analysed machine', () => {
    const text = ['build-386:', 'ifneq ($(shell uname -s), Darwin)', '\tGOARCH=386 go build ./...', 'endif', ''].join('\n');
    const on = (host: { goos: string; goarch: string }) => buildModel({ path: '/w/Makefile', kind: 'makefile', text }, { goVersion: defaultGoVersion(HOST_FACTS), host }).model.commands.length;
    assert.equal(on({ goos: 'darwin', goarch: 'amd64' }), 0);
    assert.equal(on({ goos: 'linux', goarch: 'amd64' }), 1);
    assert.equal(buildModel({ path: '/w/Makefile', kind: 'makefile', text }, { goVersion: defaultGoVersion(HOST_FACTS) }).model.commands.length, 1, 'no host: every line');
  });
});
