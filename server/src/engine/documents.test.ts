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

describe('detectKind for CI and release configs', () => {
  it('knows workflows by their folder, GoReleaser and bake by their names', () => {
    assert.equal(detectKind('/w/.github/workflows/release.yml'), 'workflow');
    assert.equal(detectKind('.github/workflows/ci.yaml'), 'workflow');
    assert.equal(detectKind('C:\\w\\.github\\workflows\\ci.yaml'), 'workflow');
    assert.equal(detectKind('/w/.github/dependabot.yml'), undefined);
    assert.equal(detectKind('/w/ci/workflows/ci.yml'), undefined);
    assert.equal(detectKind('/w/.goreleaser.yaml'), 'goreleaser');
    assert.equal(detectKind('/w/goreleaser.yml'), 'goreleaser');
    assert.equal(detectKind('/w/docker-bake.hcl'), 'bake');
    assert.equal(detectKind('/w/docker-bake.override.json'), 'bake');
    // Compose files are bake's first default files: each service with a build is a target.
    for (const name of ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml']) assert.equal(detectKind(`/w/${name}`), 'bake', name);
    assert.equal(detectKind('/w/compose.override.yaml'), undefined);
    assert.equal(detectKind('/w/config.yaml', 'yaml'), undefined);
  });
});
