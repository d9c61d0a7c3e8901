import { LineIndex } from '../text';
import type { Range } from '../types';

/** One `require` of a go.mod, with where it is written (for related information). */
export interface Requirement {
  path: string;
  version: string;
  /** Marked `// indirect`: needed by a dependency, not imported by the main module itself. */
  indirect: boolean;
  /** The module path on its line. */
  pathRange: Range;
  /** The whole requirement (`path version // indirect`, or the whole `require path version` line). */
  range: Range;
}

export interface GoMod {
  /** The `module` line; undefined in a go.work. */
  module?: string;
  go?: string;
  toolchain?: string;
  requires: Requirement[];
}

/**
 * The module the analysed file belongs to, as the adapters found it (nearest go.mod above the file,
 * and the files of that module that `import "C"`). The engine never reads the disk itself.
 */
export interface ModuleInfo {
  /** Path (or URI) of the go.mod, for related information. */
  path: string;
  mod: GoMod;
  /** Files of the main module with `import "C"`, relative to the module root, with the line of the import. */
  cgoFiles: { path: string; line: number }[];
  /** Cgo-only packages of larger modules (CGO_ONLY_PACKAGES) that the module's sources import. */
  imports: string[];
}

/**
 * Reads go.mod (or go.work) text: module, go, toolchain and every requirement, in blocks
 * (`require ( ... )`) and on single lines. Comments other than `// indirect` are ignored; quoted
 * module paths (allowed by the go.mod grammar) lose their quotes.
 */
export function parseGoMod(text: string): GoMod {
  const lines = new LineIndex(text);
  const mod: GoMod = { requires: [] };
  let block: string | undefined;
  for (let line = 0; line < lines.lineCount; line++) {
    const start = lines.offsetAt({ line, character: 0 });
    const raw = text.slice(start, lines.lineEnd(line));
    const comment = raw.indexOf('//');
    const code = comment >= 0 ? raw.slice(0, comment) : raw;
    const words = [...code.matchAll(/\S+/g)].map((m) => ({ text: m[0], at: start + m.index }));
    if (!words.length) continue;
    const first = words[0].text;
    if (block !== undefined) {
      if (first === ')') block = undefined;
      else if (block === 'require') addRequire(words);
      continue;
    }
    if (words[words.length - 1].text === '(') {
      block = first;
      continue;
    }
    switch (first) {
      case 'module':
        mod.module = unquote(words[1]?.text ?? '');
        break;
      case 'go':
        mod.go = words[1]?.text;
        break;
      case 'toolchain':
        mod.toolchain = words[1]?.text;
        break;
      case 'require':
        addRequire(words.slice(1));
        break;
    }

    /** `path version`, from the line's first word (a block's line) or after `require`. */
    function addRequire([path, version]: { text: string; at: number }[]): void {
      if (!path || !version) return;
      const indirect = comment >= 0 && isIndirect(raw.slice(comment + 2));
      const end = start + (indirect ? raw.trimEnd().length : code.trimEnd().length);
      mod.requires.push({
        path: unquote(path.text),
        version: version.text,
        indirect,
        pathRange: lines.range(path.at, path.at + path.text.length),
        range: lines.range(words[0].at, end),
      });
    }
  }
  return mod;
}

/** Go's own test (modfile): the comment is `indirect` alone, or starts with `indirect;`. */
function isIndirect(comment: string): boolean {
  const words = comment.trim().split(/\s+/);
  return words[0] === (words.length === 1 ? 'indirect' : 'indirect;');
}

function unquote(s: string): string {
  return s.length >= 2 && (s[0] === '"' || s[0] === '`') && s.endsWith(s[0]) ? s.slice(1, -1) : s;
}
