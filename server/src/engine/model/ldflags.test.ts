import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { HOST_FACTS, ready } from '../testing';
import { buildModel, defaultGoVersion } from './build-model';
import { boolFlagOn, buildFlag, editFields, extldflagsStatic, goflagsValue, lastFlag, linksExternally, parseGoflags, parseLinkerFlags, splitQuoted, tagList } from './ldflags';

before(ready);

/** The go commands of a build script. */
function commands(text: string) {
  return buildModel({ path: '/w/build.sh', kind: 'shell', text }, { goVersion: defaultGoVersion(HOST_FACTS) }).model.commands;
}

const texts = (s: string) => splitQuoted(s).fields.map((f) => f.text);

describe('quoted.Split as Go does it', () => {
  it('splits on blanks and keeps a field that starts with a quote whole', () => {
    assert.deepEqual(texts('-s -w'), ['-s', '-w']);
    assert.deepEqual(texts(`  -s\t-extldflags "-static -lm"  `), ['-s', '-extldflags', '-static -lm']);
    assert.deepEqual(texts(`'-ldflags=-s -w' -trimpath`), ['-ldflags=-s -w', '-trimpath']);
  });

  it('treats quotes inside a field and backslashes as ordinary characters', () => {
    assert.deepEqual(texts(`-ldflags='-s -w'`), [`-ldflags='-s`, `-w'`]);
    assert.deepEqual(texts('-ldflags=-s\\ -w'), ['-ldflags=-s\\', '-w']);
  });

  it('splits on newlines and carriage returns too (a value continued over lines, or written on Windows)', () => {
    assert.deepEqual(texts('-s\r\n-w\n-X main.v=1'), ['-s', '-w', '-X', 'main.v=1']);
  });

  it('reports an unterminated quote with go\'s wording', () => {
    assert.equal(splitQuoted(`'-ldflags=-s -w`).error, "unterminated ' string");
  });

  it('gives offsets that include the quotes', () => {
    const [a, b] = splitQuoted(`-s "-w x"`).fields;
    assert.deepEqual([a.start, a.end, b.start, b.end], [0, 2, 3, 9]);
  });
});

