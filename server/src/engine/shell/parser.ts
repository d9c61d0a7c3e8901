import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

export type { Node as ShellNode };

let parser: Parser | undefined;
let initializing: Promise<void> | undefined;

/**
 * Loads tree-sitter and its bash grammar from `wasmDir`, the folder holding web-tree-sitter.wasm and
 * tree-sitter-bash.wasm: a path in Node (read from disk), the folder's URL in a browser (fetched; the
 * extension's web worker). Once, before any analysis: parsing itself is synchronous.
 * tree-sitter-bash is error tolerant, so a half-typed script still yields the commands around the error.
 */
export function initShellParser(wasmDir: string): Promise<void> {
  initializing ??= (async () => {
    const locate = (file: string) => `${wasmDir.replace(/[\\/]+$/, '')}/${file}`;
    await Parser.init({ locateFile: locate });
    const bash = await Language.load(locate('tree-sitter-bash.wasm'));
    const p = new Parser();
    p.setLanguage(bash);
    parser = p;
  })();
  return initializing;
}

/** Parses shell text; the caller must `delete()` the tree when done (it lives in wasm memory). */
export function parseShell(text: string): Tree {
  if (!parser) throw new Error('initShellParser() must complete before shell text is parsed');
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}
