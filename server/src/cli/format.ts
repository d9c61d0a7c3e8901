import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { docsUrl, PROJECT_URL, RULES, type Finding, type Severity } from '../engine';
import { FAILURE_REASONS, type AppliedEdit, type Skipped } from './check';

/** What one run did besides its findings: the counts and lists JSON and the text summary show. */
export interface RunSummary {
  analysed: number;
  skipped: Skipped[];
  applied: AppliedEdit[];
}

const EMPTY_RUN: RunSummary = { analysed: 0, skipped: [], applied: [] };

function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/**
 * `--format json`: the stable contract other tools rely on (version 1; fields are only ever added).
 * `counts.analysed` is the number of files analysed; `skipped` names each path passed over with its
 * reason; `applied` lists the edits --fix wrote.
 */
export function toJson(findings: Finding[], run: RunSummary = EMPTY_RUN): string {
  return JSON.stringify({
    version: 1,
    counts: { analysed: run.analysed, skipped: run.skipped.length, findings: countBySeverity(findings), applied: run.applied.length },
    findings: findings.map((f) => ({
      file: f.file,
      range: f.range,
      code: f.code,
      severity: f.severity,
      message: f.message,
      source: 'xbd',
      docs: docsUrl(f.code),
      fixes: f.fixes.map((x) => ({ title: x.title, isPreferred: x.isPreferred, edits: x.edits })),
      ...(f.related ? { related: f.related } : {}),
    })),
    skipped: run.skipped.map((s) => ({ file: s.file, reason: s.reason, message: s.message })),
    applied: run.applied,
  });
}

