import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from './analyze';
import { describeTarget, platformsUsed, portList } from './targets';
import { HOST_FACTS, ready } from './testing';
import type { DocumentKind } from './types';

before(ready);

function used(text: string, kind: DocumentKind) {
  const a = analyze({ path: `/w/f`, kind, text }, { facts: HOST_FACTS });
  return platformsUsed(a.model!, a.lines!).map((u) => `${u.platform}@${u.line}:${u.what}`);
}

describe('target picker knowledge', () => {
  it('finds constant --platform values, GOOS/GOARCH pairs and PLATFORMS lists, normalised', () => {
    const df = [
      'ARG PLATFORMS=linux/amd64,linux/arm64',
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      'RUN GOOS=linux GOARCH=arm GOARM=6 go build -o /a . && GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /b .',
      'FROM --platform=linux/aarch64 alpine AS arm',
      '',
    ].join('\n');
    // GOARM=6 makes it arm/v6; the $TARGETOS/$TARGETARCH pair is not a constant.
    assert.deepEqual(used(df, 'dockerfile').sort(), ['linux/amd64@0:PLATFORMS', 'linux/arm/v6@2:GOOS/GOARCH', 'linux/arm64@0:PLATFORMS', 'linux/arm64@3:FROM --platform']);
    const mk = 'PLATFORMS ?= linux/amd64 linux/arm/v7 windows/amd64\nimage:\n\tdocker buildx build --platform linux/amd64,linux/s390x .\nwin:\n\tGOOS=windows GOARCH=amd64 go build .\n';
    assert.deepEqual(used(mk, 'makefile').sort(), [
      'linux/amd64@0:PLATFORMS',
      'linux/amd64@2:--platform',
      'linux/arm/v7@0:PLATFORMS',
      'linux/s390x@2:--platform',
      'windows/amd64@0:PLATFORMS',
      'windows/amd64@4:GOOS/GOARCH',
    ]);
    assert.deepEqual(used('#!/bin/sh\ndocker build --platform "$PLATFORM" .\n', 'shell'), [], 'a variable is not a constant');
    // A constant that is no platform names none.
    assert.deepEqual(used('FROM --platform=linux/amd64/v2/x alpine AS tools\nFROM --platform=linux/amd64 alpine\n', 'dockerfile'), ['linux/amd64@1:FROM --platform']);
    // A make run's command-line variables, in a recipe or a script.
    const release = 'release:\n\t$(MAKE) build GOOS=linux GOARCH=arm GOARM=6\n\tmake build GOOS=windows GOARCH=amd64\nbuild:\n\tgo build .\n';
    assert.deepEqual(used(release, 'makefile').sort(), ['linux/arm/v6@1:make GOOS/GOARCH', 'windows/amd64@2:make GOOS/GOARCH']);
    assert.deepEqual(used('#!/bin/sh\nmake GOOS=darwin GOARCH=arm64 dist\n', 'shell'), ['darwin/arm64@1:make GOOS/GOARCH']);
  });

  it('reads the lines that name a platform or run make in the order they come, each once, whatever their case', () => {
    const script = [
      '#!/bin/sh',
      'docker buildx build --Platform=linux/arm64 --platform linux/amd64 .',
      'echo nothing here',
      'Target_Platforms="linux/ppc64le,linux/s390x" # platform list',
      '${MAKE} dist GOOS=freebsd GOARCH=amd64',
      'gmake dist GOOS=netbsd GOARCH=arm64; make dist GOOS=openbsd GOARCH=386',
      'docker build --platform windows/amd64 .',
      'docker build --platform bogus --platform linux/arm64 . && docker build --platform bogus .',
      'docker build --platform -linux/amd64 --platform linux-/amd64 --platform linux/-amd64 --platform linux/amd64- .',
    ].join('\n');
    assert.deepEqual(used(script, 'shell'), [
      'linux/arm64@1:--platform',
      'linux/amd64@1:--platform',
      'linux/ppc64le@3:Target_Platforms',
      'linux/s390x@3:Target_Platforms',
      'windows/amd64@6:--platform',
      'linux/arm64@7:--platform',
      'freebsd/amd64@4:make GOOS/GOARCH',
      'netbsd/arm64@5:make GOOS/GOARCH',
    ]);
  });

  it('lists the platforms workflows, bake files and GoReleaser configs build, with where they come from', () => {
    const wf = 'on: push\njobs:\n  img:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          platforms: linux/amd64,linux/arm/v7\n';
    assert.deepEqual(used(wf, 'workflow'), ['linux/amd64@7:step steps[0] (line 6)', 'linux/arm/v7@7:step steps[0] (line 6)']);
    // A platform written as an expression cannot be known: it names none.
    assert.deepEqual(used(wf.replace('linux/amd64,linux/arm/v7', '${{ matrix.platform }}'), 'workflow'), []);
    const gr = 'builds:\n  - id: cli\n    goos: [linux]\n    goarch: [arm64, arm]\n    goarm: ["6"]\n';
    assert.deepEqual(used(gr, 'goreleaser'), ['linux/arm64@1:GoReleaser build cli', 'linux/arm/v6@1:GoReleaser build cli']);
    const bake = 'target "app" {\n  platforms = ["linux/amd64", "linux/riscv64"]\n}\n';
    assert.deepEqual(used(bake, 'bake'), ['linux/amd64@1:bake target app', 'linux/riscv64@1:bake target app']);
  });

  it('lists the ports of the Go in use, first-class ones first, from the toolchain when it was asked', () => {
    const embedded = portList(HOST_FACTS, '1.22');
    assert.ok(embedded[0].firstClass);
    assert.ok(embedded.some((p) => p.platform === 'js/wasm' && !p.cgo && !p.firstClass));
    assert.ok(!embedded.some((p) => p.platform === 'linux/sparc64'), 'broken ports are hidden');
    const own = portList({ ...HOST_FACTS, goVersion: '1.22.5', ports: [{ goos: 'linux', goarch: 'amd64', cgo: true, firstClass: true }] }, '1.22');
    assert.deepEqual(own.map((p) => p.platform), ['linux/amd64']);
  });

  it('describes the host and a cross target: cgo default and why, the C compiler, whether it runs here', () => {
    const go = { version: '1.22' as const, because: "the workspace's go (go1.22.5)" };
    const host = describeTarget(undefined, HOST_FACTS, go);
    assert.equal(host.label, 'linux/amd64 (this machine)');
    assert.match(host.markdown, /^\*\*Target platform: linux\/amd64\*\* — this machine/);
    assert.match(host.markdown, /\*\*Build platform:\*\* this machine \(linux\/amd64\)/);
    const env = describeTarget(undefined, HOST_FACTS, go, [], { goos: 'linux', goarch: 'arm64' });
    assert.equal(env.label, 'linux/arm64 (go env)', 'GOARCH persisted in the go env file is what go builds for here');
    assert.match(env.markdown, /`GOARCH=arm64` in this machine's go env/);
    assert.match(env.markdown, /\*\*Runs on this machine:\*\* no/);
    assert.match(host.markdown, /\*\*Go:\*\* 1\.22 — the workspace's go \(go1\.22\.5\)/);
    assert.match(host.markdown, /on by default when built on this machine \(a native build\)/);
    assert.match(host.markdown, /yes, natively/);

    const arm = describeTarget({ goos: 'linux', goarch: 'arm64' }, HOST_FACTS, go);
    assert.equal(arm.label, 'linux/arm64');
    assert.match(arm.markdown, /off by default: the target platform differs from the build platform/);
    assert.match(arm.markdown, /`aarch64-linux-gnu-gcc` \(Debian: `gcc-aarch64-linux-gnu`\)/);
    assert.match(arm.markdown, /exec format error/);
    assert.match(arm.markdown, /an arm64 binary/, 'an, before a vowel');
    assert.match(describeTarget({ goos: 'linux', goarch: 'riscv64' }, HOST_FACTS, go).markdown, /a riscv64 binary/);
    assert.match(describeTarget({ goos: 'linux', goarch: 'arm64' }, HOST_FACTS, go, ['arm64']).markdown, /under emulation: qemu-user is registered for arm64/);

    const wasm = describeTarget({ goos: 'js', goarch: 'wasm' }, HOST_FACTS, go);
    assert.match(wasm.markdown, /not available on this port/);
    assert.match(describeTarget({ goos: 'darwin', goarch: 'arm64' }, HOST_FACTS, go).markdown, /Apple targets need an SDK/);
    assert.match(describeTarget({ goos: 'linux', goarch: '386' }, HOST_FACTS, go).markdown, /amd64 machines run 386 binaries/);
  });
});
