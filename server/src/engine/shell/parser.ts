import { Language, Parser, type Tree } from 'web-tree-sitter';
import { loadHclGrammar } from '../config/hcl';

let parser: Parser | undefined;
let initializing: Promise<void> | undefined;

/**
 * Loads tree-sitter and its bash grammar, once, before any analysis (parsing itself is synchronous). `wasm` is
 * the folder holding web-tree-sitter.wasm and tree-sitter-bash.wasm, as a path in Node (read from disk) or a
 * URL in a browser (fetched), or the two files' bytes by name (a browser client that read them itself).
 * tree-sitter-bash is error tolerant, so a half-typed script still yields the commands around the error.
 */
// Stryker disable all: loading runs once per process, before any engine test (testing.ts ready()); the CLI, server and browser tests (npm test, test:browser) load both ways
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
// Stryker restore all

/**
 * A node of a parsed shell text, as plain JavaScript: the part of web-tree-sitter's Node the walker reads.
 * Every accessor of a web-tree-sitter Node crosses into wasm (and allocates a new object), and the walker
 * reads `type` and the children of each node several times; a plain tree is read once from a TreeCursor and
 * can be kept, so a script seen before (the unchanged RUNs of an edited Dockerfile) is not parsed again.
 */
export class ShellNode {
  /** Leaves (most nodes) share one empty list: a 100,000-line Makefile's recipes make millions of nodes. */
  children: ShellNode[] = NO_NODES;
  /** The field name of each child in `children` (null where the grammar names none). */
  fields: (string | null)[] = NO_FIELDS;
  private named: ShellNode[] | undefined;

  constructor(
    private readonly source: string,
    readonly type: string,
    readonly isNamed: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly parent: ShellNode | null,
  ) {}

  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
  }

  get namedChildren(): ShellNode[] {
    // The children themselves when all are named (a tree is never changed once built).
    // Stryker disable next-line ArrowFunction: filtering the children gives the same list, only a copy of it
    return (this.named ??= this.children.every((c) => c.isNamed) ? this.children : this.children.filter((c) => c.isNamed));
  }

  childForFieldName(field: string): ShellNode | null {
    const i = this.fields.indexOf(field);
    return i < 0 ? null : this.children[i];
  }

  childrenForFieldName(field: string): ShellNode[] {
    return this.children.filter((_, i) => this.fields[i] === field);
  }

  fieldNameForNamedChild(index: number): string | null {
    const c = this.namedChildren[index];
    return c ? this.fields[this.children.indexOf(c)] : null;
  }
}

/** Whether nodes of a bash grammar symbol (a type id) are named: the same for every node of the symbol. */
// Stryker disable next-line ArrayDeclaration: a cache (and id 0 is the end symbol, the type of no node)
const namedTypes: boolean[] = [];

/** Copies a tree-sitter tree into ShellNodes (iteratively: a line of thousands of `&&` is that deep). */
function plainTree(tree: Tree, source: string): ShellNode {
  const cursor = tree.walk();
  const types = tree.language.types;
  try {
    // Each cursor getter crosses into wasm: the type id is asked once, its name and namedness looked up.
    const node = (parent: ShellNode | null) => {
      const id = cursor.nodeTypeId;
      let named = namedTypes[id];
      if (named === undefined) named = namedTypes[id] = cursor.nodeIsNamed;
      // Stryker disable next-line StringLiteral: the walker matches node types it knows; an error node's name is none of them either way
      return new ShellNode(source, types[id] || 'ERROR', named, cursor.startIndex, cursor.endIndex, parent);
    };
    const root = node(null);
    let current = root;
    for (;;) {
      if (cursor.gotoFirstChild()) {
        current = addChild(current, node(current), cursor.currentFieldName);
        continue;
      }
      // No children: the next sibling of this node or of the nearest ancestor that has one.
      for (;;) {
        if (current === root) return root;
        if (cursor.gotoNextSibling()) {
          current = addChild(current.parent!, node(current.parent), cursor.currentFieldName);
          break;
        }
        cursor.gotoParent();
        current = current.parent!;
      }
    }
  } finally {
    cursor.delete();
  }
}

