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

  it('is silent for go env reads, go env -u and settings that do not change builds', () => {
    const text = '#!/bin/sh\ngo env GOARCH\ngo env -u GOARCH\ngo env -w GOPRIVATE=github.com/acme/*\n';
    assert.deepEqual(only(check(text, 'shell'), 'XB405'), []);
  });
});
