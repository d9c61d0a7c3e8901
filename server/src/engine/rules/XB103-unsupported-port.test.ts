import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, lineOf, only, ready, textAt, said } from '../testing';

before(ready);

describe('XB103 GOOS/GOARCH is not a port of the Go in use', () => {
  it('flags darwin/386 on the GOARCH value and says no Go supports it', () => {
    const text = 'FROM golang:1.22\nRUN GOOS=darwin GOARCH=386 go build -o /out/app .';
    const [f] = only(check(text), 'XB103');
    assert.equal(lineOf(f), 2);
    assert.equal(textAt(text, f), '386');
    assert.match(f.message, /"go: unsupported GOOS\/GOARCH pair darwin\/386"/);
    assert.match(said(f), /darwin\/386 is not a port of any Go version/);
    assert.deepEqual(f.fixes, [], 'amd64 or arm64: the user must choose');
  });

  it('uses the image version: windows/arm is removed from Go 1.26', () => {
    const older = only(check('FROM golang:1.25\nRUN GOOS=windows GOARCH=arm go build .'), 'XB103');
    const newer = only(check('FROM golang:1.26\nRUN GOOS=windows GOARCH=arm go build .'), 'XB103');
    assert.equal(newer.length, 1);
    assert.equal(newer[0].severity, 'error');
    assert.match(newer[0].message, /Go 1\.26/);
    assert.match(newer[0].message, /up to Go 1\.25/);
    assert.ok(older.every((f) => f.severity !== 'error'), 'on 1.25 windows/arm is at worst broken, not rejected');
  });

  it('pairs GOOS with the host architecture when only GOOS is set', () => {
    const [f] = only(check('FROM golang:1.23\nENV GOOS=js\nRUN go build -o /out/app.wasm .'), 'XB103');
    assert.match(f.message, /js\/amd64/);
  });

  it('is silent for valid pairs, native builds and unknown values', () => {
    const text = [
      'FROM --platform=$BUILDPLATFORM golang:1.23 AS build',
      'ARG TARGETOS TARGETARCH',
      'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/a .',
      'RUN GOOS=js GOARCH=wasm go build -o /out/b.wasm .',
      'RUN GOOS=wasip1 GOARCH=wasm go build -o /out/c.wasm .',
      'RUN go build -o /out/d .',
    ].join('\n');
    assert.deepEqual(only(check(text), 'XB103'), []);
  });

  it('fixes js with a non-wasm GOARCH to wasm', () => {
    const fixed = fixAndRecheck('FROM golang:1.22\nRUN GOOS=js GOARCH=amd64 go build -o main.wasm .\n', 'XB103');
    assert.equal(fixed, 'FROM golang:1.22\nRUN GOOS=js GOARCH=wasm go build -o main.wasm .\n');
  });

  it('checks the pair a Makefile sets up for its recipes', () => {
    const text = 'export GOOS := darwin\nexport GOARCH := 386\n\nrelease:\n\tgo build -o dist/app .\n';
    const [f] = only(check(text, 'makefile'), 'XB103');
    assert.equal(lineOf(f), 2);
  });

  it('reports a port Go marks broken: a warning where the build still runs, an error where it fails', () => {
    // windows/arm: broken (hidden by `go tool dist list`) in Go 1.25, still built.
    const windows = 'FROM golang:1.25\nRUN GOOS=windows GOARCH=arm go build -o app.exe .\n';
    const [warned] = only(check(windows), 'XB103');
    assert.equal(warned.severity, 'warning');
    assert.equal(textAt(windows, warned), 'arm');
    // linux/sparc64: broken, and the compiler does not know the architecture.
    const sparc = 'FROM golang:1.23\nRUN GOOS=linux GOARCH=sparc64 go build -o app .\n';
    const [failed] = only(check(sparc), 'XB103');
    assert.equal(failed.severity, 'error');
    assert.equal(textAt(sparc, failed), 'sparc64');
  });

  it('reports an ENV pair once, however many go builds read it', () => {
    const text = 'FROM golang:1.22\nENV GOOS=darwin GOARCH=386\nRUN go build -o /out/app ./cmd/app\nRUN go build -o /out/tool ./cmd/tool\n';
    assert.deepEqual(only(check(text), 'XB103').map(lineOf), [2]);
  });

  it('fixes windows/arm (rejected from Go 1.26) to arm64, and wasip1 with another GOARCH to wasm', () => {
    const windows = 'FROM golang:1.26\nRUN GOOS=windows GOARCH=arm go build -o /out/app.exe .\n';
    assert.equal(fixAndRecheck(windows, 'XB103'), windows.replace('GOARCH=arm ', 'GOARCH=arm64 '));
    const wasi = '#!/bin/sh\nGOOS=wasip1 GOARCH=amd64 go build -o dist/app.wasm .\n';
    assert.equal(fixAndRecheck(wasi, 'XB103', 'shell'), wasi.replace('GOARCH=amd64', 'GOARCH=wasm'));
    // A broken port that does not even build is an error: openbsd/mips64 on Go 1.26, openbsd/ppc64 on Go 1.21.
    assert.equal(only(check('FROM golang:1.26\nRUN GOOS=openbsd GOARCH=mips64 go build -o /out/app .\n'), 'XB103')[0]?.severity, 'error');
  });

  it('says which Go first has a port and which Gos mark one broken, and whether that build fails', () => {
    const first = (text: string) => only(check(text), 'XB103')[0];
    const riscv = first('FROM golang:1.21\nRUN GOOS=openbsd GOARCH=riscv64 go build -o /out/app .');
    assert.match(riscv.message, /^openbsd\/riscv64 is not a port of Go 1\.21: build with Go 1\.22 or newer\./);
    assert.match(riscv.message, /The build stops with "go: unsupported GOOS\/GOARCH pair openbsd\/riscv64"\./);
    const ppc = first('FROM golang:1.21\nRUN GOOS=openbsd GOARCH=ppc64 go build -o /out/app .');
    assert.equal(ppc.severity, 'error');
    assert.equal(ppc.message, 'openbsd/ppc64 is marked broken in Go 1.21: build for another target. The build fails: its compiler or runtime is missing.');
    assert.deepEqual(only(check('FROM golang:1.22\nRUN GOOS=openbsd GOARCH=ppc64 go build -o /out/app .'), 'XB103'), [], 'a port from Go 1.22');
    const mips = first('FROM golang:1.25\nRUN GOOS=openbsd GOARCH=mips64 go build -o /out/app .');
    assert.equal(mips.severity, 'warning', 'openbsd/mips64 still builds before Go 1.26');
    assert.match(mips.message, /go accepts it, but `go tool dist list` hides it and nobody tests it\./);
    assert.match(said(mips), /Go 1\.25: golang:1\.25 on line 1/);
  });

  it('offers a correction only where one target is clearly meant', () => {
    const text = 'FROM golang:1.22\nRUN GOOS=darwin GOARCH=arm go build -o /out/a . && GOOS=windows GOARCH=ppc64 go build -o /out/b .';
    const found = only(check(text), 'XB103');
    assert.deepEqual(found.map((f) => [textAt(text, f), f.fixes.length]), [['arm', 0], ['ppc64', 0]]);
    assert.match(found[0].message, /darwin\/arm is not a port of any Go version: build for another target\./);
    const [js] = only(check('FROM golang:1.22\nRUN GOOS=js GOARCH= go build -o /out/app.wasm .'), 'XB103');
    assert.match(js.message, /js\/amd64 is not a port of any Go version: change GOARCH to wasm\./);
    assert.deepEqual(js.fixes.map((x) => [x.title, x.isPreferred]), [['Change GOARCH to wasm', true]]);
  });

  it('leaves names Go does not know to XB101 and XB102', () => {
    const findings = check('FROM golang:1.22\nRUN GOOS=macos GOARCH=arm64 go build . && GOOS=linux GOARCH=x86_64 go build .');
    assert.deepEqual(only(findings, 'XB103'), []);
    assert.equal(only(findings, 'XB101').length + only(findings, 'XB102').length, 2);
  });
});
