// Every message leads with what is wrong and what to do, short enough for VS Code's Problems panel
// (rules/helpers.ts MESSAGE_LIMITS). The engine's check() helper asserts this for every finding of every
// rule test; this file does it for the workspaces users see first: examples/ (what `npm start` checks) and
// the fix-history repros of real bugs (eval/fix-history/repro).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import { repoRoot } from '../../../../test/support/paths';
import { analyze } from '../analyze';
import { detectKind } from '../documents';
import { firstSentence, HOST_FACTS, messageShapeProblem, ready } from '../testing';
import type { Finding } from '../types';
import { brief, fit, MESSAGE_LIMITS } from './helpers';

before(ready);

const root = repoRoot();

function buildFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) buildFiles(path, out);
    else out.push(path);
  }
  return out;
}

/** The findings of every build file under `dir`, as the CLI would report them without a go toolchain. */
function findingsUnder(dir: string): Finding[] {
  const findings: Finding[] = [];
  for (const path of buildFiles(join(root, dir))) {
    const text = readFileSync(path, 'utf8');
    const kind = detectKind(path, undefined, text);
    if (!kind || kind === 'gomod') continue;
    findings.push(...analyze({ path, kind, text }, { facts: HOST_FACTS }).findings);
  }
  return findings;
}

describe('message shape', () => {
  for (const dir of ['examples', 'eval/fix-history/repro']) {
    it(`holds for every finding in ${dir}/`, () => {
      const findings = findingsUnder(dir);
      assert.ok(findings.length >= 5, `${dir} has findings to look at (${findings.length})`);
      const bad = findings.map((f) => [f, messageShapeProblem(f.message)] as const).filter(([, p]) => p);
      assert.deepEqual(
        bad.map(([f, p]) => `${relative(root, f.file)}:${f.range.start.line + 1} ${f.code} ${p}: ${f.message}`),
        [],
      );
    });
  }

  it('measures the first sentence up to the first full stop before a blank', () => {
    assert.equal(firstSentence('GOARCH=x86_64 is not a Go architecture: use amd64. Go 1.22 stops.'), 'GOARCH=x86_64 is not a Go architecture: use amd64.');
    assert.equal(firstSentence('go1.22.12 and golang:1.22 are one word each'), 'go1.22.12 and golang:1.22 are one word each');
    assert.match(messageShapeProblem(`${'x'.repeat(MESSAGE_LIMITS.firstSentence)}. Rest.`) ?? '', /first sentence of 111 characters/);
    assert.match(messageShapeProblem(`Short lead. ${'y'.repeat(MESSAGE_LIMITS.message)}`) ?? '', /at most 160/);
    // A make conditional that analyze appends is evidence about the file, not part of the limit.
    assert.equal(messageShapeProblem(`${'z'.repeat(100)}. More (when \`ifeq ($(OS),Windows_NT)\` holds, inside 1 other conditional).`), undefined);
  });

  it('keeps evidence that fits and hands back what does not, in order', () => {
    const lead = `${'a'.repeat(100)}.`;
    assert.deepEqual(fit(lead, 'Fits here.', false, 'b'.repeat(60), 'Also fits.'), { message: `${lead} Fits here. Also fits.`, rest: ['b'.repeat(60)] });
    assert.equal(brief('Lead.', undefined, 'Then this.'), 'Lead. Then this.');
  });
});