describe('linker flags', () => {
  it('reads -name value, -name=value and bool flags like the flag package', () => {
    const l = parseLinkerFlags(`-s -w -X main.version=1.2 -linkmode external -extldflags "-static"`);
    assert.deepEqual(l.flags.map((f) => [f.name, f.value]), [
      ['s', undefined], ['w', undefined], ['X', 'main.version=1.2'], ['linkmode', 'external'], ['extldflags', '-static'],
    ]);
    assert.ok(linksExternally(l));
    assert.ok(extldflagsStatic(l));
  });

  it('takes the next field as the value even when it starts with a dash', () => {
    const l = parseLinkerFlags('-extldflags -static -s');
    assert.deepEqual(l.flags.map((f) => [f.name, f.value]), [['extldflags', '-static'], ['s', undefined]]);
    assert.ok(!l.flags.some((f) => f.name === 'static'));
  });

  it('takes the next field as the value of every valued flag of go tool link', () => {
    const valued = ['B', 'D', 'E', 'H', 'I', 'L', 'R', 'T', 'X', 'benchmark', 'benchmarkprofile', 'buildid', 'buildmode',
      'capturehostobjs', 'cpuprofile', 'debugtextsize', 'debugtramp', 'extar', 'extld', 'extldflags', 'fipso',
      'funcalign', 'importcfg', 'installsuffix', 'k', 'libgcc', 'linkmode', 'macos', 'macsdk', 'memprofile',
      'memprofilerate', 'o', 'pluginpath', 'r', 'randlayout', 'strictdups', 'tmpdir'];
    assert.deepEqual(valued.filter((n) => parseLinkerFlags(`-${n} -static -s`).flags.some((f) => f.name === 'static')), []);
    assert.deepEqual(parseLinkerFlags('-w -static -s').flags.map((f) => f.name), ['w', 'static', 's'], 'a bool flag takes no value');
  });

  it('keeps a valued flag written last without a value, and reads a quoted value with blanks', () => {
    const l = parseLinkerFlags(`-s -X 'main.builtBy=ci runner' '-X=main.msg=hello world' -linkmode`);
    assert.deepEqual(l.flags.map((f) => [f.name, f.value]), [['s', undefined], ['X', 'main.builtBy=ci runner'], ['X', 'main.msg=hello world'], ['linkmode', undefined]]);
    assert.ok(!linksExternally(l));
  });

  it('reads a value with leading blanks (an empty make variable before it), with or without a package pattern', () => {
    assert.deepEqual(parseLinkerFlags(' -s -X main.version=1.2').flags.map((f) => [f.name, f.value]), [['s', undefined], ['X', 'main.version=1.2']]);
    assert.equal(parseLinkerFlags(' -s -X main.version=1.2').pattern, undefined);
    const p = parseLinkerFlags('  all=-s -static');
    assert.deepEqual([p.pattern, p.flags.map((f) => f.name)], ['all', ['s', 'static']]);
    assert.equal(editFields('  all=-s -static', p, [{ from: 1, to: 1, text: '' }]), '  all=-s');
  });

  it('sees -static as a flag of its own when nothing consumes it', () => {
    assert.ok(parseLinkerFlags('-s -w -static').flags.some((f) => f.name === 'static'));
  });

  it('lets the last -linkmode win and reads --linkmode=external', () => {
    assert.ok(!linksExternally(parseLinkerFlags('-linkmode=external -linkmode internal')));
    assert.ok(linksExternally(parseLinkerFlags('--linkmode=external')));
  });

  it('reads -extldflags=-static and -extldflags with several C flags', () => {
    assert.ok(extldflagsStatic(parseLinkerFlags('-extldflags=-static')));
    assert.ok(extldflagsStatic(parseLinkerFlags(`-extldflags '-static -lpthread'`)));
    assert.ok(!extldflagsStatic(parseLinkerFlags(`-extldflags '-static-pie'`)));
  });

  it('strips a package pattern', () => {
    const l = parseLinkerFlags('all=-s -w');
    assert.equal(l.pattern, 'all');
    assert.deepEqual(l.flags.map((f) => f.name), ['s', 'w']);
    assert.equal(lastFlag(l, 'w')?.first, 1);
  });

  it('edits fields and keeps the rest of the text as written', () => {
    const v = `-s  -w -static -X 'main.v=1 2'`;
    const l = parseLinkerFlags(v);
    const i = l.fields.findIndex((f) => f.text === '-static');
    assert.equal(editFields(v, l, [{ from: i, to: i, text: '' }]), `-s  -w -X 'main.v=1 2'`);
    assert.equal(editFields(v, l, [{ from: i, to: i, text: '-linkmode external' }]), `-s  -w -linkmode external -X 'main.v=1 2'`);
    const last = parseLinkerFlags('-s -static');
    assert.equal(editFields('-s -static', last, [{ from: 1, to: 1, text: '' }]), '-s');
    assert.equal(editFields('-static  \t-s', parseLinkerFlags('-static  \t-s'), [{ from: 0, to: 0, text: '' }]), '-s', 'all the blanks after a removed field go');
    assert.equal(editFields('-s\t-static', parseLinkerFlags('-s\t-static'), [{ from: 1, to: 1, text: '' }]), '-s', 'a tab before a removed last field goes');
    const p = parseLinkerFlags('all=-static -s');
    assert.equal(editFields('all=-static -s', p, [{ from: 0, to: 0, text: '' }]), 'all=-s');
  });
});

