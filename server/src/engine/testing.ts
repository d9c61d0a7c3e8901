/** Helpers for the engine's tests (never imported by the product). */
import { join } from 'node:path';
import { repoRoot } from '../../../test/support/paths';
import { analyze } from './analyze';
import { MESSAGE_LIMITS } from './rules/helpers';
import { initShellParser } from './shell/parser';
import { applyOffsetEdits, LineIndex } from './text';
import type { FilePlan } from './plan/build-plan';
import type { DocumentKind, Facts, Finding, Range, TextEdit } from './types';
import type { IncludeReader } from './model/types';

const FILE_NAMES: Record<DocumentKind, string> = {
  dockerfile: '/work/app/Dockerfile',
  makefile: '/work/app/Makefile',
  shell: '/work/app/build.sh',
  goenv: '/root/.config/go/env',
  gomod: '/work/app/go.mod',
  workflow: '/work/app/.github/workflows/release.yml',
  bake: '/work/app/docker-bake.hcl',
  goreleaser: '/work/app/.goreleaser.yaml',
};

export const HOST_FACTS: Facts = { host: { goos: 'linux', goarch: 'amd64' } };

/** Loads the grammars from dist/ (the build puts them there), once. */
export function ready(): Promise<void> {
  return initShellParser(join(repoRoot(), 'dist'));
}

/** The release workflow of the test plans, and the line its build step starts on. */
export const PLAN_WORKFLOW = '/work/app/.github/workflows/release.yml';

/**
 * A build plan in which the Dockerfile under test is built by a docker/build-push-action step of
 * .github/workflows/release.yml (line 40, a linux/amd64 runner) for `platforms` (undefined: none named),
 * with `args` as its build-args.
 */
export function planBuilding(platforms: (string | undefined)[] | undefined, args: Record<string, string | undefined> = {}): FilePlan {
  const at = (line: number) => ({ file: PLAN_WORKFLOW, range: { start: { line, character: 6 }, end: { line, character: 40 } }, label: `.github/workflows/release.yml:${line + 1}` });
  return {
    builds: [
      {
        dockerfile: FILE_NAMES.dockerfile,
        by: 'step Build image (line 40)',
        source: at(39),
        builder: 'linux/amd64',
        ...(platforms ? { platforms: platforms.map((value) => ({ value, source: at(44) })) } : {}),
        args: new Map(Object.entries(args).map(([k, value]) => [k, { value, source: at(46) }])),
      },
    ],
  };
}

/** The plan tests about multi-platform builds assume: linux/amd64 and linux/arm64 from a release workflow. */
export const MULTI_PLATFORM_PLAN = planBuilding(['linux/amd64', 'linux/arm64']);

/** `check` with a plan, for a test file about one kind of build: `const check = checkWithPlan(MULTI_PLATFORM_PLAN)`. */
export function checkWithPlan(plan: FilePlan): typeof check {
  return (text, kind = 'dockerfile', facts = HOST_FACTS, own) => check(text, kind, facts, own ?? plan);
}

export function check(text: string, kind: DocumentKind = 'dockerfile', facts: Facts = HOST_FACTS, plan?: FilePlan): Finding[] {
  const logs: string[] = [];
  const result = analyze({ path: FILE_NAMES[kind], kind, text }, { facts, log: (m) => logs.push(m), ...(plan ? { plan } : {}) });
  if (logs.length) throw new Error(`engine logged: ${logs.join('\n')}`);
  for (const f of result.findings) {
    const problem = messageShapeProblem(f.message);
    if (problem) throw new Error(`${f.code} message ${problem}: ${f.message}`);
  }
  return result.findings;
}

const FIRST_SENTENCE_MAX = MESSAGE_LIMITS.firstSentence;
const MESSAGE_MAX = MESSAGE_LIMITS.message;

/** The first sentence of a message: up to the first `.`, `!` or `?` followed by a blank or the end. */
export function firstSentence(message: string): string {
  const end = message.search(/[.!?](?=\s|$)/);
  return end < 0 ? message : message.slice(0, end + 1);
}

/**
 * Why a message does not have the shape every rule's messages keep, or undefined. The make conditional
 * analyze appends (`(when \`ifdef X\` holds)`) is evidence about the file, not part of the rule's text.
 */
export function messageShapeProblem(message: string): string | undefined {
  const own = message.replace(/ \((when|in the else branch of) `[^]*\)(?=\.?$)/, '');
  const first = firstSentence(own);
  if (first.length > FIRST_SENTENCE_MAX) return `has a first sentence of ${first.length} characters (at most ${FIRST_SENTENCE_MAX})`;
  if (own.length > MESSAGE_MAX) return `has ${own.length} characters (at most ${MESSAGE_MAX})`;
  return undefined;
}

export function only(findings: Finding[], code: string): Finding[] {
  return findings.filter((f) => f.code === code);
}

/** Applies one fix (the preferred one unless `title` picks another) of a finding to `text`. */
export function applyFix(text: string, finding: Finding, title?: string): string {
  const fix = title ? finding.fixes.find((f) => f.title === title) : (finding.fixes.find((f) => f.isPreferred) ?? finding.fixes[0]);
  if (!fix) throw new Error(`${finding.code} has no fix${title ? ` titled ${title}` : ''}: ${finding.message}`);
  return applyEdits(text, fix.edits);
}

/** `text` with `edits` applied (their ranges in `text`'s lines and characters). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  return applyOffsetEdits(
    text,
    edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText })),
  );
}

/**
 * Everything a finding tells the user: its message, then its related information, one per line. The
 * evidence behind a verdict (which stage, which Go, what go prints) may be in either.
 */
export function said(f: Finding): string {
  return [f.message, ...(f.related ?? []).map((r) => r.message)].join('\n');
}

/** The line (1-based) a finding starts on, for readable assertions. */
export function lineOf(f: Finding): number {
  return f.range.start.line + 1;
}

/** The source text a finding's range covers. */
export function textAt(text: string, f: Finding): string {
  return textIn(text, f.range);
}

/** The source text a range covers. */
export function textIn(text: string, range: Range): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
}

/**
 * Applies a code's first finding's fix and checks what every fix test needs: the finding is gone, lines
 * the fix did not touch are unchanged, and re-checking offers nothing more for that code.
 */
export function fixAndRecheck(text: string, code: string, kind: DocumentKind = 'dockerfile', title?: string, facts: Facts = HOST_FACTS, plan?: FilePlan): string {
  const before = only(check(text, kind, facts, plan), code);
  if (!before.length) throw new Error(`no ${code} finding to fix`);
  const fixed = applyFix(text, before[0], title);
  const after = only(check(fixed, kind, facts, plan), code);
  if (after.some((f) => f.message === before[0].message && f.range.start.line === before[0].range.start.line)) {
    throw new Error(`${code} still fires after its fix:\n${fixed}`);
  }
  return fixed;
}

/** A repository of `files` (absolute paths) whose reader serves each word relative to the asking file, as the adapters do. */
export function repoReader(files: Record<string, string>): IncludeReader {
  return (word, from) => {
    const parts: string[] = [];
    for (const p of `${from.slice(0, from.lastIndexOf('/'))}/${word}`.split('/')) {
      if (!p || p === '.') continue;
      if (p === '..') parts.pop();
      else parts.push(p);
    }
    const path = `/${parts.join('/')}`;
    return files[path] === undefined ? [] : [{ path, text: files[path] }];
  };
}
