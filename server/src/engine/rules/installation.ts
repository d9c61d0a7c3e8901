import type { Assignment } from '../model/types';
import type { GoInstallation, Range } from '../types';
import type { RuleContext } from './rule';

const FILE_START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** A document path as a plain path: LSP documents arrive as file: URIs, the CLI passes paths. */
function plainPath(path: string): string {
  let p = path;
  if (p.startsWith('file://')) {
    try {
      p = decodeURIComponent(p.slice('file://'.length));
    } catch {
      return path;
    }
    if (/^\/[A-Za-z]:/.test(p)) p = p.slice(1); // file:///c%3A/Users/… → c:/Users/…
  }
  return p.replace(/\\/g, '/').replace(/^([A-Za-z]):/, (_, d: string) => `${d.toLowerCase()}:`);
}

/**
 * The installation facts when this document is the go env file they belong to; undefined for any other
 * file (a project's go.env, $GOROOT/go.env), so XB402/XB403 are said once, on the environment's file.
 */
export function installationOf(ctx: RuleContext): GoInstallation | undefined {
  const inst = ctx.facts.installation;
  if (!inst || ctx.model.kind !== 'goenv') return undefined;
  return plainPath(ctx.file.path) === plainPath(inst.goenvFile) ? inst : undefined;
}

/** The last `NAME=` line of the go env file (go reads the last one), optionally only with that value. */
export function goenvLine(ctx: RuleContext, name: string, value?: string): Assignment | undefined {
  return ctx.model.assignments.filter((a) => a.name === name && (value === undefined || a.value === value)).pop();
}

/** Where a finding about the environment goes when no line of the file says it: the file's start. */
export function fileStart(): Range {
  return FILE_START;
}
