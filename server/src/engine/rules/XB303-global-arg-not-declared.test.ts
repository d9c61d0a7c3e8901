import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, lineOf, only, ready, textAt, said } from '../testing';

before(ready);

const NO_ARG = [
  'FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build',
  'WORKDIR /src',
  'COPY . .',
  'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .',
  '',
  'FROM alpine:3.20',
  'COPY --from=build /out/app /usr/local/bin/app',
  '',
].join('\n');

describe('XB303 global build arg used in a stage without ARG', () => {
  it('reports $TARGETOS and $TARGETARCH in RUN as errors: they feed GOOS and GOARCH', () => {
    const found = only(check(NO_ARG), 'XB303');
    assert.deepEqual(found.map((f) => [lineOf(f), textAt(NO_ARG, f), f.severity]), [
      [4, '$TARGETOS', 'error'],
      [4, '$TARGETARCH', 'error'],
    ]);
    assert.match(said(found[1]), /\$TARGETARCH is empty here: declare ARG TARGETARCH in stage build\.[^]*stage build \(golang:1\.22-alpine, line 1\) never declares ARG TARGETARCH/);
    assert.match(said(found[1]), /builder's architecture/);
    assert.match(said(found[1]), /UndefinedVar check does not look at shell-form RUN/);
  });

  it('fixes each by a bare ARG after the FROM, merged into the same line by the second fix', () => {
    const once = fixAndRecheck(NO_ARG, 'XB303');
    assert.equal(once, NO_ARG.replace('AS build\n', 'AS build\nARG TARGETOS\n'));
    const twice = fixAndRecheck(once, 'XB303');
    assert.equal(twice, NO_ARG.replace('AS build\n', 'AS build\nARG TARGETOS TARGETARCH\n'));
    assert.deepEqual(only(check(twice), 'XB303'), []);
  });

  it('warns for a global ARG used in a stage without redeclaring it, and names its default', () => {
    const text = [
      'ARG GO_VERSION=1.22',
      'ARG APP_VERSION=0.9.1',
      'FROM golang:${GO_VERSION} AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN go build -ldflags "-X main.version=$APP_VERSION" -o /out/app .',
      'FROM debian:12-slim',
      'LABEL org.opencontainers.image.version=$APP_VERSION',
      'COPY --from=build /out/app /app',
    ].join('\n');
    const found = only(check(text), 'XB303');
    assert.deepEqual(found.map((f) => [lineOf(f), f.severity]), [
      [6, 'warning'],
      [8, 'warning'],
    ]);
    assert.match(said(found[0]), /ARG APP_VERSION is declared before the first FROM \(default 0\.9\.1\)/);
    assert.doesNotMatch(found[1].message, /UndefinedVar/);
    const fixed = fixAndRecheck(text, 'XB303');
    assert.match(fixed, /FROM golang:\$\{GO_VERSION\} AS build\nARG APP_VERSION\nWORKDIR/);
  });

  it('reports ENV GOARCH=$TARGETARCH as an error and keeps CRLF line endings in the fix', () => {
    const text = ['FROM --platform=$BUILDPLATFORM golang:1.23 AS build', 'ENV CGO_ENABLED=0 GOARCH=${TARGETARCH}', 'RUN go build -o /out/app .', ''].join('\r\n');
    const [f] = only(check(text), 'XB303');
    assert.equal(f.severity, 'error');
    assert.equal(textAt(text, f), '${TARGETARCH}');
    assert.equal(fixAndRecheck(text, 'XB303'), text.replace('AS build\r\n', 'AS build\r\nARG TARGETARCH\r\n'));
  });

  it('puts the ARG before the first use when the stage declares other args later', () => {
    const text = ['FROM --platform=$BUILDPLATFORM golang:1.22 AS build', 'RUN GOARCH=$TARGETARCH go build -o /out/app .', 'ARG TARGETOS', ''].join('\n');
    assert.equal(fixAndRecheck(text, 'XB303'), 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /out/app .\nARG TARGETOS\n');
  });

  it('is silent when the stage or a stage it is built FROM declares the arg, or the script sets it', () => {
    const declared = NO_ARG.replace('AS build\n', 'AS build\nARG TARGETOS TARGETARCH\n');
    assert.deepEqual(only(check(declared), 'XB303'), []);
    const inherited = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS base\nARG TARGETOS TARGETARCH\nFROM base AS build\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .\n';
    assert.deepEqual(only(check(inherited), 'XB303'), []);
    const script = 'FROM golang:1.22\nRUN TARGETARCH=$(go env GOARCH) && GOARCH=$TARGETARCH go build -o /app . && echo "$HOME"\n';
    assert.deepEqual(only(check(script), 'XB303'), [], 'set by the script; HOME is not a global arg');
    assert.deepEqual(only(check("FROM golang:1.22\nRUN echo '$TARGETARCH' > /arch.txt\n"), 'XB303'), [], 'single quotes');
    const provided = 'ARG HTTPS_PROXY\nARG GOLANG_VERSION=1.22\nFROM golang:${GOLANG_VERSION}\nRUN https_proxy=$HTTPS_PROXY go mod download && echo "$GOLANG_VERSION"\n';
    assert.deepEqual(only(check(provided), 'XB303'), [], 'proxy args reach RUN by themselves; the golang image sets GOLANG_VERSION');
  });

  it('reports ${TARGETARCH:-amd64} in RUN without the ARG: the default is the value on every platform', () => {
    // `:=` assigns the default as well: the value is the same.
    for (const op of [':-', '-', ':=']) {
      const text = NO_ARG.replace('GOOS=$TARGETOS GOARCH=$TARGETARCH', `GOOS=linux GOARCH=\${TARGETARCH${op}amd64}`);
      const [f] = only(check(text), 'XB303');
      assert.equal(f.severity, 'error', op);
      assert.equal(textAt(text, f), `\${TARGETARCH${op}amd64}`);
      assert.match(said(f), /is always amd64 here: declare ARG TARGETARCH in stage/);
      assert.match(said(f), /So GOARCH is amd64 for every platform/);
      assert.equal(fixAndRecheck(text, 'XB303'), text.replace('AS build\n', 'AS build\nARG TARGETARCH\n'));
    }
    // Declared, the injected value wins and the default only covers a build without BuildKit.
    assert.deepEqual(only(check(NO_ARG.replace('AS build\n', 'AS build\nARG TARGETARCH\n').replace('GOOS=$TARGETOS GOARCH=$TARGETARCH', 'GOARCH=${TARGETARCH:-amd64}')), 'XB303'), []);
  });

  it('says what an ENV with a defaulted expansion becomes, and keeps ${TARGETOS:-linux} to a note', () => {
    const text = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nENV GOARCH=${TARGETARCH:-arm64}\nRUN GOOS=${TARGETOS:-linux} go build -o /out/app .\nFROM alpine\nCOPY --from=build /out/app /app\n';
    const [arch, os] = only(check(text), 'XB303');
    assert.equal(arch.severity, 'error');
    assert.match(arch.message, /\$\{TARGETARCH:-arm64\} is always arm64 here/);
    assert.doesNotMatch(arch.message, /is empty/);
    assert.equal(os.severity, 'information');
    assert.match(said(os), /BuildKit injects linux for every Linux platform/);
  });
});
