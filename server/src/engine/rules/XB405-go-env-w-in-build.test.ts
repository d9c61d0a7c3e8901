import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { check, only, ready, textAt, said } from '../testing';

before(ready);

describe('XB405 a build runs go env -w', () => {
  it('warns for a script and a Makefile recipe', () => {
    const script = '#!/bin/sh\nset -e\ngo env -w GOOS=linux GOARCH=arm64\ngo build -o bin/app ./cmd/app\n';
    const [f] = only(check(script, 'shell'), 'XB405');
    assert.equal(f.severity, 'warning');
    assert.equal(textAt(script, f), 'go env -w GOOS=linux GOARCH=arm64');
    assert.match(f.message, /GOOS, GOARCH/);
    assert.match(said(f), /set them per build \(`GOOS=… go build`\)/);
    const make = 'release:\n\tgo env -w CGO_ENABLED=0\n\tgo build -o bin/app .\n';
    assert.equal(only(check(make, 'makefile'), 'XB405').length, 1);
  });

  it('is information inside a Dockerfile and suggests ENV', () => {
    const text = 'FROM golang:1.23 AS build\nWORKDIR /src\nRUN go env -w GOFLAGS=-trimpath GOPRIVATE=github.com/acme/*\nCOPY . .\nRUN go build -o /app .\n';
    const [f] = only(check(text), 'XB405');
    assert.equal(f.severity, 'information');
    assert.match(f.message, /ENV GOFLAGS=/);
    assert.doesNotMatch(f.message, /GOPRIVATE/);
  });

  it('reports a go env -w in a function called once per architecture once', () => {
    const script = '#!/bin/sh\nbuild() {\n  go env -w GOARCH=$1\n  go build -o bin/app-$1 ./cmd/app\n}\nbuild amd64\nbuild arm64\n';
    assert.deepEqual(only(check(script, 'shell'), 'XB405').map((f) => f.range.start.line + 1), [3]);
  });

  it('is silent for go env reads, go env -u and settings that do not change builds', () => {
    const text = '#!/bin/sh\ngo env GOARCH\ngo env -u GOARCH\ngo env -w GOPRIVATE=github.com/acme/*\n';
    assert.deepEqual(only(check(text, 'shell'), 'XB405'), []);
  });

  it('names one setting as "it", tells how to undo the write, and reads a quoted assignment', () => {
    const script = '#!/bin/sh\nset -e\ngo env -w "GOFLAGS=-mod=mod -trimpath"\ngo build -o bin/app ./cmd/app\n';
    const [f] = only(check(script, 'shell'), 'XB405');
    assert.equal(f.message, '`go env -w GOFLAGS` changes every later build on the machine: set it per build (`GOFLAGS=… go build`). Or `export GOFLAGS=…` in this script.');
    assert.deepEqual(f.related?.map((r) => [r.range.start.line + 1, r.message]), [[3, 'It stays in the go env file, in every project, until `go env -u GOFLAGS`.']]);
    const two = '#!/bin/sh\nset -e\ngo env -w GOOS=linux GOARCH=arm64\ngo build -o bin/app ./cmd/app\n';
    assert.match(said(only(check(two, 'shell'), 'XB405')[0]), /until `go env -u GOOS GOARCH`\./);
  });

  it('names several settings once when the lead would be too long, in a script and in a Dockerfile', () => {
    const fits = '#!/bin/sh\ngo env -w GOFLAGS=-trimpath GOOS=linux\ngo build -o bin/app ./cmd/app\n';
    assert.match(only(check(fits, 'shell'), 'XB405')[0].message, /^`go env -w GOFLAGS, GOOS` changes every later build on the machine: set them per build \(`GOFLAGS=… go build`\)\. /, '110 characters: the limit');
    const over = '#!/bin/sh\ngo env -w GOFLAGS=-trimpath GOARM=7\ngo build -o bin/app ./cmd/app\n';
    assert.match(only(check(over, 'shell'), 'XB405')[0].message, /^`go env -w` changes every later build on the machine: set GOFLAGS, GOARM per build\. /);
    const script = '#!/bin/sh\nset -e\ngo env -w GOOS=linux GOARCH=arm GOARM=7 CGO_ENABLED=0\ngo build -o bin/app ./cmd/app\n';
    assert.match(only(check(script, 'shell'), 'XB405')[0].message, /^`go env -w` changes every later build on the machine: set GOOS, GOARCH, GOARM, CGO_ENABLED per build\. /);
    const one = 'FROM golang:1.23 AS build\nRUN go env -w CGO_ENABLED=0\nCOPY . .\nRUN go build -o /app .\n';
    const [single] = only(check(one), 'XB405');
    assert.equal(single.message, "`go env -w CGO_ENABLED` hides a build setting in the image's go env file: use `ENV CGO_ENABLED=…`.");
    assert.deepEqual(single.related?.map((r) => r.message), ["It affects this image's later go commands, and no ENV shows it."]);
    const two = 'FROM golang:1.23 AS build\nRUN go env -w GOFLAGS=-trimpath CGO_ENABLED=0\nCOPY . .\nRUN go build -o /app .\n';
    const [f] = only(check(two), 'XB405');
    assert.equal(f.severity, 'information');
    assert.match(f.message, /^`go env -w` hides GOFLAGS, CGO_ENABLED in the image's go env file: set them with ENV\. /);
  });
});
