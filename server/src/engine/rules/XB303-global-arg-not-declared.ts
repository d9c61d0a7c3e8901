import { AUTOMATIC_PLATFORM_ARGS, type Stage, type VariableReference } from '../model/dockerfile-model';
import type { DockerfileModel } from '../model/types';
import type { Range } from '../types';
import { notes, fit, brief, rangeKey, stageAtLine, stageLabel } from './helpers';
import { type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';
import { EMPTY_GOARCH } from './witness-runs';

/**
 * Names a stage has without any ARG: BuildKit passes the predefined proxy args to RUN, and images set
 * these in their config (golang's GOLANG_VERSION, GOPATH, GOTOOLCHAIN): a global ARG of the same name
 * is not what the stage reads.
 */
const PROVIDED = /^(PATH|HOME|HOSTNAME|GOLANG_VERSION|GOPATH|GOTOOLCHAIN|(HTTPS?|FTP|NO|ALL)_PROXY|(https?|ftp|no|all)_proxy)$/;

/** Variables the go command (or the C compiler it runs) reads: an empty one changes the build. */
const GO_INPUT = /^(GO[A-Z0-9_]*|CGO_[A-Z0-9_]+|CC|CXX)$/;

export const XB303: Rule<'dockerfile'> = {
  code: 'XB303',
  title: 'Global build arg used in a stage without ARG',
  severity: 'error',
  kinds: ['dockerfile'],
  fixable: true,
  witnesses: [
    {
      claim: "An empty GOARCH is Go's default: the architecture of the machine the build runs on (amd64 here).",
      ...EMPTY_GOARCH,
      expect: { exit: 'ok', stdout: 'amd64' },
    },
    {
      claim: 'GOOS= GOARCH= go build (what GOOS=$TARGETOS GOARCH=$TARGETARCH becomes without ARG) builds for the builder: an x86-64 binary here.',
      env: { GOOS: '', GOARCH: '' },
      args: ['build', '-o', 'app', '.'],
      inspect: [{ kind: 'file', expect: { output: 'x86-64' } }],
      expect: { exit: 'ok' },
    },
  ],
  check(ctx: RuleContext<ModelOf<'dockerfile'>>): RuleReport[] {
    const { model } = ctx;
    const automatic = new Set<string>(AUTOMATIC_PLATFORM_ARGS);
    const reports: RuleReport[] = [];
    // Each reference under the stage its line lies in (found once per reference, in their order).
    const byStage = new Map<Stage | undefined, VariableReference[]>();
    for (const r of [...model.stages.map((s) => s.refs), defaultedInRun(ctx)].flat()) {
      const at = stageAtLine(model, r.range.start.line);
      const list = byStage.get(at);
      if (list) list.push(r);
      else byStage.set(at, [r]);
    }
    for (const stage of model.stages) {
      const first = new Map<string, VariableReference>();
      const seen = new Set<string>();
      for (const ref of byStage.get(stage) ?? []) {
        if (!ref.global || ref.declared || PROVIDED.test(ref.name) || seen.has(rangeKey(ref.range))) continue;
        seen.add(rangeKey(ref.range));
        if (!first.has(ref.name)) first.set(ref.name, ref);
        const feedsGo = ref.feeds !== undefined && GO_INPUT.test(ref.feeds);
        const fallback = defaultOfExpansion(textOf(ctx, ref.range), ref.name);
        const origin = automatic.has(ref.name)
          ? 'BuildKit sets the automatic platform args in the global scope'
          : `ARG ${ref.name} is declared before the first FROM${defaultOf(ctx, ref.name)}, in the global scope`;
        const where = ref.instruction === 'RUN' ? "; BuildKit's UndefinedVar check does not look at shell-form RUN, so the build passes silently" : '';
        const declare = `${origin}, and a stage sees such a value only through a bare \`ARG ${ref.name}\` in it or in a stage it is built FROM${where}`;
        const todo = `declare ARG ${ref.name} in stage ${stage.name ?? stage.index}`;
        const { message, rest } =
          fallback === undefined
            ? fit(`$${ref.name} is empty here: ${todo}.`, consequence(ref))
            : fit(`${textOf(ctx, ref.range)} is always ${fallback === '' ? 'empty' : fallback} here: ${todo}.`, defaultedConsequence(ref, fallback));
        reports.push({
          range: ref.range,
          severity: !feedsGo ? 'warning' : fallback !== undefined && harmlessDefault(ref, fallback) ? 'information' : 'error',
          message,
          related: [
            ...notes(ctx.file.path, ref.range, rest),
            {
              file: ctx.file.path,
              range: stage.fromRange,
              message:
                `${stageLabel(stage)} never declares ARG ${ref.name}` +
                (fallback === undefined ? '' : `, so the default after \`${/:?[-=]/.exec(textOf(ctx, ref.range))?.[0]}\` applies on every platform`),
            },
            { file: ctx.file.path, range: ref.range, message: declare },
          ],
          fixes: [
            {
              title: `Declare ARG ${ref.name} in stage ${stage.name ?? stage.index}`,
              isPreferred: true,
              edits: [stage.declareArgs([ref.name], first.get(ref.name)!.range.start)],
            },
          ],
        });
      }
    }
    return reports;
  },
};

function defaultOf(ctx: RuleContext, name: string): string {
  const value = ctx.model.kind !== 'dockerfile' ? undefined : ctx.model.globalArgs.filter((a) => a.name === name && a.value !== undefined).pop()?.value;
  return value === undefined ? '' : ` (default ${value})`;
}

/** What the empty value does to the go command it feeds. */
function consequence(ref: VariableReference): string {
  switch (ref.feeds) {
    case 'GOARCH':
      return "So GOARCH is empty: every platform gets a binary for the builder's architecture.";
    case 'GOOS':
      return "So GOOS is empty, which Go reads as the builder's own OS.";
    case undefined:
      return '';
    default:
      return GO_INPUT.test(ref.feeds) ? `So ${ref.feeds} is empty, which Go reads as unset (its default).` : `So ${ref.feeds} gets the empty string.`;
  }
}

function textOf(ctx: RuleContext, range: Range): string {
  return ctx.file.text.slice(ctx.lines.offsetAt(range.start), ctx.lines.offsetAt(range.end));
}

/** `${NAME:-word}`, `${NAME-word}`, `${NAME:=word}`, `${NAME=word}`: the word an unset NAME expands to. */
const DEFAULTED = /\$\{([A-Za-z_][A-Za-z0-9_]*):?[-=]([^}$`]*)\}/g;

function defaultOfExpansion(text: string, name: string): string | undefined {
  const m = new RegExp(DEFAULTED.source).exec(text);
  return m && m[0] === text && m[1] === name ? m[2].replace(/^["']|["']$/g, '') : undefined;
}

/**
 * Defaulted expansions of global args in RUN (`GOARCH=${TARGETARCH:-amd64} go build`), which the shell walker
 * does not list as references (they never expand to nothing). They are found in the values of the build
 * variables they feed; a value the model resolved means the arg had no value of its own there.
 */
function defaultedInRun(ctx: RuleContext<DockerfileModel>): VariableReference[] {
  const { model } = ctx;
  const globals = new Set<string>([...AUTOMATIC_PLATFORM_ARGS, ...(model.globalArgs ?? []).map((a) => a.name)]);
  const out: VariableReference[] = [];
  for (const site of model.assignments) {
    if (site.value === undefined || site.literal || site.kind === 'dockerfile-env' || site.kind === 'dockerfile-arg') continue;
    const stage: Stage | undefined = stageAtLine(model, site.range.start.line);
    if (!stage) continue;
    const start = ctx.lines.offsetAt(site.valueRange.start);
    if (ctx.file.text.slice(start, ctx.lines.offsetAt(site.valueRange.end)) !== site.valueText) continue; // not 1:1 with the file
    for (const m of site.valueText.matchAll(DEFAULTED)) {
      const name = m[1];
      if (!globals.has(name) || stage.env.has(name)) continue;
      out.push({
        name,
        range: ctx.lines.range(start + m.index!, start + m.index! + m[0].length),
        instruction: 'RUN',
        declared: false,
        global: true,
        feeds: site.name,
      });
    }
  }
  return out;
}

/** `${TARGETOS:-linux}`: linux is what BuildKit injects for every Linux platform, so only the form is wrong. */
function harmlessDefault(ref: VariableReference, fallback: string): boolean {
  return ref.name === 'TARGETOS' && fallback === 'linux';
}

function defaultedConsequence(ref: VariableReference, fallback: string): string {
  if (fallback === '') return consequence(ref);
  if (harmlessDefault(ref, fallback)) return 'BuildKit injects linux for every Linux platform: only a build for another OS (Windows) would still get linux.';
  if (ref.feeds === undefined) return '';
  return `So ${ref.feeds} is ${fallback} for every platform${ref.feeds === 'GOARCH' ? ': other architectures get "exec format error"' : ''}.`;
}
