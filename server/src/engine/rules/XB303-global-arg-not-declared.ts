import { AUTOMATIC_PLATFORM_ARGS, type VariableReference } from '../model/dockerfile-model';
import { stageLabel } from './helpers';
import type { Rule, RuleContext, RuleReport } from './rule';

/**
 * Names a stage has without any ARG: BuildKit passes the predefined proxy args to RUN, and images set
 * these in their config (golang's GOLANG_VERSION, GOPATH, GOTOOLCHAIN): a global ARG of the same name
 * is not what the stage reads.
 */
const PROVIDED = /^(PATH|HOME|HOSTNAME|GOLANG_VERSION|GOPATH|GOTOOLCHAIN|(HTTPS?|FTP|NO|ALL)_PROXY|(https?|ftp|no|all)_proxy)$/;

/** Variables the go command (or the C compiler it runs) reads: an empty one changes the build. */
const GO_INPUT = /^(GO[A-Z0-9_]*|CGO_[A-Z0-9_]+|CC|CXX)$/;

export const XB303: Rule = {
  code: 'XB303',
  title: 'Global build arg used in a stage without ARG',
  severity: 'error',
  fixable: true,
  witnesses: [
    {
      claim: "An empty GOARCH is Go's default: the architecture of the machine the build runs on (amd64 here).",
      env: { GOARCH: '' },
      args: ['env', 'GOARCH'],
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
  check(ctx: RuleContext): RuleReport[] {
    const { model } = ctx;
    if (model.kind !== 'dockerfile') return [];
    const automatic = new Set<string>(AUTOMATIC_PLATFORM_ARGS);
    const reports: RuleReport[] = [];
    for (const stage of model.stages) {
      const first = new Map<string, VariableReference>();
      for (const ref of stage.refs) {
        if (!ref.global || ref.declared || PROVIDED.test(ref.name)) continue;
        if (!first.has(ref.name)) first.set(ref.name, ref);
        const feedsGo = ref.feeds !== undefined && GO_INPUT.test(ref.feeds);
        const origin = automatic.has(ref.name)
          ? 'BuildKit sets the automatic platform args in the global scope'
          : `ARG ${ref.name} is declared before the first FROM${defaultOf(ctx, ref.name)}, in the global scope`;
        const where = ref.instruction === 'RUN' ? " BuildKit's UndefinedVar check does not look at shell-form RUN, so the build passes silently." : '';
        reports.push({
          range: ref.range,
          severity: feedsGo ? 'error' : 'warning',
          message:
            `$${ref.name} is empty here: ${stageLabel(stage)} never declares ARG ${ref.name}. ${origin}, and a stage sees such a ` +
            `value only through a bare \`ARG ${ref.name}\` in it or in a stage it is built FROM.${consequence(ref)}${where}`,
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
      return " So GOARCH is empty, which Go reads as the builder's own architecture: every platform gets the builder's binary.";
    case 'GOOS':
      return " So GOOS is empty, which Go reads as the builder's own OS.";
    case undefined:
      return '';
    default:
      return GO_INPUT.test(ref.feeds) ? ` So ${ref.feeds} is empty, which Go reads as unset (its default).` : ` So ${ref.feeds} gets the empty string.`;
  }
}
