import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, lineOf, only, ready, textAt } from '../testing';

before(ready);

/** A release config with the value mistakes people make: macOS's name, Linux's architecture names, Docker's variants. */
const CONFIG = `version: 2
project_name: kubectl-tree
builds:
  - id: kubectl-tree
    main: ./cmd/kubectl-tree
    env:
      - CGO_ENABLED=0
    goos:
      - linux
      - macos
      - windows
    goarch:
      - amd64
      - aarch64
      - arm
    goarm:
      - "6"
      - v7
    goamd64:
      - v1
      - "3"
    ldflags:
      - -s -w -X main.version={{ .Version }}
archives:
  - formats: [tar.gz]
`;

describe('existing value rules on GoReleaser builds (each goos/goarch/goarm/goamd64 item is a site)', () => {
  it('XB101 and XB102 report the item itself, and fix it in place', () => {
    const found = check(CONFIG, 'goreleaser');
    const [os] = only(found, 'XB101');
    assert.deepEqual([lineOf(os), textAt(CONFIG, os)], [10, 'macos']);
    const [arch] = only(found, 'XB102');
    assert.deepEqual([lineOf(arch), textAt(CONFIG, arch)], [14, 'aarch64']);
    assert.equal(fixAndRecheck(CONFIG, 'XB101', 'goreleaser'), CONFIG.replace('      - macos', '      - darwin'));
    assert.equal(fixAndRecheck(CONFIG, 'XB102', 'goreleaser'), CONFIG.replace('      - aarch64', '      - arm64'));
  });

  it('XB104 reports goarm v7 and goamd64 3 (GoReleaser passes them to go as GOARM/GOAMD64)', () => {
    const found = only(check(CONFIG, 'goreleaser'), 'XB104');
    assert.deepEqual(found.map((f) => textAt(CONFIG, f)), ['v7', '"3"']);
  });

  it('says nothing about pairs of the goos × goarch product that are no port (GoReleaser skips invalid pairs)', () => {
    const text = 'version: 2\nbuilds:\n  - env: [CGO_ENABLED=0]\n    goos: [linux, darwin]\n    goarch: ["386", arm64]\n';
    assert.deepEqual(only(check(text, 'goreleaser'), 'XB103'), [], 'darwin/386 is skipped by GoReleaser, not built');
  });
});
