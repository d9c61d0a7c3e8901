import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../../../../test/support/paths';
import { RULES } from '.';

const root = repoRoot();

describe('rule registry', () => {
  it('has unique, well-formed codes in order', () => {
    const codes = RULES.map((r) => r.code);
    assert.deepEqual(codes, [...new Set(codes)].sort());
    for (const c of codes) assert.match(c, /^XB\d{3}$/);
  });

  it('has one module per rule, named after its code', () => {
    const files = readdirSync(join(root, 'server/src/engine/rules')).filter((f) => /^XB\d{3}-[a-z0-9-]+\.ts$/.test(f) && !f.endsWith('.test.ts'));
    assert.deepEqual(files.map((f) => f.slice(0, 5)).sort(), RULES.map((r) => r.code));
    for (const f of files) assert.ok(existsSync(join(root, 'server/src/engine/rules', f.replace(/\.ts$/, '.test.ts'))), `${f} has no test file`);
  });

  it('has a docs page per rule with what, why, fix and the verified toolchain output', () => {
    for (const rule of RULES) {
      const page = join(root, 'docs/rules', `${rule.code}.md`);
      assert.ok(existsSync(page), `missing ${page}`);
      const text = readFileSync(page, 'utf8');
      assert.match(text, new RegExp(`^# ${rule.code}`), `${rule.code}.md starts with its code`);
      for (const heading of ['## What', '## Why', '## How to fix', '## Verified']) assert.ok(text.includes(heading), `${rule.code}.md lacks "${heading}"`);
    }
  });

  it('titles each docs page with the rule\'s title (what SARIF and the editors show) and leads its header with the rule\'s severity', () => {
    for (const rule of RULES) {
      const lines = readFileSync(join(root, 'docs/rules', `${rule.code}.md`), 'utf8').split('\n');
      assert.equal(lines[0], `# ${rule.code}: ${rule.title}`);
      const header = lines.find((l) => l.startsWith('**Severity:**')) ?? '';
      assert.equal(/^\*\*Severity:\*\* ([a-z]+)/.exec(header)?.[1], rule.severity, `${rule.code} is a ${rule.severity} by default, docs say ${header}`);
    }
  });

  it('backs every rule with at least one witness for the truth harness', () => {
    for (const rule of RULES) assert.ok(rule.witnesses.length > 0, `${rule.code} has no witness`);
  });

  it('shows in each docs page the output its witnesses expect (pages are filled from the harness run)', () => {
    for (const rule of RULES) {
      const text = readFileSync(join(root, 'docs/rules', `${rule.code}.md`), 'utf8');
      const verified = text.slice(text.indexOf('<!-- verified:start -->'));
      for (const w of rule.witnesses) {
        assert.ok(verified.includes(`**${w.claim}**`), `${rule.code}.md does not show the run for "${w.claim}": run npm run test:truth && node scripts/verified-docs.mjs`);
        if (w.expect.stderr) assert.ok(verified.includes(w.expect.stderr.replace(/`/g, "'")), `${rule.code}.md lacks the verified output "${w.expect.stderr}"`);
      }
    }
  });

  it('names on each docs page the kinds of file the rule reads, and says "Fix: none" exactly for rules that never fix', () => {
    const names: Record<string, string> = { dockerfile: 'Dockerfiles', makefile: 'Makefiles', shell: 'shell scripts', goenv: 'the go env file', gomod: 'go.mod', workflow: 'GitHub workflows', bake: 'docker-bake files', goreleaser: 'GoReleaser configs' };
    for (const rule of RULES) {
      const header = readFileSync(join(root, 'docs/rules', `${rule.code}.md`), 'utf8').split('\n').find((l) => l.startsWith('**Severity:**')) ?? '';
      assert.ok(header.endsWith(`**Files:** ${rule.kinds.map((k) => names[k]).join(', ')}`), `${rule.code}.md's header names the files it reads: ${header}`);
      assert.equal(/\*\*Fix:\*\* none/.test(header), !rule.fixable, `${rule.code}: fixable is ${rule.fixable}, docs say ${header}`);
    }
  });
});
