import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fixAndRecheck, lineOf, only, ready, textAt, said, checkWithPlan, MULTI_PLATFORM_PLAN } from '../testing';

// These tests are about images built for several platforms: the build plan says so (a release workflow, linux/amd64 and linux/arm64).
const check = checkWithPlan(MULTI_PLATFORM_PLAN);

before(ready);

const FORGOT_GOARCH = [
  'FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build',
  'WORKDIR /src',
  'COPY go.mod go.sum ./',
  'RUN go mod download',
  'COPY . .',
  'RUN CGO_ENABLED=0 go build -trimpath -o /out/api ./cmd/api',
  '',
  'FROM alpine:3.20',
  'RUN apk add --no-cache ca-certificates',
  'COPY --from=build /out/api /usr/local/bin/api',
  'ENTRYPOINT ["/usr/local/bin/api"]',
  '',
].join('\n');

describe('XB302 binary built for the build platform lands in a target-platform image', () => {
  it('reports a $BUILDPLATFORM build without GOARCH copied into the runtime stage', () => {
    const [f] = only(check(FORGOT_GOARCH), 'XB302');
    assert.equal(f.severity, 'error');
    assert.equal(lineOf(f), 6);
    assert.equal(textAt(FORGOT_GOARCH, f), 'go');
    assert.match(said(f), /stage build \(golang:1\.22-alpine, line 1\) runs on \$BUILDPLATFORM/);
    assert.match(said(f), /\/out\/api is the builder's architecture/);
    assert.match(said(f), /copied into stage 1 \(alpine:3\.20, line 8\) here/);
    assert.match(said(f), /"exec format error"/);
    assert.equal(f.related?.[0].range.start.line, 9);
  });

  it('fixes with ARG TARGETOS TARGETARCH after the FROM and the prefix on the go command', () => {
    const fixed = fixAndRecheck(FORGOT_GOARCH, 'XB302');
    assert.equal(
      fixed,
      FORGOT_GOARCH.replace('AS build\n', 'AS build\nARG TARGETOS TARGETARCH\n').replace(
        'CGO_ENABLED=0 go build',
        'CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build',
      ),
    );
    assert.deepEqual(only(check(fixed), 'XB302'), [], 'nothing left to fix: applying again changes nothing');
    assert.deepEqual(only(check(fixed), 'XB303'), [], 'the args the fix uses are declared');
  });

  it('merges into an ARG line before the build, keeps a GOOS=linux, and adds GOARM when the file builds arm/v7', () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      '# docker buildx build --platform linux/amd64,linux/arm64,linux/arm/v7 .',
      'FROM --platform=$BUILDPLATFORM golang:1.23 AS build',
      'ARG VERSION',
      'WORKDIR /src',
      'COPY . .',
      'RUN GOOS=linux go build -ldflags "-X main.version=${VERSION}" -o /bin/app .',
      'FROM gcr.io/distroless/base-debian12',
      'COPY --from=build /bin/app /app',
    ].join('\n');
    const fixed = fixAndRecheck(text, 'XB302');
    assert.match(fixed, /\nARG VERSION TARGETARCH TARGETVARIANT\n/);
    assert.match(fixed, /RUN GOOS=linux GOARCH=\$TARGETARCH GOARM=\$\{TARGETVARIANT#v\} go build/);
  });

  it('keeps continuation lines and the escape directive when fixing', () => {
    const text = [
      '# escape=`',
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN go mod download && `',
      '    go build -o /out/agent ./cmd/agent',
      'FROM debian:12-slim',
      'COPY --from=build /out/agent /usr/bin/agent',
    ].join('\r\n');
    const fixed = fixAndRecheck(text, 'XB302');
    assert.equal(
      fixed,
      text
        .replace('AS build\r\n', 'AS build\r\nARG TARGETOS TARGETARCH\r\n')
        .replace('    go build -o', '    GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o'),
    );
  });

  it('reports a stage pinned to a constant platform the same way', () => {
    const text = 'FROM --platform=linux/amd64 golang:1.22 AS build\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=build /app /app\n';
    const [f] = only(check(text), 'XB302');
    assert.match(said(f), /is pinned to linux\/amd64: Go builds for the machine it runs on, so \/app is always linux\/amd64/);
  });

  it('is silent when GOARCH follows the target, is a constant, or the binary stays on the build platform', () => {
    const pattern = FORGOT_GOARCH.replace('AS build\n', 'AS build\nARG TARGETOS TARGETARCH\n').replace('CGO_ENABLED=0 go', 'CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go');
    assert.deepEqual(only(check(pattern), 'XB302'), []);
    assert.deepEqual(only(check(FORGOT_GOARCH.replace('CGO_ENABLED=0 go', 'GOARCH=arm64 go')), 'XB302'), [], 'a constant is XB306/XB307');
    assert.deepEqual(only(check(FORGOT_GOARCH.replace('CGO_ENABLED=0 go', 'GOARCH=$TARGETARCH go')), 'XB302'), [], 'an undeclared arg is XB303');
    const tool = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS gen\nRUN go build -o /usr/local/bin/gen ./tools/gen && gen ./api\nFROM --platform=$BUILDPLATFORM golang:1.22 AS build\nCOPY --from=gen /usr/local/bin/gen /usr/local/bin/gen\n';
    assert.deepEqual(only(check(tool), 'XB302'), [], 'a tool run on the builder');
    assert.deepEqual(only(check('FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM alpine\nCOPY --from=build /app /app\n'), 'XB302'), [], 'native on the target');
  });

  it('is silent under tonistiigi/xx: the older xx:golang image\'s go wrapper, xx-go --wrap, and xx-go itself', () => {
    const oldXx = [
      'FROM --platform=$BUILDPLATFORM golang:1-alpine AS builder',
      'COPY --from=tonistiigi/xx:golang / /',
      'ARG TARGETPLATFORM',
      'RUN apk add --no-cache musl-dev git gcc',
      'ADD . /src',
      'WORKDIR /src',
      'RUN cd cmd/tunnel && go env && go build -v -o /out/tunnel',
      '',
      'FROM alpine:3.20',
      'COPY --from=builder /out/tunnel /bin/tunnel',
      '',
    ].join('\n');
    assert.deepEqual(only(check(oldXx), 'XB302'), []);
    // Through a stage FROM that image, and pinned by digest.
    const viaStage = oldXx.replace('FROM --platform=$BUILDPLATFORM golang', 'FROM --platform=$BUILDPLATFORM tonistiigi/xx:golang AS xx\nFROM --platform=$BUILDPLATFORM golang').replace('--from=tonistiigi/xx:golang', '--from=xx');
    assert.deepEqual(only(check(viaStage), 'XB302'), []);
    assert.deepEqual(only(check(oldXx.replace('xx:golang', 'xx:golang@sha256:' + 'ab'.repeat(32))), 'XB302'), []);
    // The wrapper reads TARGETPLATFORM: without the ARG it sees nothing and go builds for the builder.
    assert.equal(only(check(oldXx.replace('ARG TARGETPLATFORM\n', '')), 'XB302').length, 1);
    // The current xx image has no go wrapper: plain go stays the builder's unless xx-go --wrap runs.
    assert.equal(only(check(oldXx.replace('xx:golang', 'xx:1.6.1')), 'XB302').length, 1);
    assert.deepEqual(only(check(oldXx.replace('xx:golang', 'xx:1.6.1').replace('RUN apk', 'RUN xx-go --wrap && apk')), 'XB302'), []);
    // xx-go without --wrap sets the target itself.
    assert.deepEqual(only(check(oldXx.replace('xx:golang', 'xx:1.6.1').replace('go env && go build', 'xx-go build')), 'XB302'), []);
    const newXx = oldXx.replace('xx:golang', 'xx:1.6.1');
    // --wrap in the stage a build stage is FROM wraps its go too.
    const wrappedParent = newXx.replace('RUN apk', 'RUN xx-go --wrap && apk').replace('ADD . /src', 'FROM builder AS build\nADD . /src').replace('--from=builder', '--from=build');
    assert.deepEqual(only(check(wrappedParent), 'XB302'), []);
    // Neither xx-go without --wrap nor a program's own --wrap argument wraps the plain go beside it.
    assert.equal(only(check(newXx.replace('go env && go build', 'xx-go build -o /out/helper ./helper && go build')), 'XB302').length, 1);
    assert.equal(only(check(newXx.replace('go env && go build', 'go run ./tools/gen --wrap && go build')), 'XB302').length, 1);
  });

  it('knows an architecture\'s image pins its stage: a plain build in arm64v8/golang is arm64 in every image', () => {
    const text = 'FROM arm64v8/golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM alpine:3.19\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';
    const [f] = only(check(text), 'XB302');
    assert.equal(lineOf(f), 4);
    assert.match(said(f), /built for linux\/arm64 in every image[^]*its image arm64v8\/golang:1.22 holds only that platform/);
    assert.deepEqual(only(check(fixAndRecheck(text, 'XB302')), 'XB302'), []);
    // The same image as the final stage: one platform throughout, nothing to report.
    assert.deepEqual(only(check(text.replace('FROM alpine:3.19', 'FROM arm64v8/alpine:3.19')), 'XB302'), []);
  });
});
