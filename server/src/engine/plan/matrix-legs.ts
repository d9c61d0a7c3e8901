import type { BuildModel, EnvContext, GoCommand, LostAssignment, WorkflowJob } from '../model/types';
import { fit, MESSAGE_LIMITS } from '../rules/helpers';
import type { RuleContext, RuleReport } from '../rules/rule';
import { atOrBefore } from '../text';
import type { Range, RelatedInformation } from '../types';

/**
 * A rule on a workflow whose jobs have matrix legs (model/workflow-leg-walks.ts): the rule judges the model
 * as it is (with each job's walk with unknown matrix values: what it says holds for every leg, and a matrix
 * value that is no Go name is judged there), then once per leg index k with leg k of every such job in place
 * of that walk: the cost is the largest job's leg count plus one judgement. Places the first judgement
 * reports are not reported again by the legs. A
 * finding of the legs that every leg of its job has is reported once (naming the legs when their messages
 * differ); one only some legs have names them, keeps its severity (every leg of a matrix runs) and loses its
 * fixes, whose edits would change the other legs too.
 */
export function judgedOverLegs(ctx: RuleContext, judge: (ctx: RuleContext) => RuleReport[]): RuleReport[] {
  const model = ctx.model;
  const legged = model.kind === 'workflow' ? model.jobs.filter((j) => j.legs?.length) : [];
  if (legged.length === 0) return judge(ctx);
  const views = viewsOf(model, legged);
  const out = judge(ctx);
  const basePlaces = new Set(out.map((r) => rangeKey(r.range)));
  const byPlace = new Map<string, Map<number, RuleReport>>();
  for (const [k, view] of views.entries()) {
    const seen = new Map<string, number>();
    for (const report of judge({ ...ctx, model: view })) {
      const place = rangeKey(report.range);
      if (basePlaces.has(place)) continue;
      // The n-th report of a view at a place meets the n-th of the other views there.
      const n = seen.get(place) ?? 0;
      seen.set(place, n + 1);
      const key = `${place}#${n}`;
      (byPlace.get(key) ?? byPlace.set(key, new Map()).get(key)!).set(k, report);
    }
  }
  for (const found of byPlace.values()) {
    const first = found.values().next().value!;
    const job = legged.find((j) => within(first.range, j.range));
    const failing = job ? [...found.keys()].filter((k) => k < job.legs!.length) : [];
    const reports = failing.map((k) => [k, found.get(k)!] as const);
    if (!job || found.size === views.length || failing.length === job.legs!.length) out.push(job && reports.length ? forEveryLeg(ctx, job, reports) : first);
    else out.push(forSomeLegs(ctx, job, reports));
  }
  return out;
}

const viewCache = new WeakMap<BuildModel, BuildModel[]>();

/**
 * The model as leg k of every legged job sees it (their generic walks left out), made once per model: every
 * rule judges the same views, and facts indexed per model (contextsOf) are built once per view.
 */
function viewsOf(model: BuildModel, legged: WorkflowJob[]): BuildModel[] {
  const cached = viewCache.get(model);
  if (cached) return cached;
  const generic = new Set<EnvContext | GoCommand | LostAssignment>(legged.flatMap((j) => [...j.generic!.contexts, ...j.generic!.commands, ...j.generic!.lost]));
  const legsAt = (k: number) => legged.flatMap((j) => (j.legs![k] ? [j.legs![k]] : []));
  const views: BuildModel[] = [];
  for (let k = 0; k < Math.max(...legged.map((j) => j.legs!.length)); k++) {
    const legs = legsAt(k);
    views.push({
      ...model,
      contexts: [...model.contexts.filter((c) => !generic.has(c)), ...legs.flatMap((l) => l.contexts)],
      commands: [...model.commands.filter((c) => !generic.has(c)), ...legs.flatMap((l) => l.commands)],
      lost: [...model.lost.filter((l) => !generic.has(l)), ...legs.flatMap((l) => l.lost)],
    } as BuildModel);
  }
  viewCache.set(model, views);
  return views;
}

