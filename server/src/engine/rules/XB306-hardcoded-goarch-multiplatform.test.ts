import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fixAndRecheck, lineOf, only, ready, textAt, said, checkWithPlan, MULTI_PLATFORM_PLAN } from '../testing';

// These tests are about images built for several platforms: the build plan says so (a release workflow, linux/amd64 and linux/arm64).
const check = checkWithPlan(MULTI_PLATFORM_PLAN);

before(ready);

// The classic: copied from a single-platform Dockerfile, then built with --platform linux/amd64,linux/arm64.
const CLASSIC = [
  'FROM golang:1.22-alpine AS builder',
  'WORKDIR /app',
  'COPY go.mod go.sum ./',
  'RUN go mod download',
  'COPY . .',
  'RUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -ldflags="-s -w" -o server ./cmd/server',
  '',
  'FROM alpine:3.20',
  'WORKDIR /root/',
  'COPY --from=builder /app/server .',
  'EXPOSE 8080',
  'CMD ["./server"]',
  '',
].join('\n');

describe('XB306 hard-coded GOARCH in a multi-platform image', () => {
  it('warns on GOARCH=amd64 whose binary lands in a stage on the target platform', () => {
    const [f] = only(check(CLASSIC), 'XB306');
    assert.equal(f.severity, 'warning');
    assert.equal(lineOf(f), 6);
    assert.equal(textAt(CLASSIC, f), 'amd64');
    assert.match(said(f), /the binary \/app\/server \(go build\) ends up in stage 1 \(alpine:3\.20, line 8\)/);
    assert.match(said(f), /Only the linux\/amd64 image/);
    assert.match(said(f), /exec format error/);
    assert.match(f.message, /ARG TARGETARCH in stage builder/);
  });

  it('fixes with $TARGETARCH and declares TARGETARCH after the FROM; GOOS=linux stays', () => {
    const fixed = fixAndRecheck(CLASSIC, 'XB306');
    assert.equal(
      fixed,
      CLASSIC.replace('AS builder\n', 'AS builder\nARG TARGETARCH\n').replace('GOARCH=amd64', 'GOARCH=$TARGETARCH'),
    );
    assert.deepEqual(only(check(fixed), 'XB306'), []);
  });

  it('rewrites an ENV in the stage and merges into an existing ARG line, keeping quotes', () => {
    const text = [
      'FROM --platform=$BUILDPLATFORM golang:1.23 AS build',
      'ARG TARGETOS',
      'ENV CGO_ENABLED=0 GOARCH="arm64"',
      'WORKDIR /src',
      'COPY . .',
      'RUN go build -o /out/app . && go build -o /out/migrate ./cmd/migrate',
      'FROM gcr.io/distroless/static-debian12',
      'COPY --from=build /out/ /usr/local/bin/',
    ].join('\n');
    const findings = only(check(text), 'XB306');
    assert.equal(findings.length, 1, 'one report per assignment, not per go command');
    assert.equal(fixAndRecheck(text, 'XB306'), text.replace('ARG TARGETOS', 'ARG TARGETOS TARGETARCH').replace('GOARCH="arm64"', 'GOARCH="$TARGETARCH"'));
  });

  it('declares the arg before the ENV that uses it, not in a later ARG line', () => {
    const text = [
      'FROM golang:1.22 AS build',
      'ENV GOARCH=amd64',
      'ARG VERSION',
      'RUN go build -ldflags "-X main.version=$VERSION" -o /out/app .',
      'FROM alpine:3.20',
      'COPY --from=build /out/app /app',
    ].join('\n');
    assert.equal(fixAndRecheck(text, 'XB306'), text.replace('AS build\n', 'AS build\nARG TARGETARCH\n').replace('GOARCH=amd64', 'GOARCH=$TARGETARCH'));
  });

  it('rewrites a global ARG default without declaring anything: the automatic args are global', () => {
    const text = [
      'ARG GOARCH=amd64',
      'FROM golang:1.22 AS build',
      'ARG GOARCH',
      'WORKDIR /src',
      'COPY . .',
      'RUN go build -o /out/app .',
      'FROM alpine:3.20',
      'COPY --from=build /out/app /app',
    ].join('\n');
    const [f] = only(check(text), 'XB306');
    assert.equal(lineOf(f), 1);
    assert.doesNotMatch(f.message, /with ARG/);
    assert.match(f.message, /: use GOARCH=\$TARGETARCH\. /, 'nothing to declare: the lead ends there');
    assert.equal(fixAndRecheck(text, 'XB306'), text.replace('ARG GOARCH=amd64', 'ARG GOARCH=$TARGETARCH'));
  });

  it('warns on a constant that comes through an ARG of its own, which no build platform sets', () => {
    const text = [
      'FROM golang:1.22 AS build',
      'ARG ARCH=amd64',
      'WORKDIR /src',
      'COPY . .',
      'RUN GOARCH=$ARCH go build -o /out/app .',
      'FROM alpine:3.20',
      'COPY --from=build /out/app /app',
    ].join('\n');
    const [f] = only(check(text), 'XB306');
    assert.equal(lineOf(f), 5);
    assert.equal(textAt(text, f), '$ARCH');
    // No room in the first sentence for where the ARG goes: it follows.
    assert.match(f.message, /^GOARCH=\$ARCH \(= amd64\) is fixed in a multi-platform image: use GOARCH=\$TARGETARCH\./);
    assert.match(said(f), /Declare ARG TARGETARCH in stage build\./);
    assert.deepEqual(f.fixes, [], 'a value written through a variable is not rewritten');
    // Shorter names leave room: a first sentence of exactly 110 characters.
    const [short] = only(check(text.replace('AS build', 'AS b').replace('--from=build', '--from=b').replace('ARG ARCH', 'ARG A').replace('$ARCH', '$A')), 'XB306');
    assert.match(short.message, /^GOARCH=\$A \(= amd64\) is fixed in a multi-platform image: use GOARCH=\$TARGETARCH with ARG TARGETARCH in stage b\./);
  });

  it('warns on a single-stage image too: the binary is in the image', () => {
    const text = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN GOARCH=arm64 go build -o /usr/local/bin/app .\nCMD ["app"]\n';
    assert.equal(only(check(text), 'XB306').length, 1);
  });

  it('is silent when the final image is pinned to a constant platform (single-platform image)', () => {
    const text = CLASSIC.replace('FROM alpine:3.20', 'FROM --platform=linux/amd64 alpine:3.20');
    assert.deepEqual(only(check(text), 'XB306'), []);
  });

  it('is silent for the per-architecture stage pattern and per-architecture outputs', () => {
    const stages = [
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build_amd64',
      'RUN GOARCH=amd64 go build -o /out/app .',
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build_arm64',
      'RUN GOARCH=arm64 go build -o /out/app .',
      'FROM build_${TARGETARCH} AS build',
      'FROM alpine:3.20',
      'COPY --from=build /out/app /app',
    ].join('\n');
    assert.deepEqual(only(check(stages), 'XB306'), []);
    const outputs = [
      'FROM golang:1.22 AS build',
      'WORKDIR /src',
      'RUN GOOS=linux GOARCH=amd64 go build -o /dist/app-linux-amd64 . && GOOS=linux GOARCH=arm64 go build -o /dist/app-linux-arm64 .',
      'FROM scratch',
      'COPY --from=build /dist/ /',
    ].join('\n');
    assert.deepEqual(only(check(outputs), 'XB306'), []);
  });

  it('is silent when the binary is not delivered to a target-platform stage, and for $TARGETARCH', () => {
    const notCopied = 'FROM golang:1.22 AS build\nRUN GOARCH=arm64 go build -o /out/app .\nFROM alpine:3.20\nCOPY config.yaml /etc/app/\n';
    assert.deepEqual(only(check(notCopied), 'XB306'), []);
    const follows = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=build /out/app /app\n';
    assert.deepEqual(only(check(follows), 'XB306'), []);
  });

  it('leaves a constant that comes from an automatic arg\'s default to XB309 or XB303: the line already follows the platform', () => {
    const withDefault = [
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      'ARG TARGETOS',
      'ARG TARGETARCH=amd64',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=${TARGETARCH} go build -o /out/app .',
      'FROM alpine:3.20',
      'COPY --from=build /out/app /app',
    ].join('\n');
    const found = check(withDefault);
    assert.deepEqual(only(found, 'XB306'), []);
    assert.equal(only(found, 'XB309').length, 1);
    const global = withDefault.replace('FROM --platform', 'ARG TARGETARCH=amd64\nFROM --platform').replace('ARG TARGETARCH=amd64\nWORKDIR', 'ARG TARGETARCH\nWORKDIR');
    assert.deepEqual(only(check(global), 'XB306'), []);
    const unset = withDefault.replace('ARG TARGETARCH=amd64\n', '').replace('GOARCH=${TARGETARCH}', 'GOARCH=${TARGETARCH:-amd64}');
    assert.deepEqual(only(check(unset), 'XB306'), []);
    assert.equal(only(check(unset), 'XB303').length, 1);
    // Set by ENV, the constant is the author's own: XB306 it is.
    const env = withDefault.replace('ARG TARGETARCH=amd64', 'ENV TARGETARCH=amd64');
    assert.equal(only(check(env), 'XB306').length, 1);
  });

  it('is silent for wasm modules and for other-OS binaries collected in an artefact-only stage: no image runs them', () => {
    const wasm = [
      'FROM --platform=$BUILDPLATFORM golang:1.23 AS wasm',
      'WORKDIR /src',
      'COPY . .',
      'RUN GOOS=js GOARCH=wasm go build -o /out/main.wasm ./web && GOOS=wasip1 GOARCH=wasm go build -o /out/plugin.wasm ./plugin',
      '',
      'FROM nginx:1.27',
      'COPY --from=wasm /out/ /usr/share/nginx/html/',
    ].join('\n');
    assert.deepEqual(only(check(wasm), 'XB306'), []);
    const downloads = [
      'FROM --platform=$BUILDPLATFORM golang:1.23 AS cli',
      'WORKDIR /src',
      'COPY . .',
      'RUN GOOS=darwin GOARCH=arm64 go build -o /out/darwin/tool ./cmd/tool && GOOS=windows GOARCH=amd64 go build -o /out/windows/tool.exe ./cmd/tool',
      '',
      'FROM scratch AS downloads',
      'COPY --from=cli /out/ /',
    ].join('\n');
    assert.deepEqual(only(check(downloads), 'XB306'), []);
    // Gathered with the linux build in a runtime image, several operating systems still say "collection".
    const gathered = downloads.replace('FROM scratch AS downloads', 'FROM alpine:3.20 AS downloads').replace('./cmd/tool && GOOS=windows', './cmd/tool && GOOS=linux GOARCH=amd64 go build -o /out/linux/tool ./cmd/tool && GOOS=windows');
    assert.deepEqual(only(check(gathered), 'XB306').filter((f) => !/GOARCH=amd64 is fixed[^]*the binary \/out\/linux/.test(said(f))), []);
    // One windows binary in a Linux runtime image is still reported.
    const single = downloads.replace('FROM scratch AS downloads', 'FROM alpine:3.20').replace(' && GOOS=windows GOARCH=amd64 go build -o /out/windows/tool.exe ./cmd/tool', '');
    assert.equal(only(check(single), 'XB306').length, 1);
  });
});
