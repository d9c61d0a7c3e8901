import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, lineOf, only, ready, said, textAt } from '../testing';

before(ready);

const CONFIG = `version: 2
project_name: gateway
builds:
  - id: gateway
    main: ./cmd/gateway
    env: [CGO_ENABLED=0]
    goos: [linux, darwin]
    goarch: [amd64, arm64]
  - id: migrate
    main: ./cmd/migrate
    env: [CGO_ENABLED=0]
    goos: [linux]
    goarch: [amd64]
dockers_v2:
  - id: gateway
    ids: [gateway]
    images: ["ghcr.io/example/gateway"]
    tags: ["{{ .Version }}"]
    platforms:
      - linux/amd64
      - linux/arm64
      - linux/arm/v7
  - id: migrate
    ids: [migrate]
    images: ["ghcr.io/example/migrate"]
    platforms: [linux/amd64, linux/arm64]
dockers:
  - goos: linux
    goarch: arm64
    ids: [gateway]
    image_templates: ["ghcr.io/example/gateway:{{ .Version }}-arm64"]
    build_flag_templates: ["--platform=linux/arm64"]
`;

describe('XB707 GoReleaser image for a platform no build makes binaries for', () => {
  it('flags each dockers_v2 platform that none of its ids\' builds targets, at the platform', () => {
    const found = only(check(CONFIG, 'goreleaser'), 'XB707');
    assert.deepEqual(found.map((f) => [lineOf(f), textAt(CONFIG, f)]), [
      [22, 'linux/arm/v7'],
      [26, 'linux/arm64'],
    ]);
    assert.match(found[0].message, /^No build makes linux\/arm\/v7 binaries for GoReleaser dockers_v2\[0\]: add that target or drop the platform\./);
    assert.match(said(found[1]), /builds migrate make linux\/amd64\./);
  });

  it('is silent once the build makes the target (goarm 7 for linux/arm/v7)', () => {
    const text = CONFIG.replace('    goarch: [amd64, arm64]\n  - id: migrate', '    goarch: [amd64, arm64, arm]\n    goarm: ["7"]\n  - id: migrate').replace('platforms: [linux/amd64, linux/arm64]', 'platforms: [linux/amd64]');
    assert.deepEqual(only(check(text, 'goreleaser'), 'XB707'), []);
  });

  it('matches a dockers entry\'s goos/goarch/goarm against the builds: goarm 6 is GoReleaser\'s default', () => {
    const arm = CONFIG.replace('    goarch: arm64\n    ids: [gateway]', '    goarch: arm\n    goarm: "7"\n    ids: [gateway]').replace('--platform=linux/arm64', '--platform=linux/arm/v7');
    const found = only(check(arm, 'goreleaser'), 'XB707').filter((f) => f.message.includes('dockers[0]'));
    assert.equal(found.length, 1);
    const v6 = arm.replace('    goarch: [amd64, arm64]\n  - id: migrate', '    goarch: [amd64, arm64, arm]\n  - id: migrate');
    assert.equal(only(check(v6, 'goreleaser'), 'XB707').filter((f) => f.message.includes('dockers[0]')).length, 1, 'goarm unset builds arm/v6, not v7');
  });

  it('is silent when the builds are not known: templated targets, another builder, an unknown id, no builds', () => {
    const cases = [
      CONFIG.replace('goos: [linux, darwin]', 'goos: ["{{ .Env.GOOS }}"]').replace('  - id: migrate\n    ids: [migrate]', '  - id: migrate\n    ids: [gateway]'),
      CONFIG.replace('    ids: [migrate]\n', '    ids: [other]\n'),
    ];
    assert.deepEqual(only(check(cases[0], 'goreleaser'), 'XB707'), []);
    assert.equal(only(check(cases[1], 'goreleaser'), 'XB707').length, 1, 'only the gateway image is judged');
    assert.deepEqual(only(check('version: 2\ndockers_v2:\n  - images: [x]\n    platforms: [linux/s390x]\n', 'goreleaser'), 'XB707'), []);
  });
});
