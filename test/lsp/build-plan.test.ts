// The workspace's build plan over LSP: an open Dockerfile that a release workflow builds for two platforms
// gets XB301 as a warning naming the workflow line; a Dockerfile built for one platform gets none; editing
// the workflow (open, unsaved) re-analyses the Dockerfile it builds, and only it; a workflow written on disk
// is read into the plan when the file watcher reports it. A compose file with x-bake platforms is bake input too.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol/node';
import { LspClient } from './client';

const scratch = mkdtempSync(join(tmpdir(), 'xbd-lsp-plan-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(scratch, 'w-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const EMULATED = 'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/server ./cmd/server\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/server /server\n';

const RELEASE = `name: release
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/build-push-action@v6
        with:
          file: deploy/Dockerfile
          platforms: linux/amd64,linux/arm64
`;

const MAKEFILE = 'image:\n\tdocker build -t app deploy\n\ntest:\n\tgo test ./...\n';

const BAKE = `target "tools" {
  context = "tools"
}
`;

describe('the build plan over LSP', () => {
  it('judges XB301 by the workflow that builds the Dockerfile, and follows an edit of the workflow', async () => {
    const dir = workspace({ Makefile: MAKEFILE, '.github/workflows/release.yml': RELEASE, 'docker-bake.hcl': BAKE, 'deploy/Dockerfile': EMULATED, 'tools/Dockerfile': EMULATED, 'go.mod': 'module example.com/app\n\ngo 1.22\n' });
    const uri = (p: string) => pathToFileURL(join(dir, p)).href;
    const client = await LspClient.start({ rootUri: pathToFileURL(dir).href, initializationOptions: { debounceMs: 0, goPath: false } });
    try {
      const deploy = await client.open(uri('deploy/Dockerfile'), 'dockerfile', EMULATED);
      const [d] = (await deploy.diagnostics()).diagnostics.filter((x) => x.code === 'XB301');
      assert.ok(d, client.describe());
      assert.equal(d.severity, 2, 'a warning');
      assert.match(String(d.message), /Built for linux\/amd64,linux\/arm64 by release\.yml:11\./);
      assert.ok(d.relatedInformation?.some((r) => r.location.uri === uri('.github/workflows/release.yml') && r.location.range.start.line === 10));

      // The target picker lists the plan's platforms with the build that names them.
      const picker = (await client.connection.sendRequest('xbd/workspacePlatforms', {})) as { used: { platform: string; sources: { uri: string; line: number; what: string }[] }[] };
      const arm64 = picker.used.find((u) => u.platform === 'linux/arm64');
      assert.ok(arm64?.sources.some((s) => s.uri === uri('.github/workflows/release.yml') && s.line === 10 && s.what === 'step steps[1] (line 8)'), JSON.stringify(picker.used));

      const tools = await client.open(uri('tools/Dockerfile'), 'dockerfile', EMULATED);
      assert.deepEqual((await tools.diagnostics()).diagnostics.filter((x) => x.code === 'XB301'), [], 'bake builds it for the builder\'s platform only');

      // The workflow, opened and edited to build one platform: the Dockerfile it builds is analysed again.
      const workflow = await client.open(uri('.github/workflows/release.yml'), 'yaml', RELEASE);
      await workflow.diagnostics();
      const edited = client.mark();
      await workflow.edit([{ range: { start: { line: 10, character: 0 }, end: { line: 11, character: 0 } }, text: '          platforms: linux/amd64\n' }]);
      await client.waitUntil(
        () => client.publishesFor(uri('deploy/Dockerfile'), edited).find((p) => !p.params.diagnostics.some((x) => x.code === 'XB301')),
        'deploy/Dockerfile without XB301 after the workflow builds one platform',
      );
      // tools/Dockerfile's part of the plan did not change: it is not analysed again.
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(client.publishesFor(uri('tools/Dockerfile'), edited), [], 'tools/Dockerfile kept its analysis');

      // A Makefile keystroke that changes nothing in the plan re-analyses no Dockerfile.
      const make = await client.open(uri('Makefile'), 'makefile', MAKEFILE);
      await make.diagnostics();
      const typed = client.mark();
      await make.edit([{ range: { start: { line: 4, character: 13 }, end: { line: 4, character: 13 } }, text: ' -race' }]);
      await make.diagnostics({ since: typed });
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(client.publishesFor(uri('deploy/Dockerfile'), typed), [], 'deploy/Dockerfile not analysed again');

      // A second workflow appears on disk building tools/ for three platforms: the watcher's report brings it into the plan.
      const created = client.mark();
      writeFileSync(join(dir, '.github/workflows/tools.yml'), RELEASE.replace('file: deploy/Dockerfile', 'context: tools').replace('linux/amd64,linux/arm64', 'linux/amd64,linux/arm64,linux/riscv64'));
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('.github/workflows/tools.yml'), type: FileChangeType.Created }] });
      const toolsAfter = await client.waitUntil(
        () => client.publishesFor(uri('tools/Dockerfile'), created).find((p) => p.params.diagnostics.some((x) => x.code === 'XB301')),
        'tools/Dockerfile with XB301 once tools.yml builds it for three platforms',
      );
      const evidence = toolsAfter.params.diagnostics.find((x) => x.code === 'XB301')?.relatedInformation;
      assert.ok(evidence?.some((r) => r.location.uri === uri('.github/workflows/tools.yml')), JSON.stringify(evidence));
    } finally {
      await client.stop();
    }
  });

  it('reads a compose file as bake does: its x-bake platforms judge the Dockerfile, and the compose file gets its own diagnostics', async () => {
    const compose = `services:
  api:
    build:
      context: .
      dockerfile: deploy/Dockerfile
      args:
        TARGETARCH: amd64
      x-bake:
        platforms: [linux/amd64, linux/arm64]
  db:
    image: postgres:16
`;
    const dir = workspace({ 'compose.yaml': compose, 'deploy/Dockerfile': EMULATED, 'go.mod': 'module example.com/app\n\ngo 1.22\n' });
    const uri = (p: string) => pathToFileURL(join(dir, p)).href;
    const client = await LspClient.start({ rootUri: pathToFileURL(dir).href, initializationOptions: { debounceMs: 0, goPath: false } });
    try {
      const deploy = await client.open(uri('deploy/Dockerfile'), 'dockerfile', EMULATED);
      const [d] = (await deploy.diagnostics()).diagnostics.filter((x) => x.code === 'XB301');
      assert.ok(d, client.describe());
      assert.equal(d.severity, 2, 'a warning');
      assert.match(String(d.message), /Built for linux\/amd64,linux\/arm64 by compose\.yaml:9\./);

      // The compose file is a build file of its own: an arg that sets an automatic platform arg is reported there.
      const file = await client.open(uri('compose.yaml'), 'dockercompose', compose);
      const own = (await file.diagnostics()).diagnostics;
      assert.ok(own.some((x) => x.code === 'XB705' && x.range.start.line === 6), JSON.stringify(own));

      // Edited to build the host's platform only: the Dockerfile loses its warning.
      const edited = client.mark();
      await file.edit([{ range: { start: { line: 7, character: 0 }, end: { line: 9, character: 0 } }, text: '' }]);
      await client.waitUntil(
        () => client.publishesFor(uri('deploy/Dockerfile'), edited).find((p) => !p.params.diagnostics.some((x) => x.code === 'XB301' && x.severity === 2)),
        'deploy/Dockerfile without the XB301 warning once compose builds one platform',
      );
    } finally {
      await client.stop();
    }
  });
});
