import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editFields, extldflagsStatic, goflagsValue, lastFlag, linksExternally, parseGoflags, parseLinkerFlags, splitQuoted, tagList } from './ldflags';

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
});

describe('build tags', () => {
  it('splits on commas, or on blanks in the old quoted form', () => {
    assert.deepEqual(tagList('netgo,osusergo'), ['netgo', 'osusergo']);
    assert.deepEqual(tagList('netgo osusergo'), ['netgo', 'osusergo']);
    assert.deepEqual(tagList("'netgo'"), ['netgo']);
    assert.deepEqual(tagList('a,,b'), ['a', 'b']);
  });
});
