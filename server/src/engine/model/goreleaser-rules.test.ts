import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { buildModel, defaultGoVersion } from './build-model';
import { applyFix, check, fixAndRecheck, HOST_FACTS, lineOf, only, ready, textAt } from '../testing';

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

  it('XB104 reports a goarm64 item Go rejects (bare v8), with its fix', () => {
    const text = 'version: 2\nbuilds:\n  - env: [CGO_ENABLED=0]\n    goos: [linux]\n    goarch: [arm64]\n    goarm64: [v8, v9.0]\n';
    const found = only(check(text, 'goreleaser'), 'XB104');
    assert.deepEqual(found.map((f) => textAt(text, f)), ['v8']);
    assert.equal(fixAndRecheck(text, 'XB104', 'goreleaser'), text.replace('[v8,', '[v8.0,'));
  });

  it('says nothing about pairs of the goos × goarch product that are no port (GoReleaser skips invalid pairs)', () => {
    const text = 'version: 2\nbuilds:\n  - env: [CGO_ENABLED=0]\n    goos: [linux, darwin]\n    goarch: ["386", arm64]\n';
    assert.deepEqual(only(check(text, 'goreleaser'), 'XB103'), [], 'darwin/386 is skipped by GoReleaser, not built');
  });
});

/** A release whose flags need cgo while cgo is off, with a linker flag Go does not have. */
const FLAGS = `version: 2
builds:
  - id: server
    main: ./cmd/server
    env:
      - CGO_ENABLED=0
    flags:
      - -trimpath
      - -race
    ldflags:
      - -s -w
      - -static
    tags:
      - netgo
    goos: [linux]
    goarch: [amd64, arm]
    goarm: ["7"]
`;

describe('the flag and cgo rules on GoReleaser builds (one go build per target)', () => {
  it('XB204, XB205 and XB211 judge flags, ldflags and the targets, at the build\'s first line, with no word edits', () => {
    const found = check(FLAGS, 'goreleaser');
    const codes = [...new Set(found.filter((f) => f.severity === 'error').map((f) => f.code))].sort();
    assert.deepEqual(codes, ['XB204', 'XB205', 'XB211']);
    for (const f of only(found, 'XB205').concat(only(found, 'XB211'))) {
      assert.equal(lineOf(f), 3, f.code);
      assert.deepEqual(f.fixes, [], `${f.code}: a shell word edit would break the YAML`);
    }
    assert.match(only(found, 'XB211')[0].message, /-race does not exist for linux\/arm/);
  });

  it('a cgo fix edits the env list: XB204\'s CGO_ENABLED=1 replaces the value of the entry', () => {
    const [f] = only(check(FLAGS, 'goreleaser'), 'XB204').filter((x) => x.fixes.some((fix) => fix.edits.some((e) => e.newText === '1')));
    const fix = f.fixes.find((x) => x.edits.some((e) => e.newText === '1'))!;
    assert.deepEqual(fix.edits.map((e) => [e.range.start.line, e.newText]), [[5, '1']]);
  });

  it('XB203: a cgo-only module with cgo off is reported on the GoReleaser build', () => {
    const goMod = { path: '/work/app/go.mod', text: 'module example.com/app\n\ngo 1.22\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n', imports: ['github.com/mattn/go-sqlite3'] };
    const text = 'version: 2\nbuilds:\n  - env: [CGO_ENABLED=0]\n    goos: [linux]\n    goarch: [amd64]\n';
    const findings = analyze({ path: '/work/app/.goreleaser.yaml', kind: 'goreleaser', text }, { facts: HOST_FACTS, goMod }).findings;
    assert.equal(only(findings, 'XB203').length, 1);
  });

  it('templated ldflags are unknown: no verdict on them', () => {
    const text = FLAGS.replace('      - -static\n', '      - \'{{ if eq .Os "linux" }}-static{{ end }}\'\n');
    assert.deepEqual(only(check(text, 'goreleaser'), 'XB205'), []);
  });
});

describe('GoReleaser builds that name a C compiler but not CGO_ENABLED', () => {
  // The goreleaser-cross layout: one build per target with its CC, run in an image that sets CGO_ENABLED=1.
  const SQLITE = { path: '/work/app/go.mod', text: 'module example.com/app\n\ngo 1.22\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n', imports: ['github.com/mattn/go-sqlite3'] };
  const cross = (env: string) => `builds:
  - id: darwin-arm64
    main: ./cmd/app
    goos: [darwin]
    goarch: [arm64]
${env}`;
  const codes = (text: string) => analyze({ path: '/work/app/.goreleaser.yaml', kind: 'goreleaser', text }, { facts: HOST_FACTS, goMod: SQLITE }).findings.filter((f) => f.code === 'XB203').length;

  it('leaves cgo unknown when the build sets CC: the environment goreleaser runs in decides', () => {
    assert.equal(codes(cross('    env:\n      - CC=oa64-clang\n')), 0);
  });

  it('still reports a cross build with neither (cgo is off for darwin/arm64, go-sqlite3 is a stub)', () => {
    assert.equal(codes(cross('')), 1);
    assert.equal(codes(cross('    env:\n      - CGO_ENABLED=0\n      - CC=oa64-clang\n')), 1);
  });
});

