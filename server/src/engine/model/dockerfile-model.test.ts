import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { LineIndex } from '../text';
import { HOST_FACTS, ready } from '../testing';
import { buildModel, defaultGoVersion } from './build-model';
import type { BuildModel, DockerfileModel, EnvEntry } from './types';
import type { TextEdit } from '../types';
import { substitute } from './dockerfile-model';

/** The model of a Dockerfile (the union narrowed). */
function dockerfile(m: BuildModel): DockerfileModel {
  if (m.kind !== 'dockerfile') throw new Error(`expected a Dockerfile model, got ${m.kind}`);
  return m;
}


before(ready);

function model(text: string): { m: DockerfileModel; lines: LineIndex } {
  const { model: built, lines } = buildModel({ path: '/w/Dockerfile', kind: 'dockerfile', text }, { goVersion: defaultGoVersion(HOST_FACTS) });
  const m = dockerfile(built);
  return { m, lines };
}

function at(text: string, lines: LineIndex, r: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  return text.slice(lines.offsetAt(r.start), lines.offsetAt(r.end));
}

describe('Dockerfile build model', () => {
  it('collects ENV, ARG defaults (multi-variable forms) and RUN prefixes with exact ranges', () => {
    const text = [
      'ARG GO_VERSION=1.22 PLATFORM_ARCH=arm64',
      'FROM golang:${GO_VERSION}-alpine AS build',
      'ARG GOOS=linux GOARM=7',
      'ENV CGO_ENABLED=0 GOFLAGS="-trimpath"',
      'ENV GOAMD64 v3',
      'RUN GOARCH=arm64 go build -o /out/app ./cmd/app',
    ].join('\n');
    const { m, lines } = model(text);
    const got = m.assignments.map((a) => [a.name, a.kind, a.value, at(text, lines, a.valueRange), a.range.start.line + 1]);
    assert.deepEqual(got, [
      ['GOOS', 'dockerfile-arg', 'linux', 'linux', 3],
      ['GOARM', 'dockerfile-arg', '7', '7', 3],
      ['CGO_ENABLED', 'dockerfile-env', '0', '0', 4],
      ['GOFLAGS', 'dockerfile-env', '-trimpath', '"-trimpath"', 4],
      ['GOAMD64', 'dockerfile-env', 'v3', 'v3', 5],
      ['GOARCH', 'prefix', 'arm64', 'arm64', 6],
    ]);
    assert.equal(m.stages[0].goVersion.version, '1.22', 'the version comes from the tag through the global ARG');
    const [cmd] = m.commands;
    assert.equal(cmd.subcommand, 'build');
    assert.equal(cmd.flags.get('o')?.value, '/out/app');
    assert.deepEqual(
      ['GOOS', 'GOARM', 'CGO_ENABLED', 'GOARCH'].map((n) => cmd.env.get(n)?.value),
      ['linux', '7', '0', 'arm64'],
    );
  });

  it('sees stage ARGs without value only where declared, and global ARG defaults through them', () => {
    const text = ['ARG TARGET_GOARCH=arm64', 'FROM golang:1.23', 'RUN GOARCH=$TARGET_GOARCH go build .', 'ARG TARGET_GOARCH', 'RUN GOARCH=$TARGET_GOARCH go build .'].join('\n');
    const { m } = model(text);
    assert.deepEqual(m.commands.map((c) => c.env.get('GOARCH')?.value), ['', 'arm64']);
  });

  it('follows the escape directive, continuations and comment lines inside them', () => {
    const text = ['# escape=`', 'FROM golang:1.22', 'RUN set -e; `', '    # the real build', '    GOOS=windows `', '    go build -o /out/app.exe .'].join('\r\n');
    const { m, lines } = model(text);
    const [cmd] = m.commands;
    assert.equal(cmd.env.get('GOOS')?.value, 'windows');
    const site = m.assignments.find((a) => a.name === 'GOOS')!;
    assert.equal(site.range.start.line, 4);
    assert.equal(at(text, lines, site.valueRange), 'windows');
    assert.equal(cmd.flags.get('o')?.value, '/out/app.exe');
  });

  it('reads a heredoc RUN as the script, and exec-form sh -c', () => {
    const text = [
      'FROM golang:1.22',
      'RUN <<EOF',
      'set -eux',
      'export GOOS=linux',
      'GOARCH=arm64 go build -o /out/a .',
      'EOF',
      'RUN ["/bin/sh", "-c", "GOARCH=riscv64 go build -o /out/b ."]',
      'RUN ["go", "build", "-o", "/out/c", "."]',
    ].join('\n');
    const { m, lines } = model(text);
    assert.deepEqual(m.commands.map((c) => [c.env.get('GOOS')?.value, c.env.get('GOARCH')?.value, c.flags.get('o')?.value]), [
      ['linux', 'arm64', '/out/a'],
      [undefined, 'riscv64', '/out/b'],
      [undefined, undefined, '/out/c'],
    ]);
    const riscv = m.assignments.find((a) => a.value === 'riscv64')!;
    assert.equal(at(text, lines, riscv.valueRange), 'riscv64');
  });

  it('reads a RUN that starts with a [ test as shell form, and a JSON array split over lines as exec form', () => {
    const text = [
      'FROM golang:1.22',
      'RUN [ "$TARGETARCH" = arm64 ] && GOARCH=arm64 go build -o /out/a .',
      'RUN ["go", "build", \\',
      '     "-o", "/out/b", "."]',
    ].join('\n');
    assert.deepEqual(model(text).m.commands.map((c) => [c.env.get('GOARCH')?.value, c.flags.get('o')?.value]), [
      ['arm64', '/out/a'],
      [undefined, '/out/b'],
    ]);
  });

  it('resolves ENV from ARG and the stage a stage is built FROM', () => {
    const text = ['FROM golang:1.21 AS base', 'ARG ARCH=amd64', 'ENV GOARCH=$ARCH', 'FROM base AS build', 'RUN go build .'].join('\n');
    const { m } = model(text);
    assert.equal(m.commands[0].env.get('GOARCH')?.value, 'amd64');
    assert.equal(m.stages[1].goVersion.version, '1.21');
  });

  it('survives junk: binary bytes, unterminated heredocs and quotes', () => {
    const junk = 'FROM golang\u0000:1.22\nRUN <<EOF\nGOOS=linux go build "unterminated\n\u0001\u0002\uFFFD RUN GOARCH=\n';
    assert.doesNotThrow(() => model(junk));
  });
});