describe('GOFLAGS entries', () => {
  it('finds non-flags and flag names as go does', () => {
    const { entries } = parseGoflags('-tags netgo -mod=vendor');
    assert.deepEqual(entries.map((e) => [e.text, e.name, e.value]), [
      ['-tags', 'tags', undefined], ['netgo', undefined, undefined], ['-mod=vendor', 'mod', 'vendor'],
    ]);
  });

  it('reads a quoted entry as one flag', () => {
    assert.equal(goflagsValue(`'-ldflags=-s -w' -tags=netgo,osusergo`, 'ldflags'), '-s -w');
    assert.equal(goflagsValue(`'-ldflags=-s -w' -tags=netgo,osusergo`, 'tags'), 'netgo,osusergo');
    assert.equal(goflagsValue('-trimpath', 'tags'), undefined);
  });

  it('keeps the last of a flag set twice, and reads no flag from a field that is none', () => {
    assert.equal(goflagsValue('-tags=netgo -mod=vendor -tags=osusergo', 'tags'), 'osusergo');
    assert.equal(goflagsValue('-tags=netgo -mod=vendor -tags=osusergo', 'mod'), 'vendor');
    assert.equal(goflagsValue('-tags netgo', 'netgo'), undefined);
  });
});

describe('GOFLAGS as go reads it', () => {
  it('sees no flag name in fields go rejects as malformed', () => {
    const { entries } = parseGoflags('- -- ---v -=x --=x -v');
    assert.deepEqual(entries.map((e) => e.name), [undefined, undefined, undefined, undefined, undefined, 'v']);
  });

  it('gives true for a flag set without a value, and nothing from a GOFLAGS go refuses to parse', () => {
    assert.equal(goflagsValue('-race -trimpath', 'race'), 'true');
    assert.equal(goflagsValue(`-tags=netgo '-ldflags=-s -w`, 'tags'), undefined);
  });
});

describe('build flags in effect for a go command', () => {
  it('reads the command line first, then GOFLAGS; an unknown GOFLAGS is unknown', () => {
    const [line, fromEnv, unknown, empty] = commands('#!/bin/sh\nGOFLAGS=-tags=netgo go build -tags osusergo .\nGOFLAGS=-tags=netgo go build .\nGOFLAGS="$FLAGS" go build .\nGOFLAGS= go build .\n');
    assert.equal(buildFlag(line, 'tags')?.value, 'osusergo');
    assert.deepEqual(buildFlag(fromEnv, 'tags'), { value: 'netgo' });
    assert.deepEqual(buildFlag(unknown, 'tags'), { value: undefined });
    assert.equal(buildFlag(empty, 'tags'), undefined);
  });

  it('reads one ENV GOFLAGS for every flag asked of every command it reaches, and nothing from a malformed one', () => {
    const [build, vet] = commands('#!/bin/sh\nexport GOFLAGS="-tags=netgo -mod=vendor -trimpath -tags=osusergo"\ngo build ./cmd/api\ngo vet ./...\n');
    for (const c of [build, vet, build]) {
      assert.deepEqual(buildFlag(c, 'tags'), { value: 'osusergo' });
      assert.deepEqual(buildFlag(c, 'mod'), { value: 'vendor' });
      assert.equal(boolFlagOn(c, 'trimpath'), true);
      assert.equal(buildFlag(c, 'race'), undefined);
    }
    const [broken] = commands(`#!/bin/sh\nexport GOFLAGS="-tags=netgo '-ldflags=-s"\ngo build .\n`);
    assert.equal(buildFlag(broken, 'tags'), undefined);
    assert.equal(buildFlag(broken, 'tags'), undefined);
  });

  it('reads a boolean flag as strconv.ParseBool does: every false spelling is off, an unknown value unknown', () => {
    const spellings = ['false', '0', 'f', 'F', 'FALSE', 'False', 'true', '1', 't', '"$RACE"'];
    const text = `#!/bin/sh\n${spellings.map((v) => `GOARCH=386 go test -race=${v} ./...`).join('\n')}\ngo test ./...\nGOFLAGS=-race go test ./...\n`;
    assert.deepEqual(commands(text).map((c) => boolFlagOn(c, 'race')), [false, false, false, false, false, false, true, true, true, undefined, false, true]);
  });
});

describe('build tags', () => {
  it('splits on commas, or on blanks in the old quoted form', () => {
    assert.deepEqual(tagList('netgo,osusergo'), ['netgo', 'osusergo']);
    assert.deepEqual(tagList('netgo osusergo'), ['netgo', 'osusergo']);
    assert.deepEqual(tagList("'netgo'"), ['netgo']);
    assert.deepEqual(tagList('a,,b'), ['a', 'b']);
  });
});
