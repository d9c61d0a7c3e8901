import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, HOST_FACTS, only, ready, said, textAt } from '../testing';

before(ready);

const xb505 = (text: string, goVersion?: string) => only(check(text, 'makefile', { ...HOST_FACTS, goVersion }), 'XB505');

/** A release Makefile that documents its settings on the same line, as many do. */
const RELEASE = [
  '# Cross-build for the board.',
  'export GOOS := linux    # the board runs Linux',
  'export GOARCH := arm64  # Raspberry Pi 4',
  'export CGO_ENABLED := 0 # static, for scratch',
  '',
  'dist/app:',
  '\tgo build -trimpath -o $@ ./cmd/app',
  '',
].join('\n');

describe('XB505 exported make value ends in blanks', () => {
  it('reports each exported value whose comment leaves blanks in it, on the value', () => {
    const found = xb505(RELEASE);
    assert.deepEqual(found.map((f) => textAt(RELEASE, f)), ['linux', 'arm64', '0']);
    assert.deepEqual(found.map((f) => f.severity), ['error', 'error', 'error']);
    assert.match(said(found[1]), /^make exports GOARCH as "arm64  ": remove the blanks before the comment\. go stops with "unsupported GOOS\/GOARCH pair"/);
    assert.match(said(found[2]), /CGO_ENABLED as "0 "[^]*Go reads only 0 and 1, so cgo stays at its default: on natively with a C compiler/);
  });

  it('fixes by removing only the blanks, keeping the comment; the rule then stays silent', () => {
    const fixed = fixAndRecheck('export GOARCH := arm64  # Raspberry Pi 4\n\napp:\n\tgo build -o app .\n', 'XB505', 'makefile');
    assert.equal(fixed, 'export GOARCH := arm64# Raspberry Pi 4\n\napp:\n\tgo build -o app .\n');
  });

  it('sees blanks at the end of a line without a comment, tabs too, and shows them', () => {
    const text = 'export GOOS = windows\t\n\nall:\n\tgo build -o app.exe .\n';
    const [f] = xb505(text);
    assert.match(said(f), /^make exports GOOS as "windows\\t": remove the blanks at the end of the line\./);
    assert.equal(fixAndRecheck(text, 'XB505', 'makefile'), 'export GOOS = windows\n\nall:\n\tgo build -o app.exe .\n');
  });

  it('counts every way make exports: a later `export NAME` and .EXPORT_ALL_VARIABLES', () => {
    assert.equal(xb505('GOARCH ?= arm64 # default\nexport GOARCH\n\napp:\n\tgo build .\n').length, 1);
    assert.equal(xb505('.EXPORT_ALL_VARIABLES:\nGOARCH := arm64 # default\n\napp:\n\tgo build .\n').length, 1);
  });

  it('is silent where the blanks never reach go', () => {
    // Not exported, passed on the line: the shell splits the blank off.
    assert.deepEqual(xb505('GOARCH := arm64 # Pi\n\napp:\n\tGOARCH=$(GOARCH) go build .\n'), []);
    // The recipe sets it itself.
    assert.deepEqual(xb505('export GOARCH := arm64 # Pi\n\napp:\n\tGOARCH=amd64 go build .\n'), []);
    // No go command that builds.
    assert.deepEqual(xb505('export GOARCH := arm64 # Pi\n\nenv:\n\tgo env GOARCH\n'), []);
    // No blank before the comment, or a variable go splits into words.
    assert.deepEqual(xb505('export GOARCH := arm64# Pi\nexport GOFLAGS := -trimpath # reproducible\n\napp:\n\tgo build .\n'), []);
  });

  it('leaves a sub-architecture value to XB104 when it is wrong anyway, and to XB105 for another architecture', () => {
    assert.deepEqual(xb505('export GOARCH := amd64\nexport GOAMD64 := v5 # too new\n\napp:\n\tgo build .\n', '1.22'), []);
    assert.deepEqual(xb505('export GOARCH := arm64\nexport GOAMD64 := v3 # servers\n\napp:\n\tgo build .\n', '1.22'), []);
  });

  it('says what the Go in use does with a sub-architecture value and its blank', () => {
    const text = 'export GOARCH := amd64\nexport GOAMD64 := v3 # x86-64-v3 servers\n\napp:\n\tgo build .\n';
    const [old] = xb505(text, '1.22');
    assert.equal(old.severity, 'error');
    assert.match(said(old), /Go 1\.22 stops with "go: invalid GOAMD64: must be v1, v2, v3, v4"/);
    const [newer] = xb505(text, '1.24');
    assert.equal(newer.severity, 'warning');
    assert.match(said(newer), /compiled for v1/);
  });
});
