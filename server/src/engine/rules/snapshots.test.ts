// What a user reads, pinned: each realistic build file in rules/snapshots/ is checked and every finding is written
// out as the editor and the CLI show it (code, severity, place, message, notes, each fix and its edits), then
// compared with the `.snap` file beside it. A change in wording, severity, place or fix shows up here as a diff to
// review. After a deliberate change: XBD_UPDATE_SNAPSHOTS=1 npm run test:unit, and review the .snap diff.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { LineIndex } from '../text';
import { check, ready } from '../testing';
import type { DocumentKind, Finding, Range } from '../types';

before(ready);

const DIR = 'server/src/engine/rules/snapshots';
/** A fixture's kind, from its name: `.Dockerfile`, `.mk`, `.sh`, or the kind before a config's extension (`release.workflow.yml`). */
const KINDS: Record<string, DocumentKind> = { Dockerfile: 'dockerfile', mk: 'makefile', sh: 'shell', workflow: 'workflow', goreleaser: 'goreleaser', bake: 'bake' };

function kindOf(name: string): DocumentKind | undefined {
  const parts = name.split('.');
  return KINDS[parts[parts.length - 1]] ?? KINDS[parts[parts.length - 2]];
}

const at = (r: Range) => `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;

/** A finding as text: its head line, the text it covers, the message and notes, and each fix with its edits. */
function render(text: string, f: Finding): string {
  const lines = new LineIndex(text);
  const covered = text.slice(lines.offsetAt(f.range.start), lines.offsetAt(f.range.end));
  const out = [`${f.code} ${f.severity} ${at(f.range)} ${JSON.stringify(covered.length > 60 ? `${covered.slice(0, 57)}...` : covered)}`, `  ${f.message}`];
  for (const r of f.related ?? []) out.push(`  note ${at(r.range)}: ${r.message}`);
  for (const fix of f.fixes) {
    out.push(`  fix${fix.isPreferred ? '*' : ''}: ${fix.title}`);
    for (const e of fix.edits) out.push(`    ${at(e.range)} ${JSON.stringify(e.newText)}`);
  }
  return out.join('\n');
}

describe('what a user reads, for each build file in rules/snapshots/', () => {
  const files = readdirSync(DIR).filter((f) => !f.endsWith('.snap'));
  it('has its fixtures', () => assert.ok(files.length >= 5, files.join(', ')));
  for (const name of files) {
    it(name, () => {
      const kind = kindOf(name);
      assert.ok(kind, `${name}: name it .Dockerfile, .mk, .sh, .workflow.yml, .goreleaser.yaml or .bake.hcl`);
      const text = readFileSync(join(DIR, name), 'utf8');
      const rendered = `${check(text, kind).map((f) => render(text, f)).join('\n\n')}\n`;
      const snap = join(DIR, `${name}.snap`);
      if (process.env.XBD_UPDATE_SNAPSHOTS === '1') writeFileSync(snap, rendered);
      assert.ok(existsSync(snap), `${name} has no ${name}.snap: write it with XBD_UPDATE_SNAPSHOTS=1 and review it`);
      assert.equal(rendered, readFileSync(snap, 'utf8'), `${name}: what the user reads changed; if deliberate, update with XBD_UPDATE_SNAPSHOTS=1 and review the diff`);
    });
  }
});
