import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { walk } from './walk';
import { decode, encode } from './read-file';

const root = mkdtempSync(join(tmpdir(), 'xbd-walk-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('walk', () => {
  it('follows links, reports each real file once, names the loops and repeats, stays within maxEntries', () => {
    mkdirSync(join(root, 'a/b'), { recursive: true });
    writeFileSync(join(root, 'a/b/Dockerfile'), '');
    writeFileSync(join(root, 'a/notes.txt'), '');
    symlinkSync('../..', join(root, 'a/b/up'));
    symlinkSync('a', join(root, 'b-link'));
    symlinkSync('missing', join(root, 'c-broken'));
    const opts = { skipDirs: new Set<string>(), wanted: (p: string) => p.endsWith('Dockerfile') || p.endsWith('broken') };
    const r = walk([root], opts);
    const rel = (p: string) => relative(root, p);
    assert.deepEqual(r.files.map(rel), ['a/b/Dockerfile']);
    assert.deepEqual(r.skipped.map((s) => [rel(s.path), s.reason]), [['a/b/up', 'link-loop'], ['b-link', 'duplicate'], ['c-broken', 'broken-link']]);
    const limited = walk([root], { ...opts, maxEntries: 2 });
    assert.deepEqual(limited.skipped.map((s) => s.reason), ['limit']);
    assert.deepEqual(walk([join(root, 'nope')], opts).missing, [join(root, 'nope')]);
  });
});

describe('decode and encode', () => {
  it('keeps valid UTF-8 (and its BOM) byte for byte, reads other bytes one character each and writes them back unchanged', () => {
    const utf8 = Buffer.from('\ufeffFROM golang # é\r\n', 'utf8');
    const u = decode(utf8);
    assert.equal(u.encoding, 'utf8');
    assert.ok(encode(u.text, u.encoding)!.equals(utf8));
    const junk = Buffer.from([0x46, 0xe9, 0xff, 0x80, 0x0a, 0xc3]);
    const l = decode(junk);
    assert.equal(l.encoding, 'latin1');
    assert.equal(l.text.length, junk.length);
    assert.ok(encode(l.text, l.encoding)!.equals(junk));
    assert.equal(encode(`${l.text}→`, 'latin1'), undefined, 'a character with no byte of its own is refused');
  });
});
