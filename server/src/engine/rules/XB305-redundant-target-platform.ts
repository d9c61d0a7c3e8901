import { dropFlag } from './helpers';
import { type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';

const TARGET_PLATFORM = /^(\$TARGETPLATFORM|\$\{TARGETPLATFORM\})$/;

export const XB305: Rule<'dockerfile'> = {
  code: 'XB305',
  title: 'FROM --platform=$TARGETPLATFORM is redundant',
  severity: 'information',
  kinds: ['dockerfile'],
  fixable: true,
  witnesses: [
    {
      claim: 'With GOOS and GOARCH unset, Go targets the platform it runs on (here linux/amd64): a stage on the target platform builds for the target with or without the flag.',
      env: {},
      args: ['env', 'GOOS', 'GOARCH'],
      expect: { exit: 'ok', stdout: 'linux\namd64' },
    },
  ],
  check(ctx: RuleContext<ModelOf<'dockerfile'>>): RuleReport[] {
    const { model } = ctx;
    // `ARG TARGETPLATFORM=linux/amd64` before the first FROM replaces the injected value (XB309): the
    // flag then pins that default and is not redundant.
    if (model.globalArgs?.some((a) => a.name === 'TARGETPLATFORM' && a.value !== undefined)) return [];
    const reports: RuleReport[] = [];
    for (const stage of model.stages) {
      const flag = stage.platform;
      // A stage built FROM another stage takes that stage's platform whatever its flag says.
      if (!flag || stage.parent !== undefined || !TARGET_PLATFORM.test(flag.expr.trim())) continue;
      reports.push({
        range: flag.flagRange,
        message:
          `--platform=${flag.expr} is redundant: remove it, stages run on the target platform by default.` +
          " BuildKit's RedundantTargetPlatform check says the same.",
        fixes: [{ title: `Remove --platform=${flag.expr}`, isPreferred: true, edits: [dropFlag(ctx.file.path, ctx.lines, flag.flagRange)] }],
      });
    }
    return reports;
  },
};