/**
 * A report every leg of `job` has: as it is when the legs say the same; otherwise the first leg's, naming the
 * legs it speaks for, the others' messages related, and fixes only when every leg's are the same edits.
 */
function forEveryLeg(ctx: RuleContext, job: WorkflowJob, reports: readonly (readonly [number, RuleReport])[]): RuleReport {
  const [k0, report] = reports[0];
  const others = reports.filter(([, r]) => r.message !== report.message);
  if (others.length === 0) return report;
  const legs = job.legs!;
  const same = reports.filter(([, r]) => r.message === report.message).flatMap(([k]) => legs[k].labels);
  const { message, rest } = fit(firstSentence(report.message), `For ${same.join('; ')} (other legs: see related).`);
  const at = (text: string): RelatedInformation => ({ file: ctx.file.path, range: report.range, message: text });
  const sameFixes = reports.every(([, r]) => JSON.stringify(r.fixes ?? []) === JSON.stringify(report.fixes ?? []));
  const { fixes, ...bare } = report;
  return {
    ...bare,
    ...(sameFixes && fixes ? { fixes } : {}),
    message,
    related: [
      ...rest.map(at),
      at(`for ${legs[k0].labels.join('; ')}: ${report.message}`),
      ...others.map(([k, r]) => at(`for ${legs[k].labels.join('; ')}: ${r.message}`)),
      ...(report.related ?? []),
    ],
  };
}

/** A report only some legs of `job` have: the legs named in the message (or beside it), the other legs' messages related. */
function forSomeLegs(ctx: RuleContext, job: WorkflowJob, failing: readonly (readonly [number, RuleReport])[]): RuleReport {
  const legs = job.legs!;
  const [k0, report] = failing[0];
  const failingLabels = failing.flatMap(([k]) => legs[k].labels);
  const passing = legs.filter((_, k) => !failing.some(([f]) => f === k)).flatMap((l) => l.labels);
  const lead = firstSentence(report.message);
  // Legs on one runner say it once: "Only for goarch=arm64 (not goarch=amd64) on ubuntu-latest."
  const runner = commonRunner([...failingLabels, ...passing]);
  const bare = (labels: string[]) => labels.map((l) => (runner ? l.slice(0, -runner.length) : l)).join('; ');
  const only = `Only for ${failingLabels.join('; ')}`;
  const both = `Only for ${bare(failingLabels)} (not ${bare(passing)})${runner}.`;
  const fits = (text: string) => lead.length + 1 + text.length <= MESSAGE_LIMITS.message;
  const notFor = `Not for ${passing.join('; ')}.`;
  const { message, rest } = fits(both)
    ? fit(lead, both)
    : fits(`${only}.`)
      ? { message: `${lead} ${only}.`, rest: [notFor] }
      : fit(lead, `Only for ${failingLabels.length} of ${failingLabels.length + passing.length} legs, such as ${failingLabels[0]}.`, `${only}.`, notFor);
  const at = (text: string): RelatedInformation => ({ file: ctx.file.path, range: report.range, message: text });
  const related: RelatedInformation[] = [
    ...rest.map(at),
    at(`for ${legs[k0].labels.join('; ')}: ${report.message}`),
    ...failing.slice(1).filter(([, r]) => r.message !== report.message).map(([k, r]) => at(`for ${legs[k].labels.join('; ')}: ${r.message}`)),
    ...(report.related ?? []),
  ];
  const { fixes: _dropped, ...rest_ } = report;
  return { ...rest_, message, related };
}

/** ` on ubuntu-latest` when every label ends with it (and names values before it), else ''. */
function commonRunner(labels: string[]): string {
  const at = labels[0].lastIndexOf(' on ');
  const suffix = at > 0 ? labels[0].slice(at) : '';
  return suffix && labels.every((l) => l.endsWith(suffix) && l.length > suffix.length) ? suffix : '';
}

function firstSentence(message: string): string {
  const end = message.search(/[.!?](?=\s|$)/);
  return end < 0 ? message : message.slice(0, end + 1);
}

function rangeKey(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

function within(inner: Range, outer: Range): boolean {
  return atOrBefore(outer.start, inner.start) && atOrBefore(inner.end, outer.end);
}
