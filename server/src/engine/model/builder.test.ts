import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../analyze';
import { HOST_FACTS, ready, repoReader } from '../testing';
import type { DocumentKind } from '../types';
import type { IncludeReader } from './types';

before(ready);

function run(files: Record<string, string>, path: string, kind: DocumentKind, reader: IncludeReader = repoReader(files)) {
  const logs: string[] = [];
  const analysis = analyze({ path, kind, text: files[path] }, { facts: HOST_FACTS, readInclude: reader, log: (m) => logs.push(m) });
  return { analysis, logs };
}

describe('files a shell text sources', () => {
  it('are read once and listed once, however many recipes source them; what a budget cut is logged once per file', () => {
    const files = {
      '/r/Makefile': [
        'build:',
        '\t. ./scripts/env.sh && go build -o bin/agent ./cmd/agent',
        'test:',
        '\t. ./scripts/env.sh && go test ./...',
        'lint:',
        '\t. ./scripts/tools.sh && go vet ./...',
        '',
      ].join('\n'),
      '/r/scripts/env.sh': 'export GOFLAGS=-mod=vendor\ngo version\n',
      '/r/scripts/tools.sh': 'export PATH="$PWD/bin:$PATH"\ngo install honnef.co/go/tools/cmd/staticcheck@latest\n',
    };
    const { analysis, logs } = run(files, '/r/Makefile', 'makefile');
    assert.deepEqual(analysis.model?.included, ['/r/scripts/env.sh', '/r/scripts/tools.sh']);
    assert.deepEqual(logs, [
      'xbd: /r/Makefile: not followed: programs run inside sourced files (/r/scripts/env.sh); programs run inside sourced files (/r/scripts/tools.sh); what they could set is taken as unknown',
    ]);
  });

  it('are not read after a cd to an unknown directory, nor when missing or unreadable', () => {
    const script = '#!/bin/sh\nset -e\ncd "$1"\n. ./env.sh\nGOARCH=arm64 go build ./cmd/agent\n';
    const { analysis, logs } = run({ '/r/build.sh': script, '/r/env.sh': 'export GOOS=linux\n' }, '/r/build.sh', 'shell');
    assert.deepEqual([analysis.model?.included, logs], [undefined, []]);
    const missing = run({ '/r/build.sh': '#!/bin/sh\n. ./env.local.sh\ngo build ./cmd/agent\n' }, '/r/build.sh', 'shell');
    assert.deepEqual([missing.analysis.model?.included, missing.logs], [undefined, []]);
    const folder: IncludeReader = () => {
      throw new Error('EISDIR: illegal operation on a directory, read');
    };
    const unreadable = run({ '/r/build.sh': '#!/bin/sh\n. ./env\ngo build ./cmd/agent\n' }, '/r/build.sh', 'shell', folder);
    assert.deepEqual([unreadable.analysis.model?.included, unreadable.logs], [undefined, []]);
  });

  it('a matrix job\'s legs source them too: read, listed and logged once for the workflow', () => {
    const files = {
      '/r/.github/workflows/release.yml': [
        'on: push',
        'jobs:',
        '  binaries:',
        '    runs-on: ubuntu-latest',
        '    strategy:',
        '      matrix:',
        '        goarch: [amd64, arm64]',
        '    steps:',
        '      - uses: actions/checkout@v4',
        '      - run: |',
        '          . ./scripts/env.sh',
        '          GOARCH=${{ matrix.goarch }} go build -o dist/agent ./cmd/agent',
        '',
      ].join('\n'),
      '/r/scripts/env.sh': 'export GOFLAGS=-mod=vendor\ngo version\n',
    };
    const { analysis, logs } = run(files, '/r/.github/workflows/release.yml', 'workflow');
    assert.deepEqual(analysis.model?.included, ['/r/scripts/env.sh']);
    assert.deepEqual(logs, ['xbd: /r/.github/workflows/release.yml: not followed: programs run inside sourced files (/r/scripts/env.sh); what they could set is taken as unknown']);
  });

  it('a matrix leg reads the file its own values name', () => {
    const files = {
      '/r/.github/workflows/release.yml': [
        'on: push',
        'jobs:',
        '  binaries:',
        '    runs-on: ubuntu-latest',
        '    strategy:',
        '      matrix:',
        '        goos: [linux, darwin]',
        '    steps:',
        '      - uses: actions/checkout@v4',
        '      - run: |',
        '          . ./scripts/env-${{ matrix.goos }}.sh',
        '          go build -o dist/agent ./cmd/agent',
        '',
      ].join('\n'),
      '/r/scripts/env-linux.sh': 'export GOOS=linux CGO_ENABLED=0\ngo version\n',
      '/r/scripts/env-darwin.sh': 'export GOOS=darwin CGO_ENABLED=1\ngo version\n',
    };
    const { analysis, logs } = run(files, '/r/.github/workflows/release.yml', 'workflow');
    assert.deepEqual(analysis.model?.included, ['/r/scripts/env-linux.sh', '/r/scripts/env-darwin.sh']);
    assert.deepEqual(logs, [
      'xbd: /r/.github/workflows/release.yml: not followed: programs run inside sourced files (/r/scripts/env-linux.sh); programs run inside sourced files (/r/scripts/env-darwin.sh); what they could set is taken as unknown',
    ]);
  });

  it('a Dockerfile\'s RUN sources the image\'s files, and runs GoReleaser there: neither is a file of the repository to follow', () => {
    const files = {
      '/r/Dockerfile': 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN . ./scripts/env.sh && goreleaser build --snapshot --single-target\n',
      '/r/scripts/env.sh': 'export CGO_ENABLED=0\n',
      '/r/.goreleaser.yaml': 'builds:\n  - main: ./cmd/agent\n',
    };
    const { analysis, logs } = run(files, '/r/Dockerfile', 'dockerfile');
    assert.deepEqual([analysis.model?.included, analysis.model?.calls, logs], [undefined, [], []]);
  });

  it('a value wrong in the sourced file is that file\'s: never reported in the script, at the sourced file\'s position', () => {
    const files = {
      '/r/build.sh': '#!/bin/sh\nset -e\n. ./scripts/env.sh\nCGO_ENABLED=0 go build -o dist/agent ./cmd/agent\n',
      '/r/scripts/env.sh': 'export GOOS=linux\nexport GOARCH=x86_64\n',
    };
    const { analysis, logs } = run(files, '/r/build.sh', 'shell');
    assert.deepEqual(logs, []);
    assert.equal(analysis.model?.commands[0].env.get('GOARCH')?.site?.file, '/r/scripts/env.sh');
    assert.deepEqual(analysis.findings.filter((f) => f.code === 'XB102'), []);
  });
});

