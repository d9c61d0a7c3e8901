import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { HOST_FACTS, ready, said } from '../testing';
import { buildModel, defaultGoVersion, type IncludeReader } from './build-model';

before(ready);

const MAKEFILE = '/w/app/Makefile';

/** An include reader over an in-memory tree, resolving names against the top Makefile's directory as make does. */
function memoryReader(files: Record<string, string>, asked: string[] = []): IncludeReader {
  return (word, makefile) => {
    asked.push(word);
    const dir = makefile.slice(0, makefile.lastIndexOf('/') + 1);
    const path = word.startsWith('/') ? word : dir + word;
    if (path.includes('*')) {
      const re = new RegExp(`^${path.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
      return Object.keys(files).filter((p) => re.test(p)).sort().map((p) => ({ path: p, text: files[p] }));
    }
    return path in files ? [{ path, text: files[path] }] : [];
  };
}

function model(text: string, files: Record<string, string> = {}, asked?: string[]) {
  return buildModel({ path: MAKEFILE, kind: 'makefile', text }, { goVersion: defaultGoVersion(HOST_FACTS), readInclude: memoryReader(files, asked) }).model;
}

function findings(text: string, files: Record<string, string> = {}) {
  return analyze({ path: MAKEFILE, kind: 'makefile', text }, { facts: HOST_FACTS, readInclude: memoryReader(files) }).findings;
}

describe('Makefile include', () => {
  it('reads variables of an included file, relative to the top Makefile, for the including recipes', () => {
    const m = model('include build/common.mk\n\napp:\n\tgo build -o bin/app .\n', { '/w/app/build/common.mk': 'export GOOS := linux\nGOARCH = arm64\n' });
    assert.deepEqual(m.included, ['/w/app/build/common.mk']);
    assert.equal(m.commands[0].env.get('GOOS')?.value, 'linux');
    assert.equal(m.commands[0].env.has('GOARCH'), false, 'not exported in the included file either');
    const site = m.assignments.find((a) => a.name === 'GOOS');
    assert.equal(site?.file, '/w/app/build/common.mk', 'the site is in the included file, with its own ranges');
    assert.deepEqual(site?.nameRange.start, { line: 0, character: 7 });
  });

  it('reports XB504 for an included variable on the go command, pointing at the included line', () => {
    const text = 'include build/common.mk\n\napp:\n\tgo build -o bin/app .\n';
    const [f, ...rest] = findings(text, { '/w/app/build/common.mk': '# shared settings\nGOOS=linux\n' });
    assert.equal(rest.length, 0);
    assert.equal(f.code, 'XB504');
    assert.equal(f.file, MAKEFILE);
    assert.deepEqual(f.range, { start: { line: 3, character: 1 }, end: { line: 3, character: 3 } });
    assert.match(said(f), /^GOOS from build\/common\.mk \(line 2\) is not exported/);
    assert.deepEqual(f.related, [{ file: '/w/app/build/common.mk', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } }, message: 'GOOS is set here, not exported' }]);
    const exportFix = f.fixes.find((x) => x.isPreferred);
    assert.deepEqual(exportFix?.edits, [{ file: '/w/app/build/common.mk', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: 'export ' }]);
    assert.deepEqual(f.fixes.find((x) => !x.isPreferred)?.edits.map((e) => [e.file, e.range.start, e.newText]), [[MAKEFILE, { line: 3, character: 1 }, 'GOOS=$(GOOS) ']]);
  });

  it('leaves findings on the included text to that file\'s own analysis', () => {
    const fs = findings('include common.mk\napp:\n\tgo build .\n', { '/w/app/common.mk': 'export GOOS := linx\n' });
    assert.deepEqual(fs.map((f) => f.code), [], 'XB101 on common.mk is reported when common.mk is analysed');
    const own = analyze({ path: '/w/app/common.mk', kind: 'makefile', text: 'export GOOS := linx\n' }, { facts: HOST_FACTS }).findings;
    assert.deepEqual(own.map((f) => f.code), ['XB101']);
  });

  it('follows -include, sinclude, $(VAR) names and globs; skips names it cannot know', () => {
    const asked: string[] = [];
    const m = model(
      ['MK := build', '-include $(MK)/one.mk', 'sinclude missing.mk', 'include mk/*.mk', 'include $(shell ls *.mk)', 'app:', '\tgo build .', ''].join('\n'),
      { '/w/app/build/one.mk': 'export GOOS = linux\n', '/w/app/mk/a.mk': 'export GOARCH = arm64\n', '/w/app/mk/b.mk': 'export CGO_ENABLED = 0\n' },
      asked,
    );
    assert.deepEqual(asked, ['build/one.mk', 'missing.mk', 'mk/*.mk']);
    assert.deepEqual(m.included, ['/w/app/build/one.mk', '/w/app/mk/a.mk', '/w/app/mk/b.mk']);
    assert.deepEqual(['GOOS', 'GOARCH', 'CGO_ENABLED'].map((n) => m.commands[0].env.get(n)?.value), ['linux', 'arm64', '0']);
  });

  it('does not guess an include name whose variable depends on a conditional (containerd-like)', () => {
    const asked: string[] = [];
    model(['ifeq ($(UNAME_S),Linux)', 'GOOS = linux', 'endif', 'PLAT := linux', '-include Makefile.$(GOOS)', '-include Makefile.$(PLAT).extra', ''].join('\n'), {}, asked);
    assert.deepEqual(asked, ['Makefile.linux.extra']);
  });

  it('guards against cycles and bounds the depth', () => {
    const cyclic = model('include a.mk\napp:\n\tgo build .\n', { '/w/app/a.mk': 'include b.mk\nexport GOOS = linux\n', '/w/app/b.mk': 'include a.mk\nexport GOARCH = arm64\n' });
    assert.deepEqual(cyclic.included, ['/w/app/a.mk', '/w/app/b.mk']);
    assert.equal(cyclic.commands[0].env.get('GOARCH')?.value, 'arm64');
    const chain: Record<string, string> = {};
    for (let i = 0; i < 12; i++) chain[`/w/app/d${i}.mk`] = `include d${i + 1}.mk\n`;
    assert.equal(model('include d0.mk\n', chain).included?.length, 8);
  });

  it('keeps an included file\'s recipes, open conditionals and defines out of the includer', () => {
    const m = model('include rules.mk\nexport GOOS = linux\napp:\n\tgo build .\n', { '/w/app/rules.mk': 'tools:\n\tgo install ./tools\nifdef X\ndefine D\n' });
    assert.deepEqual(m.commands.map((c) => c.subcommand), ['build']);
    assert.equal(m.commands[0].env.get('GOOS')?.value, 'linux', 'the define did not swallow the rest');
    const goos = m.assignments.find((a) => a.name === 'GOOS');
    assert.equal(m.rangeNotes.get(goos!.nameRange, goos!.file), undefined, 'nor is GOOS under the included ifdef');
    assert.equal(model('app:\n\tgo build .\n', {}).included, undefined);
  });

  it('lets the include order decide values, as make reads them', () => {
    const files = { '/w/app/defaults.mk': 'GOARCH ?= amd64\nexport GOARCH\n' };
    assert.equal(model('GOARCH = arm64\ninclude defaults.mk\napp:\n\tgo build .\n', files).commands[0].env.get('GOARCH')?.value, 'arm64');
    assert.equal(model('include defaults.mk\nGOARCH = arm64\napp:\n\tgo build .\n', files).commands[0].env.get('GOARCH')?.value, 'arm64');
    assert.equal(model('include defaults.mk\napp:\n\tgo build .\n', files).commands[0].env.get('GOARCH')?.value, 'amd64');
  });

  it('runs a go command held in a variable of an included file, and notes its sites as that file\'s', () => {
    const files = { '/w/app/build/go.mk': 'GOBUILD := CGO_ENABLED=0 GOARCH=arm64 go build -trimpath\nBUILD_CMD = GOOS=$(1) go build -o $(2)\n' };
    const m = model('include build/go.mk\n\napp:\n\t$(GOBUILD) -o bin/app ./cmd/app\n\t$(call BUILD_CMD,linux,bin/app2)\n', files);
    const [go] = m.commands;
    assert.deepEqual([go.env.get('CGO_ENABLED')?.value, go.env.get('GOARCH')?.value, go.flags.get('trimpath')?.value, go.flags.get('o')?.value], ['0', 'arm64', 'true', 'bin/app']);
    const goarch = m.assignments.find((a) => a.name === 'GOARCH' && a.kind === 'prefix');
    assert.equal(m.rangeNotes.get(goarch!.nameRange, goarch!.file)?.file, '/w/app/build/go.mk', 'a finding on it belongs to go.mk');
    assert.equal(m.commands.length, 1, 'a $(call) of an included variable is not pasted: its text is in the other file');
  });

  it('reads a tab-indented assignment of an included file that is outside any rule', () => {
    const m = model('include build/arch.mk\napp:\n\tgo build .\n', { '/w/app/build/arch.mk': 'ifeq ($(ARM),1)\n\texport GOARCH = arm64\nendif\n' });
    assert.equal(m.commands[0].env.get('GOARCH')?.value, 'arm64', 'GNU make 4.3 exports it');
  });

  it('reads at most 64 included files however many a glob names', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 70; i++) files[`/w/app/services/svc${String(i).padStart(2, '0')}.mk`] = `SERVICES += svc${i}\n`;
    files['/w/app/services/svc69.mk'] = 'export GOOS = linux\n';
    const m = model('include services/*.mk\napp:\n\tgo build .\n', files);
    assert.equal(m.included?.length, 64);
    assert.equal(m.commands[0].env.has('GOOS'), false, 'the 70th file is not read');
  });

  it('never throws when the reader does', () => {
    const reader: IncludeReader = () => {
      throw new Error('disk on fire');
    };
    const m = buildModel({ path: MAKEFILE, kind: 'makefile', text: 'include x.mk\napp:\n\tgo build .\n' }, { goVersion: defaultGoVersion(HOST_FACTS), readInclude: reader }).model;
    assert.equal(m.commands.length, 1);
  });

  it('keeps a finding on the Makefile\'s own line when an included file has a site at the same position (notes are keyed by file)', () => {
    // Both files set GOARCH on their line 2, columns alike: the included one is that file's finding, this one is ours.
    const text = 'include arch.mk\nGOARCH := x86_64\n\napp:\n\tGOOS=linux go build .\n';
    const found = findings(text, { '/w/app/arch.mk': '# shared\nGOARCH := x86_64\n' }).filter((f) => f.code === 'XB102');
    assert.equal(found.length, 1);
    assert.equal(found[0].range.start.line, 1);
  });
});
