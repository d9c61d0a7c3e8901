import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { buildModel, defaultGoVersion } from '../model/build-model';
import type { DocumentKind } from '../types';
import { buildPlan, planFor, type FilePlan } from '../plan/build-plan';
import { check, fixAndRecheck, HOST_FACTS, lineOf, only, planBuilding, ready, said, textAt } from '../testing';

before(ready);

/** The Dockerfile of check(): /work/app/Dockerfile. */
const ROOT = '/work/app';

/** A Go service whose runtime stage was copied from an x86 laptop's setup: the amd64 namespace of alpine. */
const AMD64_RUNTIME = [
  'FROM --platform=$BUILDPLATFORM golang:1.23 AS build',
  'ARG TARGETOS TARGETARCH',
  'WORKDIR /src',
  'COPY . .',
  'RUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -o /out/relay ./cmd/relay',
  '',
  'FROM amd64/alpine:3.20 AS runtime',
  'RUN apk add --no-cache ca-certificates',
  'COPY --from=build /out/relay /usr/local/bin/relay',
  'CMD relay --listen :8080',
  '',
].join('\n');

const BAKE = `group "default" {
  targets = ["relay"]
}

target "relay" {
  context = "."
  platforms = ["linux/amd64", "linux/arm64"]
  tags = ["ghcr.io/acme/relay:latest"]
}
`;

function plan(files: [string, DocumentKind, string][]): FilePlan {
  const models = files.map(([p, k, t]) => buildModel({ path: `${ROOT}/${p}`, kind: k, text: t }, { goVersion: defaultGoVersion(HOST_FACTS) }).model);
  return planFor(buildPlan({ root: ROOT, host: HOST_FACTS.host, models, goMods: [] }), `${ROOT}/Dockerfile`);
}

