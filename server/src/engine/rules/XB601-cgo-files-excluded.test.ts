import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { HOST_FACTS, only, ready, said } from '../testing';
import type { Finding } from '../types';

before(ready);

const GO_MOD = 'module github.com/acme/scanner\n\ngo 1.22\n';

function checkWith(text: string, cgoFiles: { path: string; line: number }[]): Finding[] {
  return analyze({ path: '/work/scanner/Makefile', kind: 'makefile', text }, { facts: HOST_FACTS, goMod: { path: '/work/scanner/go.mod', text: GO_MOD, cgoFiles } }).findings;
}

const MAKEFILE = 'export CGO_ENABLED := 0\n\nbuild:\n\tgo build -o bin/scanner ./cmd/scanner\n';

describe('XB601 files with import "C" in a build with cgo off', () => {
  it('informs on the go command and points at the files', () => {
    const [f] = only(checkWith(MAKEFILE, [{ path: 'internal/yara/yara.go', line: 7 }]), 'XB601');
    assert.equal(f.severity, 'information');
    assert.match(f.message, /internal\/yara\/yara\.go/);
    assert.match(said(f), /build constraints exclude all Go files/);
    assert.deepEqual(f.related?.filter((r) => r.file.endsWith('.go')).map((r) => [r.file, r.range.start.line]), [['/work/scanner/internal/yara/yara.go', 7]]);
  });

  it('names at most three files', () => {
    const files = ['a.go', 'b.go', 'c.go', 'd.go', 'e.go'].map((p) => ({ path: `internal/c/${p}`, line: 2 }));
    const [f] = only(checkWith(MAKEFILE, files), 'XB601');
    assert.match(f.message, /5 files/);
    assert.match(said(f), /and 2 more/);
    assert.equal(f.related?.filter((r) => r.file.endsWith('.go')).length, 3);
  });

  it('is silent without cgo files or when cgo is on', () => {
    assert.deepEqual(only(checkWith(MAKEFILE, []), 'XB601'), []);
    assert.deepEqual(only(checkWith('build:\n\tCGO_ENABLED=1 go build ./...\n', [{ path: 'c.go', line: 1 }]), 'XB601'), []);
  });
});

describe('XB601 messages', () => {
  const files = (n: number) => ['cgo_linux.go', 'cgo_darwin.go', 'ioctl.go', 'perf.go'].slice(0, n).map((p) => ({ path: `internal/probe/${p}`, line: 4 }));

  it('one file: names it and says "it"; its import "C" line is the related place', () => {
    const [f] = only(checkWith(MAKEFILE, files(1)), 'XB601');
    assert.equal(f.message, 'internal/probe/cgo_linux.go imports "C", which go build leaves out with cgo off: turn cgo on if the build needs it.');
    assert.deepEqual(f.related?.[0], { file: '/work/scanner/internal/probe/cgo_linux.go', range: { start: { line: 4, character: 0 }, end: { line: 4, character: 10 } }, message: 'import "C": excluded from builds with cgo off' });
  });

  it('several files: counts them, says "them", and lists them all when there are three, three and the rest past that', () => {
    const [three] = only(checkWith(MAKEFILE, files(3)), 'XB601');
    assert.match(three.message, /^3 files import "C", which go build leaves out with cgo off: turn cgo on if the build needs them\./);
    assert.match(said(three), /They include internal\/probe\/cgo_linux\.go, internal\/probe\/cgo_darwin\.go, internal\/probe\/ioctl\.go\.$/m);
    const [four] = only(checkWith(MAKEFILE, files(4)), 'XB601');
    assert.match(said(four), /^They include internal\/probe\/cgo_linux\.go, internal\/probe\/cgo_darwin\.go, internal\/probe\/ioctl\.go and 1 more\.$/m);
  });

  it('one finding for a go build in a function the script calls once per architecture', () => {
    const script = '#!/bin/sh\nset -e\nbuild() {\n  CGO_ENABLED=0 GOARCH=$1 go build -o "bin/scanner-$1" ./cmd/scanner\n}\nbuild amd64\nbuild arm64\n';
    const findings = analyze({ path: '/work/scanner/build.sh', kind: 'shell', text: script }, { facts: HOST_FACTS, goMod: { path: '/work/scanner/go.mod', text: GO_MOD, cgoFiles: files(1) } }).findings;
    assert.deepEqual(only(findings, 'XB601').map((f) => f.range.start.line + 1), [4]);
  });

  it('one finding for a go build run once per architecture in a loop', () => {
    const loop = 'export CGO_ENABLED := 0\n\nrelease:\n\tfor arch in amd64 arm64; do GOARCH=$$arch go build -o bin/scanner-$$arch ./cmd/scanner; done\n';
    assert.equal(only(checkWith(loop, files(1)), 'XB601').length, 1);
  });
});
