/** The plan's build records and how an ImageBuild of a model becomes one (build-plan.ts and bake-runs.ts share them). */
import { normalisePlatform } from '../knowledge/platforms';
import type { ImageBuild, WorkflowModel } from '../model/types';
import type { Range } from '../types';
import { baseName, dirOf, joinId } from './paths';

/** Where a fact of the plan was read: a file (as the adapter names it) and a range, with a short label for messages. */
export interface PlanSource {
  file: string;
  range: Range;
  /** `.github/workflows/release.yml:40`: the file relative to the plan's root, and the 1-based line. */
  label: string;
}

/** One image build of a Dockerfile that a workflow step, a bake target, a GoReleaser docker, a recipe or a script asks for. */
export interface PlannedBuild {
  /** The Dockerfile built, as the adapter names files; undefined when it cannot be known (a template, a variable). */
  dockerfile: string | undefined;
  /** "step Build image (line 40)", "bake target app", "GoReleaser dockers_v2[0]". */
  by: string;
  source: PlanSource;
  /**
   * The platforms asked for, each where it is written (value undefined when unknown: `${{ matrix.platform }}`,
   * `$(PLATFORMS)` unset); undefined when the build names none (it builds for the builder's own platform).
   */
  platforms?: { value: string | undefined; source: PlanSource }[];
  /** The platform of the machine that runs the build (`linux/arm64` for ubuntu-24.04-arm); undefined when unknown. */
  builder?: string;
  /** Build args by name (bake `args`, `build-args`, `--build-arg`); value undefined when unknown. */
  args: Map<string, { value: string | undefined; source: PlanSource }>;
  /** The Dockerfile stage built (`--target`, bake/compose `target`); undefined: the last stage. */
  target?: string;
}

/**
 * `dockerfile` as an id: a workflow step's `file` and `docker buildx build -f` are relative to the directory
 * the command runs in (`cwd`), bake's `dockerfile` to the target's context; without one it is the
 * context's `Dockerfile`.
 */
export function planned(image: ImageBuild, base: string, fileRelativeTo: 'cwd' | 'context', label: (r: Range) => PlanSource, builder: string | undefined): PlannedBuild {
  const context = image.context === undefined ? base : isRemote(image.context) ? undefined : joinId(base, image.context);
  let dockerfile: string | undefined;
  if (image.dockerfile === undefined) dockerfile = context === undefined ? undefined : joinId(context, 'Dockerfile');
  else if (!image.dockerfile.includes('$') && !image.dockerfile.includes('{{')) {
    const from = fileRelativeTo === 'context' ? context : base;
    dockerfile = from === undefined ? undefined : joinId(from, image.dockerfile);
  }
  const build: PlannedBuild = { dockerfile, by: image.by, source: label(image.range), args: new Map(), ...(builder ? { builder } : {}) };
  if (image.platforms) build.platforms = image.platforms.map((p) => ({ value: p.value === undefined ? undefined : platformOn(p.value, builder), source: label(p.range) }));
  for (const [name, a] of image.args) build.args.set(name, { value: a.value, source: label(a.nameRange) });
  if (image.target !== undefined) build.target = image.target;
  return build;
}

/**
 * A written platform in BuildKit's spelling; an OS alone (`--platform=linux`) takes the builder's
 * architecture, as BuildKit fills it in from the machine it runs on. Undefined when it cannot be read.
 */
export function platformOn(written: string, builder: string | undefined): string | undefined {
  const text = written.trim().toLowerCase();
  if (!PLATFORM.test(text)) return undefined;
  if (!text.includes('/') && builder?.startsWith(`${text}/`)) return builder;
  return normalisePlatform(text);
}

/** What a platform looks like (`linux/arm/v7`, `arm64`); anything else (a variable, a template) is unknown. */
export const PLATFORM = /^[a-z0-9_-]+(\/[a-z0-9_-]+){0,2}$/i;

/** A git URL or a remote context: the Dockerfile is not in this folder. */
function isRemote(context: string): boolean {
  return /^(https?:|git@|git:\/\/|docker-image:|target:)/.test(context) || context.includes('{{');
}

/** The runner of the job whose range holds the step. */
export function runnerOf(model: WorkflowModel, step: Range): string | undefined {
  const job = model.jobs.find((j) => j.range.start.line <= step.start.line && j.range.end.line >= step.end.line);
  const r = job?.runner;
  return r?.goos && r.goarch ? `${r.goos}/${r.goarch}` : undefined;
}

/** `<repo>/.github/workflows/x.yml` → `<repo>` (`.` for a path relative to the repository). */
export function workflowRoot(file: string): string {
  if (file.startsWith('.github/')) return '.';
  const at = file.lastIndexOf('/.github/');
  return at >= 0 ? file.slice(0, at) : dirOf(file);
}

export function sameFile(a: string, b: string): boolean {
  return normalised(a) === normalised(b);
}

/** `./a/../b` → `b`, percent-escapes decoded: one spelling per file. */
export function normalised(id: string): string {
  const joined = joinId(dirOf(id), baseName(id));
  try {
    return decodeURIComponent(joined);
  } catch {
    return joined;
  }
}

