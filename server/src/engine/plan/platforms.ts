import type { DockerfileModel } from '../model/types';
import type { Range } from '../types';
import type { BuildPlan, FilePlan, PlanSource, PlannedBuild } from './build-plan';

/**
 * What the plan says about the platforms a Dockerfile is built for, for rules whose claim needs a
 * multi-platform or foreign-platform build:
 * - `built`: a build asks for several platforms, or for one other than its builder's (emulation): the claim holds;
 * - `in-file`: no build in the plan, but the Dockerfile itself is written for it (platform args, `--platform`);
 * - `native`: every build is for the builder's own platform: the claim does not apply;
 * - `unknown`: no evidence either way, or platforms that cannot be read (`${{ matrix.platform }}`).
 */
export type PlatformVerdict =
  | { kind: 'built'; platforms: string[]; evidence: PlanSource[]; text: string; short: string }
  | { kind: 'in-file'; text: string; range: Range }
  | { kind: 'native'; text: string }
  | { kind: 'unknown'; text: string; evidence?: PlanSource };

/** The automatic args whose use says a Dockerfile is written for builds on other platforms. */
const PLATFORM_ARGS = /^(TARGETPLATFORM|TARGETOS|TARGETARCH|TARGETVARIANT|BUILDPLATFORM)$/;

/** At most this many platforms are named in a message (the rest as "…"). */
const SHOWN = 3;

/**
 * The verdict for one Dockerfile. `except`: platform args whose use is the finding itself (XB309's
 * `ARG TARGETARCH=amd64` is not evidence of a multi-platform build).
 */
export function platformVerdict(plan: FilePlan | undefined, model: DockerfileModel, except: readonly string[] = []): PlatformVerdict {
  const builds = plan?.builds ?? [];
  const foreign = builds.filter((b) => foreignPlatforms(b) !== undefined && foreignPlatforms(b)!.length > 0);
  if (foreign.length) {
    const platforms = [...new Set(foreign.flatMap((b) => known(b)))];
    const first = foreign[0];
    const shown = platforms.length > SHOWN ? `${platforms.slice(0, SHOWN).join(',')},…` : platforms.join(',');
    const on = platforms.length === 1 && first.builder ? ` on ${first.builder}` : '';
    const where = (first.platforms?.[0]?.source ?? first.source).label;
    return {
      kind: 'built',
      platforms,
      evidence: foreign.map((b) => b.platforms?.[0]?.source ?? b.source),
      text: `Built for ${shown}${on} by ${where}.`,
      // The file's name only, when the path leaves no room (related information has the whole of it).
      short: `Built for ${shown}${on} by ${where.slice(where.lastIndexOf('/') + 1)}.`,
    };
  }
  const unread = builds.find((b) => foreignPlatforms(b) === undefined);
  if (unread) {
    const at = unread.platforms?.find((p) => p.value === undefined)?.source ?? unread.source;
    return { kind: 'unknown', text: `The platforms ${at.label} builds for are unknown.`, evidence: at };
  }
  if (builds.length) return { kind: 'native', text: `Built for the builder's platform only (${builds[0].source.label}).` };
  const use = inFileUse(model, except);
  if (use) return { kind: 'in-file', text: `The Dockerfile uses $${use.name} (line ${use.range.start.line + 1}).`, range: use.range };
  return { kind: 'unknown', text: 'No build of this Dockerfile for several platforms was found.' };
}

/** The platforms of a build: its known values (BuildKit's spelling). */
function known(b: PlannedBuild): string[] {
  return (b.platforms ?? []).flatMap((p) => (p.value === undefined ? [] : [p.value]));
}

/**
 * The platforms of a build that need emulation or a cross build: all of them when there are several,
 * the one when it is not the builder's; [] when the build is native; undefined when that cannot be told.
 */
function foreignPlatforms(b: PlannedBuild): string[] | undefined {
  if (!b.platforms) return [];
  if (b.platforms.some((p) => p.value === undefined)) {
    // An unreadable entry next to known ones: two or more platforms are certain.
    const k = new Set(known(b));
    return k.size >= 2 ? [...k] : undefined;
  }
  const k = [...new Set(known(b))];
  if (k.length > 1) return k;
  if (k.length === 0) return [];
  if (b.builder === undefined) return undefined;
  return k[0] === b.builder ? [] : k;
}

/** The platforms the plan builds this Dockerfile for, when every build's are known (undefined otherwise). */
export function plannedPlatforms(plan: FilePlan | undefined): string[] | undefined {
  const builds = plan?.builds ?? [];
  if (!builds.length) return undefined;
  const out = new Set<string>();
  for (const b of builds) {
    if (!b.platforms) {
      if (!b.builder) return undefined;
      out.add(b.builder);
      continue;
    }
    if (b.platforms.some((p) => p.value === undefined)) return undefined;
    for (const p of known(b)) out.add(p);
  }
  return [...out];
}

/** The first use of an automatic platform arg in the Dockerfile (a stage's instructions or a FROM line). */
function inFileUse(model: DockerfileModel, except: readonly string[]): { name: string; range: Range } | undefined {
  for (const s of model.stages) {
    const from = s.fromVars.find((v) => PLATFORM_ARGS.test(v.name) && !except.includes(v.name));
    if (from) return { name: from.name, range: from.range };
    const ref = s.refs.find((r) => PLATFORM_ARGS.test(r.name) && !except.includes(r.name));
    if (ref) return { name: ref.name, range: ref.range };
  }
  return undefined;
}

/** The platforms the plan's builds name, each where it is written and by what (the target picker lists them). */
export function planPlatformUses(plan: BuildPlan): { platform: string; file: string; line: number; what: string }[] {
  return plan.builds.flatMap((b) => (b.platforms ?? []).flatMap((p) => (p.value === undefined ? [] : [{ platform: p.value, file: p.source.file, line: p.source.range.start.line, what: b.by }])));
}