describe('XB102 armv7 in a GoReleaser goarch list or a workflow matrix: the fix keeps the YAML valid', () => {
  it('changes the goarch item to arm and gives the build a goarm list with 7', () => {
    const text = 'version: 2\nbuilds:\n  - id: edge\n    env: [CGO_ENABLED=0]\n    goos: [linux]\n    goarch:\n      - arm64\n      - armv7\n';
    assert.equal(fixAndRecheck(text, 'XB102', 'goreleaser'), text.replace('      - armv7\n', '      - arm\n').replace('  - id: edge\n', '  - id: edge\n    goarm:\n      - "7"\n'));
  });

  it('changes a matrix value to arm and adds nothing inside the matrix list', () => {
    const text = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        goarch: [amd64, armv7]\n    env:\n      GOARCH: ${{ matrix.goarch }}\n    steps:\n      - run: go build ./...\n';
    const [f] = only(check(text, 'workflow'), 'XB102');
    assert.equal(applyFix(text, f), text.replace('[amd64, armv7]', '[amd64, arm]'));
  });

  it('in a workflow env: mapping it adds GOARM beside GOARCH, quoted (a bare 7 is a YAML number)', () => {
    const block = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n      GOOS: linux\n      GOARCH: armv7\n    steps:\n      - run: go build ./...\n';
    assert.equal(fixAndRecheck(block, 'XB102', 'workflow'), block.replace('GOARCH: armv7\n', 'GOARCH: arm\n      GOARM: "7"\n'));
    const flow = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env: { GOOS: linux, GOARCH: armv6 }\n    steps:\n      - run: go build ./...\n';
    assert.equal(fixAndRecheck(flow, 'XB102', 'workflow'), flow.replace('GOARCH: armv6 }', 'GOARCH: arm, GOARM: "6" }'));
  });
});

describe('GoReleaser env entries: quoted, flow, or written as a mapping by mistake', () => {
  it('reads a quoted entry and fixes its value inside the quotes', () => {
    const quoted = FLAGS.replace('      - CGO_ENABLED=0\n', '      - "CGO_ENABLED=0"\n');
    const [f] = only(check(quoted, 'goreleaser'), 'XB204').filter((x) => x.fixes.some((fix) => fix.edits.some((e) => e.newText === '1')));
    assert.equal(applyFix(quoted, f, f.fixes.find((x) => x.edits.some((e) => e.newText === '1'))!.title), quoted.replace('"CGO_ENABLED=0"', '"CGO_ENABLED=1"'));
  });

  it('adds the per-target compilers after the last entry of a flow env list', () => {
    const text = 'version: 2\nbuilds:\n  - id: notes\n    env: [CGO_ENABLED=1]\n    goos: [linux]\n    goarch: [amd64, arm64]\n';
    const goMod = { path: '/work/app/go.mod', text: 'module example.com/notes\n\ngo 1.22\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n', imports: ['github.com/mattn/go-sqlite3'] };
    const [f] = only(analyze({ path: '/work/app/.goreleaser.yaml', kind: 'goreleaser', text }, { facts: HOST_FACTS, goMod }).findings, 'XB706');
    const fix = f.fixes.find((x) => x.title.startsWith('Give each target its C compiler'))!;
    assert.equal(applyFix(text, f, fix.title), text.replace('[CGO_ENABLED=1]', `[CGO_ENABLED=1, CC_linux_amd64=x86_64-linux-gnu-gcc, CC_linux_arm64=aarch64-linux-gnu-gcc, 'CC={{ index .Env (print "CC_" .Os "_" .Arch) }}']`));
  });

  it('an entry written as a mapping (CGO_ENABLED: 0) is no env entry: CGO_ENABLED is unset', () => {
    const text = 'version: 2\nbuilds:\n  - id: cli\n    env:\n      - CGO_ENABLED: 0\n      - =1\n    goos: [linux]\n';
    assert.equal(only(check(text, 'goreleaser'), 'XB701').length, 1);
  });

  it('XB701 adds env: [CGO_ENABLED=0] into an empty flow list, and offers no edit where none is safe', () => {
    const empty = 'version: 2\nbuilds:\n  - id: cli\n    env: []\n    goos: [linux]\n';
    assert.equal(fixAndRecheck(empty, 'XB701', 'goreleaser'), empty.replace('env: []', 'env: [CGO_ENABLED=0]'));
    const unsafe = [
      'version: 2\nbuilds:\n  - { id: cli, goos: [linux] }\n',
      'version: 2\nbuilds:\n  - goos:\n      - linux\n    main: ./cmd/cli\n',
      'version: 2\nbuilds:\n  - id: cli\n    env:\n      GOFLAGS: -trimpath\n    goos: [linux]\n',
    ];
    for (const text of unsafe) assert.deepEqual(only(check(text, 'goreleaser'), 'XB701').map((f) => f.fixes.length), [0], text);
  });
});

describe('GoReleaser env entries as sites', () => {
  const TEXT = 'version: 2\nbuilds:\n  - id: a\n    env:\n      - CGO_ENABLED=0\n      - GOEXPERIMENT=nosuchthing\n      - GOAMD64={{ .Env.LEVEL }}\n    goos: [linux]\n    goarch: [amd64]\n';

  it('XB106 removes an unknown GOEXPERIMENT entry, its whole line', () => {
    assert.equal(fixAndRecheck(TEXT, 'XB106', 'goreleaser'), TEXT.replace('      - GOEXPERIMENT=nosuchthing\n', ''));
  });

  it('a templated entry is a site whose value is unknown', () => {
    const m = buildModel({ path: '/work/app/.goreleaser.yaml', kind: 'goreleaser', text: TEXT }, { goVersion: defaultGoVersion(HOST_FACTS) }).model;
    const site = m.assignments.find((a) => a.name === 'GOAMD64')!;
    assert.deepEqual([site.value, site.literal, site.valueText], [undefined, false, '{{ .Env.LEVEL }}']);
  });
});