describe('Dockerfile RUN text as BuildKit joins it', () => {
  it('drops a comment or blank line inside a continued command, so the assignment still prefixes go', () => {
    const text = [
      'FROM golang:1.22',
      'RUN --mount=type=cache,target=/go/pkg/mod \\',
      '    --mount=type=cache,target=/root/.cache/go-build \\',
      '    GOOS=linux \\  ',
      '    # Graviton fleet',
      '',
      '    GOARCH=arm64 \\',
      '    go build -o /out/app ./cmd/app',
    ];
    for (const eol of ['\n', '\r\n']) {
      const source = text.join(eol);
      const { m, lines } = model(source);
      const [cmd] = m.commands;
      assert.deepEqual([cmd.env.get('GOOS')?.value, cmd.env.get('GOARCH')?.value, cmd.flags.get('o')?.value], ['linux', 'arm64', '/out/app'], JSON.stringify(eol));
      const arch = m.assignments.find((a) => a.name === 'GOARCH')!;
      assert.equal(arch.range.start.line, 6);
      assert.equal(at(source, lines, arch.valueRange), 'arm64');
    }
  });

  it('reads a RUN whose last line ends in a continuation at the end of the file', () => {
    const { m } = model('FROM golang:1.22\nRUN CGO_ENABLED=0 go build -o /out/app . \\');
    assert.deepEqual(m.commands.map((c) => [c.env.get('CGO_ENABLED')?.value, c.flags.get('o')?.value]), [['0', '/out/app']]);
  });

  it('reads a heredoc as the script only when a shell runs it', () => {
    const text = [
      'FROM golang:1.22',
      'RUN bash -eux <<EOF',
      'GOARCH=arm64 go build -o /out/a .',
      'EOF',
      'RUN tee /usr/local/bin/build <<EOF',
      'GOARCH=riscv64 go build -o /out/b .',
      'EOF',
    ].join('\n');
    assert.deepEqual(model(text).m.commands.map((c) => c.env.get('GOARCH')?.value), ['arm64'], 'the second heredoc is a file tee writes');
  });

  it('reads exec form only when its strings map back to the document', () => {
    const text = [
      'FROM golang:1.22',
      'RUN ["sh", "-c", "go build -ldflags \\"-s -w\\" -o /out/a ."]',
      'RUN ["go", "build", "-ldflags", "-s -w", "-o", "/out/b", "."]',
      'RUN ["/bin/bash", "-c", "GOARCH=arm64 go build -o /out/c ."]',
    ].join('\n');
    assert.deepEqual(model(text).m.commands.map((c) => c.flags.get('o')?.value), ['/out/c']);
  });
});

