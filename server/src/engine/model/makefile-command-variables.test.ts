import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { HOST_FACTS, applyFix, check, fixAndRecheck, only, ready, textAt } from '../testing';
import { LineIndex } from '../text';
import { buildModel, defaultGoVersion } from './build-model';

before(ready);

function model(text: string) {
  return buildModel({ path: '/w/Makefile', kind: 'makefile', text }, { goVersion: defaultGoVersion(HOST_FACTS) }).model;
}

function textOf(text: string, r: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const l = new LineIndex(text);
  return text.slice(l.offsetAt(r.start), l.offsetAt(r.end));
}

describe('make variables holding a go command', () => {
  const text = [
    'GOOS ?= linux',
    'GOBUILD = CGO_ENABLED=0 GOOS=linux GOARCH=arm64 go build',
    'GO_BUILD := GOOS=$(GOOS) go build -trimpath',
    'GO ?= go',
    'GOC := CGO_ENABLED=0 go',
    '',
    'app:',
    '\t$(GOBUILD) -o bin/app ./cmd/app',
    '\t$(GO_BUILD) -o bin/app2 ./cmd/app',
    '\t$(GO) build -o bin/app3 ./cmd/app',
    '\t@$(GOC) build -o bin/app4 ./cmd/app',
    '',
  ].join('\n');

  it('sees the go command with the prefix environment the variable carries', () => {
    const m = model(text);
    const env = (i: number, name: string) => m.commands[i].env.get(name)?.value;
    assert.deepEqual(m.commands.map((c) => `${c.subcommand} ${c.flags.get('o')?.value}`), ['build bin/app', 'build bin/app2', 'build bin/app3', 'build bin/app4']);
    assert.deepEqual([env(0, 'CGO_ENABLED'), env(0, 'GOOS'), env(0, 'GOARCH')], ['0', 'linux', 'arm64']);
    assert.equal(env(1, 'GOOS'), 'linux');
    assert.equal(m.commands[1].flags.get('trimpath')?.value, 'true', 'flags inside the variable count');
    assert.equal(m.commands[2].env.has('GOOS'), false);
    assert.equal(env(3, 'CGO_ENABLED'), '0');
  });

  it('points the assignments at the variable\'s definition and the go command at the reference', () => {
    const m = model(text);
    const goarch = m.assignments.find((a) => a.name === 'GOARCH' && a.kind === 'prefix');
    assert.equal(goarch?.nameRange.start.line, 1);
    assert.equal(textOf(text, goarch!.range), 'GOARCH=arm64');
    assert.equal(goarch?.literal, true);
    assert.equal(textOf(text, m.commands[0].goRange), '$(GOBUILD)');
    assert.equal(textOf(text, m.commands[0].range), '$(GOBUILD) -o bin/app ./cmd/app');
    assert.equal(textOf(text, m.commands[3].goRange), '$(GOC)');
    const edit = m.commands[0].insertBefore('CC=x ');
    assert.deepEqual(edit.range.start, { line: 7, character: 1 }, 'an insertion for this command goes before the reference, not into the shared definition');
  });

  it('follows nested command variables and leaves other variables as one word', () => {
    const m = model(['GO = env CGO_ENABLED=0 go', 'GOBUILD = $(GO) build', 'FLAGS = -ldflags "-s -w"', 'app:', '\t$(GOBUILD) $(FLAGS) -o app .', '\techo $(GOBUILD)', ''].join('\n'));
    assert.equal(m.commands.length, 1);
    assert.equal(m.commands[0].env.get('CGO_ENABLED')?.value, '0');
    assert.equal(m.commands[0].flags.get('o')?.value, 'app');
  });

  it('does not loop on self-referencing variables', () => {
    const m = model(['A = X=1 $(B)', 'B = Y=1 $(A)', 'app:', '\t$(A) build .', ''].join('\n'));
    assert.equal(m.commands.length, 0);
  });

  it('fixes a value inside the definition once, however many recipes use it', () => {
    const text = ['GOBUILD = CGO_ENABLED=0 GOARCH=aarch64 go build', 'app:', '\t$(GOBUILD) -o app .', 'tool:', '\t$(GOBUILD) -o tool ./tool', ''].join('\n');
    const found = only(check(text, 'makefile'), 'XB102');
    assert.equal(found.length, 1);
    assert.equal(textAt(text, found[0]), 'aarch64');
    const fixed = fixAndRecheck(text, 'XB102', 'makefile');
    assert.equal(fixed.split('\n')[0], 'GOBUILD = CGO_ENABLED=0 GOARCH=arm64 go build');
    assert.equal(fixed.split('\n').slice(1).join('\n'), text.split('\n').slice(1).join('\n'), 'recipes untouched');
  });

  it('adds what one go command lacks before the reference, leaving the shared definition alone', () => {
    const text = ['GOOS := linux', 'GOBUILD = CGO_ENABLED=0 go build', 'app:', '\t$(GOBUILD) -o app .', ''].join('\n');
    const [f] = only(check(text, 'makefile'), 'XB504');
    const passed = applyFix(text, f, 'Pass GOOS=$(GOOS) on the go command');
    assert.equal(passed.split('\n')[3], '\tGOOS=$(GOOS) $(GOBUILD) -o app .');
    assert.deepEqual(only(check(passed, 'makefile'), 'XB504'), []);
    assert.equal(applyFix(text, f).split('\n')[0], 'export GOOS := linux');
  });

  it('edits the definition when the environment comes from there', () => {
    const text = ['GOBUILD = CGO_ENABLED=1 GOARCH=arm64 go build', 'app:', '\t$(GOBUILD) -o app .', ''].join('\n');
    const [f] = only(check(text, 'makefile'), 'XB202');
    assert.ok(f, 'XB202 fires on the cross cgo build');
    const fixed = applyFix(text, f, 'Turn cgo off (CGO_ENABLED=0), if nothing needs C');
    assert.equal(fixed.split('\n')[0], 'GOBUILD = CGO_ENABLED=0 GOARCH=arm64 go build');
    assert.equal(applyFix(fixed, f, 'Turn cgo off (CGO_ENABLED=0), if nothing needs C'), fixed, 'idempotent');
    assert.deepEqual(only(check(fixed, 'makefile'), 'XB202'), []);
  });
});

