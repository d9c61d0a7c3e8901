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
});