describe('Dockerfile variable expansion', () => {
  const scope = new Map<string, EnvEntry>([
    ['GOARCH', { name: 'GOARCH', value: 'arm64', expr: 'arm64' }],
    ['GOARM', { name: 'GOARM', value: '', expr: '' }],
    ['TARGETVARIANT', { name: 'TARGETVARIANT', value: undefined, expr: '$TARGETVARIANT' }],
  ]);
  it('expands the default and alternate forms as BuildKit does', () => {
    const cases: [string, string | undefined][] = [
      ['$GOARCH', 'arm64'],
      ['${GOARCH}', 'arm64'],
      ['${GOARCH:-amd64}', 'arm64'],
      ['${GOARM:-7}', '7'],
      ['${GOARM-7}', ''],
      ['${GOAMD64-v1}', 'v1'],
      ['${GOAMD64:-v1}', 'v1'],
      ['${GOARCH:+v8}', 'v8'],
      ['${GOARM:+v}', ''],
      ['${GOARM+set}', 'set'],
      ['${GOAMD64+set}', ''],
      ['${GOAMD64:+set}', ''],
      ['\\$GOARCH', '$GOARCH'],
      ['${TARGETVARIANT:-v7}', undefined],
      ['${TARGETVARIANT:+v}', undefined],
      ['$TARGETVARIANT', undefined],
      ['${GOARCH#arm}', undefined],
      // The word is expanded as well (a suffix only when the variable is set, a default from another variable).
      ['app${GOARCH:+-$GOARCH}', 'app-arm64'],
      ['app${GOARM:+-v$GOARM}', 'app'],
      ['${GOAMD64:-$GOARCH}', 'arm64'],
      ['${GOAMD64:-$TARGETVARIANT}', undefined],
      ['${GOARM:-${GOARCH}}', undefined],
    ];
    assert.deepEqual(cases.map(([t]) => [t, substitute(t, scope)]), cases);
  });

  it('lists the entries a value uses', () => {
    const refs: EnvEntry[] = [];
    substitute('${GOARCH}-${GOARM:-7}-$UNSET', scope, refs);
    assert.deepEqual(refs.map((r) => r.name), ['GOARCH', 'GOARM']);
  });
});

describe('Dockerfile ENV and ARG edits', () => {
  function edited(text: string, e: TextEdit): string {
    const lines = new LineIndex(text);
    return text.slice(0, lines.offsetAt(e.range.start)) + e.newText + text.slice(lines.offsetAt(e.range.end));
  }
  const site = (m: DockerfileModel, name: string) => m.assignments.find((a) => a.name === name)!;

  it('removes one variable of an ENV line with its separating blank, or the whole line', () => {
    const text = 'FROM golang:1.22\nENV CGO_ENABLED=0 GOOS=linux\tGOARCH=arm64\nENV GOFLAGS=-trimpath\nRUN go build .\n';
    const { m } = model(text);
    assert.equal(edited(text, site(m, 'CGO_ENABLED').remove!()), 'FROM golang:1.22\nENV GOOS=linux\tGOARCH=arm64\nENV GOFLAGS=-trimpath\nRUN go build .\n');
    assert.equal(edited(text, site(m, 'GOOS').remove!()), 'FROM golang:1.22\nENV CGO_ENABLED=0 GOARCH=arm64\nENV GOFLAGS=-trimpath\nRUN go build .\n');
    assert.equal(edited(text, site(m, 'GOARCH').remove!()), 'FROM golang:1.22\nENV CGO_ENABLED=0 GOOS=linux\nENV GOFLAGS=-trimpath\nRUN go build .\n');
    assert.equal(edited(text, site(m, 'GOFLAGS').remove!()), 'FROM golang:1.22\nENV CGO_ENABLED=0 GOOS=linux\tGOARCH=arm64\nRUN go build .\n');
  });

  it('adds a sibling on the same line after NAME=value, on a new line after the legacy form', () => {
    const text = 'FROM golang:1.22\nENV GOOS=linux\nENV GOARCH arm\nRUN go build .\n';
    const { m } = model(text);
    assert.equal(edited(text, site(m, 'GOOS').addSibling!('CGO_ENABLED', '0')), 'FROM golang:1.22\nENV GOOS=linux CGO_ENABLED=0\nENV GOARCH arm\nRUN go build .\n');
    assert.equal(edited(text, site(m, 'GOARCH').addSibling!('GOARM', '7')), 'FROM golang:1.22\nENV GOOS=linux\nENV GOARCH arm\nENV GOARM=7\nRUN go build .\n');
  });
});

