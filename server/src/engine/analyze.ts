import { buildModel, defaultGoVersion, type IncludeReader, type ModelOptions } from './model/build-model';
import { plannedArgs, type FilePlan } from './plan/build-plan';
import { judgedOverVersions } from './plan/version-range';
import { judgedOverLegs } from './plan/matrix-legs';
import { parseGoMod, type ModuleInfo } from './model/gomod';
import { goModVersion } from './model/simple-models';
import type { BuildModel, GoVersionSource } from './model/types';
import { RULES } from './rules';
import type { RuleModule } from './rules/rule';
import { docsUrl } from './rules/rule';
import { followCalls, type Reached } from './follow/follow';
import { applySuppressions } from './suppressions';
import type { LineIndex } from './text';
import type { Facts, Finding, Fix, ModuleImport, Severity, SourceFile, TextEdit } from './types';

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
  /**
   * What the build plan of the folder says about this file (the adapter builds the plan from the folder's
   * workflows, bake files, GoReleaser configs, Makefiles and scripts): the builds of this Dockerfile, and
   * the Go versions of its module. Undefined: no plan was made (rules that need one say at most information).
   */
  plan?: FilePlan;
  /** The file's model when the adapter already built it with these options (the plan's pre-pass): not parsed again. */
  prebuilt?: { model: BuildModel; lines: LineIndex };
  /** False when no next version of this text will be analysed soon (ModelOptions.keepReading; default: kept). */
  keepReading?: boolean;
}

export interface Analysis {
  findings: Finding[];
  /** Findings in the build files this one runs (followed calls), per file: merge them into that file's (mergeReached). */
  reached?: Reached[];
  model?: BuildModel;
  lines?: LineIndex;
}

/**
 * Analyses one document. Never throws: a parser or rule failure costs that part's findings and a log
 * line, never the editor's diagnostics for the rest.
 */
export function analyze(file: SourceFile, options: AnalyzeOptions): Analysis {
  const log = options.log ?? (() => {});
  let built: ReturnType<typeof buildModel> & { goVersion: GoVersionSource };
  const opts = modelOptions(options);
  const goVersion = opts.goVersion;
  try {
    const prebuilt = options.prebuilt?.model.file === file.path && options.prebuilt.lines.text === file.text ? options.prebuilt : undefined;
    built = { goVersion, ...(prebuilt ?? buildModel(file, opts)) };
  } catch (err) {
    log(`xbd: could not read ${file.path}: ${describe(err)}`);
    return { findings: [] };
  }
  const { model, lines } = built;
  const module = ruleModule(options);
  // A finding on an included file's text is that file's: reported when it is analysed itself.
  const findings = ruleFindings(file, model, lines, options, module, log).filter((f) => f.file === file.path);
  // The build files this one runs (a workflow's `make release`, a recipe's goreleaser), in the environment
  // they get here: their findings on this file's text join these; the others are the callee's (`reached`).
  const followed = followCalls(
    file,
    model,
    { facts: options.facts, goVersion: built.goVersion, readInclude: options.readInclude, log },
    { depth: 0, chain: [file.path], logged: new Set() },
    (f, m, l) => ruleFindings(f, m, l, options, module, log),
    (f, l, found) => onePerPlace(applySuppressions(f, l, found, options.rules)),
  );
  findings.push(...followed.inCaller);
  if (followed.read.length) model.included = [...new Set([...(model.included ?? []), ...followed.read])];
  // `# xbd-ignore` comments drop findings; problems with the comments themselves are reported as XB900.
  const kept = applySuppressions(file, lines, findings, options.rules);
  const unique = onePerPlace(kept);
  unique.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code));
  return { findings: unique, model, lines, ...(followed.reached.length ? { reached: followed.reached } : {}) };
}

function ruleModule(options: AnalyzeOptions): RuleModule | undefined {
  const sites = options.goMod?.imports?.map((i): ModuleImport => (typeof i === 'string' ? { pkg: i, file: '' } : i));
  return options.goMod
    ? { path: options.goMod.path, mod: parseGoMod(options.goMod.text), cgoFiles: options.goMod.cgoFiles ?? [], imports: [...new Set((sites ?? []).map((i) => i.pkg))], importSites: sites }
    : undefined;
}

/**
 * Every rule's reports on a model, each named by the file its range lies in (the model's range notes say
 * which ranges are another file's: an included Makefile's, a caller's site in a followed callee).
 */
