// Workspace Trust: in a restricted (untrusted) workspace the server spawns no process, whatever the
// settings name. A fake `go` on PATH (and another one named by xbd.goPath) records every run in a marker
// file; the trusted run shows the fake is found and run, the untrusted runs that it never is.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { LspClient } from './client';

const scratch = mkdtempSync(join(tmpdir(), 'xbd-lsp-trust-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A directory with an executable `go` that appends its arguments to `marker` and answers like go1.22.5. */
function fakeGo(name: string): { dir: string; bin: string; marker: string } {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  const marker = join(dir, 'ran');
  const bin = join(dir, 'go');
  writeFileSync(
    bin,
    [
      '#!/bin/sh',
      `echo "$*" >> '${marker}'`,
      'case "$1" in',
      '  version) echo "go version go1.22.5 linux/amd64" ;;',
      '  env) echo "{}" ;;',
      '  *) echo "[]" ;;',
      'esac',
      '',
    ].join('\n'),
  );
  chmodSync(bin, 0o755);
  return { dir, bin, marker };
}

const DOCKERFILE = 'FROM golang:1.22\nRUN GOARCH=aarch64 go build .\n';

async function session(trusted: boolean, workspace: string, go: ReturnType<typeof fakeGo>, settings: Record<string, unknown> = {}) {
  mkdirSync(workspace, { recursive: true });
  writeFileSync(join(workspace, 'go.mod'), 'module example.com/app\n\ngo 1.22\n');
  return LspClient.start({
    rootUri: pathToFileURL(workspace).href,
    initializationOptions: { debounceMs: 0, trusted },
    env: { PATH: `${go.dir}:/usr/bin:/bin` },
    settings,
  });
}

describe('workspace trust', () => {
  it('trusted: the go on PATH is run; restricted: no process at all, even with xbd.goPath set', async () => {
    // Trusted: the fake is run, and its version reaches the log.
    const onPath = fakeGo('path-go');
    const trusted = await session(true, join(scratch, 'trusted'), onPath);
    const started = Date.now();
    let took: number;
    try {
      const doc = await trusted.open(pathToFileURL(join(scratch, 'trusted', 'Dockerfile')).href, 'dockerfile', DOCKERFILE);
      await doc.diagnostics();
      // The probe ends with a re-analysis (a new publish), so this re-checks when it is done.
      await trusted.waitUntil(() => (existsSync(onPath.marker) && trusted.logs.some((l) => l.includes('go1.22.5')) ? true : undefined), 'the fake go to be run');
      took = Date.now() - started;
      assert.match(readFileSync(onPath.marker, 'utf8'), /^version$/m);
    } finally {
      await trusted.stop();
    }

    // Restricted, twice: with go on PATH, and with xbd.goPath naming another executable.
    const named = fakeGo('named-go');
    for (const [i, settings] of [{}, { goPath: named.bin }].entries()) {
      const fresh = fakeGo(`path-go-${i}`);
      const client = await session(false, join(scratch, `untrusted-${i}`), fresh, settings);
      try {
        const doc = await client.open(pathToFileURL(join(scratch, `untrusted-${i}`, 'Dockerfile')).href, 'dockerfile', DOCKERFILE);
        const published = await doc.diagnostics();
        assert.ok(published.diagnostics.some((d) => d.code === 'XB102'), 'analysis still works, on embedded knowledge');
        // A quiet period three times as long as the trusted probe took (at least 1.5 s): no run may start in it.
        const quiet = Math.max(1500, 3 * took);
        await new Promise((resolve) => setTimeout(resolve, quiet));
        assert.ok(client.alive);
        assert.equal(existsSync(fresh.marker), false, `go on PATH was run in a restricted workspace: ${readFileSafe(fresh.marker)}`);
        assert.equal(existsSync(named.marker), false, `xbd.goPath was run in a restricted workspace: ${readFileSafe(named.marker)}`);
        assert.ok(!client.logs.some((l) => l.includes('go1.22.5')), client.logs.join('\n'));
      } finally {
        await client.stop();
      }
    }
  });
});

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
