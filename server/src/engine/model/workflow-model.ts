import type { Node } from 'yaml';
import { child, items, pairs, parseYaml, scalarText, spanOf, stringOf } from '../config/yaml';
import { toGoVersion } from '../knowledge/go-versions';
import { runnerPlatform } from '../knowledge/runners';
import { goreleaserRun, joinRelative } from './calls';
import { bakeActionRun, bakeCommandRun } from './bake-run';
import type { Placeholders } from '../shell/placeholders';
import type { LineIndex } from '../text';
import type { Range, SourceFile } from '../types';
import type { ModelBuilder } from './builder';
import { entryOf, inputLines, isTemplated, mappingSite, scalarSite, withExpressions, type ConfigFile } from './config-sites';
import { BUILD_VARIABLE } from './go-command';
import { walkLegs, type ReplayStep } from './workflow-leg-walks';
import type { Assignment, Call, EnvEntry, GoVersionSource, ImageBuild, MatrixLeg, ModelOptions, PlatformValue, Runner, WorkflowJob, WorkflowModel } from './types';
import { isInertAction, jobBuildsOf, matrixSitesOf, matrixValueNodes, nodeReads, platformDimensions, runTextReads } from './workflow-matrix';

/** Shells whose `run:` text is a POSIX shell script (GitHub's default on Linux and macOS runners is bash). */
const POSIX_SHELLS = /^(bash|sh)\b/;

/**
 * A GitHub Actions workflow: each job's `run:` steps go through the shell walker with the workflow, job
 * and step `env:`; matrix values that feed a build variable become its sites; `runs-on` gives the runner,
 * `actions/setup-go` the Go version, docker/build-push-action steps the images built and their platforms.
 */
