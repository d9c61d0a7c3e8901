import { pathToFileURL } from 'node:url';
import { GO_ENVIRONMENT_SCHEME } from '../contract';
import type { Finding, Range } from '../engine';
import { formatEnvironment } from './environment';
import type { ToolchainInfo } from './toolchain';

export function isEnvironmentView(uri: string): boolean {
  return uri.startsWith(`${GO_ENVIRONMENT_SCHEME}:`);
}

/** An environment finding placed on the view's line of the variable it concerns. */
export interface ViewFinding {
  finding: Finding;
  /** Variables `go env -u` would remove for it: the keys the finding's own fix deletes from the go env file. */
  unset: string[];
}

export interface EnvironmentView {
  /** `# header` lines, then `NAME=value` per variable of `go env`, sorted. */
  text: string;
  /** The go env file, when go named one. */
  goenv?: string;
  findings: ViewFinding[];
}

const KEY = /^\s*([A-Za-z_][A-Za-z0-9_]*)=/;

/** The variable a go env file's line assigns, if any. */
export function keyAtLine(text: string, line: number): string | undefined {
  const l = text.split('\n')[line];
  return l === undefined || l.trimStart().startsWith('#') ? undefined : KEY.exec(l)?.[1];
}

/**
 * The variables a finding's fixes remove from the go env file: lines deleted whole (from column 0 up to
 * the start of a later line, or to the end of the file). That is exactly what `go env -u NAME` does, so
 * the view offers it without knowing any rule. GOROOT is left out: Go 1.27 refuses `go env -u GOROOT`
 * ("go: GOROOT cannot be modified", XB402's witness), while deleting the line works with every release.
 */
export function unsetKeysOf(finding: Finding, goenv: string, goenvText: string): string[] {
  const keys = new Set<string>();
  const lines = goenvText.split('\n');
  for (const fix of finding.fixes) {
    for (const e of fix.edits) {
      if (e.file !== goenv || e.newText !== '' || e.range.start.character !== 0) continue;
      const wholeLines = e.range.end.character === 0 || e.range.end.line === lines.length - 1;
      if (!wholeLines) continue;
      const last = e.range.end.character === 0 ? e.range.end.line - 1 : e.range.end.line;
      for (let line = e.range.start.line; line <= last; line++) {
        const key = keyAtLine(goenvText, line);
        if (key && key !== 'GOROOT') keys.add(key);
      }
    }
  }
  return [...keys];
}

/**
 * The variable a finding concerns: the key assigned on its line when it is in the go env file, else the
 * longest variable of `env` its message names (a finding about the effective environment, e.g. GOROOT
 * from the process environment, which XB402 reports as an empty range at the file's start).
 */
export function concernedKey(finding: Finding, env: Record<string, string>, goenv: string | undefined, goenvText: string | undefined): string | undefined {
  // An empty range at the file's start means "no line of this file" (XB402/XB403 from the process environment).
  const atLine = finding.range.start.line !== finding.range.end.line || finding.range.start.character !== finding.range.end.character;
  if (goenv && goenvText !== undefined && finding.file === goenv && atLine) {
    const key = keyAtLine(goenvText, finding.range.start.line);
    if (key) return key;
  }
  const named = Object.keys(env).filter((k) => new RegExp(`(^|[^A-Za-z0-9_])${k}([^A-Za-z0-9_]|$)`).test(finding.message));
  return named.sort((a, b) => b.length - a.length)[0];
}

/**
 * The view's text and the environment findings moved onto it. `notice` explains an empty view (untrusted
 * workspace, go missing); findings with no variable of the view go on the first line.
 */
export function environmentView(opts: {
  uri: string;
  info: ToolchainInfo | undefined;
  goenv?: string;
  goenvText?: string;
  findings: Finding[];
  notice?: string;
}): EnvironmentView {
  const { info, goenv, goenvText } = opts;
  const env = info?.env ?? {};
  const header = [
    info?.version ? `# go env of go${info.version} (${info.goBin}), run with GOTOOLCHAIN=local` : '# go env: go could not be run',
    `# go env file (GOENV): ${goenv ?? 'none'}`,
    '# Read-only. Problems are shown on the variable they concern; fix them with `go env -w`/`go env -u`.',
  ];
  if (opts.notice) header.push(`# ${opts.notice}`);
  const body = formatEnvironment(env);
  const text = `${header.join('\n')}\n${body}${body ? '\n' : ''}`;
  const lines = text.split('\n');
  const lineOf = new Map<string, number>();
  lines.forEach((l, i) => {
    const key = l.startsWith('#') ? undefined : KEY.exec(l)?.[1];
    if (key) lineOf.set(key, i);
  });
  const findings = opts.findings.map((f): ViewFinding => {
    const key = concernedKey(f, env, goenv, goenvText);
    const line = key !== undefined ? lineOf.get(key) : undefined;
    const range: Range =
      line !== undefined
        ? { start: { line, character: 0 }, end: { line, character: lines[line].length } }
        : { start: { line: 0, character: 0 }, end: { line: 0, character: lines[0].length } };
    const unset = goenv && goenvText !== undefined ? unsetKeysOf(f, goenv, goenvText) : [];
    // The related location points back at the line of the go env file (a URI, as diagnostics need).
    const where = f.file.startsWith('/') ? pathToFileURL(f.file).href : f.file;
    const related = [{ file: where, range: f.range, message: f.file === goenv ? 'set in the go env file here' : 'where it comes from' }, ...(f.related ?? [])];
    return { finding: { ...f, file: opts.uri, range, fixes: [], related }, unset };
  });
  return { text, goenv, findings };
}
