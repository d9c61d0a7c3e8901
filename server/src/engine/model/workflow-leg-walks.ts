import { isScalar, type Node } from 'yaml';
import { items, pairs, stringOf } from '../config/yaml';
import { toGoVersion } from '../knowledge/go-versions';
import { runnerPlatform } from '../knowledge/runners';
import type { Placeholders } from '../shell/placeholders';
import type { MappedText } from '../text';
import { ModelBuilder } from './builder';
import { isTemplated, withExpressions, type ConfigFile } from './config-sites';
import { BUILD_VARIABLE } from './go-command';
import type { Assignment, EnvEntry, GoVersionSource, MatrixLeg, ModelOptions } from './types';
import { conditionInLeg, differingKeys, expandMatrix, legKey, legLabel, legNode, legValue, matrixPathOf, matrixPathsIn, resolveInLeg, type Leg } from './workflow-legs';

/** A step as the walk with unknown matrix values saw it, replayed per leg. */
export type ReplayStep =
  | { kind: 'setup-go'; written: string; line: number; condition?: string }
  | {
      kind: 'run';
      mapped: MappedText;
      /** The step's `env:` node and the environment the generic walk gave the step (its own entries read from it). */
      envNode: Node | undefined;
      env: Map<string, EnvEntry>;
      /** The step's or the job's default `shell:`, when written. */
      shell?: string;
      where: string;
      callsFrom: string | undefined;
      condition?: string;
    };

/** A job as the generic walk read it: what each leg walk needs again. */
export interface JobReplay {
  id: string;
  matrix: Node;
  runsOn: Node | undefined;
  jobEnvNode: Node | undefined;
  /** The workflow's env and the job's (generic: matrix references unknown). */
  workflowEnv: Map<string, EnvEntry>;
  jobEnv: Map<string, EnvEntry>;
  steps: ReplayStep[];
  /** The matrix entry's site (a matrix value written where a build variable takes it), if a reader made one. */
  siteOf: (node: Node) => Assignment | undefined;
}

const POSIX_SHELLS = /^(bash|sh)\b/;

/**
 * Walks a job's run: steps once per leg of its matrix (legs that read the same values walk once), each
 * with its runner and values; legs whose walks agree on what the rules read are folded into one. Undefined
 * when the matrix cannot be expanded or nothing the steps read differs between legs (the generic walk then
 * stands for all); a matrix we cannot expand is logged.
 */
export function walkLegs(job: JobReplay, cfg: ConfigFile, options: ModelOptions, parts: ModelBuilder): MatrixLeg[] | undefined {
  const paths = readPaths(job);
  if (paths.length === 0) return undefined;
  const expanded = expandMatrix(job.matrix);
  if ('unknown' in expanded) {
    // A matrix from an expression is common and known to be unknown; a bound that was hit is worth a line.
    if (expanded.tooMany) options.log?.(`xbd: ${cfg.path}: job ${job.id}: its matrix legs are not judged one by one (${expanded.unknown}); matrix values stay unknown`);
    return undefined;
  }
  const { legs } = expanded;
  const runsOnText = stringOf(job.runsOn) ?? stringOf(items(job.runsOn)[0]);
  const runnerKey = runsOnText === undefined ? undefined : matrixPathOf(runsOnText)?.split('.')[0];
  const readKeys = new Set(paths.map((p) => p.split('.')[0]));
  const named = differingKeys(legs).filter((k) => readKeys.has(k) && k !== runnerKey);
  // Each walk with the values of the legs it stands for (no runner: a followed call's pointer names its platform).
  const walks: { key: string; leg: MatrixLeg; values: string[] }[] = [];
  for (const leg of legs) {
    const runner = runsOnText === undefined ? undefined : resolveInLeg(runsOnText, leg);
    const label = legLabel(leg, named, runner);
    const values = legLabel(leg, named, undefined);
    const key = legKey(leg, paths);
    // Stryker disable next-line ArrowFunction,ConditionalExpression: a leg walked again walks as the one before it, and the fold below merges the two; only time is saved
    const same = walks.find((w) => w.key === key);
    // Stryker disable next-line ConditionalExpression,BlockStatement: as above
    if (same) {
      same.leg.labels.push(label);
      same.values.push(values);
      continue;
    }
    walks.push({ key, leg: walkLeg(job, leg, runner, label, cfg, options, parts), values: [values] });
  }
  // Legs that read different values but build the same way (a value only names an artifact) are one walk.
  const folded: { signature: string; leg: MatrixLeg; values: string[] }[] = [];
  for (const { leg, values } of walks) {
    const signature = signatureOf(leg);
    const same = folded.find((f) => f.signature === signature);
    if (same) {
      same.leg.labels.push(...leg.labels);
      same.values.push(...values);
    } else folded.push({ signature, leg, values });
  }
  return folded.map((f) => withLegsNamed(f.leg, f.values));
}

/** A leg's calls say which legs run them ("…, matrix goarch=arm64"), as the callee's findings will. */
function withLegsNamed(leg: MatrixLeg, values: string[]): MatrixLeg {
  const shown = values.slice(0, 3).join(' / ') + (values.length > 3 ? ` and ${values.length - 3} more` : '');
  return { ...leg, calls: leg.calls.map((c) => ({ ...c, where: `${c.where}, matrix ${shown}` })) };
}