function ruleFindings(file: SourceFile, model: BuildModel, lines: LineIndex, options: AnalyzeOptions, module: RuleModule | undefined, log: (message: string) => void): Finding[] {
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const configured = options.rules?.[rule.code];
    if (configured === 'off' || !(rule.kinds as readonly string[]).includes(model.kind)) continue;
    try {
      const ctx = { file, model, lines, facts: options.facts, module, ...(options.plan ? { plan: options.plan } : {}) };
      // A workflow's matrix legs are judged one by one; within each, a Go range version by version.
      for (const r of judgedOverLegs(ctx, (c) => (rule.versioned ? judgedOverVersions(rule, c) : rule.check(c)))) {
        const note = model.rangeNotes?.get(r.range);
        findings.push({
          file: note?.file ?? file.path,
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
  return findings;
}

/** The options a file's model is built with (the adapters' plan pre-pass builds it the same way). */
export function modelOptions(options: AnalyzeOptions): ModelOptions {
  const goMod = options.goModVersion ?? (options.goMod ? goModVersion(options.goMod.text) : undefined);
  return {
    goVersion: defaultGoVersion(options.facts, goMod, options.plan?.toolchain),
    readInclude: options.readInclude,
    host: options.facts.host,
    log: options.log ?? (() => {}),
    ...(options.plan && plannedArgs(options.plan) ? { buildArgs: plannedArgs(options.plan) } : {}),
    ...(options.keepReading === false ? { keepReading: false } : {}),
  };
}

const SUPERSEDED_BY = new Map(RULES.flatMap((r) => (r.supersedes ?? []).map((code) => [code, r.code] as const)));

/**
 * One finding per rule and place: a loop walked once per value, or a value seen in several contexts, may
 * report the same thing twice, and one cause (an `export` on its own recipe line) may reach several go
 * commands. Those merge: the first message, the others as related information where their fixes act,
 * and one preferred fix with every edit (when their preferred fixes are the same fix). A finding a rule supersedes at the same range is dropped.
 */
function onePerPlace(findings: Finding[]): Finding[] {
  const rangeKey = (f: Finding) => `${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`;
  const present = new Set(findings.map((f) => `${f.code}|${rangeKey(f)}`));
  const byPlace = new Map<string, Finding>();
  const same = new EditComparer();
  for (const f of findings) {
    const by = SUPERSEDED_BY.get(f.code);
    if (by && present.has(`${by}|${rangeKey(f)}`)) continue;
    const key = `${f.code}|${rangeKey(f)}`;
    const first = byPlace.get(key);
    if (!first) byPlace.set(key, f);
    else if (first.message === f.message && same.fixLists(first.fixes, f.fixes)) continue;
    else if (sameCause(first, f)) byPlace.set(key, merge(first, f, same));
    else byPlace.set(`${key}|${f.message}`, f);
  }
  return [...byPlace.values()];
}

/**
 * Equality of fixes and edits by their JSON, each edit written once: one cause that reaches hundreds of
 * go commands (a long `&&` chain after an `export`) merges hundreds of findings, and comparing every
 * merged edit again at each merge cost the square of that, in JSON.stringify calls.
 */
class EditComparer {
  private readonly written = new Map<TextEdit, string>();

  edit(e: TextEdit): string {
    let json = this.written.get(e);
    if (json === undefined) this.written.set(e, (json = JSON.stringify(e)));
    return json;
  }

  edits(x: Fix, y: Fix): boolean {
    return x.edits.length === y.edits.length && x.edits.every((e, i) => e === y.edits[i] || this.edit(e) === this.edit(y.edits[i]));
  }

  /** Different titles or edit counts cannot give the same JSON: only lists that could are written out. */
  fixLists(a: Fix[], b: Fix[]): boolean {
    return a.length === b.length && a.every((x, i) => x.title === b[i].title && x.edits.length === b[i].edits.length) && JSON.stringify(a) === JSON.stringify(b);
  }
}

/** The same fix asked for at other places: one cause (two values at one place are two causes). */
function sameCause(a: Finding, b: Finding): boolean {
  const pa = a.fixes.find((x) => x.isPreferred);
  const pb = b.fixes.find((x) => x.isPreferred);
  return a.message === b.message || (!!pa && !!pb && pa.title === pb.title);
}

function merge(a: Finding, b: Finding, same: EditComparer): Finding {
  const pa = a.fixes.find((x) => x.isPreferred);
  const pb = b.fixes.find((x) => x.isPreferred);
  let fixes = [...a.fixes, ...b.fixes.filter((y) => !a.fixes.some((x) => x.title === y.title && same.edits(x, y)))];
  if (pa && pb && !same.edits(pa, pb)) {
    // One cause, one fix: the preferred fix edits every place the cause reaches.
    const have = new Set(pa.edits.map((d) => same.edit(d)));
    const edits = [...pa.edits, ...pb.edits.filter((e) => !have.has(same.edit(e)))];
    fixes = [{ ...pa, edits }, ...fixes.filter((x) => x !== pa && x !== pb)];
  }
  const at = pb?.edits[0];
  const related = b.message !== a.message ? [{ file: at?.file ?? b.file, range: at?.range ?? b.range, message: b.message }] : [];
  const all = [...(a.related ?? []), ...related, ...(b.related ?? [])];
  return { ...a, fixes, ...(all.length ? { related: all } : {}) };
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
