import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { repoRoot } from '../../test/support/paths';

/** Every .ts file under `dir` (tests included: a test importing in a circle is a cycle too). */
function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The project files a file imports, type-only imports and re-exports included (TypeScript's own scanner). */
function importsOf(file: string, known: Set<string>): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((f) => f.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => resolve(dirname(file), name))
    .flatMap((base) => [`${base}.ts`, join(base, 'index.ts')].filter((p) => known.has(p)).slice(0, 1));
}

/** The strongly connected components with more than one file (Tarjan): each is an import cycle. */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('module structure', () => {
  it('has no import cycles in server/src and client/src, type-only imports included', () => {
    const root = repoRoot();
    const files = [...sources(join(root, 'server/src')), ...sources(join(root, 'client/src'))];
    const known = new Set(files);
    const graph = new Map(files.map((f) => [f, importsOf(f, known)]));
    assert.ok(graph.size > 100, 'the scan found the sources');
    const found = cycles(graph).map((c) => c.map((f) => relative(root, f)));
    assert.deepEqual(found, [], `import cycles:\n${found.map((c) => `  ${c.join(' ↔ ')}`).join('\n')}`);
  });

  it('the engine imports no adapter, LSP, VS Code, file system or process module', () => {
    const root = repoRoot();
    const forbidden = /^(vscode|vscode-languageserver.*|vscode-languageclient.*|node:(fs|child_process|net|os|worker_threads)|fs|child_process)$/;
    for (const file of sources(join(root, 'server/src/engine')).filter((f) => !f.endsWith('.test.ts') && !f.endsWith('testing.ts'))) {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      for (const { fileName } of importedFiles) {
        assert.ok(!forbidden.test(fileName), `${relative(root, file)} imports ${fileName}`);
        if (fileName.startsWith('.')) assert.ok(resolve(dirname(file), fileName).startsWith(join(root, 'server/src/engine')), `${relative(root, file)} reaches out of the engine: ${fileName}`);
      }
    }
  });

  it('keeps functions in the server adapter and the model builders under 120 lines', () => {
    const root = repoRoot();
    const long: string[] = [];
    for (const file of [...sources(join(root, 'server/src/lsp')), ...sources(join(root, 'server/src/engine/model'))].filter((f) => !f.endsWith('.test.ts'))) {
      const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node) => {
        if (ts.isFunctionLike(node) && 'body' in node && node.body) {
          const first = sf.getLineAndCharacterOfPosition(node.getStart()).line;
          const last = sf.getLineAndCharacterOfPosition(node.end).line;
          if (last - first + 1 > 120) long.push(`${relative(root, file)}:${first + 1} (${last - first + 1} lines)`);
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    assert.deepEqual(long, [], `functions over 120 lines:\n  ${long.join('\n  ')}`);
  });
});