export function workflowModel(file: SourceFile, lines: LineIndex, options: ModelOptions, parts: ModelBuilder): WorkflowModel {
  const model: WorkflowModel = { ...parts.base(), kind: 'workflow', jobs: [], images: [], setupGo: [] };
  const { root, error } = parseYaml(file.text);
  if (error) options.log?.(`xbd: ${file.path}: YAML: ${error}; reading what parsed`);
  const cfg: ConfigFile = { path: file.path, text: file.text, lines };
  // One site per matrix value that feeds a build variable, shared by env:, run: text and the leg walks.
  const matrixSites = new Map<Node, Assignment>();
  const siteOf = (name: string, node: Node): Assignment | undefined => {
    const site = matrixSites.get(node) ?? scalarSite(cfg, name, node);
    if (site) matrixSites.set(node, site);
    return site;
  };
  const workflowEnv = envOf(cfg, child(root, 'env'), new Map(), parts, undefined, siteOf);
  for (const job of pairs(child(root, 'jobs'))) {
    const [start] = spanOf(job.keyNode);
    const range = lines.range(start, spanOf(job.value ?? job.keyNode)[1]);
    const runner = runnerOf(cfg, child(job.value, 'runs-on'));
    const matrix = child(child(job.value, 'strategy'), 'matrix');
    const jobEnv = envOf(cfg, child(job.value, 'env'), workflowEnv, parts, matrix, siteOf);
    const mark = { contexts: parts.contexts.length, commands: parts.commands.length, lost: parts.lost.length, calls: parts.calls.length };
    const replay: ReplayStep[] = [];
    const platformMatrix = platformDimensions(cfg, matrix);
    const record: WorkflowJob = { id: job.key, range, ...(runner ? { runner } : {}), platformMatrix, matrixMayReach: false, builds: [] };
    // A platform entry read outside the steps (runs-on, env, a reusable workflow's inputs; not the job's name) may choose the target.
    record.matrixMayReach = pairs(job.value).some((p) => p.key !== 'name' && p.key !== 'strategy' && p.key !== 'steps' && nodeReads(p.value, platformMatrix));
    model.jobs.push(record);
    let goVersion = options.goVersion;
    for (const [i, step] of items(child(job.value, 'steps')).entries()) {
      const uses = stringOf(child(step, 'uses')) ?? '';
      const stepName = stringOf(child(step, 'name')) ?? `steps[${i}]`;
      const at = lines.positionAt(spanOf(step)[0]).line + 1;
      if (/^actions\/setup-go@/.test(uses)) {
        const v = stringOf(child(child(step, 'with'), 'go-version'));
        const known = v !== undefined && !isTemplated(v) ? toGoVersion(v) : undefined;
        const versionFile = stringOf(child(child(step, 'with'), 'go-version-file'));
        const stepRange = lines.range(...spanOf(step));
        if (v !== undefined) model.setupGo.push({ written: v, range: stepRange, ...(known ? { version: known } : {}) });
        else if (versionFile !== undefined) model.setupGo.push({ written: versionFile, range: stepRange, versionFile });
        if (known) {
          goVersion = { version: known, because: `go-version ${v} of actions/setup-go, line ${at}` };
          record.goVersion = v;
        }
        if (v !== undefined) replay.push({ kind: 'setup-go', written: v, line: at, ...conditionOf(step) });
      }
      if (/^docker\/build-push-action@/.test(uses)) {
        const envValue = (name: string) => stringOf(child(child(step, 'env'), name)) ?? jobEnv.get(name)?.value;
        model.images.push(imageOf(cfg, step, `step ${stepName} (line ${at})`, envValue));
      }
      if (/^docker\/bake-action@/.test(uses)) (model.bakes ??= []).push(bakeActionRun(cfg, step, `step ${stepName} (line ${at})`, undefined));
      if (/^goreleaser\/goreleaser-action@/.test(uses)) {
        const call = goreleaserActionCall(step, envOf(cfg, child(step, 'env'), jobEnv, parts, matrix, siteOf), lines.range(...spanOf(child(step, 'uses')!)), { where: `step ${stepName} of job ${job.key}`, ...(runner ? { runner: { goos: runner.goos, goarch: runner.goarch } } : {}) });
        if (call) parts.calls.push(call);
      }
      if (pairs(step).some((p) => p.key !== 'name' && p.key !== 'run' && p.key !== 'uses' && p.key !== 'shell' && nodeReads(p.value, platformMatrix) && !(uses && isInertAction(uses)))) record.matrixMayReach = true;
      const run = child(step, 'run');
      if (!run) continue;
      const shell = stringOf(child(step, 'shell')) ?? stringOf(child(child(child(job.value, 'defaults'), 'run'), 'shell'));
      const posix = shell ? POSIX_SHELLS.test(shell) : runner?.goos !== 'windows';
      if (!posix) continue;
      const mapped = scalarText(run, file.text);
      if (!mapped) {
        options.log?.(`xbd: ${file.path}: the run: text of ${stepName} (line ${at}) is not read: only plain, quoted or block (| or >) scalars without escapes map back to the file exactly`);
        continue;
      }
      const placeholders: Placeholders = new Map();
      const source = withExpressions(mapped, placeholders);
      const env = envOf(cfg, child(step, 'env'), jobEnv, parts, matrix, siteOf);
      const where = `step ${stepName} of job ${job.key}`;
      const callsFrom = checkoutDir(stringOf(child(step, 'working-directory')) ?? stringOf(child(child(child(job.value, 'defaults'), 'run'), 'working-directory')));
      const walked = parts.walk({ file: file.path, lines, source, env, placeholders }, { goVersion: goVersion satisfies GoVersionSource, where, runner: runner ? { goos: runner.goos, goarch: runner.goarch } : {}, callsFrom });
      replay.push({ kind: 'run', mapped, envNode: child(step, 'env'), env, ...(shell ? { shell } : {}), where, callsFrom, ...conditionOf(step) });
      for (const site of matrixSitesOf(cfg, matrix, walked.assignments.filter((a) => BUILD_VARIABLE.test(a.name)), siteOf)) if (!parts.assignments.includes(site)) parts.assignments.push(site);
      record.builds.push(...jobBuildsOf(walked.runs));
      if (runTextReads(mapped, platformMatrix, walked.runs, (p) => lines.offsetAt(p))) record.matrixMayReach = true;
      for (const program of walked.others) {
        const image = buildxImage(program.name, program.args, `step ${stepName} (line ${at})`, lines.range(...spanOf(step)));
        if (image) model.images.push(image);
        const bake = bakeCommandRun(program.name, program.args, `step ${stepName} (line ${at})`, lines.range(...spanOf(step)), stepDirectory(stringOf(child(step, 'working-directory')) ?? stringOf(child(child(child(job.value, 'defaults'), 'run'), 'working-directory'))));
        if (bake) (model.bakes ??= []).push(bake);
      }
    }
    // Each leg of the matrix walked with its values and runner: the rules judge those walks instead of this one.
    const legs = matrix && replay.length ? walkLegs({ id: job.key, matrix, runsOn: child(job.value, 'runs-on'), jobEnvNode: child(job.value, 'env'), workflowEnv, jobEnv, steps: replay, siteOf: (node) => matrixSites.get(node) }, cfg, options, parts) : undefined;
    if (legs) {
      record.legs = legs;
      record.generic = { contexts: parts.contexts.slice(mark.contexts), commands: parts.commands.slice(mark.commands), lost: parts.lost.slice(mark.lost) };
      followedPerLeg(parts.calls, mark.calls, legs);
    }
  }
  return model;
}

/**
 * A run: step's make or script run, in a job with legs, is followed once per leg (with that leg's values and
 * runner) instead of once with unknown matrix values; runs no leg replays (goreleaser-action steps) stay.
 */