describe('Dockerfile binaries and where they end up', () => {
  it('names the binary of each go command after -o, the package or the first file', () => {
    const text = [
      'FROM golang:1.22 AS build',
      'ARG OUT',
      'WORKDIR /src',
      'COPY . .',
      'RUN go build -o bin/ ./cmd/server',
      'RUN go build ./cmd/relay/',
      'RUN go build ./cmd/...',
      'RUN go build cmd/migrate/main.go',
      'RUN go build ./',
      'RUN go install ./cmd/ctl',
      'RUN go install -o /out/ctl ./cmd/ctl',
      'RUN go test ./...',
      'RUN go build -o $OUT ./cmd/server',
      'RUN cd tools/lint && go build -o ../../bin/lint .',
    ].join('\n');
    assert.deepEqual(model(text).m.artefacts.map((a) => a.path), [
      '/src/bin/server', '/src/relay', undefined, '/src/main', '/src/src', undefined, '/out/ctl', undefined, undefined, '/src/bin/lint',
    ]);
  });

  it('knows no binary path when the working directory is unknown', () => {
    const text = ['FROM golang:1.22', 'ARG APP_HOME', 'WORKDIR $APP_HOME', 'RUN go build ./cmd/app', 'RUN go build -o /out/app ./cmd/app'].join('\n');
    assert.deepEqual(model(text).m.artefacts.map((a) => a.path), [undefined, '/out/app']);
  });

  it('follows cp and mv after the build, flags left out', () => {
    const text = [
      'FROM golang:1.22 AS build',
      'WORKDIR /src',
      'RUN go build -o app . && cp -p app /usr/bin/app-linux',
      'RUN go build -o ctl ./cmd/ctl && go build -o agent ./cmd/agent && cp ctl agent /dist',
      'RUN go build -o tool ./cmd/tool && mv tool dist/',
    ].join('\n');
    assert.deepEqual(model(text).m.artefacts.map((a) => [a.path, a.copies]), [
      ['/src/app', ['/usr/bin/app-linux']],
      ['/src/ctl', ['/dist/ctl']],
      ['/src/agent', ['/dist/agent']],
      ['/src/dist/tool', undefined],
    ]);
  });

  it('delivers a binary through a bind mount from another stage, not through a cache mount', () => {
    const text = [
      'FROM golang:1.22 AS build',
      'RUN go build -o /out/app .',
      'FROM alpine:3.20',
      'RUN --mount=type=cache,from=build,target=/cache true',
      'RUN --mount=from=build,src=/out/app,target=/usr/local/bin/app app --version',
    ].join('\n');
    assert.deepEqual(model(text).m.deliveries.map((d) => [d.artefact.path, d.stageIndex, d.range.start.line + 1]), [['/out/app', 1, 5]]);
  });

  it('delivers only what a COPY --from glob or directory names', () => {
    const text = [
      'FROM golang:1.22 AS build',
      'RUN go build -o /out/bin/api ./cmd/api && go build -o /out/tools/gen ./cmd/gen',
      'FROM alpine:3.20',
      'COPY --from=build /out/bin/ap* /usr/local/bin/',
      'COPY --from=build /out/bin/a?x /usr/local/bin/',
      'COPY --from=build out/tools /opt/tools',
      'COPY --from=build /out/to /opt/to',
    ].join('\n');
    assert.deepEqual(model(text).m.deliveries.map((d) => [d.artefact.path, d.range.start.line + 1]), [['/out/bin/api', 4], ['/out/tools/gen', 6]]);
  });
});

describe('Dockerfile scripts a RUN runs from the build context', () => {
  it('calls a script the stage copied in, from its directory, in a stage built FROM it too', () => {
    const text = [
      'FROM golang:1.22 AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN ./scripts/build.sh',
      'RUN cd deploy && bash ../scripts/package.sh',
      'FROM build AS test',
      'RUN ./scripts/test.sh',
      'FROM golang:1.22',
      'RUN ./scripts/build.sh',
    ].join('\n');
    assert.deepEqual((model(text).m.calls ?? []).map((c) => [c.kind, c.names, c.cwd, c.where, c.runner]), [
      ['shell', ['scripts/build.sh'], '', 'stage build', { goos: 'linux' }],
      ['shell', ['scripts/package.sh'], 'deploy', 'stage build', { goos: 'linux' }],
      ['shell', ['scripts/test.sh'], '', 'stage test', { goos: 'linux' }],
    ]);
  });
});

