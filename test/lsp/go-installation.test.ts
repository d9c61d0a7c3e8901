// The server reports XB402 and XB403 on the go env file when it is opened: the facts come from the go it
// runs (a fake `go` on PATH whose `go env -json` names a go env file in the scratch directory) and from
// the server's own environment (GOROOT pointing at an empty directory, a PATH without GOBIN).
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { LspClient, messageOf } from './client';

const scratch = mkdtempSync(join(tmpdir(), 'xbd-lsp-goenv-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A go that answers like go1.22.5 whose go env file is `goenv`, GOBIN `gobin`, own root `ownRoot`. */
function fakeGo(dir: string, goenv: string, gobin: string, ownRoot: string): void {
  mkdirSync(dir, { recursive: true });
  const env = JSON.stringify({ GOENV: goenv, GOBIN: gobin, GOPATH: join(scratch, 'gopath'), GOOS: 'linux', GOARCH: 'amd64', GOROOT: ownRoot });
  writeFileSync(
    join(dir, 'go'),
    ['#!/bin/sh', 'case "$1 $2" in', '  "version "*) echo "go version go1.22.5 linux/amd64" ;;', `  "env GOROOT") echo '${ownRoot}' ;;`, `  "env -json") echo '${env}' ;;`, '  *) echo "[]" ;;', 'esac', ''].join('\n'),
  );
  chmodSync(join(dir, 'go'), 0o755);
}

describe('XB402 and XB403 in the editor', () => {
  it('diagnostics on the go env file once go has been asked; none on another go.env', async () => {
    const workspace = join(scratch, 'ws');
    mkdirSync(workspace, { recursive: true });
    writeFileSync(join(workspace, 'go.mod'), 'module example.com/app\n\ngo 1.22\n');
    const goenv = join(scratch, 'config', 'go', 'env');
    mkdirSync(join(scratch, 'config', 'go'), { recursive: true });
    const text = 'GOBIN=/opt/tools\nGOPRIVATE=github.com/acme/*\n';
    writeFileSync(goenv, text);
    const emptyRoot = mkdtempSync(join(scratch, 'empty-root-'));
    const bin = join(scratch, 'bin');
    fakeGo(bin, goenv, '/opt/tools', join(scratch, 'own-root'));
    const client = await LspClient.start({
      rootUri: pathToFileURL(workspace).href,
      initializationOptions: { debounceMs: 0, trusted: true },
      env: { PATH: `${bin}:/usr/bin:/bin`, GOROOT: emptyRoot },
    });
    try {
      const doc = await client.open(pathToFileURL(goenv).href, 'goenv', text);
      const published = await client.waitUntil(() => {
        const last = client.published.filter((p) => p.params.uri === doc.uri).pop();
        return last && last.params.diagnostics.some((d) => d.code === 'XB402') ? last.params : undefined;
      }, 'XB402 on the go env file');
      const byCode = Object.fromEntries(published.diagnostics.map((d) => [String(d.code), d]));
      assert.deepEqual(Object.keys(byCode).sort(), ['XB402', 'XB403']);
      assert.equal(byCode.XB402.range.start.line, 0);
      assert.match(messageOf(byCode.XB402), /in go's environment is not a Go installation: unset it where it is exported\./);
      // The reasoning travels as related information, which the Problems panel shows under the problem.
      assert.match(byCode.XB402.relatedInformation?.map((r) => r.message).join('\n') ?? '', /set in the environment the go command runs with/);
      assert.equal(byCode.XB403.range.start.line, 0); // the GOBIN line
      assert.match(messageOf(byCode.XB403), /\/opt\/tools \(GOBIN\)/);

      const projectEnv = await client.open(pathToFileURL(join(workspace, 'go.env')).href, 'goenv', text);
      const other = await projectEnv.diagnostics();
      assert.deepEqual(other.diagnostics.filter((d) => d.code === 'XB402' || d.code === 'XB403'), []);
    } finally {
      await client.stop();
    }
  });
});
