import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { LineIndex } from '../text';
import { HOST_FACTS, ready } from '../testing';
import { buildModel, defaultGoVersion } from './build-model';
import type { BuildModel, DockerfileModel } from './types';

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
