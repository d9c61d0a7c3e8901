import { compareGo, NEWEST_GO, toGoVersion, type GoVersion } from '../knowledge/go-versions';
import type { BuildModel } from '../model/types';
import type { Range } from '../types';
import { bakeRunBuilds } from './bake-runs';
import { baseName, dirOf, relativeId } from './paths';
import { normalised, planned, runnerOf, sameFile, workflowRoot, type PlanSource, type PlannedBuild } from './planned';

export type { PlanSource, PlannedBuild } from './planned';

/** The Go versions a module is built with: one version (setup-go, `go-version-file`) or go.mod's minimum up to the newest Go we know. */
export interface ToolchainRange {
  /** The module's go.mod, as the adapter names it. */
  module: string;
  from: GoVersion;
  to: GoVersion;
  /** "go 1.22 in go.mod (a minimum)", "go-version 1.23 of actions/setup-go". */
  because: string;
  source: PlanSource;
}

/** The build plan of a folder: which Dockerfile is built by what, for which platforms, with which args; which Go per module. */
export interface BuildPlan {
  builds: PlannedBuild[];
  toolchains: ToolchainRange[];
}

/** The part of the plan one file's analysis needs. */
export interface FilePlan {
  /** The builds of this Dockerfile ([] for other files, or when nothing in the plan builds it). */
  builds: PlannedBuild[];
  /** The Go versions of the file's module, when the plan knows them. */
  toolchain?: ToolchainRange;
}

/** What the plan is built from: each build file's model (the adapters' pre-pass) and each go.mod's text. */
export interface PlanInputs {
  /** The folder the plan is about: labels are relative to it. */
  root: string;
  models: BuildModel[];
  goMods: { file: string; text: string }[];
  /** The analysing machine: the builder of Makefiles, scripts, bake and GoReleaser runs. */
  host?: { goos: string; goarch: string };
}

/** Derives the plan from the models of a folder's build files. Pure: every path is resolved on the ids given. */
export function buildPlan(inputs: PlanInputs): BuildPlan {
  const builds: PlannedBuild[] = [];
  const host = inputs.host ? `${inputs.host.goos}/${inputs.host.goarch}` : undefined;
  for (const model of inputs.models) {
    const label = (r: Range): PlanSource => ({ file: model.file, range: r, label: `${relativeId(inputs.root, model.file)}:${r.start.line + 1}` });
    switch (model.kind) {
      case 'workflow': {
        // Paths in a workflow are relative to the checkout: the folder that holds .github/.
        const repo = workflowRoot(model.file);
        for (const image of model.images) builds.push(planned(image, repo, 'cwd', label, runnerOf(model, image.range)));
        break;
      }
      case 'bake':
        for (const target of model.targets) builds.push(planned(target.build, dirOf(model.file), 'context', label, host));
        break;
      case 'goreleaser':
        for (const image of model.images) builds.push(planned(image, dirOf(model.file), 'cwd', label, host));
        break;
      case 'makefile':
      case 'shell':
        for (const image of model.images ?? []) builds.push(planned(image, dirOf(model.file), 'cwd', label, host));
        break;
    }
  }
  // Runs of bake (bake-action steps, `docker buildx bake` in scripts): the targets they build, with their overrides.
  for (const model of inputs.models) builds.push(...bakeRunBuilds(model, inputs.root, inputs.models, host));
  return { builds, toolchains: toolchains(inputs) };
}

/** The plan's facts for one file. */
export function planFor(plan: BuildPlan, file: string): FilePlan {
  const builds = plan.builds.filter((b) => b.dockerfile !== undefined && sameFile(b.dockerfile, file));
  // The nearest go.mod above the file.
  const toolchain = plan.toolchains
    .filter((t) => isUnder(file, dirOf(t.module)))
    .sort((a, b) => b.module.length - a.module.length)[0];
  return { builds, ...(toolchain ? { toolchain } : {}) };
}

/**
 * Per go.mod: a setup-go version in a workflow of the folder (the Go CI builds with), else go.mod's
 * `toolchain`/`go` line as a minimum up to the newest Go we know.
 */
function toolchains(inputs: PlanInputs): ToolchainRange[] {
  const out: ToolchainRange[] = [];
  const setupGo = inputs.models.flatMap((m) => (m.kind === 'workflow' ? m.setupGo ?? [] : []).map((s) => ({ ...s, file: m.file })));
  for (const mod of inputs.goMods) {
    const go = /^go\s+(1\.\d+)/m.exec(mod.text);
    const toolchain = /^toolchain\s+go(1\.\d+)/m.exec(mod.text);
    const line = (m: RegExpExecArray | null) => (m ? mod.text.slice(0, m.index).split('\n').length - 1 : 0);
    const at = (l: number): PlanSource => ({ file: mod.file, range: { start: { line: l, character: 0 }, end: { line: l, character: 0 } }, label: `${relativeId(inputs.root, mod.file)}:${l + 1}` });
    const goV = go ? toGoVersion(go[1]) : undefined;
    const tcV = toolchain ? toGoVersion(toolchain[1]) : undefined;
    const minimum = tcV && (!goV || compareGo(tcV, goV) > 0) ? { v: tcV, why: `toolchain go${toolchain![1]} in ${baseName(mod.file)}`, line: line(toolchain) } : goV ? { v: goV, why: `go ${go![1]} in ${baseName(mod.file)}`, line: line(go) } : undefined;
    // setup-go in a workflow of the same repository: its version, or go.mod's when it reads go-version-file.
    const ci = setupGo.filter((s) => isUnder(mod.file, workflowRoot(s.file)));
    const versions = ci.map((s) => (s.versionFile ? minimum?.v : s.version)).filter((v): v is GoVersion => v !== undefined);
    if (ci.length && versions.length === ci.length) {
      const sorted = [...versions].sort(compareGo);
      const first = ci[0];
      const src: PlanSource = { file: first.file, range: first.range, label: `${relativeId(inputs.root, first.file)}:${first.range.start.line + 1}` };
      const what = first.versionFile ? `go-version-file of actions/setup-go (${minimum?.why})` : `go-version ${first.written} of actions/setup-go`;
      out.push({ module: mod.file, from: sorted[0], to: sorted[sorted.length - 1], because: what, source: src });
      continue;
    }
    if (minimum) out.push({ module: mod.file, from: minimum.v, to: NEWEST_GO, because: `${minimum.why}, a minimum`, source: at(minimum.line) });
  }
  return out;
}

function isUnder(file: string, dir: string): boolean {
  const f = normalised(file);
  const d = normalised(dir);
  // A relative directory `.` holds every relative path that does not climb out of it.
  if (d === '' || d === '.') return !f.startsWith('/') && !f.startsWith('../') && !/^[a-z]+:/i.test(f);
  return f.startsWith(`${d}/`);
}

/**
 * The build args every build of the Dockerfile passes, by name: the value when all agree, undefined when
 * they differ, a value is unknown, or some build leaves the arg to its default.
 */
export function plannedArgs(plan: FilePlan | undefined): Map<string, string | undefined> | undefined {
  const builds = plan?.builds ?? [];
  if (!builds.length) return undefined;
  const names = new Set(builds.flatMap((b) => [...b.args.keys()]));
  if (!names.size) return undefined;
  const out = new Map<string, string | undefined>();
  for (const name of names) {
    const values = builds.map((b) => b.args.get(name));
    const first = values[0]?.value;
    out.set(name, values.every((v) => v !== undefined && v.value !== undefined && v.value === first) ? first : undefined);
  }
  return out;
}
