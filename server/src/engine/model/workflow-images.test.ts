// The images a workflow builds (docker/build-push-action steps, `docker build` in run: steps): the build plan
// takes their Dockerfile, stage, platforms and build args, and judges the Dockerfile against them.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { HOST_FACTS, ready, textIn as at } from '../testing';
import { buildModel, defaultGoVersion } from './build-model';
import type { ImageBuild, WorkflowModel } from './types';

before(ready);

function images(text: string): ImageBuild[] {
  const { model } = buildModel({ path: '/w/.github/workflows/images.yml', kind: 'workflow', text }, { goVersion: defaultGoVersion(HOST_FACTS) });
  return (model as WorkflowModel).images;
}

/** A job whose one run: step is `script`, with `env` (YAML lines at 8 spaces) on the step. */
function runStep(script: string, env = ''): string {
  return `on: push\njobs:\n  images:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Image\n${env ? `        env:\n${env}` : ''}        run: |\n          ${script}\n`;
}

/** What a test reads of an image: its Dockerfile, stage, context, platforms and build args. */
function shape(image: ImageBuild) {
  return {
    dockerfile: image.dockerfile,
    target: image.target,
    context: image.context,
    platforms: image.platforms?.map((p) => p.value),
    args: Object.fromEntries([...image.args].map(([k, v]) => [k, v.value])),
  };
}

describe('docker build in a run: step', () => {
  it('reads --flag=value spellings: platform, file, target and build args', () => {
    const [image, ...more] = images(runStep('docker build --platform=linux/arm64,linux/riscv64 --file=build/api.Dockerfile --target=runtime --build-arg=VERSION=1.4.0 --tag=api:dev .'));
    assert.equal(more.length, 0);
    assert.deepEqual(shape(image), { dockerfile: 'build/api.Dockerfile', target: 'runtime', context: '.', platforms: ['linux/arm64', 'linux/riscv64'], args: { VERSION: '1.4.0' } });
    assert.equal(image.by, 'step Image (line 7)');
  });

  it('skips the values of valued options, so the context is the directory named last', () => {
    const [image] = images(runStep('docker buildx build -t ghcr.io/acme/api:dev -o type=docker --cache-from type=gha --label org.opencontainers.image.source=acme --target build --platform linux/amd64 services/api'));
    assert.deepEqual(shape(image), { dockerfile: undefined, target: 'build', context: 'services/api', platforms: ['linux/amd64'], args: {} });
  });

  it('keeps a platform it cannot read as unknown, and leaves out a build arg passed from the environment', () => {
    const [image] = images(runStep('docker buildx build --platform "$PLATFORMS" --build-arg GITHUB_SHA --build-arg GO_VERSION=1.23 -f "$DOCKERFILE" .', '          PLATFORMS: ${{ inputs.platforms }}\n          DOCKERFILE: ${{ inputs.dockerfile }}\n'));
    assert.deepEqual(shape(image), { dockerfile: undefined, target: undefined, context: '.', platforms: [undefined], args: { GO_VERSION: '1.23' } });
  });

  it('builds no image for other docker commands or other programs', () => {
    assert.deepEqual(images(runStep('docker push ghcr.io/acme/api:dev')), []);
    assert.deepEqual(images(runStep('docker buildx imagetools create -t ghcr.io/acme/api:latest ghcr.io/acme/api:dev')), []);
    assert.deepEqual(images(runStep('podman build -t api .')), []);
  });
});

const PUSH_ACTION = `on: push
env:
  PLATFORMS: linux/amd64,linux/arm64
jobs:
  images:
    runs-on: ubuntu-latest
    env:
      PLATFORMS: linux/amd64, linux/arm64 linux/s390x
    steps:
      - uses: actions/checkout@v4
      - name: Build and push
        uses: docker/build-push-action@v6
        with:
          context: services/api
          target: runtime
          platforms: \${{ env.PLATFORMS }}
`;

describe('docker/build-push-action steps', () => {
  it('takes `platforms: ${{ env.X }}` from the nearest env: (the step\'s, else the job\'s), each at the expression', () => {
    const [job] = images(PUSH_ACTION);
    assert.deepEqual(shape(job), { dockerfile: undefined, target: 'runtime', context: 'services/api', platforms: ['linux/amd64', 'linux/arm64', 'linux/s390x'], args: {} });
    assert.ok(job.platforms!.every((p) => at(PUSH_ACTION, p.range) === '${{ env.PLATFORMS }}'));
    const stepEnv = PUSH_ACTION.replace('        uses: docker', '        env:\n          PLATFORMS: linux/ppc64le\n        uses: docker');
    assert.deepEqual(shape(images(stepEnv)[0]).platforms, ['linux/ppc64le']);
  });

  it('keeps a platform from an env value that is itself an expression, or from another context, unknown', () => {
    const fromInputs = PUSH_ACTION.replace('PLATFORMS: linux/amd64, linux/arm64 linux/s390x', 'PLATFORMS: ${{ inputs.platforms }}');
    assert.deepEqual(shape(images(fromInputs)[0]).platforms, [undefined]);
    const fromVars = PUSH_ACTION.replace('${{ env.PLATFORMS }}', '${{ vars.PLATFORMS }}');
    assert.deepEqual(shape(images(fromVars)[0]).platforms, [undefined]);
  });

  it('reads platforms written as a YAML list or one per line, each at its text; a stage from an expression is unknown', () => {
    const list = PUSH_ACTION.replace('platforms: ${{ env.PLATFORMS }}', 'platforms:\n            - linux/amd64\n            - "linux/arm/v7"').replace('target: runtime', 'target: ${{ inputs.stage }}');
    const [image] = images(list);
    assert.deepEqual(shape(image), { dockerfile: undefined, target: undefined, context: 'services/api', platforms: ['linux/amd64', 'linux/arm/v7'], args: {} });
    assert.deepEqual(image.platforms!.map((p) => at(list, p.range)), ['linux/amd64', 'linux/arm/v7']);
    const lines = PUSH_ACTION.replace('platforms: ${{ env.PLATFORMS }}', 'platforms: |\n            linux/amd64\n            linux/arm64');
    assert.deepEqual(images(lines)[0].platforms!.map((p) => [p.value, at(lines, p.range)]), [['linux/amd64', 'linux/amd64'], ['linux/arm64', 'linux/arm64']]);
  });

  it('keeps a list item it cannot map back to the file as one unknown platform, at the item', () => {
    const escaped = PUSH_ACTION.replace('platforms: ${{ env.PLATFORMS }}', 'platforms:\n            - "linux/amd64\\n"\n            - linux/arm64');
    const [image] = images(escaped);
    assert.deepEqual(image.platforms!.map((p) => [p.value, at(escaped, p.range)]), [[undefined, '"linux/amd64\\n"'], ['linux/arm64', 'linux/arm64']]);
  });

  it('reads build-args one NAME=value per line, skipping lines that set no name', () => {
    const text = PUSH_ACTION.replace('platforms: ${{ env.PLATFORMS }}', 'build-args: |\n            GO_VERSION=1.23\n            =orphan\n            just-a-word\n              CGO_ENABLED = 0');
    const [image] = images(text);
    assert.deepEqual(shape(image).args, { GO_VERSION: '1.23', CGO_ENABLED: '0' });
    assert.equal(at(text, image.args.get('CGO_ENABLED')!.nameRange), 'CGO_ENABLED ');
    assert.equal(at(text, image.args.get('CGO_ENABLED')!.range), ' 0');
  });
});
