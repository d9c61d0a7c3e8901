import { lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';

/** Why a path met while walking was not taken. */
export type WalkSkipReason = 'link-loop' | 'duplicate' | 'broken-link' | 'unreadable' | 'excluded' | 'not-regular' | 'limit';

export interface WalkSkip {
  path: string;
  reason: WalkSkipReason;
  message: string;
}

export interface WalkOptions {
  /** Folder names never entered (`.git`, `node_modules`, …). */
  skipDirs: ReadonlySet<string>;
  /** True for a path (as walked) not to visit; it is reported as excluded only when named explicitly. */
  excluded?: (path: string) => boolean;
  /**
   * Whether a file found in a folder is wanted: by name, or for a regular file (`regular`) also by its
   * first bytes. Named roots are always kept.
   */
  wanted: (path: string, regular: boolean) => boolean;
  /** At most this many directory entries are looked at in all (default 200,000). */
  maxEntries?: number;
  /** Folders deeper than this below a root are not entered (default 64). */
  maxDepth?: number;
}

export interface WalkResult {
  /** Regular files, each real file once (the first path it was met by), in walk order. */
  files: string[];
  skipped: WalkSkip[];
  /** Roots that do not exist. */
  missing: string[];
}

/**
 * Walks the given roots (files or folders) without ever looping: symbolic links are followed, but a
 * folder or file already met (same device and inode) is not entered or reported again, and each such
 * link is named in `skipped`; a link to a folder above it is a loop. Unreadable folders are skipped with
 * their error and the walk goes on. Bounded by `maxEntries` and `maxDepth`.
 */
export function walk(roots: readonly string[], options: WalkOptions): WalkResult {
  const result: WalkResult = { files: [], skipped: [], missing: [] };
  const seenFiles = new Map<string, string>();
  const seenDirs = new Map<string, string>();
  const maxEntries = options.maxEntries ?? 200_000;
  const maxDepth = options.maxDepth ?? 64;
  let entries = 0;
  let limitReported = false;
  const skip = (path: string, reason: WalkSkipReason, message: string) => result.skipped.push({ path, reason, message });

  const visit = (path: string, depth: number, ancestors: readonly string[], root: boolean) => {
    if (options.excluded?.(path)) {
      if (root) skip(path, 'excluded', 'excluded by --exclude');
      return;
    }
    let link: Stats;
    let st: Stats;
    try {
      link = lstatSync(path);
    } catch (err) {
      if (root && code(err) === 'ENOENT') result.missing.push(path);
      else skip(path, 'unreadable', `cannot read: ${describe(err)}`);
      return;
    }
    try {
      st = link.isSymbolicLink() ? statSync(path) : link;
    } catch (err) {
      const c = code(err);
      if (c === 'ELOOP') skip(path, 'link-loop', 'symbolic link that points to itself; not followed');
      else if (c === 'ENOENT') {
        if (root) result.missing.push(path);
        else if (options.wanted(path, false)) skip(path, 'broken-link', 'symbolic link to nothing; not followed');
      } else skip(path, 'unreadable', `cannot read: ${describe(err)}`);
      return;
    }
    const id = `${st.dev}:${st.ino}`;
    if (st.isDirectory()) {
      if (ancestors.includes(id)) {
        skip(path, 'link-loop', `link to a folder above it (${seenDirs.get(id)}); not followed`);
        return;
      }
      const first = seenDirs.get(id);
      if (first !== undefined) {
        skip(path, 'duplicate', `same folder as ${first}; walked once`);
        return;
      }
      seenDirs.set(id, path);
      if (depth > maxDepth) {
        skip(path, 'limit', `deeper than ${maxDepth} folders; not entered`);
        return;
      }
      let names: string[];
      try {
        names = readdirSync(path).sort();
      } catch (err) {
        skip(path, 'unreadable', `cannot read folder: ${describe(err)}`);
        return;
      }
      for (const name of names) {
        if (options.skipDirs.has(name)) continue;
        if (++entries > maxEntries) {
          if (!limitReported) skip(path, 'limit', `more than ${maxEntries} entries walked; the rest is not checked`);
          limitReported = true;
          return;
        }
        visit(join(path, name), depth + 1, [...ancestors, id], false);
      }
      return;
    }
    if (!st.isFile()) {
      // FIFOs, sockets and devices are never opened (a FIFO would block the read).
      if (root || options.wanted(path, false)) skip(path, 'not-regular', 'not a regular file (FIFO, socket or device); not read');
      return;
    }
    if (!root && !options.wanted(path, true)) return;
    const first = seenFiles.get(id);
    if (first !== undefined) {
      skip(path, 'duplicate', `same file as ${first}; checked once`);
      return;
    }
    seenFiles.set(id, path);
    result.files.push(path);
  };

  for (const root of roots) visit(root, 0, [], true);
  return result;
}

function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException)?.code;
}

/** `EACCES: permission denied` rather than Node's full `EACCES: permission denied, open '/x'`. */
export function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string' && typeof e.message === 'string') return e.message.replace(/, \w+ '.*'$/s, '');
  return err instanceof Error ? err.message : String(err);
}
