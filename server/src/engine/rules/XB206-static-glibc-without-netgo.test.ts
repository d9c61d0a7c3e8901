import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, HOST_FACTS, lineOf, only, ready, textAt } from '../testing';

before(ready);

const xb206 = (text: string, kind: Parameters<typeof check>[1] = 'dockerfile', facts = HOST_FACTS) => only(check(text, kind, facts), 'XB206');
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
    assert.match(f.message, /"Using 'getgrouplist' in statically linked applications requires at runtime the shared libraries from the glibc version used for linking"/);
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
    assert.match(f.message, /without the build tag netgo\. .*getaddrinfo/);
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
    assert.match(f.message, /an external link needs cgo/);
    assert.match(f.message, /when the machine's C library is glibc/);
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
});
