import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';
import { loadHclGrammar } from '../config/hcl';

export type { Node as ShellNode };

let parser: Parser | undefined;
let initializing: Promise<void> | undefined;

/**
 * Loads tree-sitter and its bash grammar, once, before any analysis (parsing itself is synchronous). `wasm` is
 * the folder holding web-tree-sitter.wasm and tree-sitter-bash.wasm, as a path in Node (read from disk) or a
 * URL in a browser (fetched), or the two files' bytes by name (a browser client that read them itself).
 * tree-sitter-bash is error tolerant, so a half-typed script still yields the commands around the error.
 */
export function initShellParser(wasm: string | Record<string, Uint8Array>): Promise<void> {
  initializing ??= (async () => {
    let bash: Language;
    if (typeof wasm === 'string') {
      const dir = wasm.replace(/[\\/]+$/, '');
      await Parser.init({ locateFile: (file: string) => `${dir}/${file}` });
      bash = await Language.load(`${dir}/tree-sitter-bash.wasm`);
    } else {
      // locateFile too: without it web-tree-sitter resolves the (unused) name against its script's URL, which
      // a worker started from a blob: URL cannot.
      await Parser.init({ wasmBinary: wasm['web-tree-sitter.wasm'], locateFile: (file: string) => file });
      bash = await Language.load(wasm['tree-sitter-bash.wasm']);
    }
    const p = new Parser();
    p.setLanguage(bash);
    parser = p;
    // docker-bake.hcl: the same runtime, its own grammar (optional: a missing file costs only bake HCL).
    await loadHclGrammar(wasm);
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