describe('$(call NAME,…) of a variable holding a go command', () => {
  // The shape of release Makefiles that build every target through one parameterised command.
  const text = [
    'HOST_ARCH := $(shell uname -m)',
    'BUILD_CMD = CGO_ENABLED=0 GOOS=$(1) GOARCH=$(2) go build -trimpath -o $(3) ./cmd/agent',
    '',
    'build:',
    '\t$(call BUILD_CMD,linux,$(HOST_ARCH),bin/agent)',
    '',
    'windows_x86:',
    '\t$(call BUILD_CMD,windows,x86_64,bin/agent.exe)',
    '',
  ].join('\n');

  it('runs the variable\'s command with $(1), $(2)… read from the call\'s arguments', () => {
    const m = model(text);
    assert.deepEqual(
      m.commands.map((c) => [c.env.get('GOOS')?.value, c.flags.get('o')?.value, c.flags.get('trimpath')?.value]),
      [['linux', 'bin/agent', 'true'], ['windows', 'bin/agent.exe', 'true']],
    );
  });

  it('reports a bad argument where the call writes it, and fixes it there', () => {
    const found = only(check(text, 'makefile'), 'XB102');
    assert.deepEqual(found.map((f) => [f.range.start.line, textAt(text, f)]), [[4, '$(HOST_ARCH)'], [7, 'x86_64']]);
    assert.match(found[0].message, /^GOARCH is (x86_64|aarch64) on/);
    const fixed = applyFix(text, found[1]);
    assert.deepEqual(only(check(fixed, 'makefile'), 'XB102').map((f) => f.range.start.line), [4]);
    assert.ok(fixed.includes('\t$(call BUILD_CMD,windows,amd64,bin/agent.exe)\n'), fixed);
  });
});
