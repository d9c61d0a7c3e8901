import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { applyFix, check, only, ready, said, textAt, HOST_FACTS } from '../testing';

before(ready);

const CONFIG = `version: 2
project_name: notes
before:
  hooks:
    - go mod tidy
builds:
  - id: notes
    main: ./cmd/notes
    env:
      - CGO_ENABLED=1
    goos: [linux, darwin, windows]
    goarch: [amd64, arm64]
    ldflags:
      - -s -w -X main.version={{.Version}}
archives:
  - formats: [tar.gz]
`;

const PURE = { path: '/work/app/go.mod', text: 'module example.com/notes\n\ngo 1.22\n\nrequire github.com/spf13/cobra v1.8.0\n', imports: ['github.com/spf13/cobra'] };
const SQLITE = { path: '/work/app/go.mod', text: 'module example.com/notes\n\ngo 1.22\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n', imports: ['github.com/mattn/go-sqlite3'] };

function findings(text: string, goMod?: typeof PURE) {
  return only(analyze({ path: '/work/app/.goreleaser.yaml', kind: 'goreleaser', text }, { facts: HOST_FACTS, ...(goMod ? { goMod } : {}) }).findings, 'XB706');
}

describe('XB706 GoReleaser cgo on for several targets without a C compiler per target', () => {
  it('flags CGO_ENABLED=1 for six platforms with no CC, at the env entry, naming each target\'s compiler', () => {
    const [f, ...more] = only(check(CONFIG, 'goreleaser'), 'XB706');
    assert.equal(more.length, 0);
    assert.equal(textAt(CONFIG, f), 'CGO_ENABLED=1');
    assert.match(f.message, /^CGO_ENABLED=1 for 6 platforms with no CC per target: all but the build machine's own fail\./);
    assert.match(said(f), /linux\/arm64: aarch64-linux-gnu-gcc/);
    assert.match(said(f), /darwin\/arm64: no common cross compiler/);
  });

  it('sets CGO_ENABLED=0 when the module needs no cgo, and is then silent', () => {
    const [f] = findings(CONFIG, PURE);
    const fixed = applyFix(CONFIG, f);
    assert.equal(fixed, CONFIG.replace('CGO_ENABLED=1', 'CGO_ENABLED=0'));
    assert.deepEqual(findings(fixed, PURE), []);
  });

  it('offers no fix when the module needs cgo (go-sqlite3) or is not known: overrides with CC are the way', () => {
    const [sqlite] = findings(CONFIG, SQLITE);
    assert.deepEqual(sqlite.fixes, []);
    assert.match(sqlite.message, /Give each target a CC in overrides\./);
    assert.deepEqual(findings(CONFIG)[0].fixes, []);
  });

  it('gives each Linux target its Debian cross compiler through a CC template when the module needs cgo, and is then silent', () => {
    const linux = CONFIG.replace('goos: [linux, darwin, windows]', 'goos: [linux]').replace('goarch: [amd64, arm64]', 'goarch: [amd64, arm64, riscv64]');
    const [f] = findings(linux, SQLITE);
    const fix = f.fixes.find((x) => x.title.startsWith('Give each target its C compiler'));
    assert.ok(fix, JSON.stringify(f.fixes.map((x) => x.title)));
    const fixed = applyFix(linux, f, fix.title);
    assert.equal(
      fixed,
      linux.replace(
        '      - CGO_ENABLED=1\n',
        '      - CGO_ENABLED=1\n      - CC_linux_amd64=x86_64-linux-gnu-gcc\n      - CC_linux_arm64=aarch64-linux-gnu-gcc\n      - CC_linux_riscv64=riscv64-linux-gnu-gcc\n' +
          `      - 'CC={{ index .Env (print "CC_" .Os "_" .Arch) }}'\n`,
      ),
    );
    assert.deepEqual(findings(fixed, SQLITE), []);
    assert.deepEqual(findings(CONFIG, SQLITE)[0].fixes, [], 'darwin has no common cross compiler: no such fix');
  });

  it('is silent with a CC, per-target overrides, one platform, cgo off, or targets it cannot read', () => {
    const silent: [string, string][] = [
      ['CC templated per target', CONFIG.replace('      - CGO_ENABLED=1\n', '      - CGO_ENABLED=1\n      - CC={{ if eq .Arch "arm64" }}aarch64-linux-gnu-gcc{{ else }}gcc{{ end }}\n')],
      ['overrides', CONFIG.replace('    ldflags:', '    overrides:\n      - goos: linux\n        goarch: arm64\n        env:\n          - CC=aarch64-linux-gnu-gcc\n    ldflags:')],
      ['one platform', CONFIG.replace('goos: [linux, darwin, windows]', 'goos: [linux]').replace('goarch: [amd64, arm64]', 'goarch: [amd64]')],
      ['cgo off', CONFIG.replace('CGO_ENABLED=1', 'CGO_ENABLED=0')],
      ['templated goos', CONFIG.replace('goos: [linux, darwin, windows]', 'goos: ["{{ .Env.GOOS }}"]')],
    ];
    for (const [why, text] of silent) assert.deepEqual(findings(text, PURE), [], why);
  });
});
