import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { check, HOST_FACTS, only, ready, textAt, said } from '../testing';
import type { Facts, GoInstallation } from '../types';

before(ready);

const GOENV = '/root/.config/go/env';

function facts(installDir: GoInstallation['installDir']): Facts {
  return { ...HOST_FACTS, installation: { goenvFile: GOENV, installDir } };
}

describe('XB403 go install writes where PATH does not look', () => {
  it('flags the GOBIN line when GOBIN is not on PATH, says what fails and offers no edit', () => {
    const text = 'GOBIN=/home/dev/tools\nGOPRIVATE=github.com/acme/*\n';
    const [f] = only(check(text, 'goenv', facts({ dir: '/home/dev/tools', from: 'GOBIN', onPath: false })), 'XB403');
    assert.equal(f.severity, 'information');
    assert.equal(textAt(text, f), 'GOBIN=/home/dev/tools');
    assert.match(said(f), /writes to \/home\/dev\/tools \(GOBIN\), which is not on PATH/);
    assert.match(said(f), /not found/);
    assert.match(said(f), /exit 127/);
    assert.deepEqual(f.fixes, []);
  });

  it('GOPATH/bin when GOBIN is empty: on the GOPATH line if the file has one, else at the file start', () => {
    const gopath = facts({ dir: '/home/dev/go/bin', from: 'GOPATH', onPath: false });
    const text = 'GOPATH=/home/dev/go\n';
    const [f] = only(check(text, 'goenv', gopath), 'XB403');
    assert.equal(textAt(text, f), 'GOPATH=/home/dev/go');
    assert.match(said(f), /first GOPATH entry \+ \/bin, since GOBIN is empty/);
    const [g] = only(check('GOPRIVATE=github.com/acme/*\n', 'goenv', gopath), 'XB403');
    assert.equal(g.range.start.line, 0);
    assert.equal(g.range.end.character, 0);
  });

  it('is silent when the directory is on PATH, when go was not asked, and in other files', () => {
    assert.deepEqual(only(check('GOBIN=/usr/local/bin\n', 'goenv', facts({ dir: '/usr/local/bin', from: 'GOBIN', onPath: true })), 'XB403'), []);
    assert.deepEqual(only(check('GOBIN=/opt/t\n', 'goenv'), 'XB403'), []);
    const elsewhere = analyze({ path: '/work/app/go.env', kind: 'goenv', text: '' }, { facts: facts({ dir: '/opt/t', from: 'GOBIN', onPath: false }) }).findings;
    assert.deepEqual(only(elsewhere, 'XB403'), []);
  });
});
