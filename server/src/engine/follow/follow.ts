import { ModelBuilder } from '../model/builder';
import { joinRelative } from '../model/calls';
import { goreleaserModel } from '../model/goreleaser-model';
import { makefileModel } from '../model/makefile-model';
import { shellModel } from '../model/simple-models';
import type { BuildModel, Call, EnvEntry, GoVersionSource, IncludeReader, ModelOptions } from '../model/types';
import { LineIndex } from '../text';
import type { DocumentKind, Facts, Finding, RelatedInformation, SourceFile } from '../types';

/**
 * Builds followed across files. A caller (a workflow step running `make release`, a recipe running goreleaser
 * or `./scripts/build.sh`) runs its callee with an environment and on a machine the callee alone cannot know.
 * The caller's analysis reads each callee through the adapter's reader, builds the callee's model with that
 * environment (and the runner), and runs the callee's rules on it. A finding lands in the file whose text it
 * is on: the callee's own text (reported there, pointing back at the call), or the caller's (a CGO_ENABLED=1
 * the recipe passes to goreleaser is the recipe's mistake).
 */

/** Callees followed inside one another at most (workflow → Makefile → script → goreleaser is 3). */
export const MAX_FOLLOW_DEPTH = 4;

/** Findings a caller's analysis found in one callee, each pointing back at the call that reached it. */
export interface Reached {
  file: string;
  findings: Finding[];
  /**
   * True when the callee's own analysis (textbook environment) gives way to what its callers run it with:
   * a GoReleaser config is only ever run by something, so the environment it gets there is the real one.
   */
  replaces: boolean;
}

export interface FollowState {
  depth: number;
  /** The files being followed, caller first (a callee already in it is a cycle). */
  chain: string[];
  /** What was logged in this analysis: each guard is logged once. */
  logged: Set<string>;
}

export interface FollowOptions {
  facts: Facts;
  goVersion: GoVersionSource;
  readInclude?: IncludeReader;
  log?: (message: string) => void;
}

type RuleRunner = (file: SourceFile, model: BuildModel, lines: LineIndex) => Finding[];
/** Suppressions and one finding per place, as analyze applies them to a file's own findings. */
type Finisher = (file: SourceFile, lines: LineIndex, findings: Finding[]) => Finding[];

/** Follows a model's calls: findings on the caller's text, findings per callee, and the files read. */
export function followCalls(
  caller: SourceFile,
  model: BuildModel,
  options: FollowOptions,
  state: FollowState,
  rules: RuleRunner,
  finish: Finisher,
): { inCaller: Finding[]; reached: Reached[]; read: string[] } {
  const out = { inCaller: [] as Finding[], reached: [] as Reached[], read: [] as string[] };
  const root = state.chain[0];
  for (const call of model.calls ?? []) {
    if (!options.readInclude) break;
    if (state.depth >= MAX_FOLLOW_DEPTH) {
      logOnce(state, options, `xbd: ${root}: not followed: ${call.names[0]} (calls nested deeper than ${MAX_FOLLOW_DEPTH}); what it builds is unknown here`);
      continue;
    }
    const callee = readFirst(call, caller.path, options.readInclude);
    if (!callee) continue;
    out.read.push(callee.path);
    if (state.chain.includes(callee.path)) {
      logOnce(state, options, `xbd: ${root}: not followed: ${callee.path} runs ${state.chain[state.chain.length - 1] === callee.path ? 'itself' : 'a file that runs it'} (a cycle); what it builds is unknown there`);
      continue;
    }
    const file: SourceFile = { path: callee.path, kind: call.kind as DocumentKind, text: callee.text };
    const lines = new LineIndex(callee.text);
    const calleeModel = modelInContext(file, lines, call, options, caller.path, scriptStart(callee.name, call.cwd));
    const related = callerNote(call, caller.path);
    const found = rules(file, calleeModel, lines);
    const inCallee = finish(file, lines, found.filter((f) => f.file === callee.path).map((f) => ({ ...f, related: [...(f.related ?? []), related] })));
    out.inCaller.push(...found.filter((f) => f.file === caller.path).map((f) => ({ ...f, related: [...(f.related ?? []), { file: callee.path, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: `${calleeLabel(call)} ${callee.path} runs with this environment` }] })));
    out.reached.push({ file: callee.path, findings: inCallee, replaces: call.kind === 'goreleaser' });
    // What the callee runs in turn, in the environment it has there.
    const further = followCalls(file, calleeModel, options, { ...state, depth: state.depth + 1, chain: [...state.chain, callee.path] }, rules, finish);
    out.read.push(...(calleeModel.included ?? []), ...further.read);
    out.reached.push({ file: callee.path, findings: further.inCaller, replaces: false }, ...further.reached);
  }
  return { ...out, reached: out.reached.filter((r) => r.findings.length || r.replaces) };
}

