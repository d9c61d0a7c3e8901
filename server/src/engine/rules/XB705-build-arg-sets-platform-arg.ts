import { parsePlatform, formatPlatform, type Platform } from '../knowledge/platforms';
import { AUTOMATIC_PLATFORM_ARGS } from '../model/dockerfile-model';
import type { BakeModel, BakeRun, ImageBuild, WorkflowModel } from '../model/types';
import type { Range, Severity, TextEdit } from '../types';
import { brief, notes } from './helpers';
import type { Rule, RuleContext, RuleReport } from './rule';
import { BUILD_LINUX_AMD64 } from './witness-runs';

const AUTOMATIC = new Set<string>(AUTOMATIC_PLATFORM_ARGS);

export const XB705: Rule<'bake' | 'workflow'> = {
  code: 'XB705',
  title: 'Build arg sets an automatic platform arg',
  severity: 'error',
  kinds: ['bake', 'workflow'],
  fixable: true,
  witnesses: [
    {
      claim: 'With TARGETARCH=amd64 passed as a build arg, GOARCH=$TARGETARCH is amd64 for every platform: an x86-64 binary, also in the arm64 image.',
      ...BUILD_LINUX_AMD64,
      expect: { exit: 'ok' },
      inspect: [{ kind: 'file', expect: { output: 'x86-64' } }],
    },
  ],
  check(ctx: RuleContext<BakeModel | WorkflowModel>): RuleReport[] {
    const images = ctx.model.kind === 'bake' ? ctx.model.targets.map((t) => t.build) : [...ctx.model.images, ...(ctx.model.bakes ?? []).map(overrideImage)];
    // An arg inherited by several bake targets is one place: the most severe verdict of the images it reaches.
    const byPlace = new Map<string, RuleReport>();
    for (const image of images) {
      for (const [name, arg] of image.args) {
        if (!AUTOMATIC.has(name)) continue;
        const severity = severityOf(name, arg.value, image);
        if (!severity) continue;
        const shown = arg.value === undefined ? name : `${name}=${arg.value}`;
        const edit = removeLine(ctx, arg.nameRange, arg.range);
        const platforms = (image.platforms ?? []).map((p) => p.value ?? '?').join(', ');
        const key = JSON.stringify(arg.nameRange);
        const known = byPlace.get(key);
        if (known && RANK[known.severity!] >= RANK[severity]) continue;
        byPlace.set(key, {
          range: arg.nameRange,
          severity,
          message: brief(
            `Build arg ${shown} replaces the value BuildKit sets per platform: remove it.`,
            name.startsWith('TARGET') ? 'Every platform then gets the same value.' : 'Stages on $BUILDPLATFORM then pull that platform.',
          ),
          related: notes(ctx.file.path, arg.nameRange, [
            `${image.by} builds ${platforms || 'the builder\'s platform'}; BuildKit sets ${name} from the platform of each build unless a build arg names it.`,
          ]),
          fixes: edit ? [{ title: `Remove the ${name} build arg`, isPreferred: true, edits: [edit] }] : [],
        });
      }
    }
    return [...byPlace.values()];
  },
};

/**
 * A run of bake's `--set PATTERN.args.NAME=value` lines as the build args of one image, with the platforms its
 * own `--set PATTERN.platform` lines name (the bake file's are not known here).
 */
function overrideImage(run: BakeRun): ImageBuild {
  const image: ImageBuild = { by: run.by, range: run.range, args: new Map() };
  const platforms = run.overrides.filter((o) => o.key === 'platform');
  image.platforms = platforms.flatMap((o) => (o.value ?? '?').split(',').map((p) => ({ value: o.value === undefined ? undefined : p.trim(), range: o.range })));
  for (const o of run.overrides) if (o.key === 'args' && o.name !== undefined) image.args.set(o.name, { value: o.value, range: o.range, nameRange: o.range });
  return image;
}

const RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

/**
 * Error when a platform the image is built for gets a value that is not its own (or, unknown, the same
 * value as the others); information when every platform agrees with it (redundant: TARGETOS=linux for
 * Linux platforms); warning when the platforms are not named or not known (it holds for one only).
 */
function severityOf(name: string, value: string | undefined, image: ImageBuild): Severity | undefined {
  const named = image.platforms ?? [];
  if (name.startsWith('BUILD')) return 'warning';
  if (value === undefined) return named.length > 1 ? 'error' : undefined;
  const platforms = named.map((p) => (p.value === undefined ? undefined : parsePlatform(p.value)));
  if (platforms.some((p) => p && !agrees(name, value, p))) return 'error';
  if (platforms.length && platforms.every((p) => p)) return 'information';
  return 'warning';
}

function agrees(name: string, value: string, p: Platform): boolean {
  switch (name) {
    case 'TARGETOS':
      return value === p.os;
    case 'TARGETARCH':
      return value === p.arch;
    case 'TARGETVARIANT':
      return value === (p.variant ?? '');
    default: {
      const v = parsePlatform(value);
      return !!v && formatPlatform(v) === formatPlatform(p);
    }
  }
}

/** Removes the arg's line when it holds only this entry (a trailing comma included, except in JSON's last entry). */
function removeLine(ctx: RuleContext, nameRange: Range, valueRange: Range): TextEdit | undefined {
  const { lines, file } = ctx;
  const line = nameRange.start.line;
  if (valueRange.end.line !== line) return undefined;
  const start = lines.offsetAt({ line, character: 0 });
  const end = lines.lineEnd(line);
  const text = file.text.slice(start, end);
  const before = text.slice(0, nameRange.start.character);
  const after = text.slice(valueRange.end.character);
  if (before.trim() !== '' && before.trim() !== '"') return undefined;
  if (!/^"?\s*,?\s*$/.test(after)) return undefined;
  if (/\.json$/i.test(file.path) && !after.includes(',')) return undefined;
  // The next line's start; past the last line, offsetAt gives the end of the text.
  const next = lines.offsetAt({ line: line + 1, character: 0 });
  return { file: file.path, range: lines.range(start, next), newText: '' };
}
