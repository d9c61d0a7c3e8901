import type { DockerfileModel } from '../model/types';
import { platformVerdict, type PlatformVerdict } from '../plan/platforms';
import { fit, MESSAGE_LIMITS, notes } from './helpers';
import type { RuleContext, RuleReport } from './rule';

/**
 * Severity by the build plan, for claims that need a multi-platform or foreign-platform build (XB301,
 * XB302, XB304, XB306, XB309, XB310): the rule's own severity when the plan shows such a build (or the
 * Dockerfile itself is written for one), with the evidence named; information when nothing says; no
 * finding when every build is for the builder's own platform.
 */
export function judgedByPlan(ctx: RuleContext<DockerfileModel>, reports: RuleReport[], except: readonly string[] = []): RuleReport[] {
  if (!reports.length) return reports;
  const verdict = platformVerdict(ctx.plan, ctx.model, except);
  if (verdict.kind === 'native') return [];
  return reports.map((r) => withVerdict(ctx.file.path, r, verdict));
}

/** The report with the verdict's evidence in its message (or its related information when it does not fit). */
export function withVerdict(file: string, r: RuleReport, verdict: PlatformVerdict, severity = verdict.kind === 'unknown' ? ('information' as const) : r.severity): RuleReport {
  // The evidence goes right after the first sentence; what no longer fits moves to related information.
  const first = firstSentence(r.message);
  const rest = r.message.slice(first.length).trim();
  const text = verdict.kind === 'built' && first.length + 1 + verdict.text.length > MESSAGE_LIMITS.message - 10 ? verdict.short : verdict.text;
  const { message, rest: moved } = fit(first, text, rest);
  const evidence =
    verdict.kind === 'built'
      ? verdict.evidence.map((e) => ({ file: e.file, range: e.range, message: `${verdict.text.replace(/ by .*$/, '')} here (${e.label})` }))
      : verdict.kind === 'unknown' && verdict.evidence
        ? [{ file: verdict.evidence.file, range: verdict.evidence.range, message: 'platforms that cannot be read here' }]
        : [];
  return {
    ...r,
    ...(severity ? { severity } : {}),
    message,
    related: [...(r.related ?? []), ...notes(file, r.range, moved), ...evidence],
  };
}

function firstSentence(message: string): string {
  const end = message.search(/[.!?](?=\s|$)/);
  return end < 0 ? message : message.slice(0, end + 1);
}
