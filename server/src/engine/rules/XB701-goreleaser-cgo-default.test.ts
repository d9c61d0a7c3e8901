import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { applyFix, check, fixAndRecheck, lineOf, only, ready, said, textAt, HOST_FACTS, repoReader } from '../testing';

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
    assert.equal(f.severity, 'warning');
    assert.equal(textAt(BEFORE, f), 'id: cli', 'the build\'s first line to its end');
    assert.deepEqual(f.fixes.map((x) => [x.title, x.isPreferred]), [['Add CGO_ENABLED=0 to env', true]]);
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

  it('is silent when the module needs cgo (cgo files or a cgo-only module among its requirements), and still flags a pure-Go module', () => {
    const GO_MOD = 'module example.com/app\n\ngo 1.22\n\nrequire (\n\tgithub.com/spf13/cobra v1.8.0\n\tgithub.com/mattn/go-sqlite3 v1.14.22\n)\n';
    const withModule = (goMod: { path: string; text: string; imports?: string[]; cgoFiles?: { path: string; line: number }[] }) => {
      const logs: string[] = [];
      const findings = analyze({ path: '/work/app/.goreleaser.yaml', kind: 'goreleaser', text: BEFORE }, { facts: HOST_FACTS, goMod, log: (m) => logs.push(m) }).findings;
      assert.deepEqual(logs, []);
      return only(findings, 'XB701');
    };
    assert.deepEqual(withModule({ path: '/work/app/go.mod', text: GO_MOD, imports: ['github.com/spf13/cobra', 'github.com/mattn/go-sqlite3'] }), []);
    const pureGo = 'module example.com/app\n\ngo 1.22\n\nrequire github.com/spf13/cobra v1.8.0\n';
    assert.deepEqual(withModule({ path: '/work/app/go.mod', text: pureGo, cgoFiles: [{ path: '/work/app/internal/keychain/keychain_darwin.go', line: 3 }] }), []);
    assert.equal(withModule({ path: '/work/app/go.mod', text: pureGo, imports: ['github.com/spf13/cobra'] }).length, 1, 'nothing in the module needs cgo');
  });
});


const RELEASE_CONFIG = (goos: string, goarch: string, extra = '') =>
  `version: 2\nbuilds:\n  - id: agent\n    main: ./cmd/agent\n${extra}    goos: [${goos}]\n    goarch: [${goarch}]\n`;

/** The Makefile's XB701 findings when its release recipe runs goreleaser on that config. */
function makeRelease(makefile: string, config: string) {
  const logs: string[] = [];
  const files = { '/r/Makefile': makefile, '/r/.goreleaser.yaml': config };
  const findings = analyze({ path: '/r/Makefile', kind: 'makefile', text: makefile }, { facts: HOST_FACTS, readInclude: repoReader(files), log: (m) => logs.push(m) }).findings;
  assert.deepEqual(logs, []);
  return only(findings, 'XB701');
}

describe('XB701 CGO_ENABLED=1 passed to goreleaser by a Makefile', () => {
  const MAKEFILE = '.PHONY: release\nrelease:\n\tCGO_ENABLED=1 goreleaser release --clean\n';

  it('flags the recipe\'s CGO_ENABLED=1, naming every target other than the build machine\'s, and the fix passes 0', () => {
    const [f, ...more] = makeRelease(MAKEFILE, RELEASE_CONFIG('linux, darwin', 'amd64, arm64'));
    assert.equal(more.length, 0);
    assert.equal(f.file, '/r/Makefile');
    assert.equal(textAt(MAKEFILE, f), 'CGO_ENABLED=1');
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, 'GoReleaser\'s cross builds get CGO_ENABLED=1 from here and no C compiler: set CGO_ENABLED=0.');
    assert.match(said(f), /GoReleaser build agent inherits CGO_ENABLED=1 and names no CC, so Go uses the build machine's gcc for linux\/arm64, darwin\/amd64, darwin\/arm64, which/);
    assert.deepEqual(f.fixes.map((x) => [x.title, x.isPreferred]), [['Pass CGO_ENABLED=0 to goreleaser', true]]);
    assert.equal(applyFix(MAKEFILE, f), MAKEFILE.replace('CGO_ENABLED=1', 'CGO_ENABLED=0'));
  });

  it('a target on another OS with the machine\'s architecture is foreign too', () => {
    const [f] = makeRelease(MAKEFILE, RELEASE_CONFIG('linux, windows', 'amd64'));
    assert.match(said(f), /gcc for windows\/amd64, which/);
  });

  it('is silent when only the machine\'s own target is built, when the build names its CC, and when the recipe passes 0 or a value it cannot read', () => {
    assert.deepEqual(makeRelease(MAKEFILE, RELEASE_CONFIG('linux', 'amd64')), []);
    const perTargetCC = '    env:\n      - CC={{ if eq .Arch "arm64" }}aarch64-linux-gnu-gcc{{ else }}gcc{{ end }}\n';
    assert.deepEqual(makeRelease(MAKEFILE, RELEASE_CONFIG('linux', 'amd64, arm64', perTargetCC)), []);
    assert.deepEqual(makeRelease(MAKEFILE.replace('CGO_ENABLED=1', 'CGO_ENABLED=0'), RELEASE_CONFIG('linux', 'amd64, arm64')), []);
    assert.deepEqual(makeRelease(MAKEFILE.replace('CGO_ENABLED=1', 'CGO_ENABLED=$(CGO)'), RELEASE_CONFIG('linux', 'amd64, arm64')), []);
  });
});
