// Fixes over LSP on examples/ and the fix-history reproductions: "Fix all xbd problems"
// (source.fixAll.xbd) writes exactly what the real CLI's `xbd check --fix` writes; every offered fix clears
// the finding that offered it and leaves no new finding on the lines it changed; titles name those lines;
// an action for two diagnostics is offered once.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, Range, TextEdit } from 'vscode-languageserver-protocol/node';
import { applyEdits, editsFor, isCodeAction, offsetAt, positionAt, repoRoot, withServer, type LspClient } from './client';

const ROOT = repoRoot();
const scratch = mkdtempSync(join(tmpdir(), 'xbd-lsp-fixes-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
cpSync(join(ROOT, 'examples'), join(scratch, 'examples'), { recursive: true });
cpSync(join(ROOT, 'eval', 'fix-history', 'repro'), join(scratch, 'repro'), { recursive: true });

const LANGUAGE: Record<string, string> = { Dockerfile: 'dockerfile', Makefile: 'makefile' };
/** Build files under `dir` (the kinds the CLI checks by name). */
function buildFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...buildFiles(path));
    else if (/^(Dockerfile|Makefile)$|\.sh$/.test(name)) out.push(path);
  }
  return out;
}
const languageOf = (path: string) => LANGUAGE[basename(path)] ?? 'shellscript';
const EXAMPLES = buildFiles(join(scratch, 'examples'));
const REPROS = buildFiles(join(scratch, 'repro')).filter((p) => p.includes('/before/'));

async function actionsFor(client: LspClient, uri: string, d: Diagnostic): Promise<CodeAction[]> {
  return (await client.codeActions(uri, d.range, [d], ['quickfix'])).filter(isCodeAction);
}

/** Lines (0-based, of the text after the edits) that the edits' new text covers. */
function changedLines(text: string, edits: TextEdit[]): { result: string; lines: Set<number>; replaced: Range[] } {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  let result = text;
  const spans: { start: number; end: number }[] = [];
  for (const e of sorted) {
    const s = offsetAt(result, e.range.start);
    const end = offsetAt(result, e.range.end);
    const grow = e.newText.length - (end - s);
    for (const span of spans) {
      span.start += grow;
      span.end += grow;
    }
    spans.push({ start: s, end: s + e.newText.length });
    result = result.slice(0, s) + e.newText + result.slice(end);
  }
  const lines = new Set<number>();
  for (const span of spans) for (let l = positionAt(result, span.start).line; l <= positionAt(result, span.end).line; l++) lines.add(l);
  return { result, lines, replaced: edits.map((e) => e.range) };
}

/**
 * XB301's fix (build on $BUILDPLATFORM, cross-compile) is wrong in two shapes, each a rule change to make:
 * a stage another stage builds FROM (XB310 then fires on it), and a build that needs cgo (cross-compiling
 * turns cgo off: XB203).
 */
const KNOWN: string[] = [];

