import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { applyFix, check, fixAndRecheck, HOST_FACTS, lineOf, only, ready, textAt, said } from '../testing';

before(ready);

const xb206 = (text: string, kind: Parameters<typeof check>[1] = 'dockerfile', facts = HOST_FACTS) => only(check(text, kind, facts), 'XB206');
const SQLITE_MOD = { path: '/work/app/go.mod', text: 'module example.com/replicator\n\ngo 1.22\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n' };
const withModule = (text: string, imports?: { pkg: string; file: string; constraint?: string }[]) =>
  analyze({ path: '/work/app/Dockerfile', kind: 'dockerfile', text }, { facts: HOST_FACTS, goMod: { ...SQLITE_MOD, imports } }).findings;
const STATIC = `-ldflags '-linkmode external -extldflags "-static"'`;

describe('XB206 static glibc link without netgo and osusergo', () => {
  const dockerfile = [
    'FROM golang:1.22-bookworm AS build',
    'RUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-dev',
    'WORKDIR /src',
    'COPY . .',
    `RUN CGO_ENABLED=1 go build ${STATIC} -o /out/app ./cmd/app`,
    '',
    'FROM gcr.io/distroless/static-debian12',
    'COPY --from=build /out/app /app',
    'ENTRYPOINT ["/app"]',
    '',
  ].join('\n');

  it('warns with the linker warning glibc gives and names both tags', () => {
    const [f] = xb206(dockerfile);
    assert.equal(lineOf(f), 5);
    assert.equal(f.severity, 'warning');
    assert.equal(textAt(dockerfile, f), `'-linkmode external -extldflags "-static"'`);
    assert.match(f.message, /without the build tags netgo and osusergo/);
    assert.match(said(f), /"Using 'getgrouplist' in statically linked applications requires at runtime the shared libraries from the glibc version used for linking"/);
  });

  it('adds -tags netgo,osusergo after the subcommand', () => {
    assert.equal(fixAndRecheck(dockerfile, 'XB206'), dockerfile.replace('go build -ldflags', 'go build -tags netgo,osusergo -ldflags'));
  });

  it('merges into -tags in whatever form it is written', () => {
    const forms: [string, string][] = [
      ['-tags prod', '-tags prod,netgo,osusergo'],
      ['-tags=prod,otel', '-tags=prod,otel,netgo,osusergo'],
      ['-tags "prod otel"', '-tags "prod otel netgo osusergo"'],
      ["-tags 'prod'", "-tags 'prod,netgo,osusergo'"],
      ['-tags netgo', '-tags netgo,osusergo'],
    ];
    for (const [before, after] of forms) {
      const text = `FROM golang:1.22\nRUN CGO_ENABLED=1 go build ${before} ${STATIC} -o /app .\n`;
      assert.equal(fixAndRecheck(text, 'XB206'), text.replace(before, after), before);
    }
  });

  it('inserts the tags inside an exec-form sh -c string', () => {
    const text = `FROM golang:1.22\nRUN ["sh", "-c", "CGO_ENABLED=1 go build -ldflags '-linkmode external -extldflags -static' -o /app ."]\n`;
    assert.equal(fixAndRecheck(text, 'XB206'), text.replace('go build -ldflags', 'go build -tags netgo,osusergo -ldflags'));
  });

  it('names only the missing tag', () => {
    const [f] = xb206(`FROM golang:1.22\nRUN CGO_ENABLED=1 go build -tags osusergo ${STATIC} -o /app .\n`);
    assert.match(said(f), /without the build tag netgo: add -tags netgo\.[^]*getaddrinfo/);
  });

  it('edits the make variable that holds the tags', () => {
    const text = `TAGS := prod\n\nexport CGO_ENABLED := 1\n\nbuild:\n\tgo build -tags "$(TAGS)" ${STATIC} -o bin/app .\n`;
    const [f] = xb206(text, 'makefile');
    assert.ok(f);
    assert.equal(fixAndRecheck(text, 'XB206', 'makefile'), text.replace('TAGS := prod', 'TAGS := prod,netgo,osusergo'));
  });

  it('on a Linux host, a native build that links externally has cgo on (Go 1.22+), and says glibc is assumed', () => {
    const text = `release:\n\tgo build ${STATIC} -o bin/app .\n`;
    const [f] = xb206(text, 'makefile');
    assert.match(said(f), /an external link needs cgo/);
    assert.match(said(f), /when the machine's C library is glibc/);
    assert.deepEqual(xb206(text, 'makefile', { ...HOST_FACTS, goVersion: '1.21' }), [], 'Go 1.21 links externally without cgo');
    assert.deepEqual(xb206(text, 'makefile', { host: { goos: 'darwin', goarch: 'arm64' } }), []);
  });

  it('keeps the tags GOFLAGS sets when it adds -tags to the command', () => {
    const text = `FROM golang:1.22\nENV GOFLAGS=-tags=prod\nRUN CGO_ENABLED=1 go build ${STATIC} -o /app .\n`;
    assert.equal(fixAndRecheck(text, 'XB206'), text.replace('go build -ldflags', 'go build -tags prod,netgo,osusergo -ldflags'));
    assert.deepEqual(xb206(text.replace('-tags=prod', '-tags=netgo,osusergo')), []);
  });

  it('is silent for musl (alpine with gcc, or a musl cross compiler) and without cgo', () => {
    assert.deepEqual(xb206(`FROM golang:1.22-alpine\nRUN apk add --no-cache gcc musl-dev\nRUN CGO_ENABLED=1 go build ${STATIC} -o /app .\n`), []);
    assert.deepEqual(xb206(`FROM golang:1.22\nRUN GOARCH=arm64 CGO_ENABLED=1 CC=aarch64-linux-musl-gcc go build ${STATIC} -o /app .\n`), []);
    assert.deepEqual(xb206(`FROM golang:1.22\nRUN CGO_ENABLED=0 go build ${STATIC} -o /app .\n`), []);
    assert.deepEqual(xb206(`FROM golang:1.22\nRUN CGO_ENABLED=1 go build -ldflags '-extldflags "-static"' -o /app .\n`), []);
  });

  it('does not guess when the tags are not known', () => {
    assert.deepEqual(xb206(`FROM golang:1.22\nARG TAGS\nRUN CGO_ENABLED=1 go build -tags "$TAGS" ${STATIC} -o /app .\n`), []);
  });

  it('reports the leg with cgo on: GOARCH=amd64 in a stage that follows the target, in an image with gcc', () => {
    const text = [
      'FROM golang:latest AS builder',
      'WORKDIR /go/src/example.com/static-server',
      'COPY . .',
      'RUN GOARCH=amd64 GOOS=linux go build -ldflags "-linkmode external -extldflags -static -w"',
      '',
      'FROM centurylink/ca-certs',
      'COPY --from=builder /go/src/example.com/static-server/static-server /',
      'ENTRYPOINT ["/static-server"]',
    ].join('\n');
    const [f] = xb206(text);
    assert.equal(lineOf(f), 4);
    assert.equal(f.severity, 'warning');
    assert.match(said(f), /GOARCH=amd64 is native when the build runs on amd64.* for the build whose target is the platform it runs on/);
    // The same in alpine without gcc: cgo is off on every leg, nothing links against glibc.
    assert.deepEqual(xb206(text.replace('golang:latest', 'golang:alpine')), []);
  });

  it('keeps a missing osusergo alone to a note: only programs that look up users or groups are affected', () => {
    const [f] = xb206(`FROM golang:1.22\nRUN CGO_ENABLED=1 go build -tags netgo ${STATIC} -o /app .\n`);
    assert.equal(f.severity, 'information');
    assert.match(f.message, /without the build tag osusergo/);
  });

  it('counts a cgo-only module as external linking: -extldflags "-static" without -linkmode reaches the C linker', () => {
    const text = [
      'FROM golang:1.16 AS builder',
      'WORKDIR /src/replicator',
      'COPY . .',
      `RUN go build -ldflags '-s -w -extldflags "-static"' -tags sqlite_omit_load_extension -o /usr/local/bin/replicator ./cmd/replicator`,
      '',
      'FROM alpine',
      'COPY --from=builder /usr/local/bin/replicator /usr/local/bin/replicator',
    ].join('\n');
    const imports = [{ pkg: 'github.com/mattn/go-sqlite3', file: 'cmd/replicator/main.go' }];
    const [f] = only(withModule(text, imports), 'XB206');
    assert.equal(lineOf(f), 4);
    assert.match(said(f), /Go links externally because the module imports github\.com\/mattn\/go-sqlite3, a cgo package/);
    assert.equal(applyFix(text, f), text.replace('-tags sqlite_omit_load_extension', '-tags sqlite_omit_load_extension,netgo,osusergo'));
    // Only an import that is sure to be compiled: behind a build constraint it may not be.
    assert.deepEqual(only(withModule(text, [{ ...imports[0], constraint: 'sqlite' }]), 'XB206'), []);
    // -linkmode internal keeps the link internal whatever is imported (the build then fails on the cgo package).
    assert.deepEqual(only(withModule(text.replace("'-s -w", "'-s -w -linkmode internal"), imports), 'XB206'), []);
    // No cgo package: the link is internal and the flag ignored (XB212's case), nothing is static.
    assert.deepEqual(only(withModule(text, []), 'XB206'), []);
  });

  it('reads the C library from CC in a build script: -gnu is glibc (no assumption noted), zig, musl or an unknown CC are not judged', () => {
    const script = (prefix: string) => `#!/bin/sh\nset -e\n${prefix} go build ${STATIC} -o dist/app ./cmd/app\n`;
    const [gnu] = xb206(script('CGO_ENABLED=1 CC=x86_64-linux-gnu-gcc'), 'shell');
    assert.deepEqual(gnu.related?.[0].message, 'cgo is on in this script: CGO_ENABLED=1');
    const [host] = xb206(script('CGO_ENABLED=1'), 'shell');
    assert.match(host.related![0].message, /; static against glibc when the machine's C library is glibc \(Debian, Ubuntu, Fedora; not Alpine's musl\)$/);
    for (const prefix of ['CGO_ENABLED=1 CC=zig', 'CGO_ENABLED=1 CC="zig cc -target x86_64-linux-gnu"', 'CGO_ENABLED=1 CC=$MYCC', 'CGO_ENABLED=1 GOOS=windows CC=x86_64-w64-mingw32-gcc']) {
      assert.deepEqual(xb206(script(prefix), 'shell'), [], prefix);
    }
  });

  it('merges the missing tags into a blank-separated, empty or single -tags', () => {
    const script = (tags: string) => `#!/bin/sh\nCGO_ENABLED=1 go build ${tags} ${STATIC} -o dist/app .\n`;
    const spaced = script("-tags 'prod netgo'");
    const [f] = xb206(spaced, 'shell');
    assert.equal(f.severity, 'information');
    assert.equal(f.message, "Static glibc link without the build tag osusergo: add -tags osusergo. Otherwise its user lookups load glibc's shared libraries at run time.");
    assert.match(said(f), /If the program looks up users or groups \(os\/user\), Go/);
    assert.equal(fixAndRecheck(spaced, 'XB206', 'shell'), script("-tags 'prod netgo osusergo'"));
    assert.equal(fixAndRecheck(script('-tags='), 'XB206', 'shell'), script('-tags=netgo,osusergo'));
    assert.equal(fixAndRecheck(script('-tags netgo'), 'XB206', 'shell'), script('-tags netgo,osusergo'));
  });
});
