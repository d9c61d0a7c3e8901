import type { Stage } from '../model/dockerfile-model';
import type { Artefact, GoCommand } from '../model/types';
import type { Fix, TextEdit } from '../types';
import { notes, fit, brief, buildsArm32, deliveredTo, moduleCgoPackages, multiPlatformImage, platformStage, rangeKey, sourceStages, stageLabel, targetBuildEdits } from './helpers';
import { judgedByPlan } from './plan-gate';
import { type ModelOf, type Rule, type RuleContext, type RuleReport } from './rule';
import { BUILD_LINUX_ARM64 } from './witness-runs';


export const XB301: Rule<'dockerfile'> = {
  code: 'XB301',
  title: 'Go compiled under emulation in a multi-platform build',
  severity: 'warning',
  kinds: ['dockerfile'],
  fixable: true,
  witnesses: [
    {
      claim: 'Go cross-compiles without emulation: on this amd64 machine GOOS=linux GOARCH=arm64 go build writes an ARM aarch64 binary, which runs on arm64 (qemu-user).',
      ...BUILD_LINUX_ARM64,
      inspect: [
        { kind: 'file', expect: { output: 'ARM aarch64' } },
        { kind: 'qemu', qemu: { arch: 'aarch64' }, expect: { exit: 'ok', output: 'hello' } },
      ],
      expect: { exit: 'ok' },
    },
    {
      claim: 'A cross build turns cgo off unless CGO_ENABLED=1 is set, even with a C compiler on PATH.',
      env: { GOOS: 'linux', GOARCH: 'arm64' },
      args: ['env', 'CGO_ENABLED'],
      expect: { exit: 'ok', stdout: '0' },
    },
  ],
  check(ctx: RuleContext<ModelOf<'dockerfile'>>): RuleReport[] {
    const { model } = ctx;
    if (!multiPlatformImage(model)) return [];
    const last = model.stages.length - 1;
    const reports: RuleReport[] = [];
    // Indexed once (a Dockerfile of hundreds of stages): each root's family, and where each artefact is delivered.
    const families = new Map<Stage, Set<number>>();
    for (const s of model.stages) {
      const root = platformStage(model, s.index);
      families.set(root, (families.get(root) ?? new Set()).add(s.index));
    }
    const delivered = deliveredTo(model);
    // Each family's artefacts in the model's order, gathered once (a generated Dockerfile has hundreds of stages).
    const artefactsOf = new Map<Stage, Artefact[]>();
    for (const a of model.artefacts) {
      const root = platformStage(model, a.stageIndex);
      const list = artefactsOf.get(root);
      if (list) list.push(a);
      else artefactsOf.set(root, [a]);
    }
    for (const root of model.stages) {
      if (root.parent !== undefined || root.runsOn !== 'target') continue;
      // A FROM with flags we do not read (malformed, or a future flag): editing it blind could repeat.
      const fromText = ctx.lines.text.slice(ctx.lines.offsetAt(root.fromRange.start), ctx.lines.offsetAt(root.imageRange.start));
      if (!root.platform && fromText.includes('--')) continue;
      // The root and the stages built FROM it share its platform: moving one moves all.
      const family = families.get(root)!;
      if (family.has(last)) continue; // the image itself: on the build platform it would be XB310
      // Only what go build writes has a path (outputPath), so only binaries reach another stage.
      const own = artefactsOf.get(root);
      if (!own) continue;
      const shipped = own.filter((a) => (delivered.get(a) ?? []).some((i) => !family.has(i)));
      if (!shipped.length) continue;

      // A loop walked once per value yields one command per value at the same place: name it once.
      const byPlace = new Map<string, GoCommand>();
      for (const a of shipped) if (!byPlace.has(rangeKey(a.command.goRange))) byPlace.set(rangeKey(a.command.goRange), a.command);
      const commands = [...byPlace.values()];
      const lines = commands.map((c) => `go ${c.subcommand} on line ${c.range.start.line + 1}`).join(', ');
      const cgoOn = commands.some((c) => c.env.get('CGO_ENABLED')?.value === '1');
      const cgoDefault = !cgoOn && root.cc === true && commands.some((c) => !c.env.has('CGO_ENABLED'));
      const flag = root.platform ? `--platform=${root.platform.expr}` : 'no --platform';
      const lead = 'Go builds under QEMU here: run the stage on $BUILDPLATFORM with GOOS=$TARGETOS GOARCH=$TARGETARCH.';
      const slow = "7 to 14 times slower (xbd's measurement of a cold build), and a source of crashes.";
      const fixes: Fix[] = [];
      let said: { message: string; rest: string[] };
      // A stage built FROM the family that nothing builds on or copies from can be an image itself
      // (docker build --target): pinning the family would pin that image to the build platform (XB310).
      // (Never the root: what it ships is copied from it or from a stage built FROM it.)
      const image = [...family].find((i) => !sourceStages(model).has(i));
      // Cross builds get cgo off: a module that needs cgo would then fail to build (XB203).
      const needsCgo = cgoDefault ? moduleCgoPackages(ctx, undefined, false) : [];
      if (cgoOn) {
        said = fit(lead, 'With CGO_ENABLED=1 that also needs a C compiler for the target (XB202): no automatic fix.', slow);
      } else if (image !== undefined) {
        said = fit(lead, `${stageLabel(model.stages[image])} is built FROM it and can be an image itself: no automatic fix.`, slow);
      } else if (needsCgo.length) {
        said = fit(lead, `The module needs cgo (${needsCgo[0]}): a cross build needs a C compiler for the target (XB202).`, slow);
      } else {
        said = fit(lead, slow, cgoDefault && `cgo is on here by default (${root.image ?? root.imageExpr} has gcc); cross builds get it off.`);
        fixes.push({ title: 'Build on $BUILDPLATFORM and cross-compile for $TARGETOS/$TARGETARCH', isPreferred: true, edits: crossEdits(ctx, root, family, shipped) });
      }
      const range = root.platform?.range ?? root.imageRange;
      reports.push({
        range,
        message: said.message,
        fixes,
        related: [
          ...notes(ctx.file.path, range, said.rest),
          {
            file: ctx.file.path,
            range,
            message:
              `${stageLabel(root)} has ${flag}, so it runs on the platform being built, and compiles Go there (${lines}): for every target other than ` +
              'the builder\'s own the Go toolchain runs under QEMU, a reported source of crashes ("qemu: uncaught target signal 11")',
          },
          ...commands.map((c) => ({ file: ctx.file.path, range: c.goRange, message: `go ${c.subcommand} runs under emulation here` })),
        ],
      });
    }
    // Emulation needs a build for another platform than the builder's: the build plan says whether there is one.
    return judgedByPlan(ctx, reports);
  },
};

/** All three parts at once (--platform alone would leave the binaries on the builder's architecture: XB302). */
function crossEdits(ctx: RuleContext, root: Stage, family: Set<number>, shipped: Artefact[]): TextEdit[] {
  if (ctx.model.kind !== 'dockerfile') return [];
  const { model } = ctx;
  const edits: TextEdit[] = [
    root.platform
      ? { file: ctx.file.path, range: root.platform.range, newText: '$BUILDPLATFORM' }
      : { file: ctx.file.path, range: { start: root.imageRange.start, end: root.imageRange.start }, newText: '--platform=$BUILDPLATFORM ' },
  ];
  // A constant GOARCH is rewritten only for binaries that land in a stage following the target.
  const intoTarget = (c: GoCommand) =>
    model.deliveries.some((d) => d.artefact.command === c && !family.has(d.stageIndex) && platformStage(model, d.stageIndex).runsOn === 'target');
  const goarm = buildsArm32(ctx.file.text);
  for (const index of family) {
    const commands = [...new Set(shipped.filter((a) => a.stageIndex === index).map((a) => a.command))];
    if (commands.length) edits.push(...targetBuildEdits(model.stages[index], commands, { goarm, replaceGoarch: intoTarget }));
  }
  return edits;
}
