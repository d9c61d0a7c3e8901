import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { applyFix, check, fixAndRecheck, lineOf, only, ready, textAt } from '../testing';

before(ready);

const BEFORE = `builds:
  - binary: tool
    env: [CGO_ENABLED=0]
    goos: [linux]
    goarch: [amd64, arm64]
dockers:
  - dockerfile: Dockerfile
    image_templates:
      - "example/tool:{{ .Version }}-amd64"
    build_flag_templates:
      - "--label=org.opencontainers.image.version={{ .Version }}"
  - dockerfile: Dockerfile
    goarch: arm64
    image_templates:
      - "example/tool:{{ .Version }}-arm64"
`;

describe('XB702 GoReleaser docker image not built for its binaries\' platform', () => {
  it('flags docker entries without --platform, at build_flag_templates or the entry', () => {
    const found = only(check(BEFORE, 'goreleaser'), 'XB702');
    assert.deepEqual(found.map((f) => lineOf(f)), [10, 12]);
    assert.equal(textAt(BEFORE, found[0]), 'build_flag_templates');
    assert.match(found[0].message, /^GoReleaser dockers\[0\] has no --platform: add "--platform=linux\/amd64" to build_flag_templates\./);
    assert.match(found[1].message, /--platform=linux\/arm64/);
    assert.equal(found[0].severity, 'warning');
    assert.equal(found[0].message, 'GoReleaser dockers[0] has no --platform: add "--platform=linux/amd64" to build_flag_templates. The image would be labelled with the build machine\'s platform.');
    assert.deepEqual(found[0].related?.map((r) => r.message), ['docker build labels the image with the build machine\'s platform, so on any other machine it holds linux/amd64 binaries it cannot run.']);
    assert.deepEqual(found[0].fixes.map((x) => [x.title, x.isPreferred]), [['Add --platform=linux/amd64', true]]);
  });

  it('adds the flag to the list, or creates the list', () => {
    const fixed = fixAndRecheck(BEFORE, 'XB702', 'goreleaser');
    assert.ok(fixed.includes('      - "--label=org.opencontainers.image.version={{ .Version }}"\n      - "--platform=linux/amd64"\n'), fixed);
    const second = applyFix(BEFORE, only(check(BEFORE, 'goreleaser'), 'XB702')[1]);
    assert.ok(second.includes('  - dockerfile: Dockerfile\n    build_flag_templates:\n      - "--platform=linux/arm64"\n    goarch: arm64\n'), second);
  });

  it('flags a --platform that disagrees with goarch, and is silent when they agree', () => {
    const text = 'dockers:\n  - goarch: arm64\n    build_flag_templates: ["--platform=linux/amd64"]\n  - goarch: arm\n    goarm: "7"\n    build_flag_templates: ["--platform=linux/arm/v7"]\n';
    const found = only(check(text, 'goreleaser'), 'XB702');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /built for linux\/amd64 with linux\/arm64 binaries/);
    assert.deepEqual(found[0].fixes, [], 'which one is wrong is not known');
    const otherOs = 'dockers:\n  - goarch: amd64\n    build_flag_templates: ["--platform=windows/amd64"]\n';
    assert.match(only(check(otherOs, 'goreleaser'), 'XB702')[0]?.message ?? '', /built for windows\/amd64 with linux\/amd64 binaries/);
    const templated = 'dockers:\n  - goarch: arm64\n    build_flag_templates: ["--platform={{ .Env.IMAGE_PLATFORM }}"]\n';
    assert.deepEqual(only(check(templated, 'goreleaser'), 'XB702'), [], 'a platform it cannot read');
    const list = 'dockers:\n  - goarch: arm64\n    use: buildx\n    build_flag_templates: ["--platform=linux/arm64,linux/amd64"]\n';
    assert.equal(
      only(check(list, 'goreleaser'), 'XB702')[0]?.message,
      'GoReleaser dockers[0] is not built for its linux/arm64 binaries: make --platform match goarch. Its --platform is linux/arm64,linux/amd64.',
      'one entry, one image: a list is not its platform, and too long for the lead',
    );
  });

  it('compares platforms as BuildKit normalises them, and lets an arm/v7 image hold GOARM=6 binaries, not the reverse', () => {
    const text = 'dockers:\n  - goarch: arm64\n    use: buildx\n    build_flag_templates: ["--platform=linux/arm64/v8"]\n  - goarch: arm\n    goarm: "6"\n    build_flag_templates: ["--platform=linux/arm"]\n  - goarch: arm\n    goarm: "7"\n    build_flag_templates: ["--platform=linux/arm/v6"]\n';
    const found = only(check(text, 'goreleaser'), 'XB702');
    assert.deepEqual(found.map((f) => f.message), ['GoReleaser dockers[2] is built for linux/arm/v6 with linux/arm/v7 binaries: make --platform match goarch.']);
  });

  it('leaves dockers_v2 (one multi-platform image per entry) and templated goarch alone', () => {
    assert.deepEqual(only(check('dockers_v2:\n  - platforms: [linux/amd64, linux/arm64]\ndockers:\n  - goarch: "{{ .Arch }}"\n', 'goreleaser'), 'XB702'), []);
  });
});
