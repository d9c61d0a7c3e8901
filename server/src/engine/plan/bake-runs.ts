import { matchesPattern } from '../model/bake-run';
import type { BakeModel, BakeOverride, BakeRun, BuildModel, ImageBuild } from '../model/types';
import type { Range } from '../types';
import { planned, platformOn, runnerOf, sameFile, workflowRoot, type PlanSource, type PlannedBuild } from './planned';
import { dirOf, joinId, relativeId } from './paths';

/** Bake's default files, in its lookup order (later files override earlier ones target by target). */
const DEFAULT_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml', 'docker-bake.json', 'docker-bake.hcl', 'docker-bake.override.json', 'docker-bake.override.hcl'];

/** Depth of groups naming groups followed (bake rejects nothing here, but cycles exist in broken files). */
const MAX_GROUP_DEPTH = 8;

/**
 * The builds of a model's runs of bake: for each run, the bake files it reads (found among the plan's
 * models), the targets it selects (groups expanded; `default` when none is named), each target merged over
 * the files in bake's order and changed by the run's `--set` overrides (matched on target names as bake
 * does, path.Match). The run's runner (a workflow's job) or the host builds them.
 */
export function bakeRunBuilds(model: BuildModel, root: string, models: BuildModel[], host: string | undefined): PlannedBuild[] {
  const runs = 'bakes' in model ? model.bakes ?? [] : [];
  if (!runs.length) return [];
  const base = model.kind === 'workflow' ? workflowRoot(model.file) : dirOf(model.file);
  const bakeFiles = models.filter((m): m is BakeModel => m.kind === 'bake');
  const out: PlannedBuild[] = [];
  for (const run of runs) {
    if (run.remote || run.cwd === undefined) continue;
    const dir = joinId(base, run.cwd);
    const names = run.files ?? DEFAULT_FILES;
    const files = names.flatMap((n) => (n === undefined ? [] : bakeFiles.filter((m) => sameFile(m.file, joinId(dir, n)))));
    if (!files.length) continue;
    const builder = model.kind === 'workflow' ? runnerOf(model, run.range) : host;
    const runLabel = (r: Range): PlanSource => ({ file: model.file, range: r, label: `${relativeId(root, model.file)}:${r.start.line + 1}` });
    for (const name of selected(run, files)) {
      const stages = overrideStages(name, run, files, new Set());
      const build = targetBuild(name, files, dir, builder, root, stages.flat());
      if (!build) continue;
      build.by = `bake target ${name} (${run.by})`;
      for (const stage of stages) withOverrides(build, stage, runLabel);
      out.push(build);
    }
  }
  return out;
}

/**
 * The `--set` overrides that reach a target, in the order bake applies them: each parent's (resolved the same
 * way) before the target's own, except where the target sets the attribute itself, since bake merges the
 * overridden parent under the target and then applies the target's own overrides.
 */
function overrideStages(name: string, run: BakeRun, files: BakeModel[], seen: Set<string>): BakeOverride[][] {
  const targets = files.flatMap((f) => f.targets.filter((t) => t.name === name));
  const own = new Set(targets.flatMap((t) => t.own));
  // A target met again is a cycle (bake rejects it): its parents are not followed a second time.
  const parents = seen.has(name) ? [] : [...new Set(targets.flatMap((t) => t.inherits))];
  seen.add(name);
  const inherited = parents.flatMap((p) => overrideStages(p, run, files, seen)).map((stage) => stage.filter((o) => !own.has(attributeOf(o))));
  return [...inherited, run.overrides.filter((o) => matchesPattern(o.pattern, name))];
}

/** The target attribute an override sets (`platform` sets `platforms`). */
function attributeOf(o: BakeOverride): string {
  return o.key === 'platform' ? 'platforms' : o.key === 'args' ? `args.${o.name}` : o.key;
}

