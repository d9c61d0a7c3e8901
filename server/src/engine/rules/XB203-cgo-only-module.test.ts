import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { CGO_MODULES, cgoOnlyModule } from '../knowledge/cgo-modules';
import { HOST_FACTS, only, ready, textAt } from '../testing';
import { LineIndex } from '../text';
import type { DocumentKind, Finding } from '../types';

before(ready);

const GO_MOD = [
  'module github.com/acme/inventory',
  '',
  'go 1.22',
  '',
  'require (',
  '\tgithub.com/go-chi/chi/v5 v5.0.12',
  '\tgithub.com/mattn/go-sqlite3 v1.14.22',
  ')',
  '',
].join('\n');

function checkIn(text: string, kind: DocumentKind, goMod = GO_MOD, extra: { imports?: string[] } = {}): Finding[] {
  const path = { dockerfile: '/work/app/Dockerfile', makefile: '/work/app/Makefile', shell: '/work/app/build.sh', goenv: '/x/env', gomod: '/work/app/go.mod' }[kind];
  return analyze({ path, kind, text }, { facts: HOST_FACTS, goMod: { path: '/work/app/go.mod', text: goMod, imports: extra.imports } }).findings;
}

describe('XB203 cgo-only module in a build with cgo off', () => {
  it('flags CGO_ENABLED=0 in a Dockerfile and points at the go.mod line', () => {
    const text = [
      'FROM golang:1.22 AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o /out/inventory ./cmd/inventory',
      '',
      'FROM gcr.io/distroless/static',
      'COPY --from=build /out/inventory /inventory',
      'ENTRYPOINT ["/inventory"]',
    ].join('\n');
    const [f] = only(checkIn(text, 'dockerfile'), 'XB203');
    assert.equal(f.severity, 'error');
    assert.equal(textAt(text, f), 'CGO_ENABLED=0 go build -o /out/inventory ./cmd/inventory');
    assert.match(f.message, /CGO_ENABLED=0/);
    assert.match(f.message, /requires cgo to work\. This is a stub/);
    assert.match(f.message, /modernc\.org\/sqlite/);
    assert.equal(f.related?.length, 1);
    assert.equal(f.related![0].file, '/work/app/go.mod');
    const lines = new LineIndex(GO_MOD);
    assert.equal(GO_MOD.slice(lines.offsetAt(f.related![0].range.start), lines.offsetAt(f.related![0].range.end)), 'github.com/mattn/go-sqlite3 v1.14.22');
  });

  it('flags the cross legs of a $BUILDPLATFORM build and a cross build in a script, indirect requirements included', () => {
    const docker = [
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      'ARG TARGETOS TARGETARCH',
      'WORKDIR /src',
      'COPY . .',
      'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .',
      'FROM debian:bookworm-slim',
      'COPY --from=build /out/app /app',
    ].join('\n');
    const [leg] = only(checkIn(docker, 'dockerfile'), 'XB203');
    assert.match(leg.message, /every target platform other than the builder's own/);
    const indirect = 'module m\n\ngo 1.22\n\nrequire github.com/confluentinc/confluent-kafka-go/v2 v2.3.0 // indirect\n';
    const [f] = only(checkIn('#!/bin/sh\nGOOS=linux GOARCH=arm64 go build -o dist/app-arm64 .\n', 'shell', indirect), 'XB203');
    assert.match(f.message, /cross-compiling for arm64/);
    assert.match(f.message, /indirect/);
    assert.match(f.message, /segmentio\/kafka-go/);
  });

  it('is silent when cgo stays on or is unknown, and without cgo-only modules', () => {
    const native = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n';
    assert.deepEqual(only(checkIn(native, 'dockerfile'), 'XB203'), []);
    assert.deepEqual(only(checkIn('#!/bin/sh\nCGO_ENABLED=1 GOARCH=arm64 CC=aarch64-linux-gnu-gcc go build .\n', 'shell'), 'XB203'), []);
    assert.deepEqual(only(checkIn('#!/bin/sh\nCGO_ENABLED=$CGO go build .\n', 'shell'), 'XB203'), []);
    assert.deepEqual(only(checkIn('#!/bin/sh\nCGO_ENABLED=0 go build .\n', 'shell', 'module m\n\nrequire modernc.org/sqlite v1.29.0\n'), 'XB203'), []);
  });

  it('gopacket counts only when pcap is imported, and never for windows targets', () => {
    const mod = 'module m\n\nrequire github.com/google/gopacket v1.1.19\n';
    const script = '#!/bin/sh\nCGO_ENABLED=0 go build .\nGOOS=windows go build .\n';
    assert.deepEqual(only(checkIn(script, 'shell', mod), 'XB203'), []);
    const found = only(checkIn(script, 'shell', mod, { imports: ['github.com/google/gopacket/pcap'] }), 'XB203');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /pcapgo/);
  });

  it('every table entry cites the module source and names how it fails', () => {
    for (const m of CGO_MODULES) {
      assert.ok(m.citation.includes(': '), m.path);
      assert.ok(m.symptom.length > 20, m.path);
    }
    assert.equal(cgoOnlyModule('github.com/libgit2/git2go/v34')?.path, 'github.com/libgit2/git2go');
    assert.equal(cgoOnlyModule('github.com/mattn/go-sqlite3x'), undefined);
  });
});
