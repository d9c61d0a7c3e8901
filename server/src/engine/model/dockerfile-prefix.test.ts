// An edited Dockerfile is read again only from the first stage the edit touches (dockerfile-prefix.ts). That
// must never change a verdict: after any sequence of edits, each version's findings equal those of an
// analysis that reads the whole file afresh.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../analyze';
import { forgetParsedShell } from '../shell/parser';
import { HOST_FACTS, MULTI_PLATFORM_PLAN, planBuilding, ready, repoReader } from '../testing';
import type { FilePlan } from '../plan/build-plan';
import type { Facts } from '../types';
import { forgetDockerfileReading, forgetDockerfileReadings, keptInstructions } from './dockerfile-prefix';
import type { DockerfileModel } from './types';

before(ready);

const PATH = '/work/app/Dockerfile';
const SNAPSHOTS = 'server/src/engine/rules/snapshots';
const REALISTIC = readdirSync(SNAPSHOTS)
  .filter((f) => f.endsWith('.Dockerfile'))
  .map((f) => readFileSync(`${SNAPSHOTS}/${f}`, 'utf8'));

/** A Makefile in the build context, for `RUN make` (a stage that reads another file). */
const MAKEFILE = ['build:', '\tGOARCH=arm64 go build -o bin/relay ./cmd/relay', ''].join('\n');

/** Lines an edit puts in: new stages, scope changes, copies between stages, make, broken text, a stray escape. */
const LINE = fc.constantFrom(
  'FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build',
  'FROM golang:1.21 AS tools',
  'FROM build AS test',
  'FROM scratch',
  'FROM alpine:3.20',
  'ARG TARGETOS TARGETARCH',
  'ARG GO_VERSION=1.23',
  'ENV CGO_ENABLED=1',
  'ENV GOARCH=aarch64',
  'WORKDIR /src',
  'COPY . .',
  'COPY --from=build /out/app /app',
  'COPY --from=0 /go/bin /bin',
  'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app ./cmd/app',
  'RUN CGO_ENABLED=1 go build -o /out/app .',
  'RUN apk add --no-cache gcc musl-dev',
  'RUN make build',
  'RUN mv /out/app /usr/local/bin/',
  'LABEL org.opencontainers.image.version="${VERSION}"',
  'RUN echo "unterminated',
  '# a comment',
  '',
  'RUN go build \\',
);

function analysed(text: string, plan?: FilePlan, facts: Facts = HOST_FACTS) {
  return analyze({ path: PATH, kind: 'dockerfile', text }, { facts, readInclude: repoReader({ '/work/app/Makefile': MAKEFILE }), ...(plan ? { plan } : {}) });
}

function fresh(text: string, plan?: FilePlan) {
  forgetDockerfileReadings();
  forgetParsedShell();
  return analysed(text, plan).findings;
}

