import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { check, fixAndRecheck, lineOf, only, ready, said, HOST_FACTS } from '../testing';

before(ready);

const BEFORE = `version: 2
builds:
  - id: cli
    main: ./cmd/cli
    ldflags:
      - -s -w
    goos: [linux, darwin, windows]
    goarch: [amd64, arm64]
`;

describe('XB701 GoReleaser build leaves CGO_ENABLED to Go\'s default', () => {
  it('flags a build with linux/amd64 among its targets and no CGO_ENABLED, on the build\'s first line', () => {
    const [f] = only(check(BEFORE, 'goreleaser'), 'XB701');
    assert.equal(lineOf(f), 3);
    assert.match(f.message, /^CGO_ENABLED is unset: the runner-native builds link libc, the others are static\. Add CGO_ENABLED=0 to env\./);
    assert.match(said(f), /linux\/amd64, linux\/arm64/);
  });

  it('adds env with CGO_ENABLED=0 at the build\'s key indentation, and the result is silent', () => {
    assert.equal(
      fixAndRecheck(BEFORE, 'XB701', 'goreleaser'),
      BEFORE.replace('  - id: cli\n', '  - id: cli\n    env:\n      - CGO_ENABLED=0\n'),
    );
  });

  it('appends to an existing env list, block or flow', () => {
    const block = 'builds:\n  - id: a\n    env:\n      - GOFLAGS=-mod=readonly # pinned\n    goos: [linux]\n';
    assert.equal(fixAndRecheck(block, 'XB701', 'goreleaser'), block.replace('# pinned\n', '# pinned\n      - CGO_ENABLED=0\n'));
    const flow = 'builds:\n  - id: a\n    env: [GOFLAGS=-trimpath]\n    goos: [linux]\n';
    assert.equal(fixAndRecheck(flow, 'XB701', 'goreleaser'), flow.replace('-trimpath]', '-trimpath, CGO_ENABLED=0]'));
  });

  it('is silent when CGO_ENABLED is set either way, when no Linux amd64/arm64 target is built, and for other builders', () => {
    assert.deepEqual(only(check('builds:\n  - env: [CGO_ENABLED=1]\n    goos: [linux]\n', 'goreleaser'), 'XB701'), []);
    assert.deepEqual(only(check('builds:\n  - goos: [darwin, windows]\n', 'goreleaser'), 'XB701'), []);
    assert.deepEqual(only(check('builds:\n  - goos: [linux]\n    goarch: [amd64]\n    ignore:\n      - goos: linux\n        goarch: amd64\n', 'goreleaser'), 'XB701'), []);
    assert.deepEqual(only(check('builds:\n  - builder: rust\n', 'goreleaser'), 'XB701'), []);
  });

  it('is silent when the module needs cgo (cgo files or a cgo-only module)', () => {
    const goMod = { path: '/work/app/go.mod', text: 'module example.com/app\n\ngo 1.22\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n', imports: ['github.com/mattn/go-sqlite3'] };
    const findings = analyze({ path: '/work/app/.goreleaser.yaml', kind: 'goreleaser', text: BEFORE }, { facts: HOST_FACTS, goMod }).findings;
    assert.deepEqual(only(findings, 'XB701'), []);
  });
});
