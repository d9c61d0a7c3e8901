import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { utf8Length, type IncludeReader } from '../engine';

/** At most this many files for one glob word (`include mk/*.mk`). */
const MAX_GLOB_MATCHES = 32;

export interface IncludeReaderOptions {
  /** Larger files are not read (xbd.maxFileSize). */
  maxFileSize: number;
  /** The document's path for an id the engine uses (a URI in the server); undefined when not on disk. */
  toPath?: (id: string) => string | undefined;
  /** The id for a path (the inverse of toPath). */
  toId?: (path: string) => string;
  /** The text of a document open in the editor, newer than the disk's. */
  openText?: (id: string) => string | undefined;
  /** Told once per file skipped for its size (what it builds is then unknown to the caller). */
  tooLarge?: (id: string, bytes: number) => void;
}

/**
 * Reads the files a Makefile includes from the disk (or the editor's open documents). Names resolve
 * against the top Makefile's directory, as make does when run there; a glob is allowed in the last
 * segment only. Missing, unreadable, non-regular and too large files are skipped silently: make's
 * `-include` does the same, and a plain `include` of a missing file is make's error to report.
 */
export function diskIncludeReader(options: IncludeReaderOptions): IncludeReader {
  const toPath = options.toPath ?? ((id: string) => id);
  const toId = options.toId ?? ((path: string) => path);
  return (word, makefile) => {
    const base = toPath(makefile);
    if (!base) return [];
    const path = isAbsolute(word) ? word : join(dirname(base), word);
    const paths = /[*?[]/.test(path) ? glob(path) : [path];
    const out: { path: string; text: string }[] = [];
    for (const p of paths) {
      const id = toId(p);
      const open = options.openText?.(id);
      if (open !== undefined) {
        if (utf8Length(open) <= options.maxFileSize) out.push({ path: id, text: open });
        else options.tooLarge?.(id, utf8Length(open));
        continue;
      }
      try {
        const st = statSync(p);
        if (st.isFile() && st.size > options.maxFileSize) options.tooLarge?.(id, st.size);
        if (!st.isFile() || st.size > options.maxFileSize) continue;
        out.push({ path: id, text: readFileSync(p, 'utf8') });
      } catch {
        // gone or unreadable: as make's -include, nothing
      }
    }
    return out;
  };
}

/** The files matching a glob in the last path segment (`*`, `?`), sorted as make's wildcard does. */
function glob(path: string): string[] {
  const dir = dirname(path);
  if (/[*?[]/.test(dir)) return [];
  const name = path.slice(dir.length + 1);
  if (name.includes('[')) return [];
  const re = new RegExp(`^${name.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => re.test(n) && !n.startsWith('.'))
    .sort()
    .slice(0, MAX_GLOB_MATCHES)
    .map((n) => join(dir, n));
}