function followedPerLeg(calls: Call[], from: number, legs: MatrixLeg[]): void {
  const same = (a: Call, b: Call) => a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;
  const perLeg = legs.flatMap((l) => l.calls);
  const generic = calls.splice(from);
  calls.push(...generic.filter((c) => !perLeg.some((l) => same(l, c))), ...perLeg);
}

/** Where a step's shell starts, relative to the checkout; undefined when that is an expression or absolute. */
function stepDirectory(workingDirectory: string | undefined): string | undefined {
  if (workingDirectory === undefined) return '.';
  return isTemplated(workingDirectory) || workingDirectory.startsWith('/') ? undefined : workingDirectory;
}

/**
 * A goreleaser/goreleaser-action step: GoReleaser run from the checkout (or its `workdir`) with its `args`
 * (none: `release`), the step's environment and the job's runner. Undefined for other subcommands
 * (`check`, `healthcheck`), for a step that only installs it, and for a `workdir` or `--config` we cannot read.
 */
function goreleaserActionCall(step: Node, env: Map<string, EnvEntry>, range: Range, place: { where: string; runner?: { goos?: string; goarch?: string } }): Call | undefined {
  const w = child(step, 'with');
  // `install-only: true` puts goreleaser on the PATH for a later step (often `make release`), which runs it.
  if (stringOf(child(w, 'install-only'))?.trim().toLowerCase() === 'true') return undefined;
  const args = (stringOf(child(w, 'args')) ?? '').split(/\s+/).filter(Boolean).map((a) => (isTemplated(a) ? undefined : a));
  // The first word that is no flag is the subcommand (none: release); one we cannot read may be `check`.
  const at = args.findIndex((a) => a === undefined || !a.startsWith('-'));
  if (at >= 0 && args[at] !== 'release' && args[at] !== 'build') return undefined;
  const workdir = stringOf(child(w, 'workdir'));
  if (workdir !== undefined && (isTemplated(workdir) || workdir.startsWith('/'))) return undefined;
  return goreleaserRun(args, joinRelative('../..', workdir ?? '.'), env, range, place);
}

/** A step's `if:`, when written. */
function conditionOf(step: Node): { condition?: string } {
  const condition = stringOf(child(step, 'if'));
  return condition === undefined ? {} : { condition };
}

/** Where a step's shell starts, relative to the workflow's folder: the checkout (two folders up), or its working-directory; undefined when that is an expression. */
function checkoutDir(workingDirectory: string | undefined): string | undefined {
  if (workingDirectory === undefined) return '../..';
  if (isTemplated(workingDirectory) || workingDirectory.startsWith('/')) return undefined;
  return joinRelative('../..', workingDirectory);
}

/**
 * An `env:` mapping over an inherited environment. A value that is exactly `${{ matrix.KEY }}` is unknown
 * in the environment (each matrix leg has its own) but each matrix value becomes a site of the variable,
 * so value rules judge every leg.
 */
function envOf(cfg: ConfigFile, node: Node | undefined, inherited: Map<string, EnvEntry>, parts: ModelBuilder, matrix: Node | undefined, siteOf: (name: string, node: Node) => Assignment | undefined): Map<string, EnvEntry> {
  const env = new Map(inherited);
  for (const { key, keyNode, value } of pairs(node)) {
    const site = mappingSite(cfg, key, keyNode, value, node!);
    const build = BUILD_VARIABLE.test(key);
    if (build) parts.assignments.push(site);
    env.set(key, entryOf(site, build));
    const ref = /^\$\{\{\s*matrix\.([\w-]+(?:\.[\w-]+)*)\s*\}\}$/.exec((stringOf(value) ?? '').trim());
    if (build && ref) for (const v of matrixValueNodes(matrix, ref[1])) {
      const leg = siteOf(key, v);
      if (leg && !parts.assignments.includes(leg)) parts.assignments.push(leg);
    }
  }
  return env;
}

function runnerOf(cfg: ConfigFile, node: Node | undefined): Runner | undefined {
  const label = stringOf(node) ?? stringOf(items(node)[0]);
  if (label === undefined) return undefined;
  const [start, end] = spanOf(node!);
  return { label, ...(runnerPlatform(label) ?? {}), range: cfg.lines.range(start, end) };
}

