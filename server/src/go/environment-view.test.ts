import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { repoRoot } from '../../../test/support/paths';
import { analyze, type Finding } from '../engine';
import { HOST_FACTS, ready } from '../engine/testing';
import { concernedKey, environmentView, keyAtLine, unsetKeysOf } from './environment-view';
import { parseGoEnvJson, type ToolchainInfo } from './toolchain';

before(ready);

const GOENV = '/home/dev/.config/go/env';
const VIEW = 'xbd-goenv:/go%20env';
/** A developer's go env file after `go env -w GOARCH=arm64 CGO_ENABLED=0 GOPRIVATE=…`. */
const FILE = '# written by go env -w\nGOPRIVATE=github.com/acme/*\nGOARCH=arm64\nCGO_ENABLED=0\n';

/** Go 1.24's recorded `go env -json`, with what that file persists applied (as go would print it). */
function toolchain(): ToolchainInfo {
  const env = parseGoEnvJson(readFileSync(join(repoRoot(), 'test', 'fixtures', 'go-env', 'go1.24.env.json'), 'utf8'))!;
  return { goBin: '/usr/lib/go-1.24/bin/go', version: '1.24.4', env: { ...env, GOARCH: 'arm64', CGO_ENABLED: '0', GOPRIVATE: 'github.com/acme/*' } };
}

function fileFindings(): Finding[] {
  return analyze({ path: GOENV, kind: 'goenv', text: FILE }, { facts: HOST_FACTS }).findings;
}

describe('the Show Go environment view', () => {
  it('is a header of comments, then NAME=value for every variable, sorted', () => {
    const view = environmentView({ uri: VIEW, info: toolchain(), goenv: GOENV, goenvText: FILE, findings: [] });
    const lines = view.text.split('\n');
    assert.match(lines[0], /^# go env of go1\.24\.4 \(\/usr\/lib\/go-1\.24\/bin\/go\)/);
    assert.equal(lines[1], `# go env file (GOENV): ${GOENV}`);
    const body = lines.filter((l) => l && !l.startsWith('#'));
    assert.ok(body.includes('GOARCH=arm64') && body.includes('CGO_ENABLED=0') && body.includes(`GOENV=${GOENV}`));
    assert.deepEqual(body.map((l) => l.split('=')[0]), [...body.map((l) => l.split('=')[0])].sort());
  });

  it('puts each finding of the go env file on the line of its variable, with the keys go env -u removes', () => {
    const findings = fileFindings();
    assert.deepEqual(findings.map((f) => f.code).sort(), ['XB401', 'XB404']);
    const view = environmentView({ uri: VIEW, info: toolchain(), goenv: GOENV, goenvText: FILE, findings });
    const lines = view.text.split('\n');
    for (const v of view.findings) {
      assert.equal(v.finding.file, VIEW);
      assert.deepEqual(v.finding.fixes, [], 'the view is read-only: no text edits');
      const line = lines[v.finding.range.start.line];
      if (v.finding.code === 'XB401') {
        assert.equal(line, 'GOARCH=arm64');
        assert.deepEqual(v.unset, ['GOARCH']);
      } else {
        assert.equal(line, 'CGO_ENABLED=0');
        assert.deepEqual(v.unset, ['CGO_ENABLED']);
      }
      assert.equal(v.finding.range.end.character, line.length);
      // Related information leads back to the file's own line.
      assert.equal(v.finding.related?.[0].file, `file://${GOENV}`);
    }
  });

  it('maps a finding about the effective environment by the variable its message names; else the first line', () => {
    const env = toolchain().env!;
    const goroot: Finding = { file: GOENV, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, code: 'XB402', severity: 'error', message: 'GOROOT=/opt/go is not a Go root', fixes: [] };
    assert.equal(concernedKey(goroot, env, GOENV, FILE), 'GOROOT', 'a comment line of the file names no key: the message does');
    const nothing: Finding = { ...goroot, message: 'something about this machine' };
    const view = environmentView({ uri: VIEW, info: toolchain(), goenv: GOENV, goenvText: FILE, findings: [goroot, nothing] });
    const lines = view.text.split('\n');
    assert.match(lines[view.findings[0].finding.range.start.line], /^GOROOT=/);
    assert.equal(view.findings[1].finding.range.start.line, 0);
    assert.deepEqual(view.findings.map((f) => f.unset), [[], []], 'no fix deletes a line: nothing to unset');
  });

  it('places XB402 and XB403 from the process environment (empty range at the file start) by their variable', async () => {
    const facts = {
      ...HOST_FACTS,
      installation: {
        goenvFile: GOENV,
        release: 'go1.24.4',
        goroot: { value: '/opt/old-go', from: 'environment' as const, hasRuntime: false, hasGoCommand: false },
        installDir: { dir: '/home/dev/go/bin', from: 'GOPATH' as const, onPath: false },
      },
    };
    const text = 'GOPRIVATE=github.com/acme/*\n'; // line 0 assigns another key: it must not attract the findings
    const findings = analyze({ path: GOENV, kind: 'goenv', text }, { facts }).findings;
    assert.deepEqual(findings.map((f) => [f.code, f.range.start.line, f.range.end.character]), [['XB402', 0, 0], ['XB403', 0, 0]]);
    const view = environmentView({ uri: VIEW, info: toolchain(), goenv: GOENV, goenvText: text, findings });
    const lines = view.text.split('\n');
    assert.deepEqual(view.findings.map((v) => lines[v.finding.range.start.line].split('=')[0]), ['GOROOT', 'GOPATH']);
  });

  it('offers go env -u only for keys whose line a fix deletes whole', () => {
    const [xb401] = fileFindings().filter((f) => f.code === 'XB401');
    assert.deepEqual(unsetKeysOf(xb401, GOENV, FILE), ['GOARCH']);
    const partial: Finding = { ...xb401, fixes: [{ title: 'edit the value', isPreferred: false, edits: [{ file: GOENV, range: { start: { line: 2, character: 7 }, end: { line: 2, character: 12 } }, newText: '' }] }] };
    assert.deepEqual(unsetKeysOf(partial, GOENV, FILE), []);
    assert.deepEqual(unsetKeysOf(xb401, '/elsewhere/env', FILE), []);
    assert.equal(keyAtLine(FILE, 0), undefined);
    assert.equal(keyAtLine(FILE, 3), 'CGO_ENABLED');
  });

  it('never offers go env -u GOROOT (Go 1.27 refuses it; deleting the line is the fix)', () => {
    const text = 'GOROOT=/usr/local/go1.19\nGOARCH=arm64\n';
    const deletesLines: Finding = {
      file: GOENV, code: 'XB402', severity: 'error', message: 'GOROOT …', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 6 } },
      fixes: [{ title: 'delete', isPreferred: true, edits: [{ file: GOENV, range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, newText: '' }] }],
    };
    assert.deepEqual(unsetKeysOf(deletesLines, GOENV, text), ['GOARCH']);
  });

  it('says why it is empty when go could not be run', () => {
    const view = environmentView({ uri: VIEW, info: undefined, findings: [], notice: 'go not found — using built-in Go 1.27 tables' });
    assert.equal(view.text, '# go env: go could not be run\n# go env file (GOENV): none\n# Read-only. Problems are shown on the variable they concern; fix them with `go env -w`/`go env -u`.\n# go not found — using built-in Go 1.27 tables\n');
  });
});
