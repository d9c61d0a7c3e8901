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

function model(text: string) {
  return dockerfile(buildModel({ path: '/w/Dockerfile', kind: 'dockerfile', text }, { goVersion: defaultGoVersion(HOST_FACTS) }).model);
}

describe('Dockerfile stages: C library compatibility packages and cross compilers', () => {
  it('notes gcompat / libc6-compat in an alpine stage and in stages built FROM it', () => {
    const m = model('FROM alpine:3.20 AS base\nRUN apk add --no-cache ca-certificates libc6-compat\nFROM base AS app\nFROM alpine:3.20 AS plain\nRUN apk add --no-cache gcompat\nFROM alpine:3.20');
    assert.deepEqual(m.stages.map((s) => s.glibcCompat ?? false), [true, true, true, false]);
  });

  it('records Debian cross compiler packages whose triplet ends in digits (gnuabi64)', () => {
    const m = model('FROM debian:12\nRUN apt-get install -y gcc-mips64el-linux-gnuabi64 gcc-aarch64-linux-gnu');
    assert.deepEqual(m.stages[0].crossCC, ['gcc-mips64el-linux-gnuabi64', 'gcc-aarch64-linux-gnu']);
  });
});