/** The callee's model as the call runs it: its goals, the caller's environment, the caller's machine. */
function modelInContext(file: SourceFile, lines: LineIndex, call: Call, options: FollowOptions, caller: string, callsFrom: string | undefined): BuildModel {
  const parts = new ModelBuilder(file.path);
  parts.reader = options.readInclude;
  const modelOptions: ModelOptions = { goVersion: options.goVersion, readInclude: options.readInclude, log: options.log, ...(call.runner?.goos && call.runner.goarch ? { host: { goos: call.runner.goos, goarch: call.runner.goarch } } : options.facts.host ? { host: options.facts.host } : {}) };
  const env = new Map<string, EnvEntry>(call.env);
  const model =
    call.kind === 'makefile'
      ? makefileModel(file, lines, modelOptions, parts, { targets: call.targets, env })
      : call.kind === 'shell'
        ? shellModel(file, lines, modelOptions, parts, env, callsFrom)
        : goreleaserModel(file, lines, modelOptions, parts, env);
  parts.claimOwnRanges();
  if (parts.sourced.length) model.included = [...new Set([...(model.included ?? []), ...parts.sourced])];
  // The caller's sites keep their ranges in the caller: a finding there is the caller's.
  for (const entry of call.env.values()) {
    const site = entry.site;
    if (site && site.file === caller) for (const r of [site.nameRange, site.range, site.valueRange]) parts.notes.set(caller, r, { file: caller });
  }
  if (call.runner) for (const c of model.contexts) if (!c.runner) c.runner = call.runner;
  return model;
}

/**
 * Where a script's shell starts, relative to the script's own folder: the caller's working directory (a script
 * run as `./scripts/build.sh` from the top runs `./scripts/env.sh` from the top too). Undefined when unknown.
 */
function scriptStart(name: string, cwd: string): string | undefined {
  const dir = name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '';
  const parts = dir.split('/').filter((p) => p && p !== '.');
  if (parts.includes('..') || name.startsWith('/')) return undefined;
  return joinRelative(parts.map(() => '..').join('/'), cwd);
}

function readFirst(call: Call, from: string, read: IncludeReader): { path: string; text: string; name: string } | undefined {
  for (const name of call.names) {
    try {
      const found = read(name, from);
      if (found.length) return { ...found[0], name };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** "run by .github/workflows/release.yml:40 (step Release of job release) with GOOS=linux GOARCH=arm64". */
function callerNote(call: Call, caller: string): RelatedInformation {
  const set = [...call.env.values()].filter((e) => e.site?.file === caller && e.value !== undefined).map((e) => `${e.name}=${e.value}`);
  const runner = call.runner?.goos && call.runner.goarch ? ` on ${call.runner.goos}/${call.runner.goarch}` : '';
  const env = set.length ? ` with ${set.slice(0, 4).join(' ')}${set.length > 4 ? ' …' : ''}` : '';
  return { file: caller, range: call.range, message: `run by ${shortName(caller)}:${call.range.start.line + 1} (${call.where}${runner})${env}` };
}

function calleeLabel(call: Call): string {
  return call.kind === 'goreleaser' ? 'GoReleaser config' : call.kind === 'makefile' ? 'Makefile' : 'script';
}

/** The caller as a message names it: its path from the repository's folders on (a URI's last segments). */
function shortName(file: string): string {
  const path = file.replace(/^file:\/\//, '');
  const github = /(?:^|\/)(\.github\/.*)$/.exec(path);
  return github ? github[1] : path.slice(path.lastIndexOf('/') + 1);
}

function logOnce(state: FollowState, options: FollowOptions, message: string): void {
  if (state.logged.has(message)) return;
  state.logged.add(message);
  options.log?.(message);
}

/**
 * A file's findings with those its callers' analyses reached: one per code, place and message (a second
 * caller adds its pointer to the related information). A callee whose own analysis its callers replace
 * (GoReleaser) keeps only what they reached.
 */
export function mergeReached(own: Finding[], reached: Reached[]): Finding[] {
  const key = (f: Finding) => `${f.code}|${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}|${f.message}`;
  const out = new Map<string, Finding>();
  for (const f of reached.some((r) => r.replaces) ? [] : own) out.set(key(f), f);
  for (const f of reached.flatMap((r) => r.findings)) {
    const first = out.get(key(f));
    if (!first) {
      out.set(key(f), f);
      continue;
    }
    const extra = (f.related ?? []).filter((r) => !(first.related ?? []).some((x) => x.message === r.message && x.file === r.file));
    if (extra.length) out.set(key(f), { ...first, related: [...(first.related ?? []), ...extra] });
  }
  return [...out.values()].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code));
}

/**
 * What each caller's analysis reached in other files, by callee: an adapter records every analysis here and
 * merges a file's findings with `of(file)`. `record` returns the callees whose reached findings changed.
 */
export class ReachedIndex {
  private readonly byCallee = new Map<string, Map<string, Reached[]>>();

  record(caller: string, reached: readonly Reached[]): string[] {
    const before = new Map<string, string>();
    for (const [callee, m] of this.byCallee) if (m.has(caller)) before.set(callee, JSON.stringify(m.get(caller)));
    for (const m of this.byCallee.values()) m.delete(caller);
    for (const r of reached) {
      const m = this.byCallee.get(r.file) ?? new Map<string, Reached[]>();
      m.set(caller, [...(m.get(caller) ?? []), r]);
      this.byCallee.set(r.file, m);
    }
    const changed = new Set<string>();
    for (const callee of new Set([...before.keys(), ...reached.map((r) => r.file)])) {
      const now = this.byCallee.get(callee)?.get(caller);
      if (before.get(callee) !== (now ? JSON.stringify(now) : undefined)) changed.add(callee);
    }
    return [...changed];
  }

  /** Forgets what a caller reached (it was closed, deleted, or is no longer analysed); returns the callees affected. */
  forget(caller: string): string[] {
    return this.record(caller, []);
  }

  of(callee: string): Reached[] {
    return [...(this.byCallee.get(callee)?.values() ?? [])].flat();
  }
}