describe('reading an edited Dockerfile again from the stage the edit touches', () => {
  it('gives every version of an edited file the findings of a whole fresh analysis', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REALISTIC),
        fc.boolean(),
        fc.constantFrom(undefined, MULTI_PLATFORM_PLAN),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom('insert', 'replace', 'delete', 'type'), LINE), { minLength: 1, maxLength: 8 }),
        (original, crlf, plan, edits) => {
          const eol = crlf ? '\r\n' : '\n';
          let lines = original.split('\n');
          forgetDockerfileReadings();
          analysed(lines.join(eol), plan);
          for (const [at, kind, line] of edits) {
            const n = at % lines.length;
            if (kind === 'insert') lines = [...lines.slice(0, n), line, ...lines.slice(n)];
            else if (kind === 'replace') lines = [...lines.slice(0, n), line, ...lines.slice(n + 1)];
            else if (kind === 'delete' && lines.length > 1) lines = [...lines.slice(0, n), ...lines.slice(n + 1)];
            // A keystroke inside a line: the text before it and after it stay.
            else lines = [...lines.slice(0, n), `${lines[n]}x`, ...lines.slice(n + 1)];
            const text = lines.join(eol);
            const edited = analysed(text, plan).findings;
            assert.deepEqual(edited, fresh(text, plan), text);
            // The next version is read against this one's reading, as in an editor.
            analysed(text, plan);
          }
        },
      ),
      { numRuns: 150, seed: 2026 },
    );
  });

  const DOCKERFILE = [
    'ARG GO_VERSION=1.22',
    'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS build',
    'ARG TARGETOS TARGETARCH',
    'WORKDIR /src',
    'COPY . .',
    'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/relay ./cmd/relay',
    '',
    '',
    'FROM gcr.io/distroless/static-debian12',
    'COPY --from=build /out/relay /relay',
    '',
    'FROM alpine:3.20 AS debug',
    'COPY --from=build /out/relay /usr/local/bin/relay',
    'LABEL org.opencontainers.image.version="1"',
  ].join('\n');

  it('keeps nothing of a reading nobody will edit (keepReading false), and finds what a kept one finds', () => {
    const unkept = (text: string) => analyze({ path: PATH, kind: 'dockerfile', text }, { facts: HOST_FACTS, readInclude: repoReader({ '/work/app/Makefile': MAKEFILE }), keepReading: false });
    for (const text of [DOCKERFILE, ...REALISTIC]) {
      forgetDockerfileReadings();
      const opened = unkept(text);
      assert.equal(keptInstructions(PATH), undefined, 'nothing kept for a next version');
      assert.deepEqual(opened.findings, fresh(text));
      assert.ok(keptInstructions(PATH), 'a kept reading is kept');
    }
    // A reading not kept leaves the one kept before as it was: the next edit still starts from it.
    forgetDockerfileReadings();
    analysed(DOCKERFILE);
    const kept = keptInstructions(PATH);
    unkept(DOCKERFILE.replace('version="1"', 'version="3"'));
    assert.equal(keptInstructions(PATH), kept);
  });

  it('reuses the stages before the edit, and reads the edited stage again', () => {
    forgetDockerfileReadings();
    const before = analysed(DOCKERFILE).model as DockerfileModel;
    const label = analysed(DOCKERFILE.replace('version="1"', 'version="2"')).model as DockerfileModel;
    assert.equal(label.commands[0], before.commands[0], 'the build stage is taken from the reading before');
    assert.deepEqual(label.deliveries.map((d) => d.stageIndex), [1, 2], 'the copies between the stages are linked again');
    assert.deepEqual(before.deliveries.map((d) => d.stageIndex), [1, 2], 'and the earlier model keeps its own');
    assert.deepEqual([before.stages[1].copiesFrom, label.stages[1].copiesFrom], [[0], [0]], 'each model says once where the reused stage 1 copies from');
    const copy = analysed(DOCKERFILE.replace('version="1"', 'version="2"').replace('/relay /relay', '/relay /usr/bin/relay')).model as DockerfileModel;
    assert.equal(copy.commands[0], before.commands[0], 'an edit in stage 1 after one in stage 2: stage 0 is still reused');
    const run = analysed(DOCKERFILE.replace('/out/relay ./cmd', '/out/relay  ./cmd')).model as DockerfileModel;
    assert.notEqual(run.commands[0], label.commands[0], 'an edit inside the build stage reads it again');
  });

  it('parses only as far as a keystroke reaches: the instructions below it are the earlier parse\'s', () => {
    forgetDockerfileReadings();
    analysed(DOCKERFILE);
    const earlier = keptInstructions(PATH)!;
    const typed = DOCKERFILE.replace('WORKDIR /src', 'WORKDIR /srv');
    const edited = analysed(typed).findings;
    const after = keptInstructions(PATH)!;
    assert.deepEqual(edited, fresh(typed));
    assert.equal(after.length, earlier.length);
    const workdir = after.findIndex((i) => i.getKeyword() === 'WORKDIR');
    assert.notEqual(after[workdir], earlier[workdir], 'the edited instruction is parsed again');
    after.slice(workdir + 1).forEach((ins, i) => assert.equal(ins, earlier[workdir + 1 + i], `${ins.getKeyword()} on line ${ins.getRange().start.line + 1} is taken`));
    // An edit in a later stage is read from that stage's FROM, and parsed as far as the next stage.
    const copied = typed.replace('/out/relay /relay', '/out/relay /usr/bin/relay');
    assert.deepEqual(analysed(copied).findings, fresh(copied));
    analysed(typed);
    const reread = keptInstructions(PATH)!;
    analysed(copied);
    const last = keptInstructions(PATH)!;
    const debug = last.findIndex((i) => i.getKeyword() === 'FROM' && i.getRange().start.line > 9);
    assert.ok(debug > 0);
    last.slice(debug).forEach((ins, i) => assert.equal(ins, reread[debug + i], `${ins.getKeyword()} on line ${ins.getRange().start.line + 1} is taken`));
    // A keystroke in a comment above every instruction leaves them all.
    const commented = `# relay image\n${DOCKERFILE}`;
    analysed(commented);
    const all = keptInstructions(PATH)!;
    analysed(commented.replace('relay image', 'relay images'));
    keptInstructions(PATH)!.forEach((ins, i) => assert.equal(ins, all[i]));
    assert.equal(keptInstructions('/work/other/Dockerfile'), undefined, 'nothing is kept of a file never read');
  });

  it('parses on when an edit joins the lines below to its instruction, or opens a heredoc', () => {
    for (const edit of ['WORKDIR /src \\', 'RUN <<EOF']) {
      forgetDockerfileReadings();
      analysed(DOCKERFILE);
      const joined = DOCKERFILE.replace('WORKDIR /src', edit);
      assert.deepEqual(analysed(joined).findings, fresh(joined), edit);
      const kept = keptInstructions(PATH)!;
      forgetDockerfileReadings();
      analysed(joined);
      assert.deepEqual(kept.map((i) => [i.getKeyword(), i.getRange()]), keptInstructions(PATH)!.map((i) => [i.getKeyword(), i.getRange()]), `${edit}: the instructions of a fresh parse`);
    }
  });

  it('parses on when an edit joins the next RUN to the one above: the old RUN there is no instruction any more', () => {
    const text = ['FROM golang:1.22 AS build', 'WORKDIR /src', 'COPY . .', 'RUN echo building relay', 'RUN GOARCH=aarch64 go build -o /out/relay ./cmd/relay', 'LABEL v="1"'].join('\n');
    forgetDockerfileReadings();
    assert.deepEqual(analysed(text).findings.map((f) => f.code), ['XB102']);
    // A stray backslash: the go build becomes words echo prints.
    const joined = text.replace('building relay', 'building relay \\');
    assert.deepEqual(analysed(joined).findings, []);
    assert.deepEqual(analysed(joined).findings, fresh(joined));
  });

  it('parses the whole text again when an edit changes the escape directive', () => {
    const text = ['# escape=`', 'FROM golang:1.22 AS build', 'RUN GOOS=linux GOARCH=aarch64 `', '    go build -o /out/app .', 'LABEL v="1"'].join('\n');
    forgetDockerfileReadings();
    analysed(text);
    const backslash = text.replace('# escape=`', '# escape=\\');
    assert.deepEqual(analysed(backslash).findings, fresh(backslash));
  });

  it('keeps the escape directive when it parses from a later stage', () => {
    const text = ['# escape=`', 'FROM golang:1.22 AS base', 'ENV CGO_ENABLED=0', '', 'FROM base AS build', 'RUN GOOS=linux GOARCH=aarch64 `', '    go build -o /out/app .', 'LABEL v="1"'].join('\n');
    forgetDockerfileReadings();
    const before = analysed(text);
    const edited = analysed(text.replace('v="1"', 'v="2"'));
    assert.equal(edited.model?.contexts[0], before.model?.contexts[0], 'stage base is reused');
    assert.deepEqual(edited.findings.filter((f) => f.code === 'XB102').map((f) => f.range.start.line), [5]);
    assert.deepEqual(edited.model?.commands.map((c) => [c.subcommand, c.env.get('GOARCH')?.value]), [['build', 'aarch64']], 'the go command after the backtick continuation is read');
    assert.deepEqual(edited.findings, fresh(text.replace('v="1"', 'v="2"')));
  });

  it('reads the whole file when the edit turns a FROM into another line: its instructions join the stage above', () => {
    const text = ['FROM golang:1.22 AS build', 'WORKDIR /src', 'FROM alpine:3.20', 'RUN GOARCH=aarch64 go build -o /out/app .'].join('\n');
    for (const typed of [text.replace('FROM alpine', 'xFROM alpine'), text.replace('FROM alpine', 'FROMx alpine')]) {
      forgetDockerfileReadings();
      analysed(text);
      assert.deepEqual(analysed(typed).findings, fresh(typed), typed);
    }
  });

  it('reads the whole file once the stages to reuse would come from two readings (each holds its whole parse)', () => {
    const stages = ['FROM golang:1.22 AS s0', 'RUN go build -o /out/s0 .'];
    for (let i = 1; i < 5; i++) stages.push(`FROM s${i - 1} AS s${i}`, `RUN go build -o /out/s${i} .`);
    const editedUpTo = (n: number) => stages.map((l, i) => (i % 2 === 1 && i / 2 < n ? `${l} -v` : l)).join('\n');
    forgetDockerfileReadings();
    const models = [0, 1, 2, 3].map((n) => analysed(editedUpTo(n + 1)).model as DockerfileModel);
    // Version n edits stage n: the stages before it come from the readings before.
    assert.equal(models[1].commands[0], models[0].commands[0], 'stage 0 from one reading: reused');
    // Version 1 read stage 1 again, taking the rest from version 0: stages 0-1 hold two readings' objects.
    assert.notEqual(models[2].commands[1], models[1].commands[1], 'so the whole file is read again, stage 1 included');
    assert.equal(models[2].commands[0], models[0].commands[0], "but the unchanged RUN of stage 0 takes version 0's walk (dockerfile-memo.ts): one older reading");
    assert.equal(models[3].commands[0], models[2].commands[0], 'and that reading is reused by the next edit');
    assert.deepEqual(analysed(editedUpTo(5)).findings, fresh(editedUpTo(5)));
  });

  it('keeps no more than a megabyte of text: a large file pushes out the readings before it', () => {
    const padded = (kb: number) => `${DOCKERFILE}\n# ${'x'.repeat(kb * 1024)}`;
    const reusedAfter = (kb: number) => {
      forgetDockerfileReadings();
      const a = (text: string) => analyze({ path: '/work/a/Dockerfile', kind: 'dockerfile', text }, { facts: HOST_FACTS }).model as DockerfileModel;
      const before = a(padded(kb));
      analyze({ path: '/work/b/Dockerfile', kind: 'dockerfile', text: padded(kb) }, { facts: HOST_FACTS });
      return a(padded(kb).replace('version="1"', 'version="2"')).commands[0] === before.commands[0];
    };
    assert.equal(reusedAfter(300), true, 'two files of 300 KB are kept');
    assert.equal(reusedAfter(600), false, 'two of 600 KB are not');
  });

  it('keeps the file edited last whatever its size, and lets go only as many older readings as the megabyte needs', () => {
    const padded = (path: string, kb: number) => {
      const text = `${DOCKERFILE}\n# ${'x'.repeat(kb * 1024)}`;
      const model = (t: string) => analyze({ path, kind: 'dockerfile', text: t }, { facts: HOST_FACTS }).model as DockerfileModel;
      const before = model(text);
      return () => model(text.replace('version="1"', 'version="2"')).commands[0] === before.commands[0];
    };
    forgetDockerfileReadings();
    assert.equal(padded('/work/huge/Dockerfile', 1200)(), true, 'a generated Dockerfile of 1.2 MB, alone');
    forgetDockerfileReadings();
    const large = padded('/work/a/Dockerfile', 600);
    const small = padded('/work/b/Dockerfile', 10);
    padded('/work/c/Dockerfile', 600);
    // Each check is an edit too (it keeps its reading): the small file is checked first.
    assert.deepEqual([small(), large()], [true, false], 'the oldest 600 KB go; the small one after it stays');
  });

  it('keeps the readings of the 16 files used last, and none of a file the editor closed', () => {
    const edit = (path: string) => {
      const model = (text: string) => analyze({ path, kind: 'dockerfile', text }, { facts: HOST_FACTS }).model as DockerfileModel;
      return { before: model(DOCKERFILE), after: () => model(DOCKERFILE.replace('version="1"', 'version="2"')) };
    };
    forgetDockerfileReadings();
    const first = edit('/work/app/a/Dockerfile');
    for (let i = 0; i < 15; i++) edit(`/work/app/s${i}/Dockerfile`);
    assert.equal(first.after().commands[0], first.before.commands[0], '16 files: the first is still kept');
    const again = edit('/work/app/a/Dockerfile');
    for (let i = 0; i < 16; i++) edit(`/work/app/t${i}/Dockerfile`);
    assert.notEqual(again.after().commands[0], again.before.commands[0], '17 files: the least recently used is let go');
    const closed = edit('/work/app/a/Dockerfile');
    forgetDockerfileReading('/work/app/a/Dockerfile');
    assert.notEqual(closed.after().commands[0], closed.before.commands[0]);
  });

  it('reads again a stage whose last line, right above the next FROM, was edited', () => {
    const text = ['FROM golang:1.22 AS build', 'ENV GOARCH=amd64', 'FROM build AS app', 'RUN go build -o /out/app .'].join('\n');
    forgetDockerfileReadings();
    assert.ok(!analysed(text).findings.some((f) => f.code === 'XB102'));
    const edited = analysed(text.replace('GOARCH=amd64', 'GOARCH=aarch64')).findings;
    assert.deepEqual(edited.filter((f) => f.code === 'XB102').map((f) => f.range.start.line), [1], 'GOARCH=aarch64 is reported');
    assert.deepEqual(edited, fresh(text.replace('GOARCH=amd64', 'GOARCH=aarch64')));
  });

  it('reads again the stages after one that ran make: the Makefile may have changed', () => {
    const text = DOCKERFILE.replace('RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/relay ./cmd/relay', 'RUN make build');
    const withMakefile = (makefile: string, version: string) =>
      analyze({ path: PATH, kind: 'dockerfile', text: text.replace('version="1"', version) }, { facts: HOST_FACTS, readInclude: repoReader({ '/work/app/Makefile': makefile }) }).model as DockerfileModel;
    forgetDockerfileReadings();
    assert.equal(withMakefile(MAKEFILE, 'version="1"').commands[0]?.env.get('GOARCH')?.value, 'arm64');
    const changed = withMakefile(MAKEFILE.replace('arm64', 'riscv64'), 'version="2"');
    assert.equal(changed.commands[0]?.env.get('GOARCH')?.value, 'riscv64', 'the edited Makefile is read');
  });

  it('a stage built FROM a reused one runs make in the build context that one copied in', () => {
    const text = ['FROM golang:1.22 AS build', 'WORKDIR /src', 'COPY . .', '', 'FROM build AS release', 'RUN make build', 'LABEL stage=release'].join('\n');
    forgetDockerfileReadings();
    assert.equal((analysed(text).model as DockerfileModel).commands.length, 1);
    const edited = analysed(text.replace('stage=release', 'stage=final')).model as DockerfileModel;
    assert.equal(edited.commands[0]?.env.get('GOARCH')?.value, 'arm64', 'the Makefile is found in /src, where stage build copied the context');
  });

  it('reads the whole file again under other options (a plan passing other build args)', () => {
    forgetDockerfileReadings();
    const args = (value: string): FilePlan => planBuilding(['linux/amd64', 'linux/arm64'], { GO_VERSION: value });
    const first = analysed(DOCKERFILE, args('1.21')).model as DockerfileModel;
    const second = analysed(DOCKERFILE.replace('version="1"', 'version="2"'), args('1.23')).model as DockerfileModel;
    assert.equal(first.stages[0].goVersion.version, '1.21');
    assert.equal(second.stages[0].goVersion.version, '1.23');
  });
});
