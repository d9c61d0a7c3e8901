import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, only, ready, textAt, said } from '../testing';

before(ready);

describe('XB104 invalid sub-architecture value', () => {
  it('is an error where the Go in use rejects the value (GOAMD64=3 on Go 1.22)', () => {
    const text = 'FROM golang:1.22\nRUN GOARCH=amd64 GOAMD64=3 go build -o /out/app .';
    const [f] = only(check(text), 'XB104');
    assert.equal(textAt(text, f), '3');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /go: invalid GOAMD64: must be v1, v2, v3, v4/);
  });

  it('is a warning where the Go in use silently accepts it (GOAMD64=3 on Go 1.24)', () => {
    const [f] = only(check('FROM golang:1.24\nRUN GOARCH=amd64 GOAMD64=3 go build .'), 'XB104');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /accepts it without a word/);
  });

  it('fixes plausible typos', () => {
    assert.equal(fixAndRecheck('FROM golang:1.22\nRUN GOARCH=arm GOARM=v7 go build .\n', 'XB104'), 'FROM golang:1.22\nRUN GOARCH=arm GOARM=7 go build .\n');
    assert.equal(fixAndRecheck('FROM golang:1.22\nENV GOAMD64=3\nRUN go build .\n', 'XB104'), 'FROM golang:1.22\nENV GOAMD64=v3\nRUN go build .\n');
    assert.equal(fixAndRecheck('FROM golang:1.23\nRUN GOARCH=arm64 GOARM64=v8 go build .\n', 'XB104'), 'FROM golang:1.23\nRUN GOARCH=arm64 GOARM64=v8.0 go build .\n');
    // Each end of the ranges: the oldest ARM level (v5, Raspberry Pi-era toolchains), V4 written in capitals, ARMv9.
    assert.equal(fixAndRecheck('#!/bin/sh\nGOOS=linux GOARCH=arm GOARM=v5 go build -o dist/app-armv5 .\n', 'XB104', 'shell'), '#!/bin/sh\nGOOS=linux GOARCH=arm GOARM=5 go build -o dist/app-armv5 .\n');
    assert.equal(fixAndRecheck('FROM golang:1.22\nRUN GOAMD64=V4 go build .\n', 'XB104'), 'FROM golang:1.22\nRUN GOAMD64=v4 go build .\n');
    assert.equal(fixAndRecheck('FROM golang:1.23\nRUN GOARCH=arm64 GOARM64=v9 go build .\n', 'XB104'), 'FROM golang:1.23\nRUN GOARCH=arm64 GOARM64=v9.0 go build .\n');
  });

  it('flags GOARM=$TARGETVARIANT used raw and fixes it to strip the v', () => {
    const text = [
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      'ARG TARGETOS TARGETARCH TARGETVARIANT',
      'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH GOARM=${TARGETVARIANT} go build -o /out/app .',
      '',
    ].join('\n');
    const [f] = only(check(text), 'XB104');
    assert.match(said(f), /TARGETVARIANT is Docker's variant \(v6, v7\), not a GOARM value: use GOARM=\$\{TARGETVARIANT#v\}/);
    const fixed = fixAndRecheck(text, 'XB104');
    assert.match(fixed, /GOARM=\$\{TARGETVARIANT#v\} go build/);
  });

  it('accepts valid values, suffixes included', () => {
    const text = 'FROM golang:1.23\nRUN GOARCH=arm GOARM=7,hardfloat go build . && GOARCH=arm64 GOARM64=v8.2,lse go build . && GOAMD64=v3 go build .';
    assert.deepEqual(only(check(text), 'XB104'), []);
  });

  it('knows every GOARM64 level Go accepts, v8.0–v8.9 and v9.0–v9.5, and no other', () => {
    const build = (level: string) => `FROM golang:1.24\nRUN GOARCH=arm64 GOARM64=${level} go build -o /out/app .\n`;
    for (const level of ['v8.0', 'v8.9', 'v9.0', 'v9.5', 'v9.5,lse,crypto']) assert.deepEqual(only(check(build(level)), 'XB104'), [], level);
    for (const level of ['v8.10', 'v9.6', 'v10.0']) assert.equal(only(check(build(level)), 'XB104')[0]?.severity, 'error', level);
  });

  it('fixes GOARM=8 (an ARMv8 board) to 7, and offers no fix where no level is plausibly meant', () => {
    const [armv8] = only(check('FROM golang:1.22\nRUN GOARCH=arm GOARM=8 go build -o /out/app .'), 'XB104');
    assert.match(armv8.message, /^GOARM=8 is not a valid GOARM value: use 7\./);
    assert.deepEqual(armv8.fixes.map((x) => [x.title, x.isPreferred]), [['Change GOARM to 7', true]]);
    const [quiet] = only(check('FROM golang:1.23\nRUN GOARCH=arm GOARM=8 go build -o /out/app .'), 'XB104');
    assert.equal(quiet.severity, 'warning', 'Go 1.23 no longer rejects it');
    assert.match(said(quiet), /buildcfg bug in Go 1\.23\+ hides the error/);
    const bare = (env: string, go = '1.22') => only(check(`FROM golang:${go}\nRUN ${env} go build -o /out/app .`), 'XB104');
    for (const env of ['GOARCH=amd64 GOAMD64=v5', 'GOARCH=amd64 GOAMD64=13', 'GOARCH=amd64 GOAMD64=8', 'GOARCH=arm GOARM=9', 'GOARCH=arm GOARM=3', 'GOARCH=arm GOARM=v8', 'GOARCH=arm64 GOARM64=v8.10']) {
      const [f] = bare(env, '1.24');
      assert.ok(f, env);
      assert.deepEqual(f.fixes, [], env);
    }
    const [v5] = bare('GOARCH=amd64 GOAMD64=v5');
    assert.match(v5.message, /use one of v1, v2, v3, v4\. Go 1\.22 stops with "go: invalid GOAMD64: must be v1, v2, v3, v4"/);
    assert.match(bare('GOARCH=arm GOARM=9')[0].message, /use one of 5, 6, 7\./);
    assert.match(said(v5), /Go 1\.22: golang:1\.22 on line 1/);
  });

  it('offers no fix for GOARM=armv7 (the CPU name, not a level) and names the levels instead', () => {
    const [f] = only(check('FROM golang:1.22\nRUN GOOS=linux GOARCH=arm GOARM=armv7 go build -o /out/app .'), 'XB104');
    assert.match(f.message, /^GOARM=armv7 is not a valid GOARM value: use one of 5, 6, 7\./);
    assert.deepEqual(f.fixes, []);
  });

  it('reports a make value once, where it is written, however many go lines copy it', () => {
    const text = ['GOARM := v7', '', 'build-armv7:', '\tGOOS=linux GOARCH=arm GOARM=$(GOARM) go build -o dist/app-armv7 ./cmd/app', '\tGOOS=linux GOARCH=arm GOARM=$(GOARM) go test ./...', ''].join('\n');
    const found = only(check(text, 'makefile'), 'XB104');
    assert.deepEqual(found.map((f) => textAt(text, f)), ['v7']);
    assert.equal(fixAndRecheck(text, 'XB104', 'makefile'), text.replace('GOARM := v7', 'GOARM := 7'));
  });

  it('says GOARM64 is ignored by Go before 1.23, a warning without a fix', () => {
    const [f] = only(check('FROM golang:1.22\nRUN GOARCH=arm64 GOARM64=v8.0 go build -o /out/app .'), 'XB104');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /^GOARM64=v8\.0 is ignored by Go 1\.22: remove it, or build with a newer Go\./);
    assert.match(f.message, /\. Go 1\.22 does not read GOARM64 \(new in Go 1\.23\): the value is ignored\.$/);
    assert.doesNotMatch(said(f), /stops with/, 'nothing fails');
    assert.deepEqual(f.fixes, []);
  });

  it('names the range of GOARM64 levels and quotes what go prints', () => {
    const [f] = only(check('FROM golang:1.24\nRUN GOARCH=arm64 GOARM64=v10.0 go build -o /out/app .'), 'XB104');
    assert.match(f.message, /^GOARM64=v10\.0 is not a valid GOARM64 value: use one of v8\.0 to v9\.5\./);
    assert.match(said(f), /Go 1\.24 stops with "go: invalid GOARM64: must start with v8/);
  });

  it('keeps the quotes of a raw "$TARGETVARIANT", and leaves it alone where it is pinned or outside a Dockerfile', () => {
    const quoted = 'FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nARG TARGETARCH TARGETVARIANT\nRUN GOARCH=$TARGETARCH GOARM="$TARGETVARIANT" go build -o /out/app .\n';
    const [f] = only(check(quoted), 'XB104');
    assert.equal(textAt(quoted, f), '"$TARGETVARIANT"');
    assert.deepEqual(f.fixes.map((x) => [x.title, x.isPreferred]), [['Use ${TARGETVARIANT#v}', true]]);
    assert.equal(fixAndRecheck(quoted, 'XB104'), quoted.replace('"$TARGETVARIANT"', '"${TARGETVARIANT#v}"'));
    assert.match(f.message, /A linux\/arm\/v7 build gets GOARM=v7, which Go rejects or ignores\./);
    // ARG TARGETVARIANT="" pins it (XB309's finding); a script's $TARGETVARIANT is no Docker variable.
    const pinned = 'FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nARG TARGETARCH\nARG TARGETVARIANT=""\nRUN GOARCH=$TARGETARCH GOARM=$TARGETVARIANT go build -o /out/app .\n';
    assert.deepEqual(only(check(pinned), 'XB104'), []);
    assert.deepEqual(only(check('#!/bin/sh\nGOARCH=arm GOARM=$TARGETVARIANT go build -o dist/app .\n', 'shell'), 'XB104'), []);
    assert.deepEqual(only(check('FROM golang:1.22\nRUN GOARCH=arm GOARM= go build -o /out/app .'), 'XB104'), [], 'empty: Go uses its default');
  });

  it('reports a bad level that comes from an ARG default where it is used, without editing the ARG', () => {
    const text = 'FROM golang:1.22\nARG LEVEL=v7\nENV GOARM=$LEVEL\nRUN GOARCH=arm go build -o /out/app .\n';
    const [f] = only(check(text), 'XB104');
    assert.equal(textAt(text, f), '$LEVEL');
    assert.match(f.message, /^GOARM=v7 is not a valid GOARM value: use 7\./);
    assert.deepEqual(f.fixes, []);
  });

  it('takes ${TARGETVARIANT#v} as unknown: Dockerfile frontends that trim give 7 or nothing, older ones refuse the modifier', () => {
    const text = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETVARIANT\nENV GOARM=${TARGETVARIANT#v}\nRUN GOARCH=arm go build -o /out/app .\n';
    assert.deepEqual(only(check(text), 'XB104'), []);
    // Known or not, the variable's value is not the expansion's: v7 trimmed is 7 where the frontend trims at all.
    const known = 'FROM golang:1.22 AS build\nARG VARIANT=v7\nENV GOARCH=arm GOARM=${VARIANT#v}\nRUN go build -o /out/app .\n';
    assert.deepEqual(only(check(known), 'XB104'), []);
  });
});
