import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CodeActionKind, type CodeAction, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import { SERVER_COMMANDS, type GoEnvUnsetArgs } from '../contract';
import type { EnvironmentView } from '../go/environment-view';
import { toDiagnostic, type DiagnosticData } from './convert';

/** What a view diagnostic carries: no text edits (the view is read-only), the keys `go env -u` would remove. */
export interface EnvDiagnosticData extends DiagnosticData {
  unset?: string[];
  goenv?: string;
}

/** The view's findings as diagnostics of the view document, with related locations only where they lead somewhere. */
export function viewDiagnostics(view: EnvironmentView, version: number, read: (path: string) => string | undefined = readText): Diagnostic[] {
  return view.findings.map((v) => {
    const d = toDiagnostic(v.finding, version);
    const data: EnvDiagnosticData = { version, ...(v.unset.length ? { unset: v.unset, goenv: view.goenv } : {}) };
    const related = d.relatedInformation?.filter((r) => leadsSomewhere(r, typeof d.message === 'string' ? d.message : d.message.value, read));
    const { relatedInformation: _, ...rest } = d;
    return { ...rest, ...(related?.length ? { relatedInformation: related } : {}), data };
  });
}

/**
 * A related location worth a click: a file that exists, at a line that assigns a variable the message names
 * (GOROOT from the environment has no line in the go env file; `go env` when GOENV is off is no file).
 */
function leadsSomewhere(r: DiagnosticRelatedInformation, message: string, read: (path: string) => string | undefined): boolean {
  if (!r.location.uri.startsWith('file:')) return false;
  let path: string;
  try {
    path = fileURLToPath(r.location.uri);
  } catch {
    return false;
  }
  const text = read(path);
  if (text === undefined) return false;
  const line = text.split('\n')[r.location.range.start.line] ?? '';
  const key = /^\s*([A-Z][A-Z0-9_]*)=/.exec(line)?.[1];
  return key !== undefined && new RegExp(`\\b${key}\\b`).test(message);
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Every key some finding of the view would remove, in the order found. */
export function allUnsetKeys(view: EnvironmentView): string[] {
  return [...new Set(view.findings.flatMap((f) => f.unset))];
}

export function goEnvUnsetTitle(names: string[]): string {
  return `Run \`go env -u ${names.join(' ')}\``;
}

/**
 * "Run `go env -u NAME`" for one diagnostic, plus one for every offending key of the go env file when
 * there are more. They are commands, not edits: `go env -u` writes the file itself.
 */
export function unsetActions(diagnostic: Diagnostic, names: string[], all: string[], goenv: string | undefined): CodeAction[] {
  const action = (keys: string[], title: string, preferred: boolean): CodeAction => ({
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: preferred || undefined,
    command: { title, command: SERVER_COMMANDS.goEnvUnset, arguments: [{ names: keys, goenv } satisfies GoEnvUnsetArgs] },
  });
  if (!names.length) return [];
  const actions = [action(names, goEnvUnsetTitle(names), false)];
  const every = [...new Set([...names, ...all])];
  if (every.length > names.length) actions.push(action(every, `${goEnvUnsetTitle(every)} (every problem of the go env file)`, false));
  return actions;
}

/** The command's arguments, checked: anything malformed is undefined. */
export function parseUnsetArgs(args: unknown[] | undefined): GoEnvUnsetArgs | undefined {
  const a = args?.[0] as Partial<GoEnvUnsetArgs> | undefined;
  if (!a || typeof a !== 'object' || !Array.isArray(a.names) || !a.names.every((n) => typeof n === 'string')) return undefined;
  return { names: a.names, goenv: typeof a.goenv === 'string' ? a.goenv : undefined, confirmed: a.confirmed === true };
}
