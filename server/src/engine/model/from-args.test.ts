import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { HOST_FACTS, ready } from '../testing';
import { buildModel, defaultGoVersion } from './build-model';
import type { BuildModel, DockerfileModel } from './types';

/** The model of a Dockerfile (the union narrowed). */
function dockerfile(m: BuildModel): DockerfileModel {
  if (m.kind !== 'dockerfile') throw new Error(`expected a Dockerfile model, got ${m.kind}`);
  return m;
}


before(ready);

function parse(text: string) {
  const built = buildModel({ path: '/w/Dockerfile', kind: 'dockerfile', text }, { goVersion: defaultGoVersion(HOST_FACTS) });
  return { ...built, model: dockerfile(built.model) };
}

describe('Dockerfile model: global ARGs and FROM-line variables', () => {
  it('lists the ARGs before the first FROM, with their defaults and instruction ranges, and no stage ARGs', () => {
    const { model } = parse('ARG GO_VERSION=1.22 DEBIAN="bookworm"\nARG REGISTRY\nFROM golang:${GO_VERSION}\nARG TARGETARCH\n');
    assert.deepEqual(
      model.globalArgs?.map((a) => [a.name, a.value, a.instruction.start.line, a.instruction.end.character]),
      [
        ['GO_VERSION', '1.22', 0, 37],
        ['DEBIAN', 'bookworm', 0, 37],
        ['REGISTRY', undefined, 1, 12],
      ],
    );
  });

  it('records every variable a FROM line expands, in --platform and image, with exact ranges', () => {
    const text = 'FROM --platform=${BUILDPLATFORM} ${REGISTRY}/golang:${GO_VERSION:-1.22}-$VARIANT AS build\nFROM build AS test\n';
    const { model, lines } = parse(text);
    const vars = model.stages[0].fromVars.map((v) => [v.name, v.part, v.text, text.slice(lines.offsetAt(v.range.start), lines.offsetAt(v.range.end))]);
    assert.deepEqual(vars, [
      ['BUILDPLATFORM', 'platform', '${BUILDPLATFORM}', '${BUILDPLATFORM}'],
      ['REGISTRY', 'image', '${REGISTRY}', '${REGISTRY}'],
      ['GO_VERSION', 'image', '${GO_VERSION:-1.22}', '${GO_VERSION:-1.22}'],
      ['VARIANT', 'image', '$VARIANT', '$VARIANT'],
    ]);
    assert.deepEqual(model.stages[1].fromVars, []);
  });

  it('keeps the whole --platform flag range beside the value range, and skips escaped dollars', () => {
    const text = 'FROM  --platform=linux/arm64   alpine:3.20\nFROM app\\$1\n';
    const { model, lines } = parse(text);
    const p = model.stages[0].platform!;
    assert.equal(text.slice(lines.offsetAt(p.flagRange.start), lines.offsetAt(p.flagRange.end)), '--platform=linux/arm64');
    assert.equal(text.slice(lines.offsetAt(p.range.start), lines.offsetAt(p.range.end)), 'linux/arm64');
    assert.deepEqual(model.stages[1].fromVars, []);
  });
});
