// An edit of one instruction leaves the others' reading alone when they enter the same scopes
// (dockerfile-memo.ts): the stages built FROM an edited one take their walks again instead of walking.
// Whatever is taken, the findings are those of a fresh analysis (the property test of
// dockerfile-prefix.test.ts edits at random; these pin which edits must read again).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { forgetParsedShell } from '../shell/parser';
import { HOST_FACTS, ready } from '../testing';
import { forgetDockerfileReadings } from './dockerfile-prefix';
import type { DockerfileModel } from './types';

before(ready);

const PATH = '/work/relay/Dockerfile';

const DOCKERFILE = [
  'ARG GO_VERSION=1.22',
  'ARG DEFAULT_ARCH=arm64',
  'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS base',
  'WORKDIR /src',
  'ENV CGO_ENABLED=0',
  'COPY go.mod go.sum ./',
  'RUN go mod download',
  'COPY . .',
  '',
  'FROM base AS build-arm64',
  'ARG DEFAULT_ARCH',
  'RUN GOOS=linux GOARCH=$DEFAULT_ARCH go build -o /out/relay-arm64 ./cmd/relay',
  '',
  'FROM base AS build-windows',
  'RUN GOOS=windows GOARCH=amd64 go build -o /out/relay.exe ./cmd/relay',
  '',
  'FROM base AS build-arm',
  'RUN GOOS=linux GOARCH=arm go build -o /out/relay-arm ./cmd/relay',
].join('\n');

function analysed(text: string) {
  const { findings, model } = analyze({ path: PATH, kind: 'dockerfile', text }, { facts: HOST_FACTS });
  return { findings, model: model as DockerfileModel };
}

function fresh(text: string) {
  forgetDockerfileReadings();
  forgetParsedShell();
  return analyze({ path: PATH, kind: 'dockerfile', text }, { facts: HOST_FACTS }).findings;
}

/** The go build of each build stage, in order. */
const builds = (model: DockerfileModel) => model.commands.filter((c) => c.subcommand === 'build');

describe('taking the reading of an unchanged instruction again', () => {
  it('a keystroke in the first stage leaves the walks of the stages built FROM it as they were', () => {
    forgetDockerfileReadings();
    const before = analysed(DOCKERFILE);
    const typed = DOCKERFILE.replace('go mod download', 'go mod download -x');
    const after = analysed(typed);
    assert.equal(builds(after.model).length, 3);
    builds(after.model).forEach((c, i) => assert.equal(c, builds(before.model)[i], `the go build of stage ${i + 1} is taken`));
    assert.notEqual(after.model.commands[0], before.model.commands[0], 'the edited RUN is walked again');
    assert.deepEqual(after.findings, fresh(typed));
  });

  it('an ENV the edit changes in the parent stage reads every stage built FROM it again', () => {
    forgetDockerfileReadings();
    const before = analysed(DOCKERFILE);
    const cgo = DOCKERFILE.replace('ENV CGO_ENABLED=0', 'ENV CGO_ENABLED=1');
    const after = analysed(cgo);
    builds(after.model).forEach((c, i) => assert.notEqual(c, builds(before.model)[i], `stage ${i + 1} sees another CGO_ENABLED`));
    assert.deepEqual(builds(after.model).map((c) => c.env.get('CGO_ENABLED')?.value), ['1', '1', '1']);
    assert.deepEqual(after.findings, fresh(cgo));
  });

  it('a global ARG default the edit changes reads the stage that declares it again, and only that one', () => {
    forgetDockerfileReadings();
    const before = analysed(DOCKERFILE);
    const typo = DOCKERFILE.replace('ARG DEFAULT_ARCH=arm64', 'ARG DEFAULT_ARCH=aarch64');
    const after = analysed(typo);
    const [arm64, windows, arm] = builds(after.model);
    assert.notEqual(arm64, builds(before.model)[0]);
    assert.equal(arm64.env.get('GOARCH')?.value, 'aarch64');
    // The other stages do not declare it: their scopes hold the same entries.
    assert.equal(windows, builds(before.model)[1]);
    assert.equal(arm, builds(before.model)[2]);
    const findings = after.findings;
    assert.deepEqual(findings.filter((f) => f.code === 'XB102').map((f) => f.range.start.line), [11], 'GOARCH=$DEFAULT_ARCH is aarch64 now');
    assert.deepEqual(findings, fresh(typo));
  });

  it('an edit in the last stage leaves the memos of the stages it took as they were, for the next edit', () => {
    forgetDockerfileReadings();
    const first = analysed(DOCKERFILE);
    const labelled = `${DOCKERFILE}\nLABEL org.opencontainers.image.version="1.4.2"`;
    analysed(labelled);
    const typed = labelled.replace('go mod download', 'go mod download -x');
    const after = analysed(typed);
    builds(after.model).forEach((c, i) => assert.equal(c, builds(first.model)[i], `stage ${i + 1} takes the walk of the first reading`));
    assert.deepEqual(after.findings, fresh(typed));
  });

  it('what a budget cut in a walk taken again is still reported', () => {
    // A helper called once per file to sign: the walker follows the first 256 calls of a script.
    const signing = DOCKERFILE.replace('RUN GOOS=windows', `RUN sign() { :; }; ${'sign; '.repeat(260)}GOOS=windows`);
    const logged = (text: string) => {
      const lines: string[] = [];
      analyze({ path: PATH, kind: 'dockerfile', text }, { facts: HOST_FACTS, log: (m) => lines.push(m) });
      return lines.flatMap((l) => l.split('function calls after the first 256').slice(1));
    };
    forgetDockerfileReadings();
    assert.equal(logged(signing).length, 1);
    assert.equal(logged(signing.replace('go mod download', 'go mod download -x')).length, 1, 'the walk taken from the memo says what it cut');
  });

  it('a line inserted above moves the instructions below: they are read again at their new lines', () => {
    forgetDockerfileReadings();
    const before = analysed(DOCKERFILE);
    const moved = DOCKERFILE.replace('WORKDIR /src', 'WORKDIR /src\nRUN apk add --no-cache git');
    const after = analysed(moved);
    builds(after.model).forEach((c, i) => {
      assert.notEqual(c, builds(before.model)[i]);
      assert.equal(c.range.start.line, builds(before.model)[i].range.start.line + 1);
    });
    assert.deepEqual(after.findings, fresh(moved));
  });
});