describe('XB708 image stage holds another platform than the build asks for', () => {
  it('reports an architecture image in the image stage that bake builds for another platform, naming the bake line', () => {
    const p = plan([['docker-bake.hcl', 'bake', BAKE]]);
    const [f] = only(check(AMD64_RUNTIME, 'dockerfile', HOST_FACTS, p), 'XB708');
    assert.equal(f.severity, 'error');
    assert.equal(lineOf(f), 7);
    assert.equal(textAt(AMD64_RUNTIME, f), 'amd64/alpine:3.20');
    assert.match(f.message, /^The image stage holds only linux\/amd64 \(amd64\/\): use alpine:3\.20\. Built for linux\/arm64 by docker-bake\.hcl:7\./);
    assert.equal(f.related?.[0].file, `${ROOT}/docker-bake.hcl`);
    assert.equal(f.related?.[0].range.start.line, 6);
    assert.match(said(f), /bake target relay builds linux\/arm64 here/);
  });

  it('its fix uses the official image, after which it is silent', () => {
    const p = plan([['docker-bake.hcl', 'bake', BAKE]]);
    const fixed = fixAndRecheck(AMD64_RUNTIME, 'XB708', 'dockerfile', undefined, HOST_FACTS, p);
    assert.equal(fixed, AMD64_RUNTIME.replace('FROM amd64/alpine:3.20', 'FROM alpine:3.20'));
    assert.deepEqual(only(check(fixed, 'dockerfile', HOST_FACTS, p), 'XB708'), []);
  });

  it('takes the platforms from a compose x-bake and from a bake-action --set, and the image stage from target', () => {
    const compose = `services:
  relay:
    build:
      context: .
      target: runtime
      x-bake:
        platforms: linux/arm64
`;
    const [c] = only(check(AMD64_RUNTIME + 'FROM scratch AS export\nCOPY --from=build /out/relay /\n', 'dockerfile', HOST_FACTS, plan([['compose.yaml', 'bake', compose]])), 'XB708');
    assert.match(c.message, /^Stage runtime, the image built, holds only linux\/amd64 \(amd64\/\): use alpine:3\.20\. Built for linux\/arm64 by compose\.yaml:7\./);

    const workflow = `name: images
on: push
jobs:
  bake:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/bake-action@v6
        with:
          source: .
          set: |
            relay.platform=linux/arm64
`;
    const noPlatforms = BAKE.replace('  platforms = ["linux/amd64", "linux/arm64"]\n', '');
    const [w] = only(check(AMD64_RUNTIME, 'dockerfile', HOST_FACTS, plan([['docker-bake.hcl', 'bake', noPlatforms], ['.github/workflows/images.yml', 'workflow', workflow]])), 'XB708');
    assert.match(w.message, /Built for linux\/arm64 by \.github\/workflows\/images\.yml:12\./);
  });

  it('leaves a constant --platform to XB304, which names the same evidence; follows a stage built FROM an architecture stage', () => {
    const pinned = AMD64_RUNTIME.replace('FROM amd64/alpine:3.20 AS runtime', 'FROM --platform=linux/amd64 alpine:3.20 AS runtime');
    const p = planBuilding(['linux/arm64']);
    const findings = check(pinned, 'dockerfile', HOST_FACTS, p);
    assert.deepEqual(only(findings, 'XB708'), []);
    assert.match(only(findings, 'XB304')[0]?.message ?? '', /Built for linux\/arm64 on linux\/amd64 by release\.yml:45\./);

    const chained = AMD64_RUNTIME.replace('FROM amd64/alpine:3.20 AS runtime', 'FROM amd64/alpine:3.20 AS base\nFROM base AS runtime');
    const [f] = only(check(chained, 'dockerfile', HOST_FACTS, p), 'XB708');
    assert.equal(lineOf(f), 8);
    assert.match(f.message, /^The image stage holds only linux\/amd64: build it FROM a multi-platform image\. Built for linux\/arm64/);
    assert.match(said(f), /stage runtime \(base, line 8\) becomes the image; its userland \(amd64\/alpine:3\.20\) is linux\/amd64/);
    assert.deepEqual(f.fixes, []);
  });

  it('is silent when the build asks for the pinned platform, names none (a compose file for the host), or the plan is unknown', () => {
    assert.deepEqual(only(check(AMD64_RUNTIME, 'dockerfile', HOST_FACTS, planBuilding(['linux/amd64'])), 'XB708'), []);
    const local = 'services:\n  relay:\n    build: .\n';
    assert.deepEqual(only(check(AMD64_RUNTIME, 'dockerfile', HOST_FACTS, plan([['compose.yaml', 'bake', local]])), 'XB708'), []);
    assert.deepEqual(only(check(AMD64_RUNTIME, 'dockerfile', HOST_FACTS, planBuilding([undefined])), 'XB708'), []);
    assert.deepEqual(only(check(AMD64_RUNTIME), 'XB708'), []);
  });

  it('leaves XB310 the stage that receives a binary following the target; scratch holds no programs', () => {
    const follows = AMD64_RUNTIME.replace('GOOS=linux GOARCH=amd64', 'GOOS=$TARGETOS GOARCH=$TARGETARCH');
    const findings = check(follows, 'dockerfile', HOST_FACTS, planBuilding(['linux/arm64']));
    assert.deepEqual(only(findings, 'XB708'), []);
    assert.equal(only(findings, 'XB310').length, 1);
    const scratch = AMD64_RUNTIME.replace('FROM amd64/alpine:3.20 AS runtime\nRUN apk add --no-cache ca-certificates', 'FROM --platform=linux/amd64 scratch AS runtime');
    assert.deepEqual(only(check(scratch, 'dockerfile', HOST_FACTS, planBuilding(['linux/arm64'])), 'XB708'), []);
  });

  it('finds the target stage whatever its case, passes over unnamed stages, and is silent when the target names no stage', () => {
    const withTarget = (target: string): FilePlan => ({ builds: [{ ...planBuilding(['linux/arm64']).builds[0], target }] });
    const exported = `FROM golang:1.23\nRUN go version\n${AMD64_RUNTIME}FROM scratch AS export\nCOPY --from=build /out/relay /\n`;
    const [f] = only(check(exported, 'dockerfile', HOST_FACTS, withTarget('Runtime')), 'XB708');
    assert.equal(textAt(exported, f), 'amd64/alpine:3.20');
    assert.match(f.message, /^Stage runtime, the image built, holds only linux\/amd64/);
    assert.deepEqual(only(check(exported, 'dockerfile', HOST_FACTS, withTarget('release')), 'XB708'), []);
  });

  it('lists each platform the build asks for once, shortening a long evidence to the file name', () => {
    const [f] = only(check(AMD64_RUNTIME, 'dockerfile', HOST_FACTS, planBuilding(['linux/amd64', 'linux/arm64', 'linux/arm/v7'])), 'XB708');
    assert.match(f.message, /\. Built for linux\/arm64,linux\/arm\/v7 by release\.yml:45\.$/);
    const one = planBuilding(['linux/arm64']).builds[0];
    const [twice] = only(check(AMD64_RUNTIME, 'dockerfile', HOST_FACTS, { builds: [one, { ...one, by: 'step Build edge image (line 60)' }] }), 'XB708');
    assert.match(twice.message, /Built for linux\/arm64 by \.github\/workflows\/release\.yml:45\.$/);
    assert.deepEqual(twice.fixes.map((x) => [x.title, x.isPreferred]), [['Use alpine:3.20', true]]);
  });

  it('names the official image in the message up to 24 characters, and says "the official image" past that', () => {
    const arm64 = planBuilding(['linux/arm64']);
    const at24 = AMD64_RUNTIME.replace('amd64/alpine:3.20', 'amd64/debian:bookworm-20240701');
    assert.match(only(check(at24, 'dockerfile', HOST_FACTS, arm64), 'XB708')[0].message, /: use debian:bookworm-20240701\. /);
    const longer = AMD64_RUNTIME.replace('amd64/alpine:3.20', 'amd64/debian:bookworm-20240701-slim');
    const [f] = only(check(longer, 'dockerfile', HOST_FACTS, arm64), 'XB708');
    assert.match(f.message, /: use the official image\. /);
    assert.deepEqual(f.fixes.map((x) => x.title), ['Use debian:bookworm-20240701-slim']);
  });

  it('with an image tag from an ARG offers no edit, says to drop the namespace, and names the image as resolved', () => {
    const text = `ARG ALPINE=3.20\n${AMD64_RUNTIME.replace('amd64/alpine:3.20', 'amd64/alpine:${ALPINE}')}`;
    const [f] = only(check(text, 'dockerfile', HOST_FACTS, planBuilding(['linux/arm64'])), 'XB708');
    assert.match(f.message, /^The image stage holds only linux\/amd64 \(amd64\/\): drop amd64\/ from the image\. /);
    assert.match(said(f), /its userland \(amd64\/alpine:3\.20\) is linux\/amd64/);
    assert.deepEqual(f.fixes, []);
  });

  it('reports an image stage that builds its own binary for the target, and a target stage other stages are built from or copy', () => {
    const arm64 = planBuilding(['linux/arm64']);
    const selfBuilt = 'FROM amd64/golang:1.23 AS runtime\nWORKDIR /src\nCOPY . .\nRUN GOARCH=$TARGETARCH go build -o /usr/local/bin/relay ./cmd/relay\nCMD ["relay"]\n';
    assert.deepEqual(only(check(selfBuilt, 'dockerfile', HOST_FACTS, arm64), 'XB708').map(lineOf), [1]);
    const follows = AMD64_RUNTIME.replace('GOOS=linux GOARCH=amd64', 'GOOS=$TARGETOS GOARCH=$TARGETARCH');
    const runtimeTarget: FilePlan = { builds: [{ ...arm64.builds[0], target: 'runtime' }] };
    const copied = `${follows}FROM scratch AS export\nCOPY --from=runtime /usr/local/bin/relay /\n`;
    assert.deepEqual(only(check(copied, 'dockerfile', HOST_FACTS, runtimeTarget), 'XB708').map(lineOf), [7]);
    const derived = `${follows}FROM runtime AS debug\nRUN apk add --no-cache curl\n`;
    assert.deepEqual(only(check(derived, 'dockerfile', HOST_FACTS, runtimeTarget), 'XB708').map(lineOf), [7]);
    const unrelated = `${follows}FROM scratch AS export\nCOPY --from=build /out/relay /\n`;
    assert.deepEqual(only(check(unrelated, 'dockerfile', HOST_FACTS, runtimeTarget), 'XB708'), [], 'XB310 reports the target stage no other stage uses');
  });
});
