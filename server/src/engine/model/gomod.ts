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
    const indirect = comment >= 0 && /^\/\/\s*indirect\b/.test(raw.slice(comment));
    const words = code.trim().split(/\s+/).filter(Boolean);
    if (!words.length) continue;
    if (block !== undefined) {
      if (words[0] === ')') {
        block = undefined;
        continue;
      }
      if (block === 'require') addRequire(words, 0);
      continue;
    }
    if (words[words.length - 1] === '(') {
      block = words[0];
      continue;
    }
    switch (words[0]) {
      case 'module':
        mod.module = unquote(words[1] ?? '');
        break;
      case 'go':
        mod.go = words[1];
        break;
      case 'toolchain':
        mod.toolchain = words[1];
        break;
      case 'require':
        addRequire(words, 1);
        break;
    }

    function addRequire(ws: string[], at: number): void {
      const path = ws[at];
      const version = ws[at + 1];
      if (!path || !version) return;
      const pathStart = start + raw.indexOf(path, at === 0 ? 0 : raw.indexOf('require') + 'require'.length);
      const firstWord = start + raw.indexOf(ws[0]);
      const end = start + (indirect ? raw.trimEnd().length : code.trimEnd().length);
      mod.requires.push({
        path: unquote(path),
        version,
        indirect,
        pathRange: lines.range(pathStart, pathStart + path.length),
        range: lines.range(firstWord, end),
      });
    }
  }
  return mod;
}

function unquote(s: string): string {
  return s.length >= 2 && (s[0] === '"' || s[0] === '`') && s.endsWith(s[0]) ? s.slice(1, -1) : s;
}