/** A docker/build-push-action step: `platforms`, `build-args`, `file`, `context` of its `with:`. */
function imageOf(cfg: ConfigFile, step: Node, by: string, envValue: (name: string) => string | undefined): ImageBuild {
  const w = child(step, 'with');
  const [start, end] = spanOf(step);
  const build: ImageBuild = { by, range: cfg.lines.range(start, end), args: new Map() };
  const file = stringOf(child(w, 'file'));
  const context = stringOf(child(w, 'context'));
  if (file !== undefined) build.dockerfile = file;
  if (context !== undefined) build.context = context;
  const target = stringOf(child(w, 'target'));
  if (target !== undefined && !isTemplated(target)) build.target = target;
  const platforms = child(w, 'platforms');
  if (platforms) build.platforms = envPlatforms(cfg, platforms, envValue) ?? listValues(cfg, platforms);
  const args = child(w, 'build-args');
  const text = args ? scalarText(args, cfg.text) : undefined;
  if (text) {
    // One NAME=value per line (the action's list input); each maps back to its line.
    for (const { line, at, lead } of inputLines(text.text)) {
      const eq = line.indexOf('=');
      if (eq <= lead) continue;
      const [ns, ne] = text.span(at + lead, at + eq);
      const [vs, ve] = text.span(at + eq + 1, at + line.length);
      const value = line.slice(eq + 1).trim();
      build.args.set(line.slice(lead, eq).trim(), { value: isTemplated(value) ? undefined : value, nameRange: cfg.lines.range(ns, ne), range: cfg.lines.range(vs, ve) });
    }
  }
  return build;
}

/**
 * `docker buildx build` (or `docker build`) in a run: step, with its evaluated words: --platform, -f/--file,
 * --build-arg and the context. The ranges are the step's (the walker gives programs other than go no ranges).
 */
export function buildxImage(name: string, args: (string | undefined)[], by: string, range: Range): ImageBuild | undefined {
  if (name !== 'docker') return undefined;
  const rest = args[0] === 'buildx' ? args.slice(1) : args;
  if (rest[0] !== 'build') return undefined;
  const image: ImageBuild = { by, range, args: new Map() };
  const words = rest.slice(1);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === undefined) continue;
    const eq = w.indexOf('=');
    const [flag, inline] = w.startsWith('--') && eq > 0 ? [w.slice(0, eq), w.slice(eq + 1)] : [w, undefined];
    const value = (): string | undefined => (inline !== undefined ? inline : words[++i]);
    if (flag === '--platform') {
      const v = value();
      image.platforms = [...(image.platforms ?? []), ...(v === undefined ? [{ value: undefined, range }] : v.split(',').map((p) => ({ value: p, range })))];
    } else if (flag === '-f' || flag === '--file') {
      const v = value();
      if (v !== undefined) image.dockerfile = v;
    } else if (flag === '--build-arg') {
      const v = value();
      const at = v?.indexOf('=') ?? -1;
      if (v !== undefined && at > 0) image.args.set(v.slice(0, at), { value: v.slice(at + 1), range, nameRange: range });
    } else if (flag === '--target') {
      const v = value();
      if (v !== undefined) image.target = v;
    } else if (!w.startsWith('-')) {
      image.context = w;
    } else if (inline === undefined && /^--(tag|output|cache-from|cache-to|label|secret|ssh|progress|builder|iidfile|metadata-file)$|^-[to]$/.test(flag)) {
      i++; // a valued option: its value is not the context
    }
  }
  return image;
}

/** Platforms written as a comma- or newline-separated string (or a YAML list), each with its range. */
/**
 * `platforms: ${{ env.PLATFORMS }}` with PLATFORMS a plain value of the step's, job's or workflow's `env:`:
 * that list, each platform at the expression (the only place the step writes it).
 */
function envPlatforms(cfg: ConfigFile, node: Node, envValue: (name: string) => string | undefined): PlatformValue[] | undefined {
  const ref = /^\$\{\{\s*env\.([A-Za-z_][\w-]*)\s*\}\}$/.exec((stringOf(node) ?? '').trim());
  const value = ref ? envValue(ref[1]) : undefined;
  if (value === undefined || isTemplated(value)) return undefined;
  const range = cfg.lines.range(...spanOf(node));
  return value.split(/[,\s]+/).filter(Boolean).map((p) => ({ value: p, range }));
}

export function listValues(cfg: ConfigFile, node: Node): PlatformValue[] {
  const out: PlatformValue[] = [];
  for (const item of items(node)) {
    const mapped = scalarText(item, cfg.text);
    if (!mapped) {
      const [s, e] = spanOf(item);
      out.push({ value: undefined, range: cfg.lines.range(s, e) });
      continue;
    }
    const t = mapped.text;
    // A template (`${{ matrix.platform }}`, `{{ .Env.P }}`) is one value, blanks and all.
    for (const m of t.matchAll(/(?:\$?\{\{[^}]*\}\}|[^,\s])+/g)) {
      const [s, e] = mapped.span(m.index!, m.index! + m[0].length);
      out.push({ value: isTemplated(m[0]) ? undefined : m[0], range: cfg.lines.range(s, e) });
    }
  }
  return out;
}