describe('Dockerfile stages: images, build args, references', () => {
  it('records the variables each expanding instruction uses', () => {
    const text = [
      'FROM golang:1.22',
      'ARG APP=server',
      'WORKDIR /src/$APP',
      'COPY --chown=$UID:$UID . .',
      'ADD $ASSETS /assets',
      'USER $UID',
      'LABEL org.opencontainers.image.version=$VERSION',
      'EXPOSE $PORT',
      'VOLUME $DATA_DIR',
      'STOPSIGNAL $SIGNAL',
      'HEALTHCHECK CMD wget -q localhost:$PORT',
    ].join('\n');
    assert.deepEqual(model(text).m.stages[0].refs.map((r) => [r.name, r.instruction, r.declared]), [
      ['APP', 'WORKDIR', true],
      ['UID', 'COPY', false],
      ['UID', 'COPY', false],
      ['ASSETS', 'ADD', false],
      ['UID', 'USER', false],
      ['VERSION', 'LABEL', false],
      ['PORT', 'EXPOSE', false],
      ['DATA_DIR', 'VOLUME', false],
      ['SIGNAL', 'STOPSIGNAL', false],
    ]);
  });

  it('knows nothing of an image named by an unset ARG', () => {
    const text = ['ARG BASE_IMAGE', 'FROM $BASE_IMAGE', 'RUN go build -o /out/app .'].join('\n');
    const [stage] = model(text).m.stages;
    assert.deepEqual([stage.image, stage.libc, stage.cc], [undefined, 'unknown', undefined]);
  });

  it('takes the Go version from the golang tag, the newest Go for an untagged or unknown one', () => {
    const text = ['FROM golang:1.21-bookworm', 'FROM golang', 'FROM docker.io/library/golang:tip', 'FROM alpine:3.20'].join('\n');
    const stages = model(text).m.stages;
    assert.deepEqual(stages.slice(0, 3).map((s) => s.goVersion.because), [
      'golang:1.21-bookworm on line 1',
      'golang (taken as the newest known Go)',
      'docker.io/library/golang:tip (taken as the newest known Go)',
    ]);
    assert.deepEqual(stages[3].goVersion, defaultGoVersion(HOST_FACTS));
  });

  it('lets the build args of the plan replace ARG defaults, global and in the stage', () => {
    const text = ['ARG GOARCH=amd64', 'FROM golang:1.22', 'ARG GOARCH', 'ARG CGO_ENABLED=1', 'ARG GOOS', 'RUN go build -o /out/app .'].join('\n');
    const buildArgs = new Map<string, string | undefined>([['GOARCH', 'arm64'], ['CGO_ENABLED', '0'], ['GOOS', undefined]]);
    const built = dockerfile(buildModel({ path: '/w/Dockerfile', kind: 'dockerfile', text }, { goVersion: defaultGoVersion(HOST_FACTS), buildArgs }).model);
    const env = built.commands[0].env;
    assert.deepEqual(['GOARCH', 'CGO_ENABLED', 'GOOS'].map((n) => [env.get(n)?.value, env.get(n)?.expr]), [['arm64', 'arm64'], ['0', '0'], [undefined, '$GOOS']]);
    assert.equal(env.get('CGO_ENABLED')?.definition?.range.start.line, 3, 'the default the build arg replaces');
  });

  it('puts a binary moved to a standard directory inside it', () => {
    for (const dir of ['/', '/bin', '/sbin', '/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin', '/tmp', '/go/bin', '/root', '/opt']) {
      const text = ['FROM golang:1.22', 'WORKDIR /src', `RUN go build -o app . && mv app ${dir}`].join('\n');
      assert.equal(model(text).m.artefacts[0].path, `${dir === '/' ? '' : dir}/app`, dir);
    }
  });

  it('reads the JSON form of COPY --from', () => {
    const text = ['FROM golang:1.22 AS build', 'RUN go build -o /out/app .', 'FROM alpine:3.20', 'COPY --from=build ["/out/app", "/usr/local/bin/app"]', 'COPY --from=build ["/out/app", ', '  "/x"]'].join('\n');
    assert.deepEqual(model(text).m.deliveries.map((d) => d.range.start.line + 1), [4]);
  });

  it('calls a script in an unnamed stage, and one a child stage copied in over its parent\'s', () => {
    const text = [
      'FROM golang:1.22 AS build',
      'WORKDIR /src',
      'ADD . .',
      'FROM build AS test',
      'COPY testdata /testdata',
      'COPY . /app',
      'RUN ./scripts/test.sh && cd /app && ./scripts/lint.sh',
      'FROM golang:1.22',
      'COPY . .',
      'RUN ./build.sh',
    ].join('\n');
    assert.deepEqual((model(text).m.calls ?? []).map((c) => [c.names, c.where]), [
      [['scripts/test.sh'], 'stage test'],
      [['scripts/lint.sh'], 'stage test'],
      [['build.sh'], 'stage 2'],
    ]);
  });
});