const NO_NODES: ShellNode[] = Object.freeze([]) as unknown as ShellNode[];
const NO_FIELDS: (string | null)[] = Object.freeze([]) as unknown as (string | null)[];

function addChild(parent: ShellNode, child: ShellNode, field: string | null | undefined): ShellNode {
  if (parent.children === NO_NODES) {
    parent.children = [];
    parent.fields = [];
  }
  parent.children.push(child);
  parent.fields.push(field ?? null);
  return child;
}

/**
 * Parsed scripts by their text, most recently used last. A tree depends on its text alone; the walker
 * places it in the document through the MappedText it came from, and never changes a node.
 */
const parsed = new Map<string, ShellNode>();
let parsedChars = 0;
/** The cache's bound in characters of script text (a 5,000-line Dockerfile's RUN scripts are ~170,000). */
// Stryker disable next-line ArithmeticOperator: the cache changes how often a text is parsed, never the tree it gives (parse-cache.test.ts compares warm with cold)
export const PARSED_CHARS_KEPT = 256 * 1024;

/**
 * Texts parsed once and not kept: a tree is kept when its text is parsed a second time. A large Makefile's
 * recipe lines, each seen once, would otherwise stream through the cache, and every tree would live long
 * enough to be copied out of the young generation before it was evicted (on a 100,000-line Makefile, about
 * a quarter of the CLI's peak memory, and collector time). Bounded by count; strings only, no trees.
 */
const seenOnce = new Set<string>();
// Stryker disable next-line ArithmeticOperator: the bound changes how often a text is parsed, never the tree it gives
const SEEN_ONCE_KEPT = 8192;

/** Empties the cache of parsed scripts (tests compare an analysis with a warm cache against a cold one). */
// Stryker disable next-line BlockStatement: the cache changes how often a text is parsed, never the tree it gives (parse-cache.test.ts compares warm with cold)
export function forgetParsedShell(): void {
  parsed.clear();
  seenOnce.clear();
  parsedChars = 0;
}

/** Whether to keep the tree of `text`: its second parse, and small enough. */
// Stryker disable all: the cache changes how often a text is parsed, never the tree it gives (parse-cache.test.ts compares warm with cold)
function worthKeeping(text: string): boolean {
  if (text.length > PARSED_CHARS_KEPT / 8) return false;
  if (seenOnce.delete(text)) return true;
  if (seenOnce.size >= SEEN_ONCE_KEPT) seenOnce.clear();
  seenOnce.add(text);
  return false;
}
// Stryker restore all

/** Parses shell text (or finds it parsed before): the root of its plain tree. */
export function parseShell(text: string): ShellNode {
  // Stryker disable all: the cache changes how often a text is parsed, never the tree it gives (parse-cache.test.ts compares warm with cold)
  const known = parsed.get(text);
  if (known) {
    parsed.delete(text);
    parsed.set(text, known);
    return known;
  }
  // Stryker restore all
  // Stryker disable next-line StringLiteral: every engine test loads the parser first (testing.ts ready()), so none can see this message
  if (!parser) throw new Error('initShellParser() must complete before shell text is parsed');
  const tree = parser.parse(text);
  // Stryker disable next-line StringLiteral: web-tree-sitter returns no tree only when parsing was cancelled, which the engine never does
  if (!tree) throw new Error('tree-sitter returned no tree');
  let root: ShellNode;
  try {
    root = plainTree(tree, text);
  } finally {
    tree.delete();
  }
  // Stryker disable all: the cache changes how often a text is parsed, never the tree it gives (parse-cache.test.ts compares warm with cold)
  if (worthKeeping(text)) {
    parsed.set(text, root);
    parsedChars += text.length;
    // Over the bound, the oldest go until a quarter is free: each pass walks the map from its oldest
    // entry, past every one deleted since it was last compacted, so a pass per parse cost as much as
    // the cache held when a large Makefile's recipes streamed through it.
    if (parsedChars > PARSED_CHARS_KEPT) {
      for (const [old] of parsed) {
        if (parsedChars <= PARSED_CHARS_KEPT * 0.75) break;
        parsed.delete(old);
        parsedChars -= old.length;
      }
    }
  }
  // Stryker restore all
  return root;
}
