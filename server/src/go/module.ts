import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { CGO_MODULES, goModVersion } from '../engine';
import type { ModuleImport } from '../engine/types';

/** What the engine needs to know about the module a file belongs to (AnalyzeOptions.goMod). */
export interface ModuleFound {
  /** The go.mod file. */
  path: string;
  text: string;
  /** Its `toolchain`/`go` version. */
  version?: string;
  /** Files of the module that `import "C"`, relative to its root ('/'-separated), 0-based line of the import. */
  cgoFiles: { path: string; line: number }[];
  /** Imports of packages of cgo-only modules (CGO_MODULES) by files of the module, with their `//go:build` line. */
  imports: ModuleImport[];
}

/** Bounds of the source scan: it runs on the editor's thread, so it must stay cheap on huge modules. */
const MAX_FILES = 2000;
const MAX_FILE_BYTES = 512 * 1024;
const MAX_CGO_FILES = 50;
const MAX_IMPORTS = 200;
const SKIP_DIRS = new Set(['vendor', 'testdata', 'node_modules', '.git', '.hg', '.svn']);
const IMPORT_C = /^\s*import\s+"C"\s*$/m;

/**
 * Finds the go.mod of the module a file belongs to (the nearest one above it) and what the engine reads
 * from it, with a cache per directory; `clear()` when a go.mod or a .go file changes.
 */
export class GoModLocator {
  private readonly byDir = new Map<string, string | undefined>();
  private readonly modules = new Map<string, ModuleFound | undefined>();

  versionFor(filePath: string): string | undefined {
    return this.moduleFor(filePath, { scan: false })?.version;
  }

  /** The module of `filePath`; `scan: false` skips the source scan (cgoFiles and imports stay empty). */
  moduleFor(filePath: string, opts: { scan?: boolean } = {}): ModuleFound | undefined {
    const goMod = this.goModAbove(dirname(filePath));
    if (!goMod) return undefined;
    const key = `${goMod}\0${opts.scan !== false}`;
    if (this.modules.has(key)) return this.modules.get(key);
    let found: ModuleFound | undefined;
    try {
      const text = readFileSync(goMod, 'utf8');
      found = { path: goMod, text, version: goModVersion(text), cgoFiles: [], imports: [] };
      if (opts.scan !== false) Object.assign(found, scanSources(dirname(goMod)));
    } catch {
      found = undefined; // unreadable go.mod: behave as if there were none
    }
    this.modules.set(key, found);
    return found;
  }

  clear(): void {
    this.byDir.clear();
    this.modules.clear();
  }

  /**
   * A .go file was created, changed or deleted: re-reads that file alone into the scanned module that
   * holds it (a full re-scan of a big module costs hundreds of milliseconds on the server's thread).
   */
  goFileChanged(filePath: string): void {
    const goMod = this.goModAbove(dirname(filePath));
    const found = goMod ? this.modules.get(`${goMod}\0true`) : undefined;
    if (!goMod || !found) return;
    const root = dirname(goMod);
    const rel = relative(root, filePath).split(sep);
    // Where the full scan does not look: skipped folders, hidden or _ names, tests, outside the module.
    if (rel[0] === '..' || rel.slice(0, -1).some((d) => SKIP_DIRS.has(d) || d.startsWith('.') || d.startsWith('_')) || !isScannedGoFile(rel[rel.length - 1])) return;
    const file = rel.join('/');
    const again = readGoFile(root, filePath);
    found.cgoFiles = found.cgoFiles.filter((f) => f.path !== file);
    found.imports = found.imports.filter((i) => i.file !== file);
    if (again?.cgo && found.cgoFiles.length < MAX_CGO_FILES) found.cgoFiles = [...found.cgoFiles, again.cgo].sort((a, b) => (a.path < b.path ? -1 : 1));
    if (again?.imports.length) found.imports = [...found.imports, ...again.imports].slice(0, MAX_IMPORTS);
  }

