import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { HOST_FACTS, ready } from '../testing';
import { buildModel, defaultGoVersion } from './build-model';
import { cgoState } from './cgo';
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

const MULTI = [
  'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
  'ARG TARGETOS TARGETARCH',
  'WORKDIR /src',
  'COPY . .',
  'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o bin/server ./cmd/server',
  'RUN go build ./cmd/migrate',
  '',
  'FROM alpine:3.20 AS runtime',
  'RUN apk add --no-cache ca-certificates',
  'COPY --from=build /src/bin/ /usr/local/bin/',
  '',
  'FROM gcr.io/distroless/static',
  'COPY --from=build /src/migrate /migrate',
  'COPY --from=runtime /etc/ssl /etc/ssl',
].join('\n');

describe('Dockerfile stages and artefact flow', () => {
  it('classifies where each stage runs and what its image brings', () => {
    const m = model(MULTI);
    assert.deepEqual(
      m.stages.map((s) => [s.name, s.runsOn, s.libc, s.cc, s.workdir]),
      [
        ['build', 'build', 'glibc', true, '/src'],
        ['runtime', 'target', 'musl', false, '/'],
        [undefined, 'target', 'none', false, '/'],
      ],
    );
  });

  it('follows -o and default output names through COPY --from (directories included)', () => {
    const m = model(MULTI);
    assert.deepEqual(m.artefacts.map((a) => a.path), ['/src/bin/server', '/src/migrate']);
    assert.deepEqual(
      m.deliveries.map((d) => [d.artefact.path, d.stageIndex, d.range.start.line + 1]),
      [
        ['/src/bin/server', 1, 10],
        ['/src/migrate', 2, 13],
      ],
    );
  });

  it('decides cgo as Go does: native in a gcc image on, $TARGETARCH on the builder a native leg, alpine off', () => {
    const m = model(MULTI);
    const states = m.contexts.filter((c) => c.command).map((c) => cgoState(c, m, HOST_FACTS).state);
    assert.deepEqual(states, ['native-leg', 'on']);
    const alpine = model('FROM golang:1.22-alpine\nRUN go build -o /app .\nRUN CGO_ENABLED=1 go build -o /b .\nRUN CGO_ENABLED=true go build -o /c .');
    assert.deepEqual(alpine.contexts.filter((c) => c.command).map((c) => cgoState(c, alpine, HOST_FACTS).state), ['off', 'on', 'off']);
  });

  it('sees compilers installed by RUN lines, native and cross', () => {
    const m = model('FROM golang:1.22-alpine AS b\nRUN apk add --no-cache gcc musl-dev\nFROM debian:12 AS c\nRUN apt-get update && apt-get install -y gcc-aarch64-linux-gnu\nFROM tonistiigi/xx AS xx\nFROM golang:1.22-alpine AS d\nRUN xx-apk add --no-cache gcc musl-dev');
    assert.deepEqual(m.stages.map((s) => [s.cc, s.crossCC]), [[true, []], [false, ['gcc-aarch64-linux-gnu']], [undefined, []], [false, ['xx']]]);
  });

  it('follows cd inside a RUN, -o into a directory, and RUN --mount=from', () => {
    const m = model([
      'FROM golang:1.22 AS build',
      'WORKDIR /src',
      'RUN cd cmd/server && go build -o ../../bin/ . && cd /tmp && go build -o tool example.com/tool',
      '',
      'FROM alpine:3.20',
      'RUN --mount=type=bind,from=build,source=/src/bin,target=/mnt cp /mnt/server /usr/local/bin/',
    ].join('\n'));
    assert.deepEqual(m.artefacts.map((a) => a.path), ['/src/bin/server', '/tmp/tool']);
    assert.deepEqual(m.deliveries.map((d) => [d.artefact.path, d.stageIndex, d.range.start.line + 1]), [['/src/bin/server', 1, 6]]);
  });

  it('carries artefacts into stages built FROM the producer', () => {
    const m = model('FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM build AS test\nRUN /out/app --version');
    assert.deepEqual(m.deliveries.map((d) => [d.artefact.path, d.stageIndex]), [['/out/app', 1]]);
    assert.equal(m.stages[1].libc, 'glibc');
  });

  it('reads constant platforms normalised as BuildKit does', () => {
    const m = model('FROM --platform=linux/aarch64 alpine AS a\nFROM --platform=linux/armhf alpine AS b\nFROM --platform=${BUILDPLATFORM} golang AS c\nFROM --platform=$TARGETPLATFORM alpine AS d');
    assert.deepEqual(m.stages.map((s) => [s.runsOn, s.platformValue]), [['constant', 'linux/arm64'], ['constant', 'linux/arm/v7'], ['build', undefined], ['target', undefined]]);
  });

  it('runs a stage FROM an architecture\'s image (arm64v8/golang, docker.io/arm32v7/alpine) on that platform, with the official image\'s facts', () => {
    const m = model(
      'ARG GO=1.22\nFROM arm64v8/golang:${GO} AS build\nFROM docker.io/arm32v7/alpine:3.19 AS run\nFROM i386/debian:12 AS old\nFROM build AS test\nFROM --platform=linux/amd64 s390x/alpine AS flagged\nFROM golang:1.22\n',
    );
    assert.deepEqual(
      m.stages.map((s) => [s.runsOn, s.platformValue, s.pinnedByImage, s.libc, s.cc]),
      [
        ['constant', 'linux/arm64', 'arm64v8', 'glibc', true],
        ['constant', 'linux/arm/v7', 'arm32v7', 'musl', false],
        ['constant', 'linux/386', 'i386', 'glibc', false],
        // Built FROM the stage: it runs where that one does (platformStage), with nothing of its own.
        ['target', undefined, undefined, 'glibc', true],
        // A --platform flag is read as written.
        ['constant', 'linux/amd64', undefined, 'musl', false],
        ['target', undefined, undefined, 'glibc', true],
      ],
    );
    assert.equal(m.stages[0].goVersion.version, '1.22');
    assert.equal(m.stages[0].workdir, '/go');
  });

  it('finds a binary go build wrote without -o in the golang image\'s WORKDIR /go, named after its file', () => {
    const m = model(['FROM golang:alpine AS builder', 'COPY dispatcher.go .', 'RUN go build dispatcher.go', '', 'FROM alpine', 'COPY --from=builder /go/dispatcher /', 'CMD ["/dispatcher"]'].join('\n'));
    assert.equal(m.stages[0].workdir, '/go');
    assert.equal(m.artefacts[0].path, '/go/dispatcher');
    assert.deepEqual(m.deliveries.map((d) => d.stageIndex), [1]);
  });

  it('follows mv, cp and install of the binary later in the same RUN', () => {
    const m = model(
      [
        'FROM golang:1.22 AS builder',
        'WORKDIR /src',
        'COPY . .',
        'RUN go build -o main . && mv main / && go build -o tool ./cmd/tool && cp tool /usr/local/bin && go build -o ctl ./cmd/ctl && install -m 0755 ctl /opt/ctl',
        '',
        'FROM alpine',
        'COPY --from=builder /main /bin/exporter',
        'COPY --from=builder /usr/local/bin/tool /opt/ctl /usr/bin/',
      ].join('\n'),
    );
    assert.deepEqual(m.artefacts.map((a) => [a.path, a.copies]), [['/main', undefined], ['/src/tool', ['/usr/local/bin/tool']], ['/src/ctl', ['/opt/ctl']]]);
    assert.equal(m.deliveries.length, 3);
  });

  it('does not move a binary for a mv of another file or to a place it cannot read', () => {
    const m = model(['FROM golang:1.22 AS b', 'WORKDIR /src', 'RUN go build -o app . && mv config.yaml /etc/ && mv app "$DEST" && mv app $(cat dest)', 'FROM alpine', 'COPY --from=b /src/app /app'].join('\n'));
    assert.equal(m.artefacts[0].path, '/src/app');
  });

  it('places a binary built after `cd DIR` in DIR, and nowhere known after a cd it cannot read', () => {
    const m = model(
      [
        'FROM golang:1.22 AS build',
        'ARG SERVICE',
        'WORKDIR /src',
        'COPY . .',
        'RUN cd cmd/api && go build -o api .',
        'RUN cd "cmd/$SERVICE" && go build -o svc .',
        '',
        'FROM alpine:3.20',
        'COPY --from=build /src/cmd/api/api /src/svc /usr/local/bin/',
      ].join('\n'),
    );
    assert.deepEqual(m.artefacts.map((a) => a.path), ['/src/cmd/api/api', undefined]);
    assert.equal(m.deliveries.length, 1, 'the second binary is not /src/svc');
  });

  it('delivers a binary only through a COPY of its own path or of a directory holding it', () => {
    const m = model(
      [
        'FROM golang:1.22 AS build',
        'WORKDIR /src',
        'RUN go build -o /out/application ./cmd/application',
        '',
        'FROM alpine:3.20 AS wrong',
        'COPY --from=build /out/app /usr/local/bin/app',
        '',
        'FROM alpine:3.20 AS dir',
        'COPY --from=build /out /opt/',
        '',
        'FROM alpine:3.20 AS slash',
        'COPY --from=build /out/ /opt/',
      ].join('\n'),
    );
    assert.deepEqual(m.deliveries.map((d) => [d.artefact.path, d.stageIndex]), [['/out/application', 2], ['/out/application', 3]]);
  });

  it('turns cgo off for GOARCH=$TARGETARCH in a $BUILDPLATFORM stage whose image has no C compiler', () => {
    const text = (image: string) => [`FROM --platform=$BUILDPLATFORM ${image} AS build`, 'ARG TARGETARCH', 'RUN GOARCH=$TARGETARCH go build -o /app .'].join('\n');
    const states = (image: string) => {
      const m = model(text(image));
      return m.contexts.filter((c) => c.command).map((c) => cgoState(c, m, HOST_FACTS).state);
    };
    assert.deepEqual(states('golang:1.22-alpine'), ['off']);
    assert.deepEqual(states('golang:1.22'), ['native-leg']);
  });

  it('reads cgo for a stage built FROM a $BUILDPLATFORM stage where that stage runs', () => {
    const m = model(['FROM --platform=$BUILDPLATFORM golang:1.22 AS base', 'ARG TARGETARCH', '', 'FROM base AS build', 'ARG TARGETARCH', 'RUN GOARCH=$TARGETARCH go build -o /app .', '', 'FROM debian:12', 'COPY --from=build /app /app'].join('\n'));
    assert.deepEqual(m.contexts.filter((c) => c.command).map((c) => cgoState(c, m, HOST_FACTS).state), ['native-leg'], 'not a native build on every platform');
  });
  it('delivers a binary through a stage built FROM the one that wrote it, and by stage index', () => {
    const m = model([
      'FROM golang:1.22 AS build',
      'RUN go build -o /out/api ./cmd/api',
      'FROM build AS verified',
      'RUN /out/api --version',
      'FROM gcr.io/distroless/static AS by-name',
      'COPY --from=verified /out/api /api',
      'FROM gcr.io/distroless/static',
      'COPY --from=0 /out/api /api',
    ].join('\n'));
    const api = m.artefacts.find((a) => a.path === '/out/api');
    assert.ok(api);
    assert.deepEqual(m.deliveries.filter((d) => d.artefact === api).map((d) => d.stageIndex), [2, 3, 1], 'COPY --from=verified, COPY --from=0, then FROM build');
    assert.deepEqual(m.stages.map((s) => s.copiesFrom), [[], [], [1], [0]]);
  });
});
