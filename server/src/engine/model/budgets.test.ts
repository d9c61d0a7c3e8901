import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { HOST_FACTS, ready } from '../testing';

before(ready);

function run(text: string, path = '/w/release.sh') {
  const logs: string[] = [];
  const { findings, model } = analyze({ path, kind: 'shell', text }, { facts: HOST_FACTS, log: (m) => logs.push(m) });
  return { findings, model: model!, logs };
}

/** A release script that calls a helper many times before the function that sets GOARM. */
function manyCalls(calls: number): string {
  return [
    '#!/bin/sh',
    'export GOOS=linux GOARCH=arm',
    'log() { :; }',
    ...Array.from({ length: calls }, (_, i) => `log "step ${i}"`),
    'pin_arm() { export GOARM=7; }',
    'pin_arm',
    'go build -o dist/app ./cmd/app',
    '',
  ].join('\n');
}

describe('walker budgets', () => {
  it('follows the call that sets GOARM while the call budget lasts', () => {
    const { findings, model, logs } = run(manyCalls(10));
    assert.equal(model.commands[0].env.get('GOARM')?.value, '7');
    assert.deepEqual(findings.filter((f) => f.code === 'XB107'), []);
    assert.deepEqual(logs, []);
  });

  it('makes what an unfollowed call could set unknown, never reports XB107 on it, and logs one line', () => {
    const { findings, model, logs } = run(manyCalls(300));
    const goarm = model.commands[0].env.get('GOARM');
    assert.ok(goarm, 'GOARM may have been exported by the call that was not walked');
    assert.equal(goarm.value, undefined);
    // What the call could not touch keeps its value.
    assert.equal(model.commands[0].env.get('GOARCH')?.value, 'arm');
    assert.deepEqual(findings.filter((f) => f.code === 'XB107'), []);
    assert.equal(logs.length, 1);
    assert.match(logs[0], /\/w\/release\.sh: not followed: function calls after the first 256/);
  });
});