function walkLeg(job: JobReplay, leg: Leg, runnerLabel: string | undefined, label: string, cfg: ConfigFile, options: ModelOptions, parts: ModelBuilder): MatrixLeg {
  const builder = new ModelBuilder(cfg.path);
  if (parts.reader) builder.reader = parts.reader;
  const platform = runnerLabel === undefined ? undefined : runnerPlatform(runnerLabel);
  const runner = platform ? { goos: platform.goos, goarch: platform.goarch } : {};
  let goVersion: GoVersionSource = options.goVersion;
  const jobEnv = legEnv(job.jobEnvNode, job.workflowEnv, job.jobEnv, leg, job.siteOf);
  for (const step of job.steps) {
    // A step the leg skips (`if: matrix.goarch == 'arm64'`) does not run; one whose condition on the matrix we cannot read gets no verdict.
    if (step.condition !== undefined && matrixPathsIn(step.condition).length && conditionInLeg(step.condition, leg) !== true) continue;
    if (step.kind === 'setup-go') {
      const written = resolveInLeg(step.written, leg);
      const known = written === undefined ? undefined : toGoVersion(written);
      if (known) goVersion = { version: known, because: `go-version ${written} of actions/setup-go, line ${step.line}` };
      continue;
    }
    if (step.shell ? !POSIX_SHELLS.test(step.shell) : platform?.goos === 'windows') continue;
    const placeholders: Placeholders = new Map();
    const source = withExpressions(step.mapped, placeholders, (expr) => {
      const path = matrixPathOf(expr);
      const value = path === undefined ? undefined : legValue(leg, path);
      if (path === undefined || value === undefined) return undefined;
      const node = legNode(leg, path);
      const site = node && isScalar(node) ? job.siteOf(node) : undefined;
      return { value, ...(site ? { site, definition: site } : {}) };
    });
    const env = legEnv(step.envNode, jobEnv, step.env, leg, job.siteOf);
    builder.walk({ file: cfg.path, lines: cfg.lines, source, env, placeholders }, { goVersion, where: step.where, runner, ...(step.callsFrom !== undefined ? { callsFrom: step.callsFrom } : {}) });
  }
  parts.absorb(builder);
  return { labels: [label], contexts: builder.contexts, commands: builder.commands, lost: builder.lost, calls: builder.calls };
}

/**
 * An `env:` mapping in a leg: each entry as the generic walk read it, but a value written with
 * `${{ matrix.… }}` known; a value that is exactly one matrix entry keeps it as its source (fromSite), so
 * value rules that judge the entry find the go commands it reaches.
 */
function legEnv(node: Node | undefined, inherited: Map<string, EnvEntry>, generic: Map<string, EnvEntry>, leg: Leg, siteOf: (node: Node) => Assignment | undefined): Map<string, EnvEntry> {
  const env = new Map(inherited);
  for (const { key, value } of pairs(node)) {
    const entry = generic.get(key);
    // Stryker disable next-line ConditionalExpression: the generic walk read every key of this env: node, so an entry is always there
    if (!entry) continue;
    const written = stringOf(value);
    const resolved = written !== undefined && isTemplated(written) ? resolveInLeg(written, leg) : undefined;
    if (resolved === undefined) {
      env.set(key, entry);
      continue;
    }
    const path = matrixPathOf(written!);
    const matrixNode = path === undefined ? undefined : legNode(leg, path);
    const from = matrixNode && isScalar(matrixNode) ? siteOf(matrixNode) : undefined;
    const written_ = entry.site ?? entry.definition;
    const site = written_ && { ...written_, value: resolved, ...(from ? { fromSite: from } : {}) };
    env.set(key, { ...entry, value: resolved, ...(entry.site && site ? { site } : {}), ...(site ? { definition: site } : {}) });
  }
  return env;
}

/** The matrix paths the job's runner, env and replayed steps read: legs that agree on them walk alike. */
function readPaths(job: JobReplay): string[] {
  const texts: string[] = [];
  const scalars = (node: Node | undefined): void => {
    for (const p of pairs(node)) if (stringOf(p.value) !== undefined) texts.push(stringOf(p.value)!);
  };
  texts.push(stringOf(job.runsOn) ?? '', ...items(job.runsOn).map((n) => stringOf(n) ?? ''));
  scalars(job.jobEnvNode);
  for (const step of job.steps) {
    texts.push(step.condition ?? '');
    if (step.kind === 'setup-go') texts.push(step.written);
    else {
      texts.push(step.mapped.text, step.shell ?? '');
      scalars(step.envNode);
    }
  }
  return [...new Set(texts.flatMap(matrixPathsIn))];
}

/** What the rules read of a leg's walk: the go commands' words and build environment, the runner, the Go, the calls. */
function signatureOf(leg: MatrixLeg): string {
  return JSON.stringify([
    leg.contexts.map((c) => [
      c.runner,
      c.goVersion.version,
      c.goVersion.upTo,
      c.command && [c.command.range, c.command.subcommand, c.command.args.map((w) => w.value), [...c.command.flags].map(([k, w]) => [k, w.value])],
      [...c.env.values()].filter((e) => BUILD_VARIABLE.test(e.name) || e.name === 'PATH').map((e) => [e.name, e.value]),
    ]),
    leg.lost.map((l) => [l.site.range, l.command.range]),
    // A make or script run gets the leg's whole environment: legs that differ there differ in the callee.
    leg.calls.map((c) => [c.range, c.names, c.cwd, c.targets, c.runner, [...c.env.values()].map((e) => [e.name, e.value])]),
  ]);
}
