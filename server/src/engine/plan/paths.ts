/**
 * Paths on the ids adapters give files: plain paths (the CLI) or file: URIs (the server). Only `/` separates
 * segments; a scheme and authority (`file://`) stay in front.
 */

function split(id: string): { prefix: string; path: string } {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(.*)$/i.exec(id);
  return m ? { prefix: m[1], path: m[2] } : { prefix: '', path: id };
}

/** The directory of a file id. */
export function dirOf(id: string): string {
  const { prefix, path } = split(id);
  const at = path.lastIndexOf('/');
  return prefix + (at > 0 ? path.slice(0, at) : at === 0 ? '/' : '.');
}

export function baseName(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1);
}

/** `rel` resolved against the directory `dir` (`.` and `..` folded); an absolute `rel` replaces the path. */
export function joinId(dir: string, rel: string): string {
  const { prefix, path } = split(dir);
  const base = path.replace(/\/$/, '');
  // A relative directory that folds to nothing (`.`, the CLI's working directory) leaves `rel` relative.
  const joined = rel.startsWith('/') ? rel : base ? `${base}/${rel}` : rel;
  const out: string[] = [];
  for (const part of joined.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  const absolute = joined.startsWith('/') || prefix !== '';
  return prefix + (absolute ? '/' : '') + out.join('/') || '.';
}

/** `file` relative to `root` when it lies under it (decoded for display), else the whole id. */
export function relativeId(root: string, file: string): string {
  const r = root.replace(/\/$/, '');
  const shown = file.startsWith(`${r}/`) ? file.slice(r.length + 1) : file;
  try {
    return /^[a-z]+:/i.test(shown) ? shown : decodeURIComponent(shown);
  } catch {
    return shown;
  }
}
