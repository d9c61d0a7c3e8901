import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, fixAndRecheck, lineOf, only, ready, textAt, said } from '../testing';

before(ready);

describe('XB101 GOOS is not a Go operating system', () => {
  it('flags macos in a RUN prefix and quotes the go error with the image version', () => {
    const text = [
      'FROM golang:1.22-alpine AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN GOOS=macos GOARCH=arm64 go build -o /out/app ./cmd/app',
    ].join('\n');
    const [f] = only(check(text), 'XB101');
    assert.equal(lineOf(f), 4);
    assert.equal(textAt(text, f), 'macos');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /go: unsupported GOOS\/GOARCH pair macos\/arm64/);
    assert.match(said(f), /Go 1\.22: golang:1\.22-alpine on line 1/);
    assert.match(said(f), /: use darwin\./);
  });

  it('flags wrong casing, in ENV, Makefile and script forms', () => {
    assert.equal(only(check('FROM golang:1.23\nENV GOOS=Linux\nRUN go build .'), 'XB101').length, 1);
    assert.equal(only(check('GOOS := Windows\nbuild:\n\tGOOS=$(GOOS) go build .\n', 'makefile'), 'XB101').length, 1);
    assert.equal(only(check('#!/bin/sh\nexport GOOS=win\ngo build .\n', 'shell'), 'XB101').length, 1);
  });

  it("reads a make reference in single quotes as make's value: make pastes it before the shell reads the line", () => {
    const text = "GOOS := linux\n\nrelease:\n\tGOOS='$(GOOS)' GOARCH=arm64 go build -o dist/app .\n";
    assert.deepEqual(only(check(text, 'makefile'), 'XB101'), []);
    const [bad] = only(check(text.replace('linux', 'Linux'), 'makefile'), 'XB101');
    assert.equal(textAt(text.replace('linux', 'Linux'), bad), 'Linux');
  });

  it('accepts every real GOOS and values it cannot know', () => {
    const text = [
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      'ARG TARGETOS TARGETARCH',
      'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .',
      'RUN GOOS=linux go build . && GOOS=darwin go build . && GOOS=windows go build . && GOOS=wasip1 GOARCH=wasm go build .',
    ].join('\n');
    assert.deepEqual(only(check(text), 'XB101'), []);
  });

  it('fixes macos to darwin and leaves the rest of the line alone', () => {
    const text = 'FROM golang:1.22\nRUN CGO_ENABLED=0 GOOS=macos GOARCH=arm64 go build -o /out/app .\n';
    const fixed = fixAndRecheck(text, 'XB101');
    assert.equal(fixed, 'FROM golang:1.22\nRUN CGO_ENABLED=0 GOOS=darwin GOARCH=arm64 go build -o /out/app .\n');
    assert.equal(fixAndRecheckIsNoop(fixed), true);
  });

  it('keeps quotes when fixing', () => {
    const fixed = fixAndRecheck('FROM golang:1.22\nENV GOOS="OSX"\nRUN go build .\n', 'XB101');
    assert.equal(fixed, 'FROM golang:1.22\nENV GOOS="darwin"\nRUN go build .\n');
  });

  it('names the fix it offers, and offers none where no operating system is meant', () => {
    const [typo] = only(check('FROM golang:1.22\nRUN GOOS=macos GOARCH=arm64 go build .'), 'XB101');
    assert.deepEqual(typo.fixes.map((x) => x.title), ['Change GOOS to darwin']);
    const [unknown] = only(check('FROM golang:1.22\nRUN GOOS=beos GOARCH=amd64 go build -o /out/app .'), 'XB101');
    assert.match(unknown.message, /^GOOS=beos is not a Go operating system: pick one from `go tool dist list`\./);
    assert.deepEqual(unknown.fixes, []);
  });

  it('names the pair with amd64 for a value no go command reads', () => {
    const [f] = only(check('GOOS ?= macos\n\nbuild:\n\tgo build -o bin/app .\n', 'makefile'), 'XB101');
    assert.match(f.message, /"go: unsupported GOOS\/GOARCH pair macos\/amd64"/);
  });
});

function fixAndRecheckIsNoop(text: string): boolean {
  return only(check(text), 'XB101').length === 0;
}
