import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { applyFix, check, fixAndRecheck, HOST_FACTS, lineOf, only, ready, textAt, said } from '../testing';

before(ready);

const xb212 = (text: string, kind: Parameters<typeof check>[1] = 'dockerfile') => only(check(text, kind), 'XB212');

describe('XB212 -extldflags "-static" without -linkmode external', () => {
  const dockerfile = [
    'FROM golang:1.23 AS build',
    'WORKDIR /src',
    'COPY . .',
    `RUN go build -ldflags '-s -w -extldflags "-static"' -o /out/server ./cmd/server`,
    '',
    'FROM scratch',
    'COPY --from=build /out/server /server',
    'ENTRYPOINT ["/server"]',
    '',
  ].join('\n');

  it('warns that the flag is ignored by an internal link and the binary stays dynamic', () => {
    const [f] = xb212(dockerfile);
    assert.equal(lineOf(f), 4);
    assert.equal(f.severity, 'warning');
    assert.equal(textAt(dockerfile, f), `'-s -w -extldflags "-static"'`);
    assert.match(said(f), /cgo is on in [^:]*: a native build with the C compiler in golang:1\.23/);
    assert.match(f.message, /stays dynamically linked/);
    assert.match(said(f), /copied into stage 1 \(scratch, line 6\) here/);
  });

  it('prefers CGO_ENABLED=0 when nothing asks for cgo', () => {
    assert.equal(fixAndRecheck(dockerfile, 'XB212'), dockerfile.replace('RUN go build', 'RUN CGO_ENABLED=0 go build'));
  });

  it('can add -linkmode external before -extldflags instead', () => {
    const fixed = applyFix(dockerfile, xb212(dockerfile)[0], 'Add -linkmode external');
    assert.equal(fixed, dockerfile.replace(`'-s -w -extldflags "-static"'`, `'-s -w -linkmode external -extldflags "-static"'`));
    assert.deepEqual(xb212(fixed), []);
  });

  it('prefers -linkmode external when the Makefile turns cgo on on purpose', () => {
    const text = "export CGO_ENABLED := 1\n\nbin/app:\n\tgo build -ldflags '-extldflags=-static' -o bin/app ./cmd/app\n";
    const [f] = xb212(text, 'makefile');
    assert.deepEqual(f.fixes.map((x) => x.title), ['Add -linkmode external', 'Set CGO_ENABLED=0 (Go links a static binary itself)']);
    assert.equal(fixAndRecheck(text, 'XB212', 'makefile'), "export CGO_ENABLED := 1\n\nbin/app:\n\tgo build -ldflags '-linkmode external -extldflags=-static' -o bin/app ./cmd/app\n");
  });

  it('turns an explicit -linkmode internal into external', () => {
    const text = 'FROM golang:1.22\nRUN CGO_ENABLED=1 go build -ldflags="-linkmode internal -extldflags -static" -o /app .\n';
    const [f] = xb212(text);
    assert.match(said(f), /is ignored when Go links internally \(-linkmode internal\)/);
    assert.equal(fixAndRecheck(text, 'XB212'), 'FROM golang:1.22\nRUN CGO_ENABLED=1 go build -ldflags="-linkmode external -extldflags -static" -o /app .\n');
  });

  it('rewrites CGO_ENABLED=1 on the command to 0', () => {
    const text = '#!/bin/sh\nCGO_ENABLED=1 go build -ldflags \'-extldflags "-static"\' -o app .\n';
    const fixed = applyFix(text, xb212(text, 'shell')[0], 'Set CGO_ENABLED=0 (Go links a static binary itself)');
    assert.equal(fixed, '#!/bin/sh\nCGO_ENABLED=0 go build -ldflags \'-extldflags "-static"\' -o app .\n');
  });

  it('is silent where the link is external anyway or cgo is off', () => {
    assert.deepEqual(xb212(dockerfile.replace("'-s -w -extldflags", "'-s -w -linkmode external -extldflags")), []);
    assert.deepEqual(xb212('FROM golang:1.22-alpine\nRUN go build -ldflags \'-extldflags "-static"\' -o /app .\n'), []);
    assert.deepEqual(xb212('FROM golang:1.22\nRUN CGO_ENABLED=0 go build -ldflags \'-extldflags "-static"\' -o /app .\n'), []);
    // mips64le: a cgo build always links externally there.
    assert.deepEqual(xb212('FROM golang:1.22\nRUN GOARCH=mips64le CGO_ENABLED=1 CC=mips64el-linux-gnuabi64-gcc go build -ldflags \'-extldflags "-static"\' -o /app .\n'), []);
    assert.deepEqual(xb212('FROM golang:1.22\nRUN CGO_ENABLED=1 go build -buildmode=c-archive -ldflags \'-extldflags "-static"\' -o /lib.a .\n'), []);
  });

  it('does not guess about cgo in a script run on an unknown machine', () => {
    assert.deepEqual(xb212('#!/bin/sh\ngo build -ldflags \'-extldflags "-static"\' -o app .\n', 'shell'), []);
  });

  it('is silent when the module imports a cgo package: Go links externally and the flag reaches the C linker', () => {
    const findings = (imports?: { pkg: string; file: string; constraint?: string }[], cgoFiles: { path: string; line: number }[] = []) =>
      only(analyze({ path: '/work/app/Dockerfile', kind: 'dockerfile', text: dockerfile }, { facts: HOST_FACTS, goMod: { path: '/work/app/go.mod', text: 'module example.com/server\n\ngo 1.23\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n', imports, cgoFiles } }).findings, 'XB212');
    assert.deepEqual(findings([{ pkg: 'github.com/mattn/go-sqlite3', file: 'store/db.go' }]), []);
    // Even behind a build constraint it may be compiled: not certain enough to claim an internal link.
    assert.deepEqual(findings([{ pkg: 'github.com/mattn/go-sqlite3', file: 'store/db.go', constraint: 'sqlite' }]), []);
    // Without a source scan, a direct requirement says the module uses it.
    assert.deepEqual(findings(undefined), []);
    // The module's own import "C" does the same.
    assert.deepEqual(findings([], [{ path: 'native/hash.go', line: 3 }]), []);
    // Required but never imported: the internal link stays, the finding too.
    assert.equal(findings([]).length, 1);
  });

  it('says where the dynamic binary will not start: musl in alpine, nothing in scratch; nothing to say for Debian', () => {
    const into = (image: string) => dockerfile.replace('FROM scratch', `FROM ${image}`);
    const [alpine] = xb212(into('alpine:3.20'));
    assert.deepEqual(alpine.related?.map((r) => r.message).filter((m) => /alpine/.test(m)), ['alpine:3.20 has musl, not glibc: it will not start there.', 'copied into stage 1 (alpine:3.20, line 6) here']);
    const [scratch] = xb212(dockerfile);
    assert.match(said(scratch), /scratch has no C library: it will not start there\./);
    const [debian] = xb212(into('debian:12-slim'));
    assert.doesNotMatch(said(debian), /will not start|copied into/);
  });

  it('applies to -buildmode=exe, not to pie or other build modes', () => {
    assert.equal(xb212(dockerfile.replace('go build -ldflags', 'go build -buildmode=exe -ldflags')).length, 1);
    assert.deepEqual(xb212(dockerfile.replace('go build -ldflags', 'go build -buildmode=pie -ldflags')), []);
  });

  it('leaves Windows and macOS targets alone (no ELF loader), and static tag pairs in either spelling', () => {
    const L = `-ldflags '-s -w -extldflags "-static"'`;
    const script = (line: string) => `#!/bin/sh\nset -e\n${line}\n`;
    assert.deepEqual(xb212(script(`CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc go build ${L} -o dist/app.exe .`), 'shell'), []);
    assert.deepEqual(xb212(script(`CGO_ENABLED=1 GOOS=darwin GOARCH=arm64 go build ${L} -o dist/app-darwin .`), 'shell'), []);
    assert.deepEqual(xb212(script(`CGO_ENABLED=1 GOOS=ios GOARCH=arm64 go build ${L} -o dist/app-ios .`), 'shell'), []);
    assert.deepEqual(xb212(script(`CGO_ENABLED=1 go build -tags netgo,osusergo ${L} -o dist/app .`), 'shell'), []);
    assert.deepEqual(xb212(script(`CGO_ENABLED=1 go build -tags 'netgo osusergo' ${L} -o dist/app .`), 'shell'), []);
    // netgo alone leaves os/user on cgo: still dynamic.
    assert.equal(xb212(script(`CGO_ENABLED=1 go build -tags netgo ${L} -o dist/app .`), 'shell').length, 1);
    assert.equal(xb212(script(`CGO_ENABLED=1 GOARCH=arm64 CC=aarch64-linux-gnu-gcc go build ${L} -o dist/app-arm64 .`), 'shell').length, 1);
  });

  it('on the $BUILDPLATFORM pattern names the native leg and prefers CGO_ENABLED=0', () => {
    const text = `FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nARG TARGETOS TARGETARCH\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -ldflags '-s -w -extldflags "-static"' -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n`;
    const [f] = xb212(text);
    assert.match(said(f), /turns cgo on for the target that is the builder's own platform \(the other targets are cross builds without cgo, and static anyway\)/);
    assert.deepEqual(f.fixes.map((x) => [x.title, x.isPreferred]), [['Set CGO_ENABLED=0 (Go links a static binary itself)', true], ['Add -linkmode external', false]]);
  });

  it('reports an -extldflags from GOFLAGS on its value, with no edit and the lead naming -linkmode external', () => {
    const text = 'FROM golang:1.23\nENV CGO_ENABLED=1 GOFLAGS=-ldflags=-extldflags=-static\nRUN go build -o /out/app .\n';
    const [f] = xb212(text);
    assert.equal(textAt(text, f), '-ldflags=-extldflags=-static');
    assert.equal(f.message, '-extldflags "-static" is ignored when Go links internally: add -linkmode external. The binary stays dynamically linked.');
    assert.deepEqual(f.fixes, []);
  });
});