  private goModAbove(start: string): string | undefined {
    if (this.byDir.has(start)) return this.byDir.get(start);
    let found: string | undefined;
    for (let dir = start, i = 0; i < 64; i++) {
      const candidate = join(dir, 'go.mod');
      if (existsSync(candidate)) {
        found = candidate;
        break;
      }
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
    this.byDir.set(start, found);
    return found;
  }
}

/**
 * The module's .go files with `import "C"` and the cgo-only packages they import. Stops at nested
 * modules (a directory with its own go.mod is another module) and at the bounds above.
 */
export function scanSources(root: string): { cgoFiles: ModuleFound['cgoFiles']; imports: ModuleImport[] } {
  const cgoFiles: ModuleFound['cgoFiles'] = [];
  const imports: ModuleImport[] = [];
  let files = 0;
  const visit = (dir: string, top: boolean) => {
    if (files >= MAX_FILES) return;
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    if (!top && names.includes('go.mod')) return;
    for (const name of names) {
      if (files >= MAX_FILES) return;
      const full = join(dir, name);
      if (isScannedGoFile(name)) {
        files++;
        const found = readGoFile(root, full);
        if (found?.cgo && cgoFiles.length < MAX_CGO_FILES) cgoFiles.push(found.cgo);
        if (found && imports.length < MAX_IMPORTS) imports.push(...found.imports);
      } else if (!name.startsWith('.') && !name.startsWith('_') && !SKIP_DIRS.has(name)) {
        try {
          if (statSync(full).isDirectory()) visit(full, false);
        } catch {
          /* vanished or unreadable */
        }
      }
    }
  };
  visit(root, true);
  return { cgoFiles, imports: imports.slice(0, MAX_IMPORTS) };
}

function isScannedGoFile(name: string): boolean {
  return name.endsWith('.go') && !name.endsWith('_test.go');
}

/** One .go file of the module rooted at `root`: its `import "C"` line and its imports of cgo-only modules. */
function readGoFile(root: string, full: string): { cgo?: ModuleFound['cgoFiles'][number]; imports: ModuleImport[] } | undefined {
  let text: string;
  try {
    if (statSync(full).size > MAX_FILE_BYTES) return undefined;
    text = readFileSync(full, 'utf8');
  } catch {
    return undefined; // deleted, or unreadable
  }
  const file = relative(root, full).split(sep).join('/');
  const out: { cgo?: ModuleFound['cgoFiles'][number]; imports: ModuleImport[] } = { imports: [] };
  const m = IMPORT_C.exec(text);
  if (m) {
    const at = m.index + m[0].length - m[0].trimStart().length;
    out.cgo = { path: file, line: text.slice(0, at).split('\n').length - 1 };
  }
  if (CGO_MODULE_ROOTS.some((r) => text.includes(`"${r}`))) {
    const constraint = buildConstraint(text);
    for (const pkg of importPaths(text)) {
      if (CGO_MODULE_ROOTS.some((r) => pkg === r || pkg.startsWith(`${r}/`))) out.imports.push({ pkg, file, ...(constraint ? { constraint } : {}) });
    }
  }
  return out;
}

/** Module paths of the cgo-only table (a `packageOnly` entry's module is the package's parent path prefix). */
const CGO_MODULE_ROOTS = CGO_MODULES.map((m) => m.path);

/** The import paths of a Go file's import declarations (single and grouped), before the first func/type/var/const. */
export function importPaths(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '');
  const end = code.search(/^\s*(func|type|var|const)\b/m);
  const head = end < 0 ? code : code.slice(0, end);
  const paths: string[] = [];
  const spec = /(?:^|\n|;|\()\s*(?:[A-Za-z_][\w]*\s+|\.\s+)?"([^"\n]+)"/g;
  for (const block of head.matchAll(/\bimport\s*\(([\s\S]*?)\)/g)) for (const m of `(${block[1]}`.matchAll(spec)) paths.push(m[1]);
  for (const m of head.matchAll(/\bimport\s+(?:[A-Za-z_]\w*\s+|\.\s+)?"([^"\n]+)"/g)) paths.push(m[1]);
  return [...new Set(paths)];
}

/**
 * The file's build constraint: its `//go:build` expression, else its legacy `// +build` lines turned
 * into one (lines AND, spaces OR, commas AND). Only lines before the package clause count.
 */
export function buildConstraint(text: string): string | undefined {
  const pkg = text.search(/^\s*package\s/m);
  const header = (pkg < 0 ? text : text.slice(0, pkg)).split('\n');
  for (const line of header) {
    const m = /^\s*\/\/go:build\s+(.+?)\s*$/.exec(line);
    if (m) return m[1];
  }
  const legacy = header
    .map((line) => /^\s*\/\/\s*\+build\s+(.+?)\s*$/.exec(line)?.[1])
    .filter((l): l is string => l !== undefined)
    .map((l) => `(${l.split(/\s+/).map((or) => `(${or.split(',').join(' && ')})`).join(' || ')})`);
  return legacy.length ? legacy.join(' && ') : undefined;
}
