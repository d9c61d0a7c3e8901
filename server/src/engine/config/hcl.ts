import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

export type { Node as HclNode };

let parser: Parser | undefined;
let missing = 'the HCL grammar was not loaded';

/**
 * Loads tree-sitter-hcl (wasm, beside tree-sitter-bash) once web-tree-sitter is initialised. A missing or
 * unloadable grammar is not fatal: bake HCL files then get no model and one log line saying why.
 */
export async function loadHclGrammar(wasm: string | Record<string, Uint8Array>): Promise<void> {
  try {
    const source = typeof wasm === 'string' ? `${wasm.replace(/[\\/]+$/, '')}/tree-sitter-hcl.wasm` : wasm['tree-sitter-hcl.wasm'];
    if (!source) {
      missing = 'tree-sitter-hcl.wasm was not given to the server';
      return;
    }
    const p = new Parser();
    p.setLanguage(await Language.load(source));
    parser = p;
  } catch (err) {
    missing = `tree-sitter-hcl.wasm could not be loaded (${err instanceof Error ? err.message : String(err)})`;
  }
}

/** Parses HCL text, or says why it cannot; the caller must `delete()` the tree. */
export function parseHcl(text: string): Tree | string {
  if (!parser) return missing;
  return parser.parse(text) ?? 'tree-sitter returned no tree';
}
