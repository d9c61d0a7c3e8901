// A release workflow whose matrix builds with cgo: `xbd check` judges each leg on its runner and names the
// legs that fail (the JSON report carries the message and the related information).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { project, XBD } from '../support/cli';

type Out = { findings: { file: string; code: string; message: string; range: { start: { line: number } }; related?: { message: string }[] }[] };

function checkJson(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [XBD, 'check', '--no-go', '--format', 'json', ...args], { cwd, encoding: 'utf8', env: { ...process.env, PATH: '/nonexistent' } });
  return { code: r.status, out: JSON.parse(r.stdout) as Out, stderr: r.stderr };
}

const RELEASE = `name: release
on:
  push:
    tags: ["v*"]
jobs:
  linux:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        goarch: [amd64, arm64, "386"]
        exclude:
          - goarch: "386"
        include:
          - goarch: arm64
            cc: aarch64-linux-gnu-gcc
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version-file: go.mod
      - name: Install the cross compiler
        if: matrix.goarch == 'arm64'
        run: sudo apt-get update && sudo apt-get install -y gcc-aarch64-linux-gnu
      - name: Build
        env:
          CGO_ENABLED: "1"
          GOOS: linux
          GOARCH: \${{ matrix.goarch }}
          CC: \${{ matrix.cc }}
        run: go build -trimpath -o dist/app-linux-\${{ matrix.goarch }} ./cmd/app
  others:
    runs-on: \${{ matrix.runner }}
    strategy:
      matrix:
        include:
          - { runner: macos-14, goos: darwin, goarch: arm64 }
          - { runner: macos-14, goos: darwin, goarch: amd64 }
          - { runner: ubuntu-latest, goos: windows, goarch: amd64 }
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version: "1.23"
      - name: Build
        shell: bash
        run: |
          CGO_ENABLED=1 GOOS=\${{ matrix.goos }} GOARCH=\${{ matrix.goarch }} go build -o dist/app-\${{ matrix.goos }}-\${{ matrix.goarch }} ./cmd/app
`;

describe('xbd check on a release workflow with a cgo matrix', () => {
  it('judges each leg on its runner: the legs with their compiler are clean, the windows leg is named', () => {
    const dir = project({
      '.github/workflows/release.yml': RELEASE,
      'go.mod': 'module example.com/app\n\ngo 1.22\n',
      'cmd/app/main.go': 'package main\n\n// #include <stdio.h>\nimport "C"\n\nfunc main() {}\n',
    });
    const r = checkJson(dir, '.');
    const xb202 = r.out.findings.filter((f) => f.code === 'XB202');
    assert.deepEqual(xb202.map((f) => [f.file, f.range.start.line + 1]), [['.github/workflows/release.yml', 47]], JSON.stringify(r.out.findings, null, 1));
    assert.match(xb202[0].message, /^CGO_ENABLED=1 builds for windows\/amd64 without a C compiler for it: set CC=x86_64-w64-mingw32-gcc\./);
    assert.match(xb202[0].message, /Only for goos=windows, goarch=amd64 on ubuntu-latest\./);
    assert.equal(r.code, 1, r.stderr);
  });
});