/** One line per edit --fix wrote: `Dockerfile:4: XB102 Replace with arm64: "aarch64" → "arm64"`. */
export function appliedLines(edits: AppliedEdit[]): string[] {
  return edits.map((e) => `${e.file}:${e.range.start.line + 1}: fixed ${e.code} (${e.title}): ${JSON.stringify(e.before)} → ${JSON.stringify(e.after)}`);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * `--format text`: one line per finding with 1-based positions, as editors and compilers print them,
 * ending with the rule's docs page; then a one-line summary.
 */
export function toText(findings: Finding[], run: RunSummary = EMPTY_RUN): string {
  const at = (file: string, r: Finding['range']) => `${file}:${r.start.line + 1}:${r.start.character + 1}`;
  const lines = findings.flatMap((f) => [
    `${at(f.file, f.range)}: ${f.severity} ${f.code}: ${f.message} (${docsUrl(f.code)})`,
    // Where the finding comes from (the step that runs this Makefile, the stage it builds for), as compilers print notes.
    ...(f.related ?? []).map((r) => `  ${at(r.file, r.range)}: note: ${r.message}`),
  ]);
  lines.push(summaryLine(findings, run));
  return lines.join('\n');
}

/** `3 files analysed, 1 skipped: 1 error, 0 warnings, 2 notes; 2 edits in 1 file`. */
export function summaryLine(findings: Finding[], run: RunSummary): string {
  const c = countBySeverity(findings);
  const fixedFiles = new Set(run.applied.map((e) => e.file)).size;
  return (
    `${plural(run.analysed, 'file')} analysed, ${run.skipped.length} skipped: ${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ` +
    `${plural(c.information + c.hint, 'note')}${run.applied.length ? `; ${plural(run.applied.length, 'edit')} in ${plural(fixedFiles, 'file')}` : ''}`
  );
}

const GITHUB_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

/** A workflow command's message: GitHub reads %, CR and LF as escapes there. */
function githubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: also `:` and `,`, which end a value. */
function githubProperty(text: string): string {
  return githubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * `--format github`: one workflow command per finding (`::error file=…,line=…,col=…,endLine=…,title=XB102::…`),
 * so a plain `run: xbd check --format github .` annotates the pull request; paths relative to the
 * working directory, as actions/checkout leaves it. Paths that could not be read are errors too.
 */
export function toGithub(findings: Finding[], run: RunSummary = EMPTY_RUN): string {
  const uri = (file: string) => relative(process.cwd(), file).split(sep).join('/');
  const lines = findings.map((f) => {
    const props = [
      `file=${githubProperty(uri(f.file))}`,
      `line=${f.range.start.line + 1}`,
      `col=${f.range.start.character + 1}`,
      `endLine=${f.range.end.line + 1}`,
      `title=${githubProperty(f.code)}`,
    ];
    const notes = (f.related ?? []).map((r) => `\n${uri(r.file)}:${r.range.start.line + 1}: ${r.message}`).join('');
    return `::${GITHUB_LEVEL[f.severity]} ${props.join(',')}::${githubData(`${f.message} (${docsUrl(f.code)})${notes}`)}`;
  });
  for (const s of run.skipped) {
    if (FAILURE_REASONS.has(s.reason)) lines.push(`::error file=${githubProperty(uri(s.file))},title=xbd::${githubData(`${s.file}: ${s.message}`)}`);
  }
  lines.push(summaryLine(findings, run));
  return lines.join('\n');
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it (paths relative to the working dir). */
export function toSarif(findings: Finding[], version: string, readText: (file: string) => string | undefined = readOrUndefined): string {
  const cwd = process.cwd();
  const uri = (file: string) => relative(cwd, file).split(sep).join('/');
  const region = (r: Finding['range']) => ({
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  });
  const rules = RULES.map((r) => ({
    id: r.code,
    name: r.title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')),
    shortDescription: { text: r.title },
    helpUri: docsUrl(r.code),
    help: { text: `${r.title}. See ${docsUrl(r.code)}` },
    defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const prints = fingerprints(findings, uri, readText);
  const results = findings.map((f, i) => ({
    ruleId: f.code,
    ruleIndex: index.get(f.code),
    level: SARIF_LEVEL[f.severity],
    message: { text: f.message },
    partialFingerprints: { 'xbdLineHash/v1': prints[i] },
    locations: [{ physicalLocation: { artifactLocation: { uri: uri(f.file), uriBaseId: '%SRCROOT%' }, region: region(f.range) } }],
    ...(f.related?.length
      ? {
          relatedLocations: f.related.map((r, id) => ({
            id,
            physicalLocation: { artifactLocation: { uri: uri(r.file), uriBaseId: '%SRCROOT%' }, region: region(r.range) },
            message: { text: r.message },
          })),
        }
      : {}),
    ...(f.fixes.length
      ? {
          fixes: f.fixes.map((x) => ({
            description: { text: x.title },
            artifactChanges: groupByFile(x.edits).map(([file, edits]) => ({
              artifactLocation: { uri: uri(file), uriBaseId: '%SRCROOT%' },
              replacements: edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
            })),
          })),
        }
      : {}),
  }));
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'xbd', fullName: 'Go Cross-Build Doctor', version, informationUri: PROJECT_URL, rules } },
          columnKind: 'utf16CodeUnits',
          results,
        },
      ],
    },
    null,
    2,
  );
}

/**
 * What keeps a code scanning alert the same alert across commits: the rule, the file and the text of the lines
 * the finding covers (whitespace-normalised), never its line number, so lines added or removed elsewhere leave
 * it unchanged; equal ones in a file are told apart by their order.
 */
function fingerprints(findings: Finding[], uri: (file: string) => string, readText: (file: string) => string | undefined): string[] {
  const texts = new Map<string, string[] | undefined>();
  const seen = new Map<string, number>();
  return findings.map((f) => {
    if (!texts.has(f.file)) texts.set(f.file, readText(f.file)?.split(/\r?\n/));
    const lines = texts.get(f.file)?.slice(f.range.start.line, f.range.end.line + 1) ?? [];
    const hash = createHash('sha256').update([f.code, uri(f.file), ...lines.map((l) => l.trim().replace(/\s+/g, ' '))].join('\0')).digest('hex').slice(0, 32);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return `${hash}:${n}`;
  });
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function groupByFile<T extends { file: string }>(edits: T[]): [string, T[]][] {
  const m = new Map<string, T[]>();
  for (const e of edits) m.set(e.file, [...(m.get(e.file) ?? []), e]);
  return [...m];
}