/** The target names a run builds: its targets and groups expanded; every target when a name is unknown. */
function selected(run: BakeRun, files: BakeModel[]): string[] {
  const targets = new Set(files.flatMap((f) => f.targets.map((t) => t.name)));
  const groups = new Map<string, string[]>();
  for (const f of files) for (const g of f.groups) groups.set(g.name, [...(groups.get(g.name) ?? []), ...g.targets]);
  const wanted = run.targets ?? ['default'];
  if (wanted.some((w) => w === undefined)) return [...targets];
  const out = new Set<string>();
  const expand = (name: string, depth: number) => {
    const group = groups.get(name);
    if (group && depth < MAX_GROUP_DEPTH) for (const t of group) expand(t, depth + 1);
    else if (targets.has(name)) out.add(name);
    // bake's compose reader puts every service in the default group.
    else if (name === 'default') for (const f of files) if (f.format === 'compose') for (const t of f.targets) out.add(t.name);
  };
  for (const w of wanted) expand(w!, 0);
  return [...out];
}

/**
 * A target merged over the files that define it, in bake's order: a later file's attributes replace the
 * earlier ones (args key by key); `--set` dockerfile, context and target replace them all. Paths are
 * relative to where bake runs, a compose file's to its folder.
 */
function targetBuild(name: string, files: BakeModel[], dir: string, builder: string | undefined, root: string, overrides: BakeOverride[]): PlannedBuild | undefined {
  let merged: PlannedBuild | undefined;
  const paths: Pick<ImageBuild, 'dockerfile' | 'context' | 'target'> & { base: string } = { base: dir };
  let unknownPath = false;
  for (const file of files) {
    const target = file.targets.find((t) => t.name === name);
    if (!target) continue;
    const label = (r: Range): PlanSource => ({ file: file.file, range: r, label: `${relativeId(root, file.file)}:${r.start.line + 1}` });
    const build = planned(target.build, dir, 'context', label, builder);
    if (target.build.context !== undefined || file.format === 'compose') {
      paths.context = target.build.context;
      paths.base = file.format === 'compose' ? dirOf(file.file) : dir;
    }
    if (target.build.dockerfile !== undefined) paths.dockerfile = target.build.dockerfile;
    if (target.build.target !== undefined) paths.target = target.build.target;
    if (!merged) merged = build;
    else {
      if (build.platforms) merged.platforms = build.platforms;
      for (const [k, v] of build.args) merged.args.set(k, v);
    }
  }
  if (!merged) return undefined;
  for (const o of overrides) {
    if (o.key !== 'dockerfile' && o.key !== 'context' && o.key !== 'target') continue;
    if (o.value === undefined) unknownPath ||= o.key !== 'target';
    if (o.key === 'context') paths.base = dir;
    paths[o.key] = o.value;
  }
  const located = planned({ by: '', range: merged.source.range, args: new Map(), ...paths }, paths.base, 'context', () => merged!.source, builder);
  merged.dockerfile = unknownPath ? undefined : located.dockerfile;
  if (paths.target !== undefined) merged.target = paths.target;
  else delete merged.target;
  return merged;
}

/** `--set` overrides of platforms (replaced, or appended with `+=`) and args on a planned target. */
function withOverrides(build: PlannedBuild, overrides: BakeOverride[], label: (r: Range) => PlanSource): void {
  const platform = overrides.filter((o) => o.key === 'platform');
  if (platform.length) {
    // Repeated --set of one target's platform add up; the last one's `+=` says whether they replace the file's.
    const values = platform.flatMap((o) => (o.value === undefined ? [{ value: undefined, source: label(o.range) }] : o.value.split(',').map((p) => ({ value: platformOn(p, build.builder), source: label(o.range) }))));
    build.platforms = platform[platform.length - 1].append ? [...(build.platforms ?? []), ...values] : values;
  }
  for (const o of overrides) {
    if (o.key === 'args' && o.name !== undefined) build.args.set(o.name, { value: o.value, source: label(o.range) });
    // Overrides that cannot be read: the platforms may be anything.
    else if (o.key === '?') build.platforms = [{ value: undefined, source: label(o.range) }];
  }
}
