import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectKind } from './documents';

describe('detectKind', () => {
  it('reads Makefile.* variants as makefiles', () => {
    assert.equal(detectKind('/w/Makefile.cross-compiles'), 'makefile');
    assert.equal(detectKind('/w/Makefile.release'), 'makefile');
    assert.equal(detectKind('C:\\w\\makefile.linux'), 'makefile');
    assert.equal(detectKind('/w/Makefile'), 'makefile');
    assert.equal(detectKind('/w/build/go.mk'), 'makefile');
  });

  it('leaves the autotools templates Makefile.am and Makefile.in alone', () => {
    assert.equal(detectKind('/w/Makefile.am'), undefined);
    assert.equal(detectKind('/w/Makefile.in'), undefined);
  });
});
