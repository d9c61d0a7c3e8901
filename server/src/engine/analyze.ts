import { buildModel, defaultGoVersion, type IncludeReader } from './model/build-model';
import { parseGoMod, type ModuleInfo } from './model/gomod';
import { goModVersion } from './model/simple-models';
import type { BuildModel } from './model/types';
import { RULES } from './rules';
import type { RuleModule } from './rules/rule';
import { docsUrl } from './rules/rule';
import { applySuppressions } from './suppressions';
import type { LineIndex } from './text';
import type { Facts, Finding, ModuleImport, Severity, SourceFile } from './types';

export type RuleSetting = Severity | 'off';

export interface AnalyzeOptions {
  facts: Facts;
  /** go.mod's go/toolchain version of the module the file belongs to. */
  goModVersion?: string;
  /**
   * The go.mod of the module the file belongs to (nearest above it), as the adapter read it, and what
   * the adapter found in the module's sources: files with `import "C"` (bounded scan, vendor/ and
   * testdata/ skipped) and imports of cgo-only packages. The engine never reads the disk.
   */
  goMod?: { path: string; text: string; cgoFiles?: { path: string; line: number }[]; imports?: (string | ModuleImport)[] };
  /** Per-code severity or 'off' (the `xbd.rules` setting). */
  rules?: Record<string, RuleSetting>;
  /** Makefiles: reads the files `include` names (the adapter's disk and open documents). */
  readInclude?: IncludeReader;
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
    built = buildModel(file, {
      goVersion: defaultGoVersion(options.facts, options.goModVersion ?? (options.goMod ? goModVersion(options.goMod.text) : undefined)),
      readInclude: options.readInclude,
      host: options.facts.host,
      log,
    });
  } catch (err) {
    log(`xbd: could not read ${file.path}: ${describe(err)}`);
    return { findings: [] };
  }
  const { model, lines } = built;
  const sites = options.goMod?.imports?.map((i): ModuleImport => (typeof i === 'string' ? { pkg: i, file: '' } : i));
  const module: RuleModule | undefined = options.goMod
    ? { path: options.goMod.path, mod: parseGoMod(options.goMod.text), cgoFiles: options.goMod.cgoFiles ?? [], imports: [...new Set((sites ?? []).map((i) => i.pkg))], importSites: sites }
    : undefined;
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const configured = options.rules?.[rule.code];
    if (configured === 'off' || !(rule.kinds as readonly string[]).includes(model.kind)) continue;
    try {
      for (const r of rule.check({ file, model, lines, facts: options.facts, module })) {
        const note = model.rangeNotes?.get(r.range);
        // A finding on an included file's text is that file's: reported when it is analysed itself.
        if (note?.file) continue;
        findings.push({
          file: file.path,
          range: r.range,
          code: rule.code,
          severity: configured ?? r.severity ?? rule.severity,
          message: note?.condition ? withCondition(r.message, note.condition) : r.message,
          fixes: r.fixes ?? [],
          ...(r.related?.length ? { related: r.related } : {}),
        });
      }
    } catch (err) {
      log(`xbd: rule ${rule.code} failed on ${file.path}: ${describe(err)}`);
    }
  }
  // `# xbd-ignore` comments drop findings; problems with the comments themselves are reported as XB900.
  const kept = applySuppressions(file, lines, findings, options.rules);
  // A loop walked once per value, or a value seen in several contexts, may report the same thing twice.
  const seen = new Set<string>();
  const unique = kept.filter((f) => {
    const key = `${f.code}|${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}|${f.message}`;
    return !seen.has(key) && Boolean(seen.add(key));
  });
  unique.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code));
  return { findings: unique, model, lines };
}

/** `message` with the make conditional it depends on: "… (when `ifeq ($(OS),Windows_NT)` holds)." */
export function withCondition(message: string, condition: string): string {
  const end = message.endsWith('.') ? '.' : '';
  return `${message.slice(0, message.length - end.length)} (${condition})${end}`;
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

export { docsUrl };
