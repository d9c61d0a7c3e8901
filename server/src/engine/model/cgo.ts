import type { Facts } from '../types';
import type { Stage } from './dockerfile-model';
import type { BuildModel, EnvContext } from './types';
import { rootStage, stageOf } from './stages';

/**
 * Whether cgo is on for a go command, as Go decides it: CGO_ENABLED exactly 0 or 1 wins (any other
 * value is ignored); unset, cgo is off when cross-compiling and, natively, on when a C compiler is found.
 * `native-leg` is the multi-platform case: on for the one target equal to the platform the toolchain
 * runs on (the builder, for $BUILDPLATFORM stages), off for every other.
 */
export type CgoState =
  | { state: 'on' | 'off'; explicit: boolean; why: string }
  | { state: 'native-leg'; why: string }
  | { state: 'unknown'; why: string };

const FOLLOWS_TARGET = /^\$\{?TARGETARCH\}?$/;

export function cgoState(context: EnvContext, model: BuildModel, facts: Facts): CgoState {
  const env = context.env;
  const cgo = env.get('CGO_ENABLED');
  if (cgo && cgo.value === undefined) return { state: 'unknown', why: `CGO_ENABLED=${cgo.expr} is not known here` };
  if (cgo?.value === '0') return { state: 'off', explicit: true, why: 'CGO_ENABLED=0' };
  if (cgo?.value === '1') return { state: 'on', explicit: true, why: 'CGO_ENABLED=1' };
  const ignored = cgo?.value ? ` (CGO_ENABLED=${cgo.value} is ignored: only 0 and 1 count)` : '';

  const stage: Stage | undefined = stageOf(model, context);
  const goos = env.get('GOOS');
  const goarch = env.get('GOARCH');
  const runner = stage ? undefined : context.runner;
  const runnerOs = stage ? 'linux' : runner ? runner.goos : facts.host.goos;
  if (goos?.value && runnerOs === undefined) return { state: 'unknown', why: 'the runner\'s platform is not known' };
  // $TARGETOS is the target's OS; Docker builders and targets are both linux, so the arch decides.
  if (goos?.value === undefined && goos && !(stage && /^\$\{?TARGETOS\}?$/.test(goos.expr.trim()))) return { state: 'unknown', why: `GOOS=${goos.expr} is not known here` };
  if (goos?.value && goos.value !== runnerOs) return { state: 'off', explicit: false, why: `cross-compiling for ${goos.value}${ignored}` };

  // Outside Docker we cannot see the developer's PATH: only an image's known compiler counts.
  const compiler =
    stage?.cc === true
      ? // Stryker disable next-line StringLiteral: a stage whose image is not known has no known compiler (cc undefined)
        `the C compiler in ${stage.image ?? 'the image'}`
      : undefined;
  // Stryker disable next-line LogicalOperator,StringLiteral: a stage whose image is not known has no known compiler (cc undefined)
  const withoutCompiler: CgoState | undefined = stage?.cc === false ? { state: 'off', explicit: false, why: `no C compiler in ${stage.image ?? 'the image'}${ignored}` } : undefined;

  const arch = goarch && goarch.value !== '' ? goarch : undefined;
  if (!arch) return native();
  if (arch.value === undefined) {
    if (stage && FOLLOWS_TARGET.test(arch.expr.trim())) {
      // A stage built FROM another runs where that one's FROM says.
      const runsOn = rootStage(model, stage).runsOn;
      if (runsOn === 'target') return native();
      if (runsOn === 'build') {
        if (withoutCompiler) return withoutCompiler;
        return { state: 'native-leg', why: `GOARCH=$TARGETARCH in a $BUILDPLATFORM stage: the build for the builder's own platform is native, ${compiler ? `and ${compiler} turns cgo on` : 'and turns cgo on if a C compiler is found'}${ignored}` };
      }
    }
    return { state: 'unknown', why: `GOARCH=${arch.expr} is not known here` };
  }
  // Stryker disable next-line LogicalOperator: with no stage the model is no Dockerfile, and rootStage gives back what it is given
  const root = stage && rootStage(model, stage);
  const runnerArch = root ? (root.runsOn === 'constant' ? root.platformValue?.split('/')[1] : undefined) : runner ? runner.goarch : facts.host.goarch;
  if (runnerArch !== undefined) return arch.value === runnerArch ? native() : { state: 'off', explicit: false, why: `cross-compiling for ${arch.value}${ignored}` };
  if (withoutCompiler) return withoutCompiler;
  return { state: 'native-leg', why: `GOARCH=${arch.value} is native when the build runs on ${arch.value}${ignored}` };

  function native(): CgoState {
    if (withoutCompiler) return withoutCompiler;
    if (compiler) return { state: 'on', explicit: false, why: `a native build with ${compiler}${ignored}` };
    return { state: 'unknown', why: `a native build; cgo is on if a C compiler is on PATH${ignored}` };
  }
}
