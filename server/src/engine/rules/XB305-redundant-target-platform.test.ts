import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, lineOf, only, ready, textAt, said } from '../testing';

before(ready);

const DOCKERFILE = [
  'FROM --platform=$BUILDPLATFORM golang:1.23-alpine AS build',
  'ARG TARGETOS TARGETARCH',
  'WORKDIR /src',
  'COPY . .',
  'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .',
  '',
  'FROM --platform=${TARGETPLATFORM} alpine:3.20',
  'COPY --from=build /out/app /usr/local/bin/app',
  'CMD ["app"]',
  '',
].join('\n');

describe('XB305 FROM --platform=$TARGETPLATFORM is redundant', () => {
  it('notes the redundant flag on the whole --platform=... text', () => {
    const [f] = only(check(DOCKERFILE), 'XB305');
    assert.equal(f.severity, 'information');
    assert.equal(lineOf(f), 7);
    assert.equal(textAt(DOCKERFILE, f), '--platform=${TARGETPLATFORM}');
    assert.match(said(f), /is redundant: remove it/);
  });

  it('removes the flag and the blank after it; nothing else changes and a second run has nothing to do', () => {
    const fixed = fixAndRecheck(DOCKERFILE, 'XB305');
    assert.equal(fixed, DOCKERFILE.replace('FROM --platform=${TARGETPLATFORM} alpine:3.20', 'FROM alpine:3.20'));
    assert.deepEqual(only(check(fixed), 'XB305'), []);
  });

  it('keeps a continuation line and the stage name intact', () => {
    const text = 'FROM --platform=$TARGETPLATFORM \\\n    gcr.io/distroless/static-debian12:nonroot AS runtime\nCOPY app /app\n';
    assert.equal(fixAndRecheck(text, 'XB305'), 'FROM \\\n    gcr.io/distroless/static-debian12:nonroot AS runtime\nCOPY app /app\n');
  });

  it('is silent for $BUILDPLATFORM, for expressions that only contain TARGETPLATFORM, and for stages built FROM a stage', () => {
    const text = [
      'FROM --platform=$BUILDPLATFORM golang:1.23 AS build',
      'FROM --platform=${TARGETPLATFORM:-linux/amd64} alpine:3.20 AS a',
      'FROM --platform=$TARGETPLATFORM build AS test',
    ].join('\n');
    assert.deepEqual(only(check(text), 'XB305'), []);
  });

  it('is silent when a global ARG gives TARGETPLATFORM a default (the flag then pins it: XB309)', () => {
    const text = 'ARG TARGETPLATFORM=linux/amd64\nFROM --platform=$TARGETPLATFORM alpine:3.20\n';
    assert.deepEqual(only(check(text), 'XB305'), []);
    assert.equal(only(check('ARG TARGETPLATFORM\nFROM --platform=$TARGETPLATFORM alpine:3.20\n'), 'XB305').length, 1);
  });
});
