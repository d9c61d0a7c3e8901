import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GO_BUILD_FLAGS, GO_SUBCOMMANDS, goBuildFlag, subcommandDoes } from './go-command';

describe('go command facts', () => {
  it('roles nest: what writes or runs a binary links it, what links compiles', () => {
    for (const [name, f] of Object.entries(GO_SUBCOMMANDS)) {
      if (f.writesBinary || f.runsBinary) assert.ok(f.links, `${name} leaves or runs a binary, so it links`);
      if (f.links) assert.ok(f.compiles, `${name} links, so it compiles`);
    }
  });

  it('knows which subcommands do what (go help build, go help run, go help test, go help vet)', () => {
    const doing = (role: Parameters<typeof subcommandDoes>[1]) => Object.keys(GO_SUBCOMMANDS).filter((s) => subcommandDoes(s, role)).sort();
    assert.deepEqual(doing('compiles'), ['build', 'install', 'run', 'test', 'vet']);
    assert.deepEqual(doing('links'), ['build', 'install', 'run', 'test']);
    assert.deepEqual(doing('writesBinary'), ['build', 'install']);
    assert.deepEqual(doing('runsBinary'), ['run', 'test']);
    for (const other of ['env', 'mod', 'tool', 'generate', 'version', 'toString', 'constructor']) assert.equal(subcommandDoes(other, 'compiles'), false, other);
  });

  it('flag lists name the tool that reads them; plain flags take no list', () => {
    assert.equal(goBuildFlag('ldflags')?.listFor, 'linker');
    assert.equal(goBuildFlag('gcflags')?.listFor, 'compiler');
    assert.equal(goBuildFlag('tags')?.takesValue, true);
    assert.equal(goBuildFlag('trimpath')?.takesValue, false);
    assert.equal(goBuildFlag('mod')?.changesOutput, false);
    assert.equal(goBuildFlag('constructor'), undefined, 'no prototype lookups');
    for (const [name, f] of Object.entries(GO_BUILD_FLAGS)) if (f.listFor) assert.ok(f.takesValue, `${name} is a list, so it takes a value`);
  });
});
