import { GO_VERSIONS, goBetween, type GoVersion } from '../knowledge/go-versions';
import type { BuildModel, EnvContext, GoVersionSource } from '../model/types';
import { MESSAGE_LIMITS } from '../rules/helpers';
import type { Rule, RuleContext, RuleReport } from '../rules/rule';
import type { Severity } from '../types';

/**
 * A version-dependent rule (ports, flags per port, experiments) on a file whose Go is a range (go.mod's
 * line is a minimum): the rule runs once per version, and a verdict is an error only when every version in
 * the range reaches it; otherwise a warning that names the versions that fail and where the range comes from.
 */
export function judgedOverVersions(rule: Rule, ctx: RuleContext): RuleReport[] {
  const range = rangeOf(ctx.model);
  if (!range) return rule.check(ctx as never);
  const versions = GO_VERSIONS.filter((v) => goBetween(v, range.version, range.upTo));
  const byPlace = new Map<string, { report: RuleReport; failing: GoVersion[] }>();
  for (const v of versions) {
    for (const r of rule.check({ ...ctx, model: atVersion(ctx.model, v) } as never)) {
      const key = `${r.range.start.line}:${r.range.start.character}-${r.range.end.line}:${r.range.end.character}`;
      const entry = byPlace.get(key) ?? byPlace.set(key, { report: r, failing: [] }).get(key)!;
      if (!entry.failing.includes(v)) entry.failing.push(v);
    }
  }
  const out: RuleReport[] = [];
  for (const { report, failing } of byPlace.values()) {
    const note = { file: ctx.file.path, range: report.range, message: `the Go versions: ${range.because} (Go ${list(versions)})` };
    if (failing.length === versions.length) {
      out.push({ ...report, related: [...(report.related ?? []), note] });
      continue;
    }
    const ok = versions.filter((v) => !failing.includes(v));
    const lead = firstSentence(report.message);
    const evidence = `Only Go ${list(failing)} fail${failing.length === 1 ? 's' : ''}; Go ${list(ok)} build${ok.length === 1 ? 's' : ''} it (${range.because}).`;
    const fits = lead.length + 1 + evidence.length <= MESSAGE_LIMITS.message;
    out.push({
      ...report,
      severity: atMostWarning(report.severity ?? rule.severity),
      message: fits ? `${lead} ${evidence}` : lead,
      related: [
        ...(fits ? [] : [{ file: ctx.file.path, range: report.range, message: evidence }]),
        { file: ctx.file.path, range: report.range, message: `with Go ${failing[0]}: ${report.message}` },
        note,
        ...(report.related ?? []),
      ],
    });
  }
  return out;
}

/** The widest Go range among the model's contexts (they share the file's default version). */
function rangeOf(model: BuildModel): GoVersionSource | undefined {
  return model.contexts.find((c) => c.goVersion.upTo !== undefined)?.goVersion;
}

/** The model as it is with one Go version of the range: contexts on the file's default Go get that version. */
function atVersion(model: BuildModel, version: GoVersion): BuildModel {
  const contexts: EnvContext[] = model.contexts.map((c) => (c.goVersion.upTo !== undefined ? { ...c, goVersion: { version, because: c.goVersion.because } } : c));
  return { ...model, contexts } as BuildModel;
}

function atMostWarning(s: Severity): Severity {
  return s === 'error' ? 'warning' : s;
}

function firstSentence(message: string): string {
  const end = message.search(/[.!?](?=\s|$)/);
  return end < 0 ? message : message.slice(0, end + 1);
}

/** `1.22–1.23`, `1.22, 1.25`: runs of consecutive versions joined. */
export function list(versions: GoVersion[]): string {
  const all = GO_VERSIONS as readonly GoVersion[];
  const runs: GoVersion[][] = [];
  for (const v of versions) {
    const last = runs[runs.length - 1];
    if (last && all.indexOf(v) === all.indexOf(last[last.length - 1]) + 1) last.push(v);
    else runs.push([v]);
  }
  return runs.map((r) => (r.length === 1 ? r[0] : `${r[0]}–${r[r.length - 1]}`)).join(', ');
}