describe('fixes over LSP on examples/ and the fix-history reproductions', () => {
  it('Fix all xbd problems (source.fixAll.xbd) writes what xbd check --fix writes, file by file', async () => {
    const cliCopy = join(scratch, 'cli');
    cpSync(join(scratch, 'examples'), cliCopy, { recursive: true });
    try {
      execFileSync(process.execPath, [join(ROOT, 'dist', 'xbd.js'), 'check', '--no-go', '--fix', '.'], { cwd: cliCopy, encoding: 'utf8' });
    } catch {
      // Exit status 1: errors remain (notes are not fixed); the files are what counts.
    }
    await withServer({}, async (client) => {
      assert.ok(
        (client.initializeResult.capabilities.codeActionProvider as { codeActionKinds?: string[] }).codeActionKinds?.includes('source.fixAll.xbd'),
        'the kind is announced, so editor.codeActionsOnSave can ask for it',
      );
      let changedFiles = 0;
      for (const path of EXAMPLES) {
        const uri = pathToFileURL(path).href;
        const text = readFileSync(path, 'utf8');
        const doc = await client.open(uri, languageOf(path), text);
        await doc.diagnostics();
        const all = (await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll.xbd'])).filter(isCodeAction);
        const expected = readFileSync(join(cliCopy, relative(join(scratch, 'examples'), path)), 'utf8');
        if (expected === text) {
          assert.deepEqual(all, [], `${path}: nothing to fix`);
          continue;
        }
        changedFiles++;
        assert.equal(all.length, 1, `${path}: one fix-all action`);
        assert.equal(all[0].title, 'Fix all xbd problems');
        assert.equal(all[0].kind, 'source.fixAll.xbd');
        assert.equal(applyEdits(text, editsFor(all[0].edit!, uri)), expected, `${path}: the CLI's result`);
        for (const e of editsFor(all[0].edit!, uri)) assert.ok(e.range.end.line - e.range.start.line <= 1, `${path}: edits stay small: ${JSON.stringify(e)}`);
      }
      assert.ok(changedFiles >= 4, `example files the CLI fixed: ${changedFiles} (api, edge, scripts, worker at least)`);
    });
  });

  it('one diagnostic per cause and place, and one code action for the same fix (examples/edge/Dockerfile line 8)', async () => {
    await withServer({}, async (client) => {
      const path = join(scratch, 'examples', 'edge', 'Dockerfile');
      const uri = pathToFileURL(path).href;
      const doc = await client.open(uri, 'dockerfile', readFileSync(path, 'utf8'));
      const onLine8 = (await doc.diagnostics()).diagnostics.filter((d) => d.range.start.line === 7);
      assert.deepEqual(onLine8.map((d) => d.code), ['XB310'], 'XB304 (keep the pin, name the stage) gives way to XB310 (remove it)');
      const actions = (await client.codeActions(uri, onLine8[0].range, onLine8, ['quickfix'])).filter(isCodeAction);
      const titles = actions.map((a) => a.title);
      assert.deepEqual(titles.filter((t, i) => titles.indexOf(t) !== i), [], `no title twice: ${JSON.stringify(titles)}`);
    });
  });

  it('every offered fix clears its finding and leaves no new finding on the lines it changed; its title names the other lines it changes', async () => {
    await withServer({}, async (client) => {
      let checked = 0;
      let n = 0;
      const problems: string[] = [];
      for (const path of [...EXAMPLES, ...REPROS]) {
        const uri = pathToFileURL(path).href;
        const text = readFileSync(path, 'utf8');
        const doc = await client.open(uri, languageOf(path), text);
        const before = (await doc.diagnostics()).diagnostics;
        for (const d of before) {
          for (const action of await actionsFor(client, uri, d)) {
            if (!action.edit || action.title === 'Fix all xbd problems' || action.title.startsWith('Ignore ')) continue;
            const edits = editsFor(action.edit, uri);
            const { result, lines } = changedLines(text, edits);
            const other = pathToFileURL(join(path, '..', `fixed-${n++}-${basename(path)}`)).href;
            const fixed = await client.open(other, languageOf(path), result);
            const afterFix = (await fixed.diagnostics()).diagnostics;
            const codesBefore = new Set(before.map((x) => `${x.code}`));
            // A note with no fix says something about the result (XB107's "no GOARM"), not a problem a fix could clear.
            const fresh: Diagnostic[] = [];
            for (const x of afterFix) {
              if (!lines.has(x.range.start.line) || codesBefore.has(`${x.code}`)) continue;
              if (x.severity! <= 2 || (await actionsFor(client, other, x)).some((a) => a.edit && a.title !== 'Fix all xbd problems' && !a.title.startsWith('Ignore '))) fresh.push(x);
            }
            await client.close(other);
            checked++;
            const where = `${relative(scratch, path)}:${d.range.start.line + 1} ${d.code} "${action.title}"`;
            const sameCode = (x: Diagnostic[]) => x.filter((y) => y.code === d.code).length;
            if (sameCode(afterFix) >= sameCode(before)) problems.push(`${where}: ${d.code} still fires`);
            if (fresh.length) problems.push(`${where}: new on changed lines: ${fresh.map((x) => `${x.code}@${x.range.start.line + 1}`).join(', ')}`);
            // Lines other than the diagnostic's that change are named in the title.
            for (const e of edits) {
              const line = e.range.start.line;
              if (line >= d.range.start.line && line <= d.range.end.line && !e.newText.includes('\n') && e.range.end.line === line) continue;
              if (!action.title.includes(` ${line + 1}`) && !action.title.includes(` ${line}`)) problems.push(`${where}: edits line ${line + 1} without saying so`);
            }
          }
        }
        await client.close(uri);
      }
      assert.ok(checked > 40, `fixes checked: ${checked}`);
      assert.deepEqual(problems.filter((p) => !KNOWN.some((k) => p.startsWith(k))), []);
      assert.deepEqual(KNOWN.filter((k) => !problems.some((p) => p.startsWith(k))), [], 'a known problem that is gone leaves this list');
    });
  });
});
