import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { docsUrl, PROJECT_URL, RULES, type Finding, type Severity } from '../engine';

/** `--format json`: the stable contract other tools rely on (version 1). */
export function toJson(findings: Finding[]): string {
  return JSON.stringify({
    version: 1,
    findings: findings.map((f) => ({
      file: f.file,
      range: f.range,
      code: f.code,
      severity: f.severity,
      message: f.message,
      source: 'xbd',
      fixes: f.fixes.map((x) => ({ title: x.title, isPreferred: x.isPreferred, edits: x.edits })),
      ...(f.related ? { related: f.related } : {}),
    })),
  });
}

/** `--format text`: one line per finding, 1-based positions as editors and compilers print them. */
export function toText(findings: Finding[], summary: { files: number; fixed: number }): string {
  const lines = findings.map(
    (f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.code}: ${f.message}`,
  );
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  lines.push(
    `${summary.files} file${summary.files === 1 ? '' : 's'} checked: ${count('error')} error(s), ${count('warning')} warning(s), ` +
      `${count('information') + count('hint')} note(s)${summary.fixed ? `; fixed ${summary.fixed} file(s)` : ''}`,
  );
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
