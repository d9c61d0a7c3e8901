import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { applyFix, check, fixAndRecheck, HOST_FACTS, lineOf, only, ready, textAt, said } from '../testing';

before(ready);

const xb204 = (text: string, kind: Parameters<typeof check>[1] = 'dockerfile', facts = HOST_FACTS) => only(check(text, kind, facts), 'XB204');

describe('XB204 the command needs cgo, but cgo is off', () => {
  const testStage = [
    'FROM golang:1.22-bookworm AS test',
    'WORKDIR /src',
    'COPY go.mod go.sum ./',
    'RUN go mod download',
    'COPY . .',
    'RUN CGO_ENABLED=0 go test -race ./...',
    '',
  ].join('\n');

  it('flags -race with CGO_ENABLED=0 and quotes what Go prints for a native build', () => {
    const [f] = xb204(testStage);
    assert.equal(lineOf(f), 6);
    assert.equal(textAt(testStage, f), '-race');
    assert.equal(f.severity, 'error');
    assert.match(said(f), /cgo in stage test: CGO_ENABLED=0/);
    assert.match(said(f), /Go 1\.22 stops with "go: -race requires cgo; enable cgo by setting CGO_ENABLED=1"[^]*Go 1\.22: golang:1\.22-bookworm on line 1/);
  });

  it('removes the CGO_ENABLED=0 prefix (the image has gcc), or drops -race', () => {
    const fixed = fixAndRecheck(testStage, 'XB204');
    assert.equal(fixed, testStage.replace('RUN CGO_ENABLED=0 go test', 'RUN go test'));
    const dropped = applyFix(testStage, xb204(testStage)[0], 'Drop -race');
    assert.equal(dropped, testStage.replace('go test -race ./...', 'go test ./...'));
    assert.deepEqual(xb204(dropped), []);
  });

  it('drops -race wherever it is written, leaving the command well formed', () => {
    // golang:*-alpine has no C compiler: dropping the flag is the only fix.
    const stage = (run: string) => `FROM golang:1.22-alpine\nWORKDIR /src\nCOPY . .\n${run}\nRUN echo done\n`;
    const cases: [string, string, string][] = [
      ['a word follows on the line', 'RUN go test -race ./...', 'RUN go test ./...'],
      ['the last word of the line', 'RUN go test ./... -race', 'RUN go test ./...'],
      ['the last word before a continuation', 'RUN go test -v -race \\\n    ./...', 'RUN go test -v \\\n    ./...'],
      ['alone on a continuation line', 'RUN go test \\\n    -race \\\n    ./...', 'RUN go test \\\n    ./...'],
      ['alone on the last line of a continued command', 'RUN go test ./... \\\n    -race', 'RUN go test ./...'],
      ['an exec-form element with one after it', 'RUN ["go", "test", "-race", "./..."]', 'RUN ["go", "test", "./..."]'],
      ['the last exec-form element', 'RUN ["go", "test", "./...", "-race"]', 'RUN ["go", "test", "./..."]'],
    ];
    for (const [where, run, expected] of cases) {
      const text = stage(run);
      const [f] = xb204(text);
      assert.ok(f, `${where}: no finding`);
      const fixed = applyFix(text, f, 'Drop -race');
      assert.equal(fixed, stage(expected), where);
      assert.deepEqual(xb204(fixed), [], where);
    }
    // Windows line endings: the line break stays whole.
    const crlf = stage('RUN go test ./... \\\n    -race').replace(/\n/g, '\r\n');
    assert.equal(applyFix(crlf, xb204(crlf)[0], 'Drop -race'), stage('RUN go test ./...').replace(/\n/g, '\r\n'));
  });

  it('sets CGO_ENABLED=1 on the command when ENV turns cgo off for the whole stage', () => {
    const text = ['FROM golang:1.23', 'ENV CGO_ENABLED=0', 'WORKDIR /src', 'COPY . .', 'RUN go test -race ./...', 'RUN go build -o /out/app .', ''].join('\n');
    const [f] = xb204(text);
    assert.equal(lineOf(f), 5);
    const fixed = fixAndRecheck(text, 'XB204');
    assert.equal(fixed, text.replace('RUN go test -race', 'RUN CGO_ENABLED=1 go test -race'));
    assert.deepEqual(xb204(fixed), []);
  });

  it('sees that golang:*-alpine has no C compiler, and offers only to drop the flag', () => {
    const text = 'FROM golang:1.22-alpine\nWORKDIR /src\nCOPY . .\nRUN go test -race ./...\n';
    const [f] = xb204(text);
    assert.match(said(f), /no C compiler in golang:1\.22-alpine/);
    assert.deepEqual(f.fixes.map((x) => x.title), ['Drop -race']);
    assert.equal(fixAndRecheck(text, 'XB204'), text.replace(' -race', ''));
  });

  it('is silent once the stage installs gcc', () => {
    const text = 'FROM golang:1.22-alpine\nRUN apk add --no-cache gcc musl-dev\nWORKDIR /src\nCOPY . .\nRUN go test -race ./...\n';
    assert.deepEqual(xb204(text), []);
  });

  it('uses the short message for a cross build, where cgo is off by default', () => {
    const text = 'test-arm64:\n\tGOOS=linux GOARCH=arm64 go test -race -c -o bin/app.test ./...\n';
    const [f] = xb204(text, 'makefile');
    assert.match(said(f), /cross-compiling for arm64/);
    assert.match(f.message, /stops with "go: -race requires cgo"\./);
    assert.deepEqual(f.fixes.map((x) => x.title), ['Drop -race']);
  });

  it('knows that darwin races without cgo', () => {
    assert.deepEqual(xb204('release-mac:\n\tGOOS=darwin GOARCH=arm64 CGO_ENABLED=0 go build -race -o bin/app .\n', 'makefile'), []);
  });

  it('leaves -race on a port without a race detector to XB211', () => {
    assert.deepEqual(xb204('#!/bin/sh\nGOARCH=386 go test -race ./...\n', 'shell'), []);
  });

  it('does not guess when CGO_ENABLED comes from a build arg without a default', () => {
    assert.deepEqual(xb204('FROM golang:1.22\nARG CGO_ENABLED\nENV CGO_ENABLED=$CGO_ENABLED\nRUN go test -race ./...\n'), []);
  });

  it('reads -race=false as off', () => {
    assert.deepEqual(xb204('FROM golang:1.22\nRUN CGO_ENABLED=0 go test -race=false ./...\n'), []);
  });

  it('flags -buildmode=c-shared with the 1.22+ message, and the 1.21 behaviour', () => {
    const text = 'libhello.so:\n\tCGO_ENABLED=0 go build -buildmode=c-shared -o libhello.so ./capi\n';
    const [f] = xb204(text, 'makefile');
    assert.equal(textAt(text, f), '-buildmode=c-shared');
    assert.match(said(f), /stops with "-buildmode=c-shared requires external \(cgo\) linking, but cgo is not enabled"/);
    const [old] = xb204(text, 'makefile', { ...HOST_FACTS, goVersion: '1.21' });
    assert.match(said(old), /Go 1\.21 prints "loadinternal: cannot find runtime\/cgo"/);
    assert.equal(old.severity, 'error');
  });

  it('flags -buildmode c-archive written as two words and drops both', () => {
    const text = '#!/bin/sh\nset -e\nexport CGO_ENABLED=0\ngo build -buildmode c-archive -o out/libcalc.a ./capi\n';
    const [f] = xb204(text, 'shell');
    assert.equal(textAt(text, f), '-buildmode c-archive');
    assert.match(said(f), /prints "loadinternal: cannot find runtime\/cgo" and writes an archive linked without cgo/);
    const dropped = applyFix(text, f, 'Drop -buildmode=c-archive');
    assert.equal(dropped, '#!/bin/sh\nset -e\nexport CGO_ENABLED=0\ngo build -o out/libcalc.a ./capi\n');
  });

  it('flags -linkmode external inside -ldflags and prefers dropping it when cgo is off', () => {
    const text = [
      'FROM golang:1.23-alpine AS build',
      'WORKDIR /src',
      'COPY . .',
      `RUN CGO_ENABLED=0 go build -ldflags '-s -w -linkmode external -extldflags "-static"' -o /out/app ./cmd/app`,
      'FROM scratch',
      'COPY --from=build /out/app /app',
      'ENTRYPOINT ["/app"]',
      '',
    ].join('\n');
    const [f] = xb204(text);
    assert.match(f.message, /-linkmode needs cgo/);
    assert.match(said(f), /stops with "-linkmode requires external \(cgo\) linking, but cgo is not enabled"/);
    const fixed = fixAndRecheck(text, 'XB204');
    assert.equal(fixed, text.replace(`'-s -w -linkmode external -extldflags "-static"'`, `'-s -w -extldflags "-static"'`));
  });

  it('on Go 1.21, -linkmode=external without cgo is a warning (it still builds)', () => {
    const text = 'FROM golang:1.21\nRUN CGO_ENABLED=0 go build -ldflags=-linkmode=external -o /app .\n';
    const [f] = xb204(text);
    assert.equal(f.severity, 'warning');
    assert.match(said(f), /prints "loadinternal: cannot find runtime\/cgo"/);
    assert.match(said(f), /-linkmode=external requires external \(cgo\) linking/);
    assert.equal(fixAndRecheck(text, 'XB204'), 'FROM golang:1.21\nRUN CGO_ENABLED=0 go build -o /app .\n');
  });

  it('warns about a multi-platform build where only the builder\'s own platform has cgo', () => {
    const text = [
      'FROM --platform=$BUILDPLATFORM golang:1.23 AS build',
      'ARG TARGETOS TARGETARCH',
      'WORKDIR /src',
      'COPY . .',
      `RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -ldflags '-linkmode external -extldflags "-static"' -o /out/app .`,
      '',
    ].join('\n');
    const [f] = xb204(text);
    assert.equal(f.severity, 'warning');
    assert.match(said(f), /The other targets are cross builds with cgo off/);
  });

  it('reads -race from GOFLAGS and reports it there', () => {
    const text = 'FROM golang:1.22\nENV CGO_ENABLED=0 GOFLAGS=-race\nRUN go test ./...\n';
    const [f] = xb204(text);
    assert.equal(textAt(text, f), '-race');
    assert.deepEqual(f.fixes.map((x) => x.title), ['Set CGO_ENABLED=1 for this command']);
  });

  it('drops the flag from an exec-form RUN without breaking the JSON', () => {
    const text = 'FROM golang:1.22\nENV CGO_ENABLED=0\nRUN ["go", "test", "-race", "./..."]\n';
    const [f] = xb204(text);
    assert.deepEqual(f.fixes.map((x) => x.title), ['Drop -race']);
    assert.equal(fixAndRecheck(text, 'XB204'), 'FROM golang:1.22\nENV CGO_ENABLED=0\nRUN ["go", "test", "./..."]\n');
  });

  it('drops a flag alone on a continuation line, and the last one of a command', () => {
    const text = 'FROM golang:1.22-alpine\nRUN go test \\\n    -race \\\n    ./...\nRUN go test ./... \\\n    -race\n';
    const [first, second] = xb204(text);
    assert.equal(applyFix(text, first), 'FROM golang:1.22-alpine\nRUN go test \\\n    ./...\nRUN go test ./... \\\n    -race\n');
    assert.equal(applyFix(text, second), 'FROM golang:1.22-alpine\nRUN go test \\\n    -race \\\n    ./...\nRUN go test ./...\n');
  });

  it('knows a stage built FROM a pinned stage runs on that platform: an arm64 build there is native', () => {
    const text = [
      'FROM --platform=linux/arm64 golang:1.22-bookworm AS base',
      'WORKDIR /src',
      'COPY . .',
      '',
      'FROM base AS test',
      'RUN CGO_ENABLED=0 GOARCH=arm64 go test -race ./...',
      '',
    ].join('\n');
    const [f] = xb204(text);
    assert.match(f.message, /"go: -race requires cgo; enable cgo by setting CGO_ENABLED=1"/);
  });

  it('quotes the cross-build message whenever GOOS or GOARCH names another platform, the native one for the host\'s own', () => {
    const native = 'go: -race requires cgo; enable cgo by setting CGO_ENABLED=1';
    const cases: [string, string][] = [
      ['CGO_ENABLED=0 GOOS=windows GOARCH=amd64 go build -race -o dist/app.exe .', 'go: -race requires cgo'],
      ['CGO_ENABLED=0 GOARCH=arm64 go test -race ./...', 'go: -race requires cgo'],
      ['CGO_ENABLED=0 GOARCH=amd64 go test -race ./...', native],
      ['CGO_ENABLED=0 GOOS=linux go test -race ./...', native],
      ['CGO_ENABLED=0 GOARCH=$ARCH go test -race ./...', 'go: -race requires cgo'],
    ];
    for (const [line, quoted] of cases) {
      const [f] = xb204(`#!/bin/sh\nset -eu\n${line}\n`, 'shell');
      assert.match(f.message, new RegExp(`stops with "${quoted.replace(/[.;$]/g, '\\$&')}"\\.$`), line);
    }
    // A stage pinned to linux/amd64 building for arm64 is a cross build; an unpinned one could run anywhere.
    assert.match(xb204('FROM --platform=linux/amd64 golang:1.22\nRUN CGO_ENABLED=0 GOARCH=arm64 go test -race ./...\n')[0].message, /stops with "go: -race requires cgo"\.$/);
    assert.match(xb204('FROM golang:1.22\nRUN CGO_ENABLED=0 GOARCH=arm64 go test -race ./...\n')[0].message, /stops with "go: -race requires cgo"\.$/);
    // An empty GOARCH is the host's: native.
    assert.match(xb204('FROM golang:1.22\nRUN CGO_ENABLED=0 GOARCH= go test -race ./...\n')[0].message, /enable cgo by setting CGO_ENABLED=1"\.$/);
  });

  it('quotes what Go 1.21 does with -buildmode=plugin and any Go with c-archive: it links without cgo', () => {
    const [plugin] = xb204('FROM golang:1.21\nRUN CGO_ENABLED=0 go build -buildmode=plugin -o /out/auth.so ./plugins/auth\n');
    assert.equal(plugin.severity, 'error');
    assert.match(said(plugin), /Go 1\.21 prints "loadinternal: cannot find runtime\/cgo" and links without cgo: files with `import "C"` \(where \/\/export functions live\) are left out[^]*\(Go 1\.22 and later stop with "-buildmode=plugin requires external \(cgo\) linking, but cgo is not enabled"\)/);
    const [archive] = xb204('FROM golang:1.22\nRUN CGO_ENABLED=0 go build -buildmode=c-archive -o /out/libbridge.a ./bridge\n');
    assert.equal(archive.severity, 'error');
    assert.match(said(archive), /Go 1\.22 prints "loadinternal: cannot find runtime\/cgo" and writes an archive linked without cgo: files with `import "C"`/);
    assert.deepEqual(archive.fixes.map((f) => [f.title, f.isPreferred]), [['Remove CGO_ENABLED=0 from this command', true], ['Drop -buildmode=c-archive', false]]);
    const [onTwentyTwo] = xb204('FROM golang:1.22\nRUN CGO_ENABLED=0 go build -buildmode=plugin -o /out/auth.so ./plugins/auth\n');
    assert.match(said(onTwentyTwo), /Go 1\.22 stops with "-buildmode=plugin requires external \(cgo\) linking, but cgo is not enabled"/);
  });

  it('reads -linkmode=external for every package (all=) but not for one package pattern, and names the field as written', () => {
    const all = "FROM golang:1.22\nRUN CGO_ENABLED=0 go build -ldflags='all=-linkmode=external' -o /out/app .\n";
    const [f] = xb204(all);
    assert.equal(f.message, '-linkmode=external needs cgo, which is off: drop -linkmode=external from -ldflags.');
    assert.match(said(f), /Go 1\.22 stops with "-linkmode=external requires external \(cgo\) linking, but cgo is not enabled"/);
    assert.deepEqual(f.fixes.map((x) => [x.title, x.isPreferred]), [['Drop -linkmode=external from -ldflags', true], ['Remove CGO_ENABLED=0 from this command', false]]);
    assert.deepEqual(xb204(all.replace('all=', 'example.com/app=')), []);
    const [spaced] = xb204("FROM golang:1.22\nRUN CGO_ENABLED=0 go build -ldflags='-linkmode external' -o /out/app .\n");
    assert.deepEqual(spaced.fixes.map((x) => x.title), ['Drop -linkmode external from -ldflags', 'Remove CGO_ENABLED=0 from this command']);
  });

  it('removes a CGO_ENABLED=0 prefix (or env word) only when no ENV or make export also sets it', () => {
    const titles = (text: string, kind: Parameters<typeof check>[1]) => xb204(text, kind)[0].fixes.map((f) => [f.title, f.isPreferred]);
    assert.deepEqual(titles('FROM golang:1.22\nENV CGO_ENABLED=0\nRUN CGO_ENABLED=0 go test -race ./...\n', 'dockerfile'), [['Set CGO_ENABLED=1 for this command', true], ['Drop -race', false]]);
    assert.deepEqual(titles('build:\n\tCGO_ENABLED=0 go test -race ./...\n', 'makefile'), [['Remove CGO_ENABLED=0 from this command', true], ['Drop -race', false]]);
    assert.deepEqual(titles('export CGO_ENABLED=0\nbuild:\n\tCGO_ENABLED=0 go test -race ./...\n', 'makefile'), [['Set CGO_ENABLED=1 for this command', true], ['Drop -race', false]]);
    const envWord = '#!/bin/sh\nenv CGO_ENABLED=0 go test -race ./...\n';
    assert.deepEqual(titles(envWord, 'shell'), [['Remove CGO_ENABLED=0 from this command', true], ['Drop -race', false]]);
    assert.equal(fixAndRecheck(envWord, 'XB204', 'shell'), '#!/bin/sh\nenv go test -race ./...\n');
  });

  it('on the $BUILDPLATFORM pattern, prefers dropping the flag, and says "drop it" when it comes from GOFLAGS', () => {
    const stage = 'FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nARG TARGETOS TARGETARCH\n';
    const [f] = xb204(`${stage}RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go test -race ./...\n`);
    assert.equal(f.message, "-race needs cgo, which only the native platform's build has: drop -race. The other targets are cross builds with cgo off.");
    assert.deepEqual(f.fixes.map((x) => [x.title, x.isPreferred]), [['Drop -race', true]]);
    assert.deepEqual(f.related?.map((r) => r.message).slice(1), ['Go 1.23: golang:1.23 on line 1', 'Go 1.23 stops with "go: -race requires cgo"']);
    const [g] = xb204(`${stage}ENV GOFLAGS=-race\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go test ./...\n`);
    assert.match(g.message, /build has: drop it\./);
    assert.deepEqual(g.fixes, []);
  });
});
