import { closeSync, constants, openSync, readdirSync, readSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { AnalysisPipeline, SKIPPED_DIRS } from '../pipeline';
import { encode, readTextFile, writeBytes } from '../workspace-files/read-file';
import { walk, type WalkSkipReason } from '../workspace-files/walk';
import { analyze, compileGlobs, detectKind, fixAll, mergeReached, ReachedIndex, SEVERITIES, type DocumentKind, type Facts, type Finding, type Range, type RuleSetting, type Severity } from '../engine';
import { DEFAULT_SETTINGS } from '../contract';

/** Files larger than this are reported as skipped rather than analysed (the editor's default xbd.maxFileSize). */
export const MAX_FILE_SIZE = DEFAULT_SETTINGS.maxFileSize;

export { SEVERITIES };

export interface CheckOptions {
  facts: Facts;
  rules?: Record<string, RuleSetting>;
  /** Apply the preferred fixes of reported findings at this severity or above; undefined: no --fix. */
  fixSeverity?: Severity;
  log: (message: string) => void;
  /** Globs of paths (relative to the current directory) not to check, named or walked. */
  exclude?: string[];
  /** Called for each file whose edits were written, with those edits, as soon as it is written. */
  onApplied?: (edits: AppliedEdit[]) => void;
  /** Called for each path not analysed or not fixed, when it is met. */
  onSkipped?: (skip: Skipped) => void;
}

/**
 * Why a path was not analysed (or, for `not-utf8-for-fix` and `unwritable`, analysed but not fixed).
 * `unreadable` and `unwritable` are failures (exit status 4); the others are choices.
 */
export type SkipReason = WalkSkipReason | 'size' | 'not-build-file' | 'not-utf8-for-fix' | 'unwritable';

export interface Skipped {
  file: string;
  reason: SkipReason;
  message: string;
}

/** One edit `--fix` wrote: where (in the text before that edit), for which finding, and what changed. */
export interface AppliedEdit {
  file: string;
  range: Range;
  code: string;
  title: string;
  before: string;
  after: string;
}

export interface CheckResult {
  /** What the report shows: after --fix, the findings that remain. */
  findings: Finding[];
  /** The files analysed. */
  analysed: string[];
  skipped: Skipped[];
  applied: AppliedEdit[];
}

export class UsageError extends Error {}

export const FAILURE_REASONS: ReadonlySet<SkipReason> = new Set(['unreadable', 'unwritable']);

/** Every build input under the given paths (each real file once), and the paths passed over with why. */
export function collectFiles(paths: string[], exclude: string[] = []): { files: { path: string; kind: DocumentKind }[]; skipped: Skipped[] } {
  const excluded = compileGlobs(exclude);
  const walked = walk(paths, {
    skipDirs: SKIPPED_DIRS,
    excluded: exclude.length ? (p) => excluded(relative(process.cwd(), p)) : undefined,
    wanted: (p, regular) => kindOf(p, regular && !/\.[a-z0-9]+$/i.test(p)) !== undefined,
  });
  if (walked.missing.length) throw new UsageError(`no such file or directory: ${walked.missing.join(', ')}`);
  const skipped: Skipped[] = walked.skipped.map((s) => ({ file: s.path, reason: s.reason, message: s.message }));
  const files: { path: string; kind: DocumentKind }[] = [];
  for (const path of walked.files) {
    // A file named on the command line: its first bytes may say it is a script whatever its name.
    const kind = kindOf(path, true);
    if (kind) files.push({ path, kind });
    else {
      // Nothing in its name says what it is, and its first bytes could not be read: say why.
      const probe = head(path) === undefined ? readTextFile(path, MAX_FILE_SIZE) : undefined;
      if (probe && !probe.ok && probe.reason === 'unreadable') skipped.push({ file: path, reason: 'unreadable', message: probe.message });
      else skipped.push({ file: path, reason: 'not-build-file', message: 'not a file xbd reads (Dockerfile, Makefile, shell script, go env file)' });
    }
  }
  return { files, skipped };
}

function kindOf(path: string, readHead: boolean): DocumentKind | undefined {
  const kind = detectKind(path, undefined, readHead ? (head(path) ?? '') : undefined);
  return kind === 'gomod' ? undefined : kind;
}

/** Checks (and with fixSeverity, fixes) every build file under the paths; never throws for one path. */
export function check(paths: string[], options: CheckOptions): CheckResult {
  const { files, skipped } = collectFiles(paths, options.exclude);
  const result: CheckResult = { findings: [], analysed: [], skipped: [], applied: [] };
  const skip = (s: Skipped) => {
    result.skipped.push(s);
    options.onSkipped?.(s);
  };
  skipped.forEach(skip);
  const pipeline = new AnalysisPipeline();
  const reached = new ReachedIndex();
  const settings = { exclude: options.exclude ?? [], maxFileSize: MAX_FILE_SIZE, rules: options.rules };
  // One pass over the files first: the build plan (which Dockerfile is built for which platforms, which Go).
  const reads = files.map(({ path, kind }) => ({ path, kind, read: readTextFile(path, MAX_FILE_SIZE) }));
  const readable = reads.flatMap(({ path, kind, read }) => (read.ok ? [{ id: path, path, kind, text: read.text, relativePath: relative(process.cwd(), path), bytes: read.bytes }] : []));
  const planned = pipeline.plan([...readable, ...releaseConfigs(process.cwd(), readable, options.exclude ?? [])], process.cwd(), settings, options.facts, options.log);
  for (const { path, kind, read } of reads) {
    if (!read.ok) {
      skip({ file: path, reason: read.reason, message: read.message });
      continue;
    }
    const file = { id: path, path, kind, text: read.text, relativePath: relative(process.cwd(), path), bytes: read.bytes };
    const prepared = pipeline.prepareWithPlan(file, settings, options.facts, options.log, planned);
    if (!prepared.ok) {
      skip({ file: path, reason: prepared.reason, message: prepared.message });
      continue;
    }
    // A callee's findings include those its callers reached (analysed before or after it): see withLateReached.
    // The plan's model is the original text's: a fixed text is parsed again.
    // A Dockerfile's reading is kept only for --fix, which analyses the fixed text again.
    const analyzeOptions = { ...prepared.options, keepReading: Boolean(options.fixSeverity) };
    const analyzeText = (t: string) => {
      const analysis = analyze({ path, kind, text: t }, t === read.text ? analyzeOptions : { ...analyzeOptions, prebuilt: undefined });
      reached.record(path, analysis.reached ?? []);
      return mergeReached(analysis.findings, reached.of(path));
    };
    const original = analyzeText(read.text);
    result.analysed.push(path);
    if (!options.fixSeverity) {
      result.findings.push(...original);
      continue;
    }
    // The engine's selection, which the editor's "Fix all xbd problems" runs too.
    const all = fixAll(path, read.text, original, options.fixSeverity, analyzeText);
    const fixed = { ...all, applied: all.applied.map((a): AppliedEdit => ({ file: path, ...a })) };
    if (!fixed.applied.length) {
      result.findings.push(...fixed.findings);
      continue;
    }
    const bytes = encode(fixed.text, read.encoding);
    const failure = bytes
      ? writeBytes(path, bytes)
      : 'not valid UTF-8, and a fix would add characters that have no single byte here; left unchanged';
    if (failure) {
      skip({ file: path, reason: bytes ? 'unwritable' : 'not-utf8-for-fix', message: `${failure}; its findings are reported unfixed` });
      result.findings.push(...original);
      continue;
    }
    result.applied.push(...fixed.applied);
    options.onApplied?.(fixed.applied);
    result.findings.push(...fixed.findings);
  }
  return withLateReached(result, reached);
}

/**
 * A callee analysed before its caller got only its own findings: merge what the callers reached in it now,
 * each finding once. Files that were not analysed (excluded, outside the paths) get none.
 */
function withLateReached(result: CheckResult, reached: ReachedIndex): CheckResult {
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  const findings = result.analysed.flatMap((file) => mergeReached(byFile.get(file) ?? [], reached.of(file)));
  return { ...result, findings };
}

/**
 * The working directory's release configs (its workflows, bake files, GoReleaser configs and Makefile), when
 * the paths checked leave them out: `xbd check deploy/` still knows the release workflow builds
 * deploy/Dockerfile for several platforms. Only that directory's own entries and .github/workflows are read.
 */
function releaseConfigs(cwd: string, checked: { id: string }[], exclude: string[]): { id: string; path: string; kind: DocumentKind; text: string; relativePath: string }[] {
  const have = new Set(checked.map((f) => resolve(f.id)));
  const excluded = compileGlobs(exclude);
  const out: { id: string; path: string; kind: DocumentKind; text: string; relativePath: string }[] = [];
  for (const dir of ['.', join('.github', 'workflows')]) {
    let names: string[];
    try {
      names = readdirSync(join(cwd, dir)).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const rel = dir === '.' ? name : join(dir, name);
      const kind = detectKind(rel);
      if (!kind || !['workflow', 'bake', 'goreleaser', 'makefile'].includes(kind) || have.has(resolve(cwd, rel)) || (exclude.length && excluded(rel))) continue;
      const read = readTextFile(join(cwd, rel), MAX_FILE_SIZE);
      if (read.ok) out.push({ id: rel, path: join(cwd, rel), kind, text: read.text, relativePath: rel });
    }
  }
  return out;
}

/** The first bytes of a regular file (a shebang says it is a script); undefined when it cannot be read. */
function head(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const buf = Buffer.alloc(128);
    const n = readSync(fd, buf, 0, 128, 0);
    return buf.subarray(0, n).toString('utf8');
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
