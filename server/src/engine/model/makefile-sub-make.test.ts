import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { HOST_FACTS, ready } from '../testing';
import { buildModel, defaultGoVersion } from './build-model';

before(ready);

function make(text: string, logs: string[] = []) {
  return buildModel({ path: '/w/Makefile', kind: 'makefile', text }, { goVersion: defaultGoVersion(HOST_FACTS), log: (m) => logs.push(m) }).model;
}

describe('$(MAKE) of this Makefile in a recipe', () => {
  // A release Makefile that narrows the build one sub-make at a time.
  const text = [
    'release:',
    '\t$(MAKE) dist',
    'dist:',
    '\t$(MAKE) dist-linux',
    'dist-linux:',
    '\t$(MAKE) dist-linux-arm64',
    'dist-linux-arm64:',
    '\t$(MAKE) binary GOOS=linux GOARCH=arm64',
    'binary:',
    '\t$(MAKE) compile',
    'compile:',
    '\tgo build -o bin/app ./cmd/app',
    '',
  ].join('\n');

  it('follows sub-makes four deep, then says once that it stops', () => {
    const logs: string[] = [];
    const m = make(text, logs);
    // Each recipe's go command is placed on its $(MAKE) line (or its own); release's is five sub-makes away.
    assert.deepEqual(m.commands.map((c) => [c.range.start.line, c.env.get('GOARCH')?.value]), [
      [3, 'arm64'],
      [5, 'arm64'],
      [7, 'arm64'],
      [9, undefined],
      [11, undefined],
    ]);
    assert.deepEqual(logs, ['xbd: /w/Makefile: not followed: $(MAKE) nested deeper than 4; what it runs is taken as unknown']);
  });

  it('names the recipe that ran the sub-make in the go command\'s context', () => {
    const m = make(text);
    const context = m.contexts.find((c) => c.command === m.commands[3]);
    assert.equal(context?.where, 'recipe of compile, run by $(MAKE) in recipe of binary');
    assert.deepEqual(m.commands[3].via, { makefile: '/w/Makefile', multiPlatform: false });
  });
});

describe('$(MAKE) with no target, or of another Makefile', () => {
  it('runs the first rule that is not a special target, and leaves -C and -f to the other Makefile\'s analysis', () => {
    const text = [
      '.PHONY: all release',
      'all:',
      '\tCGO_ENABLED=0 go build -o bin/app ./cmd/app',
      'release:',
      '\t$(MAKE) GOOS=linux GOARCH=arm64',
      '\t$(MAKE) -C tools all GOARCH=arm64',
      '\t$(MAKE) -f release.mk all GOARCH=arm64',
      '',
    ].join('\n');
    const logs: string[] = [];
    const m = make(text, logs);
    assert.deepEqual(m.commands.map((c) => [c.range.start.line, c.env.get('GOARCH')?.value, c.env.get('CGO_ENABLED')?.value]), [
      [2, undefined, '0'],
      [4, 'arm64', '0'],
    ]);
    assert.deepEqual(logs, []);
  });

  it('says once that it does not follow a $(MAKE) of a target whose recipe is already running', () => {
    const logs: string[] = [];
    const m = make(['release:', '\t$(MAKE) build release', '\t$(MAKE) release', 'build:', '\tgo build -o bin/app .', ''].join('\n'), logs);
    assert.deepEqual(m.commands.map((c) => c.range.start.line), [4]);
    assert.deepEqual(logs, ['xbd: /w/Makefile: not followed: a $(MAKE) of target release from its own recipe (a cycle); what it runs again is taken as unknown']);
    const again: string[] = [];
    make(['.PHONY: all', 'all:', '\t$(MAKE)', '\tgo build -o bin/app .', ''].join('\n'), again);
    assert.deepEqual(again, ['xbd: /w/Makefile: not followed: a $(MAKE) of target all from its own recipe (a cycle); what it runs again is taken as unknown'], 'a $(MAKE) with no target runs the first one');
  });
});
