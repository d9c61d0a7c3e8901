import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import type { Finding } from '../engine';
import { viewDiagnostics } from './go-environment';

const dir = mkdtempSync(join(tmpdir(), 'xbd-goenv-related-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 5 } });
const finding = (message: string, related: Finding['related']): Finding => ({ file: 'xbd-goenv:/view', range: at(4), code: 'XB401', severity: 'warning', message, fixes: [], related });

describe('go environment view: related locations lead somewhere', () => {
  it('keeps a line of the go env file that assigns a variable the message names; drops missing files and unrelated lines', () => {
    const goenv = join(dir, 'env');
    writeFileSync(goenv, '# written by go env -w\nGOARCH=arm64\nCGO_ENABLED=0\n');
    const uri = pathToFileURL(goenv).href;
    const view = {
      text: '',
      goenv,
      findings: [
        { finding: finding('The go env file sets GOARCH=arm64.', [{ file: uri, range: at(1), message: 'set in the go env file here' }]), unset: [] },
        // GOROOT from the environment: no line of the go env file says it.
        { finding: finding('GOROOT is set to /nowhere.', [{ file: uri, range: at(0), message: 'where it comes from' }]), unset: [] },
        // GOENV=off: "go env" is no file.
        { finding: finding('GOARCH=arm64.', [{ file: pathToFileURL(join(dir, 'missing')).href, range: at(1), message: 'where it comes from' }]), unset: [] },
      ],
    };
    const [kept, unrelated, missing] = viewDiagnostics(view, 1);
    assert.deepEqual(kept.relatedInformation?.map((r) => r.location.range.start.line), [1]);
    assert.equal(unrelated.relatedInformation, undefined);
    assert.equal(missing.relatedInformation, undefined);
  });
});
