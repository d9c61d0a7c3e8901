import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { withCondition } from '../analyze';
import { check, HOST_FACTS, only, ready, textAt } from '../testing';
import { buildModel, defaultGoVersion } from './build-model';

before(ready);

describe('findings under make conditionals say the condition', () => {
  it('names the branch of an assignment (XB504)', () => {
    const text = ['ifeq ($(OS),Windows_NT)', 'GOOS := windows', 'else', 'GOOS := linux', 'endif', '', 'app:', '\tgo build -o bin/app .', ''].join('\n');
    const found = only(check(text, 'makefile'), 'XB504');
    assert.equal(found.length, 1, 'the last assignment is the one a recipe sees');
    assert.match(found[0].message, / \(in the else branch of `ifeq \(\$\(OS\),Windows_NT\)`\)\.$/);
  });

  it('names the condition of a go command and of a recipe line\'s own assignment', () => {
    const text = ['ifdef CROSS', 'test-arm:', '\tGOARCH=arm64 go test ./...', 'endif', ''].join('\n');
    const [f] = only(check(text, 'makefile'), 'XB503');
    assert.ok(f, 'XB503 fires');
    assert.match(f.message, / \(when `ifdef CROSS` holds\)\.$/);
    const typo = only(check(['ifneq ($(ARCH),)', 'app:', '\tGOOS=linx go build .', 'endif', ''].join('\n'), 'makefile'), 'XB101');
    assert.match(typo[0].message, /\(when `ifneq \(\$\(ARCH\),\)` holds\)\.$/);
  });

  it('names the innermost condition of nested ones, and else-if branches', () => {
    const text = ['ifeq ($(A),1)', 'ifndef B', 'GOOS := linx', 'endif', 'else ifeq ($(A),2)', 'GOARCH := amd65', 'endif', 'export GOOS GOARCH', ''].join('\n');
    const findings = check(text, 'makefile');
    assert.match(only(findings, 'XB101')[0].message, /\(when `ifndef B` holds, inside 1 other conditional\)\.$/);
    assert.match(only(findings, 'XB102')[0].message, /\(when `ifeq \(\$\(A\),2\)` holds after `ifeq \(\$\(A\),1\)` did not\)\.$/);
  });

  it('says nothing outside conditionals, and carries a command variable\'s condition to its assignments', () => {
    assert.doesNotMatch(check('GOOS := linx\nexport GOOS\n', 'makefile')[0].message, /\(when|else branch/);
    const text = ['ifeq ($(ARM),1)', 'GOBUILD = GOARCH=arm65 go build', 'endif', 'app:', '\t$(GOBUILD) -o app .', ''].join('\n');
    const [f] = only(check(text, 'makefile'), 'XB102');
    assert.equal(textAt(text, f), 'arm65', 'reported in the definition');
    assert.match(f.message, /\(when `ifeq \(\$\(ARM\),1\)` holds\)\.$/);
  });

  it('keeps the sentence\'s full stop last', () => {
    assert.equal(withCondition('GOOS is odd.', 'when `ifdef X` holds'), 'GOOS is odd (when `ifdef X` holds).');
    assert.equal(withCondition('no stop', 'c'), 'no stop (c)');
  });
});

describe('a make conditional decided by the values the Makefile sets', () => {
  const model = (text: string) => buildModel({ path: '/w/Makefile', kind: 'makefile', text }, { goVersion: defaultGoVersion(HOST_FACTS) }).model;

  it('takes its values from the branch make reads, and still reads the recipe lines of both', () => {
    const text = [
      'GOOS ?= linux',
      'GOARCH ?= arm64',
      'ifeq ($(GOARCH),amd64)',
      '  CC := x86_64-linux-gnu-gcc',
      'else',
      '  CC := aarch64-linux-gnu-gcc',
      'endif',
      'export GOOS GOARCH CC CGO_ENABLED=1',
      '',
      'build:',
      'ifeq ($(GOOS),windows)',
      '\tgo build -o bin/app.exe ./cmd/app',
      'else',
      '\tgo build -o bin/app ./cmd/app',
      'endif',
      '',
    ].join('\n');
    const m = model(text);
    assert.deepEqual(m.commands.map((c) => c.flags.get('o')?.value), ['bin/app.exe', 'bin/app'], 'make GOOS=windows takes the other recipe line');
    assert.deepEqual(m.contexts.filter((c) => c.command).map((c) => c.env.get('CC')?.value), ['aarch64-linux-gnu-gcc', 'aarch64-linux-gnu-gcc']);
    const skipped = m.assignments.find((a) => a.value === 'x86_64-linux-gnu-gcc');
    assert.equal(skipped?.unread, true, 'the skipped branch\'s site is kept for value rules, marked unread');
    assert.deepEqual(only(check(text, 'makefile'), 'XB209'), [], 'no CC for amd64 paired with GOARCH=arm64');
  });

  it('still reads both branches when a side is not known (the environment, the build machine)', () => {
    const text = ['ifeq ($(ARCH),arm)', 'GOARCH := arm', 'else', 'GOARCH := arm64', 'endif', 'export GOARCH', 'build:', '\tgo build -o bin/app .', ''].join('\n');
    assert.deepEqual(model(text).contexts.filter((c) => c.command).map((c) => c.env.get('GOARCH')?.value), ['arm64']);
    const decided = text.replace('ifeq ($(ARCH),arm)', 'ARCH := arm\nifeq ($(ARCH),arm)');
    assert.deepEqual(model(decided).contexts.filter((c) => c.command).map((c) => c.env.get('GOARCH')?.value), ['arm']);
    const elseIf = ['OS := linux', 'ifeq ($(OS),windows)', 'GOOS := windows', 'else ifeq ($(OS),linux)', 'GOOS := linux', 'else', 'GOOS := darwin', 'endif', 'export GOOS', 'build:', '\tgo build .', ''].join('\n');
    assert.deepEqual(model(elseIf).contexts.filter((c) => c.command).map((c) => c.env.get('GOOS')?.value), ['linux']);
  });
});
