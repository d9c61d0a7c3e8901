import { buildModel, defaultGoVersion } from './model/build-model';
import type { BuildModel } from './model/types';
import { RULES } from './rules';
import { docsUrl } from './rules/rule';
import type { LineIndex } from './text';
import type { Facts, Finding, Severity, SourceFile } from './types';

export type RuleSetting = Severity | 'off';

export interface AnalyzeOptions {
  facts: Facts;
  /** go.mod's go/toolchain version of the module the file belongs to. */
  goModVersion?: string;
  /** Per-code severity or 'off' (the `xbd.rules` setting). */
  rules?: Record<string, RuleSetting>;
  /** Where the engine reports what it could not analyse (never thrown at the caller). */
  log?: (message: string) => void;
}

export interface Analysis {
  findings: Finding[];
  model?: BuildModel;
  lines?: LineIndex;
}

/**
 * Analyses one document. Never throws: a parser or rule failure costs that part's findings and a log
 * line, never the editor's diagnostics for the rest.
 */
export function analyze(file: SourceFile, options: AnalyzeOptions): Analysis {
  const log = options.log ?? (() => {});
  let built: ReturnType<typeof buildModel>;
  try {
    built = buildModel(file, { goVersion: defaultGoVersion(options.facts, options.goModVersion) });
  } catch (err) {
    log(`xbd: could not read ${file.path}: ${describe(err)}`);
    return { findings: [] };
  }
  const { model, lines } = built;
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const configured = options.rules?.[rule.code];
    if (configured === 'off') continue;
    try {
      for (const r of rule.check({ file, model, lines, facts: options.facts })) {
        findings.push({
          file: file.path,
          range: r.range,
          code: rule.code,
          severity: configured ?? r.severity ?? rule.severity,
          message: r.message,
          fixes: r.fixes ?? [],
          ...(r.related?.length ? { related: r.related } : {}),
        });
      }
    } catch (err) {
      log(`xbd: rule ${rule.code} failed on ${file.path}: ${describe(err)}`);
    }
  }
  // A loop walked once per value, or a value seen in several contexts, may report the same thing twice.
  const seen = new Set<string>();
  const unique = findings.filter((f) => {
    const key = `${f.code}|${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}|${f.message}`;
    return !seen.has(key) && Boolean(seen.add(key));
  });
  unique.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code));
  return { findings: unique, model, lines };
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

export { docsUrl };
