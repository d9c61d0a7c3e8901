// The custom requests behind the status-bar target picker: xbd/workspacePlatforms and xbd/targetInfo.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { LspClient } from './client';

const scratch = mkdtempSync(join(tmpdir(), 'xbd-lsp-targets-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

interface Platforms {
  host: string;
  goVersion: string;
  goVersionBecause: string;
  used: { platform: string; sources: { uri: string; line: number; what: string }[] }[];
  ports: { platform: string; firstClass: boolean; cgo: boolean }[];
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(scratch, 'w-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('target picker requests', () => {
  it('xbd/workspacePlatforms: open documents (their current text) and a bounded workspace scan, with sources', async () => {
    const dir = workspace({
      'go.mod': 'module example.com/app\n\ngo 1.23\n',
      'Dockerfile': 'FROM golang:1.22\n',
      'Makefile': 'PLATFORMS := linux/amd64 linux/arm/v7\nwin:\n\tGOOS=windows GOARCH=amd64 go build .\nrel:\n\t$(MAKE) win GOOS=linux GOARCH=riscv64\n\tGOOS=macos GOARCH=arm64 go build .\n',
      'scripts/release': '#!/bin/sh\ndocker buildx build --platform linux/ppc64le .\n',
      'vendor/x/Dockerfile': 'FROM --platform=linux/mips64le alpine\n',
      'legacy/Dockerfile': 'FROM --platform=linux/s390x alpine\n',
    });
    const client = await LspClient.start({
      rootUri: pathToFileURL(dir).href,
      initializationOptions: { debounceMs: 0, goPath: false },
      settings: { exclude: ['legacy'] },
    });
    try {
      // The open Dockerfile's unsaved text counts, not the file on disk.
      const uri = pathToFileURL(join(dir, 'Dockerfile')).href;
      const doc = await client.open(uri, 'dockerfile', 'FROM --platform=linux/arm64 golang:1.22 AS build\nRUN GOOS=linux GOARCH=arm64 go build .\n');
      await doc.diagnostics();
      const result = (await client.connection.sendRequest('xbd/workspacePlatforms', {})) as Platforms;
      assert.match(result.host, /^[a-z0-9]+\/[a-z0-9]+$/);
      assert.equal(result.goVersion, '1.23');
      assert.match(result.goVersionBecause, /go\.mod/);
      const byPlatform = Object.fromEntries(result.used.map((u) => [u.platform, u.sources.map((s) => `${s.uri.slice(pathToFileURL(dir).href.length + 1)}:${s.line}:${s.what}`)]));
      assert.deepEqual(byPlatform, {
        'linux/arm64': ['Dockerfile:0:FROM --platform', 'Dockerfile:1:GOOS/GOARCH'],
        'linux/amd64': ['Makefile:0:PLATFORMS'],
        'linux/arm/v7': ['Makefile:0:PLATFORMS'],
        'windows/amd64': ['Makefile:2:GOOS/GOARCH'],
        // A make run's variables count; GOOS=macos (no Go port: XB101 reports it) is not offered.
        'linux/riscv64': ['Makefile:4:make GOOS/GOARCH'],
        // The build plan names the line by the build it is (a script's docker build).
        'linux/ppc64le': ['scripts/release:1:docker build on line 2'],
      });
      assert.ok(result.ports.length > 30);
      const wasm = result.ports.find((p) => p.platform === 'js/wasm');
      assert.deepEqual(wasm, { platform: 'js/wasm', firstClass: false, cgo: false });
      assert.ok(result.ports.find((p) => p.platform === 'linux/arm64')?.firstClass);

      const info = (await client.connection.sendRequest('xbd/targetInfo', { target: 'linux/arm/v7' })) as { label: string; markdown: string };
      assert.equal(info.label, 'linux/arm/v7');
      assert.match(info.markdown, /\*\*Go:\*\* 1\.23 — go 1\.23 in go\.mod/);
      assert.match(info.markdown, /arm-linux-gnueabihf-gcc/);
      const host = (await client.connection.sendRequest('xbd/targetInfo', { target: '' })) as { label: string; markdown: string };
      assert.match(host.label, /^[a-z0-9]+\/[a-z0-9]+ \(this machine\)$/);
      assert.equal((result as Platforms & { unpicked?: string }).unpicked, host.label);
    } finally {
      await client.stop();
    }
  });
});
