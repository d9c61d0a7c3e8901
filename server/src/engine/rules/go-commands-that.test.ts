import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { HOST_FACTS, ready } from '../testing';
import { goCommandsThat } from './helpers';

before(ready);

describe('goCommandsThat: the one query of go commands by role', () => {
  const script = '#!/bin/sh\nset -e\ngo mod download\nGOARCH=arm64 go build -o dist/agent ./cmd/agent\ngo vet ./...\nxx-go build -o dist/probe ./cmd/probe\n';

  it('answers each role and tool set apart, asked in any order and again', () => {
    const { model } = analyze({ path: '/src/agent/build.sh', kind: 'shell', text: script }, { facts: HOST_FACTS });
    assert.ok(model);
    const subcommands = (role: Parameters<typeof goCommandsThat>[1], tools?: Parameters<typeof goCommandsThat>[2]) => goCommandsThat(model, role, tools).map((c) => `${c.command.tool} ${c.command.subcommand}`);
    assert.deepEqual(subcommands('links'), ['go build']);
    assert.deepEqual(subcommands('compiles'), ['go build', 'go vet']);
    assert.deepEqual(subcommands('links', ['go', 'xx-go']), ['go build', 'xx-go build']);
    assert.deepEqual(subcommands('links'), ['go build'], 'a second ask gives the same answer');
  });

  it('sees a context added to the model after it was asked (a view that grows while rules run)', () => {
    const { model } = analyze({ path: '/src/agent/build.sh', kind: 'shell', text: script }, { facts: HOST_FACTS });
    assert.ok(model);
    assert.equal(goCommandsThat(model, 'links').length, 1);
    const build = model.contexts.find((c) => c.command?.subcommand === 'build' && c.command.tool === 'go')!;
    model.contexts.push({ ...build, command: { ...build.command!, subcommand: 'install' } });
    assert.deepEqual(goCommandsThat(model, 'links').map((c) => c.command.subcommand), ['build', 'install']);
  });
});
