import { AUTOMATIC_PLATFORM_ARGS } from '../model/dockerfile-model';
import type { DockerfileModel } from '../model/types';
import type { Range } from '../types';
import { fit, notes } from './helpers';
import { judgedByPlan } from './plan-gate';
import { type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';
import { BUILD_LINUX_AMD64, EXEC_FORMAT_ERROR, RUN_LINUX_ARM64 } from './witness-runs';

const GO_INPUT = /^(GO[A-Z0-9_]*|CGO_[A-Z0-9_]+|CC|CXX)$/;

export const XB309: Rule<'dockerfile'> = {
  code: 'XB309',
  title: 'Automatic platform arg declared with a default',
  severity: 'error',
  kinds: ['dockerfile'],
  fixable: true,
  witnesses: [
    {
      claim: 'With ARG TARGETARCH=amd64, GOARCH=$TARGETARCH is GOARCH=amd64 on every platform: an x86-64 binary, also in the arm64 image (qemu-aarch64 refuses it).',
      ...BUILD_LINUX_AMD64,
      inspect: [
        { kind: 'file', expect: { output: 'x86-64' } },
        { kind: 'qemu', qemu: { arch: 'aarch64' }, expect: { exit: 'fail', output: 'Invalid ELF image for this architecture' } },
      ],
      expect: { exit: 'ok' },
    },
    {
      claim: 'The other way round, ARG TARGETARCH=arm64 puts an arm64 binary into the linux/amd64 image: on this amd64 machine the kernel refuses to start it ("exec format error").',
      ...RUN_LINUX_ARM64,
      expect: EXEC_FORMAT_ERROR,
    },
  ],
  check(ctx: RuleContext<ModelOf<'dockerfile'>>): RuleReport[] {
    const { model } = ctx;
    const automatic = new Set<string>(AUTOMATIC_PLATFORM_ARGS);
    const reports: RuleReport[] = [];
    for (const arg of model.argDefaults ?? []) {
      if (!automatic.has(arg.name)) continue;
      const scope = arg.stageIndex === undefined ? 'in the global scope' : `in stage ${model.stages[arg.stageIndex].name ?? arg.stageIndex}`;
      const value = arg.value === '' ? 'the empty string' : arg.value;
      // Where the fixed value ends up in a go command, to make the damage concrete.
      const stages = model.stages.filter((s) => arg.stageIndex === undefined || builtOn(ctx, s.index, arg.stageIndex));
      const use = stages
        .flatMap((s) => s.refs)
        .find((r) => r.name === arg.name && r.declared && r.feeds !== undefined && GO_INPUT.test(r.feeds) && r.range.start.line >= arg.range.start.line);
      const effect = arg.name.startsWith('TARGET')
        ? `A multi-platform build then uses ${arg.name}=${arg.value} for every platform` +
          (use && arg.name === 'TARGETARCH' ? ': other architectures get "exec format error".' : '.')
        : 'Every build then sees the same value, whatever machine runs it.';
      const related = [
        {
          file: ctx.file.path,
          range: arg.range,
          message: `BuildKit keeps a declared default and ignores the value it would inject for the platform, so ${arg.name} is ${value} unless --build-arg ${arg.name}=... is passed`,
        },
        ...(use ? [{ file: ctx.file.path, range: use.range, message: `${use.feeds}=${textOf(ctx, use.range)} is the same in every image` }] : []),
      ];
      // `ARG TARGETOS=linux` equals what BuildKit injects for every Linux platform: harmless while the
      // Dockerfile names no other OS, so a note rather than an error.
      if (arg.name === 'TARGETOS' && arg.value === 'linux' && !namesOtherOs(ctx)) {
        reports.push({
          range: arg.range,
          severity: 'information',
          message:
            `ARG TARGETOS ${scope} has the default linux, which BuildKit keeps: drop it to follow the platform.` +
            ' Harmless on Linux; Windows builds still get linux.',
          related,
          fixes: [{ title: `Drop the default (ARG ${arg.name})`, isPreferred: true, edits: [{ file: ctx.file.path, range: arg.defaultRange, newText: '' }] }],
        });
        continue;
      }
      const { message, rest } = fit(`ARG ${arg.name} ${scope} has a default, which BuildKit keeps: declare it without a value.`, effect);
      reports.push({
        range: arg.range,
        message,
        related: [...notes(ctx.file.path, arg.range, rest), ...related],
        fixes: [{ title: `Drop the default (ARG ${arg.name})`, isPreferred: true, edits: [{ file: ctx.file.path, range: arg.defaultRange, newText: '' }] }],
      });
    }
    // A default is wrong only for builds on other platforms; the defaulted args themselves are no evidence of one.
    return judgedByPlan(ctx, reports, model.argDefaults.filter((a) => automatic.has(a.name)).map((a) => a.name));
  },
};

/** True when stage `index` is `ancestor` or built FROM it (directly or through other stages). */
function builtOn(ctx: RuleContext, index: number, ancestor: number): boolean {
  if (ctx.model.kind !== 'dockerfile') return index === ancestor;
  for (let i: number | undefined = index, hops = 0; i !== undefined && hops <= ctx.model.stages.length; i = ctx.model.stages[i].parent, hops++) {
    if (i === ancestor) return true;
  }
  return false;
}

function textOf(ctx: RuleContext, range: Range): string {
  return ctx.file.text.slice(ctx.lines.offsetAt(range.start), ctx.lines.offsetAt(range.end));
}

/** True when the Dockerfile names a platform or image of another OS than linux (a constant --platform, Windows images). */
function namesOtherOs(ctx: RuleContext<DockerfileModel>): boolean {
  return ctx.model.images.some(
    (i) => (i.platform !== undefined && !i.platform.includes('$') && !i.platform.startsWith('linux')) || /(^|\/)(windows|nanoserver|servercore)|windows/i.test(i.name),
  );
}
