import { AUTOMATIC_PLATFORM_ARGS, type FromVar, type Stage } from '../model/dockerfile-model';
import type { LineIndex } from '../text';
import type { TextEdit } from '../types';
import { fit, notes } from './helpers';
import { type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';
import { EMPTY_GOARCH } from './witness-runs';

/**
 * What BuildKit injects into the global scope: the documented platform args, plus the OS versions and
 * the target stage name that newer releases are reported to add (never flagged: silence is the safe side).
 */
const AUTOMATIC = new Set<string>([...AUTOMATIC_PLATFORM_ARGS, 'BUILDOSVERSION', 'TARGETOSVERSION', 'TARGETSTAGE']);

export const XB308: Rule<'dockerfile'> = {
  code: 'XB308',
  title: 'ARG used in FROM is not declared before the first FROM',
  severity: 'warning',
  kinds: ['dockerfile'],
  fixable: true,
  witnesses: [
    {
      claim: 'For the go command an empty value is no value: GOARCH= (what an undeclared ARG expands to) leaves Go on its default, the platform it runs on (here amd64).',
      ...EMPTY_GOARCH,
      expect: { exit: 'ok', stdout: 'amd64' },
    },
    {
      claim: 'A build with an empty GOARCH is a build for the machine that runs it: an x86-64 binary here.',
      env: { GOARCH: '' },
      args: ['build', '-o', 'app', '.'],
      inspect: [{ kind: 'file', expect: { output: 'x86-64' } }],
      expect: { exit: 'ok' },
    },
  ],
  check(ctx: RuleContext<ModelOf<'dockerfile'>>): RuleReport[] {
    const { model } = ctx;
    const globals = new Set((model.globalArgs ?? []).map((a) => a.name));
    const reports: RuleReport[] = [];
    for (const stage of model.stages) {
      for (const v of stage.fromVars) {
        if (AUTOMATIC.has(v.name) || globals.has(v.name)) continue;
        const inStage = stageDefault(ctx, v.name);
        const declare = inStage ? `ARG ${v.name}=${inStage.value}` : `ARG ${v.name}`;
        reports.push({
          range: v.range,
          ...said(ctx.file.path, v, stage, inStage, declare),
          fixes: [{ title: `Declare ${declare} before the first FROM`, isPreferred: true, edits: [declareGlobal(ctx, declare)] }],
        });
      }
    }
    return reports;
  },
};

/** The message, and related information with what does not fit in it. */
function said(file: string, v: FromVar, stage: Stage, inStage: { value: string; line: number } | undefined, declare: string): Pick<RuleReport, 'message' | 'related'> {
  const where = v.part === 'platform' ? 'the --platform value' : 'the image';
  // `${NAME:-default}` / `${NAME-default}`: with NAME never set, the default always wins.
  const fallback = new RegExp(`^\\$\\{${v.name}:?-(.*)\\}$`).exec(v.text);
  const { message, rest } = fit(
    `${v.name} in FROM is not declared before the first FROM: put ${declare} above it.`,
    inStage && `ARG ${v.name} on line ${inStage.line + 1} is inside a stage, which FROM lines do not see.`,
    fallback?.[1]
      ? `BuildKit always uses the default \`${fallback[1]}\`; --build-arg cannot change it.`
      : `BuildKit expands it to nothing: ${where} becomes ${expanded(stage, v)}.`,
  );
  const undeclared = "neither declared before the first FROM nor one of BuildKit's automatic platform args (BuildKit's own check calls this UndefinedArgInFrom)";
  return { message, related: notes(file, v.range, [...rest, undeclared]) };
}

/** The FROM word with this reference expanded to nothing (other references left as written). */
function expanded(stage: Stage, v: FromVar): string {
  const word = v.part === 'platform' ? (stage.platform?.expr ?? '') : stage.imageExpr;
  const out = word.replace(v.text, '');
  return out === '' ? 'empty' : `\`${out}\``;
}

/**
 * A stage's `ARG NAME=default` with a literal default (the value the author meant the FROM line to
 * get): copied into the global declaration.
 */
function stageDefault(ctx: RuleContext, name: string): { value: string; line: number } | undefined {
  const re = new RegExp(`^\\s*[Aa][Rr][Gg]\\s+(?:.*\\s)?${name}=("[^"$]*"|'[^'$]*'|[^\\s"'$]+)(\\s|$)`);
  const first = (ctx.model.kind === 'dockerfile' ? ctx.model.stages[0] : undefined)?.fromRange.end.line ?? ctx.lines.lineCount;
  for (let line = first + 1; line < ctx.lines.lineCount; line++) {
    const m = re.exec(ctx.file.text.slice(ctx.lines.offsetAt({ line, character: 0 }), ctx.lines.lineEnd(line)));
    if (m) return { value: m[1], line };
  }
  return undefined;
}

/**
 * Inserts a global ARG line: after the last global ARG if there is one; otherwise before the first
 * FROM, above the comment block that belongs to it, but below parser directives and a header comment
 * that starts the file.
 */
function declareGlobal(ctx: RuleContext, declaration: string): TextEdit {
  const { lines, model, file } = ctx;
  const eol = lines.eol;
  const globals = model.kind === 'dockerfile' ? model.globalArgs : [];
  if (globals.length) {
    const end = globals[globals.length - 1].instruction.end;
    return { file: file.path, range: { start: end, end }, newText: `${eol}${declaration}` };
  }
  const fromLine = (model.kind === 'dockerfile' ? model.stages[0] : undefined)?.fromRange.start.line ?? 0;
  let line = fromLine;
  while (line > 0 && isComment(lines, line - 1)) line--;
  // The comments run up to the top of the file: directives and header, keep them first.
  if (line === 0) line = fromLine;
  const at = { line, character: 0 };
  return { file: file.path, range: { start: at, end: at }, newText: `${declaration}${eol}` };
}

function isComment(lines: LineIndex, line: number): boolean {
  return /^\s*#/.test(lines.text.slice(lines.offsetAt({ line, character: 0 }), lines.lineEnd(line)));
}
