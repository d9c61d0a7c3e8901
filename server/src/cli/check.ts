import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GoModLocator } from '../go/module';
import { diskIncludeReader } from '../workspace-files/include-reader';
import { analyze, applyOffsetEdits, compileGlobs, detectKind, LineIndex, type DocumentKind, type Facts, type Finding, type RuleSetting } from '../engine';

const SKIPPED_DIRS = new Set(['.git', 'node_modules', 'vendor', '.hg', '.svn']);
/** Files larger than this are reported as skipped rather than analysed (same default as the editor). */
export const MAX_FILE_SIZE = 2 * 1024 * 1024;

export interface CheckOptions {
  facts: Facts;
  rules?: Record<string, RuleSetting>;
  fix: boolean;
  log: (message: string) => void;
  /** Globs of paths (relative to the current directory) not to check, named or walked. */
  exclude?: string[];
}

export interface CheckResult {
  findings: Finding[];
  files: number;
  fixed: number;
  /** The files analysed, as given or found (the go env file's findings are added only if absent). */
  checked: string[];
}

/** Every build input under the given paths, as found by walking them (arguments' form kept). */
export function collectFiles(paths: string[], log: (m: string) => void, exclude: string[] = []): { path: string; kind: DocumentKind }[] {
  const out: { path: string; kind: DocumentKind }[] = [];
  const excluded = compileGlobs(exclude);
  const visit = (path: string, explicit: boolean) => {
    if (exclude.length && excluded(relative(process.cwd(), path))) return;
    let st;
    try {
      st = statSync(path);
    } catch {
      if (explicit) throw new UsageError(`no such file or directory: ${path}`);
      return;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        if (SKIPPED_DIRS.has(name)) continue;
        visit(join(path, name), false);
      }
      return;
    }
    if (!st.isFile()) return;
    const kind = detectKind(path, undefined, explicit || !/\.[a-z0-9]+$/i.test(path) ? head(path) : undefined);
    if (kind && kind !== 'gomod') out.push({ path, kind });
    else if (explicit && !kind) log(`xbd: ${path} is not a file xbd reads (Dockerfile, Makefile, shell script, go env file)`);
  };
  for (const p of paths) visit(p, true);
  return out;
}

export class UsageError extends Error {}

export function check(paths: string[], options: CheckOptions): CheckResult {
  const files = collectFiles(paths, options.log, options.exclude);
  const goMods = new GoModLocator();
  const readInclude = diskIncludeReader({ maxFileSize: MAX_FILE_SIZE });
  const findings: Finding[] = [];
  let fixed = 0;
  for (const { path, kind } of files) {
    let text: string;
    try {
      if (statSync(path).size > MAX_FILE_SIZE) {
        options.log(`xbd: ${path} is larger than ${MAX_FILE_SIZE} bytes; not analysed`);
        continue;
      }
      text = readFileSync(path, 'utf8');
    } catch (err) {
      options.log(`xbd: cannot read ${path}: ${String(err)}`);
      continue;
    }
    const module = kind === 'goenv' ? undefined : goMods.moduleFor(path);
    const goMod = module && { path: module.path, text: module.text, cgoFiles: module.cgoFiles, imports: module.imports };
    const analyzeText = (t: string) =>
      analyze({ path, kind, text: t }, { facts: options.facts, goModVersion: module?.version, goMod, rules: options.rules, log: options.log, readInclude }).findings;
    let current = analyzeText(text);
    if (options.fix) {
      const original = text;
      // Apply preferred fixes until none is left (fixes may unlock others); bounded in case two fight.
      for (let round = 0; round < 10; round++) {
        const edits = current.flatMap((f) => f.fixes.find((x) => x.isPreferred)?.edits ?? []).filter((e) => e.file === path);
        if (!edits.length) break;
        const lines = new LineIndex(text);
        const next = applyOffsetEdits(
          text,
          edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText })),
        );
        if (next === text) break;
        text = next;
        current = analyzeText(text);
      }
      if (text !== original) {
        writeFileSync(path, text);
        fixed++;
      }
    }
    findings.push(...current);
  }
  return { findings, files: files.length, fixed, checked: files.map((f) => f.path) };
}

function head(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(128);
    const n = readSync(fd, buf, 0, 128, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
