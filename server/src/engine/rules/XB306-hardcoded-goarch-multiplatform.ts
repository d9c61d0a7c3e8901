import { isKnownGoarch } from '../knowledge/ports';
import { AUTOMATIC_PLATFORM_ARGS, type Stage } from '../model/dockerfile-model';
import type { Artefact } from '../model/types';
import type { TextEdit } from '../types';
import { judgedByPlan } from './plan-gate';
import { notes, fit, brief, MESSAGE_LIMITS, deliveredTo, multiPlatformImage, neverExecutedIn, once, platformStage, rangeKey, replaceValue, stageAtLine, stageLabel } from './helpers';
import { type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';
import { BUILD_LINUX_AMD64, BUILD_LINUX_ARM64, EXEC_FORMAT_ERROR, RUN_LINUX_ARM64 } from './witness-runs';

export const XB306: Rule<'dockerfile'> = {
  code: 'XB306',
  title: 'Hard-coded GOARCH in a multi-platform image',
  severity: 'warning',
  kinds: ['dockerfile'],
  fixable: true,
  witnesses: [
    {
      claim: 'GOARCH=amd64 gives an x86-64 binary wherever the build runs, and that binary is not an arm64 executable (qemu-aarch64 refuses it).',
      ...BUILD_LINUX_AMD64,
      inspect: [
        { kind: 'file', expect: { output: 'x86-64' } },
        { kind: 'qemu', qemu: { arch: 'aarch64' }, expect: { exit: 'fail', output: 'Invalid ELF image for this architecture' } },
      ],
      expect: { exit: 'ok' },
    },
    {
      claim: 'An arm64 binary cannot be started on an amd64 machine: the kernel refuses it and Go reports "exec format error".',
      ...RUN_LINUX_ARM64,
      expect: EXEC_FORMAT_ERROR,
    },
    {
      claim: 'With GOARCH=$TARGETARCH a linux/arm64 build (TARGETARCH=arm64) gets an ARM aarch64 binary, which runs on arm64 (qemu-user).',
      ...BUILD_LINUX_ARM64,
      inspect: [
        { kind: 'file', expect: { output: 'ARM aarch64' } },
        { kind: 'qemu', qemu: { arch: 'aarch64' }, expect: { exit: 'ok', output: 'hello' } },
      ],
      expect: { exit: 'ok' },
    },
  ],
  check(ctx: RuleContext<ModelOf<'dockerfile'>>): RuleReport[] {
    const { model } = ctx;
    if (!multiPlatformImage(model)) return [];
    const reports: RuleReport[] = [];
    const delivered = deliveredTo(model);
    for (const artefact of model.artefacts) {
      const consumer = targetConsumer(model, artefact, delivered.get(artefact) ?? []);
      if (consumer === undefined) continue;
      const producer = model.stages[artefact.stageIndex];
      // A wasm module, or a darwin/windows binary collected for download, is not run by the image.
      const env = artefact.command.env;
      if (neverExecutedIn(model, consumer, env.get('GOOS')?.value, env.get('GOARCH')?.value)) continue;
      for (const [name, arg] of [['GOARCH', 'TARGETARCH'], ['GOOS', 'TARGETOS']] as const) {
        const entry = artefact.command.env.get(name);
        const site = entry?.site;
        // Only constants: values from $TARGET* (unknown here) follow the platform.
        if (!entry || !site || entry.value === undefined || entry.value === '') continue;
        if (name === 'GOARCH' && !isKnownGoarch(entry.value)) continue; // XB102's business
        // Docker's multi-platform Go images are linux/*: a fixed GOOS=linux is right for all of them.
        if (name === 'GOOS' && entry.value === 'linux') continue;
        // A stage or output named after the value is the deliberate per-platform pattern (build_amd64).
        const said = [producer.name, model.stages[consumer].name, artefact.path].some((n) => n?.includes(entry.value as string));
        if (said) continue;
        // A global ARG default is expanded in the global scope, where the automatic args need no ARG.
        const siteStage = stageAtLine(model, site.range.start.line);
        // GOARCH=$TARGETARCH fixed by `ARG TARGETARCH=amd64` (XB309) or `${TARGETARCH:-amd64}` without the ARG
        // (XB303): the line already follows the platform, the root cause is reported there.
        if (siteStage && fixedByArgDefault(entry.expr, siteStage)) continue;
        const needsArg = siteStage !== undefined && !siteStage.env.has(arg);
        const edits: TextEdit[] = [];
        if (site.literal) {
          edits.push(replaceValue(site, `$${arg}`));
          if (needsArg) edits.push(siteStage.declareArgs([arg], site.range.start));
        }
        const what = artefact.path ? `the binary ${artefact.path}` : 'the binary';
        const written = site.literal ? `${name}=${entry.value}` : `${name}=${site.valueText} (= ${entry.value})`;
        const goos = artefact.command.env.get('GOOS')?.value || 'linux';
        const only = name === 'GOARCH' ? `${goos}/${entry.value}` : `${entry.value}/*`;
        const lead = `${written} is fixed in a multi-platform image: use ${name}=$${arg}`;
        const declare = needsArg ? `ARG ${arg} in stage ${siteStage.name ?? siteStage.index}` : undefined;
        // A value written through a variable can leave no room to say where the ARG goes: that follows.
        const declareInLead = declare !== undefined && `${lead} with ${declare}.`.length <= MESSAGE_LIMITS.firstSentence;
        const { message, rest } = fit(
          declareInLead ? `${lead} with ${declare}.` : `${lead}.`,
          !declareInLead && declare && `Declare ${declare}.`,
          `Only the ${only} image gets a working binary; the others fail with "exec format error".`,
        );
        reports.push({
          range: site.valueRange,
          message,
          related: [
            ...notes(ctx.file.path, site.valueRange, rest),
            {
              file: ctx.file.path,
              range: artefact.command.goRange,
              message: `${what} (go ${artefact.command.subcommand}) ends up in ${stageLabel(model.stages[consumer])}, which follows the target platform`,
            },
          ],
          fixes: edits.length ? [{ title: `Use $${arg}`, isPreferred: true, edits }] : [],
        });
      }
    }
    return judgedByPlan(ctx, reports.filter(once((r) => rangeKey(r.range))));
  },
};

/**
 * A stage that follows the target platform and receives the artefact (or the last stage when it is
 * the one that builds it): the stage index, or undefined when the binary goes nowhere like that.
 */
function targetConsumer(model: ModelOf<'dockerfile'>, artefact: Artefact, deliveredTo: number[]): number | undefined {
  const last = model.stages.length - 1;
  const receivers = artefact.stageIndex === last ? [...deliveredTo, last] : deliveredTo;
  return receivers.find((i) => platformStage(model, i).runsOn === 'target');
}

const AUTOMATIC = new Set<string>(AUTOMATIC_PLATFORM_ARGS);

/**
 * True when `expr` reads an automatic platform arg whose value in the stage is an ARG default, or that the
 * stage does not declare at all (so a constant can only come from a `${TARGETARCH:-amd64}` default).
 */
function fixedByArgDefault(expr: string, stage: Stage): boolean {
  for (const m of expr.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
    if (!AUTOMATIC.has(m[1])) continue;
    const arg = stage.env.get(m[1]);
    if (!arg || arg.definition?.kind === 'dockerfile-arg') return true;
  }
  return false;
}
