// Builds followed across files in the server: a release workflow runs `make release` on an arm64 runner with
// GOARCH=amd64; the finding about the Makefile's cgo build is published in the Makefile, with related
// information pointing at the step, and published again when the workflow changes.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspClient } from './client';

const dir = mkdtempSync(join(tmpdir(), 'xbd-lsp-follow-'));
const WORKFLOW = ['name: release', 'on: push', 'jobs:', '  release:', '    runs-on: ubuntu-24.04-arm', '    env:', '      GOOS: linux', '      GOARCH: amd64', '    steps:', '      - uses: actions/checkout@v4', '      - run: make release', ''].join('\n');
const MAKEFILE = ['release:', '\tCGO_ENABLED=1 go build -o bin/agent ./cmd/agent', ''].join('\n');
const workflowUri = pathToFileURL(join(dir, '.github', 'workflows', 'release.yml')).href;
const makefileUri = pathToFileURL(join(dir, 'Makefile')).href;

let client: LspClient;
before(async () => {
  mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
  writeFileSync(join(dir, '.github', 'workflows', 'release.yml'), WORKFLOW);
  writeFileSync(join(dir, 'Makefile'), MAKEFILE);
  writeFileSync(join(dir, 'go.mod'), 'module example.com/agent\n\ngo 1.22\n');
  client = await LspClient.start({ rootUri: pathToFileURL(dir).href });
});
after(async () => {
  await client.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('builds followed across files in the server', () => {
  it('publishes the Makefile finding a workflow step reaches, and again when the workflow changes', async () => {
    let since = client.mark();
    await client.open(makefileUri, 'makefile', MAKEFILE);
    await client.open(workflowUri, 'yaml', WORKFLOW);
    const reached = await client.waitUntil(
      () => client.publishesFor(makefileUri, since).map((p) => p.params.diagnostics.find((d) => d.code === 'XB202')).find(Boolean),
      'the Makefile published with XB202 reached from the workflow',
    );
    assert.equal(reached.range.start.line, 1, 'on the CGO_ENABLED=1 of the recipe');
    const via = reached.relatedInformation?.find((r) => r.location.uri === workflowUri);
    assert.ok(via, JSON.stringify(reached.relatedInformation));
    assert.equal(via.location.range.start.line, 10, 'the step\'s run: line');
    assert.match(via.message, /run by \.github\/workflows\/release\.yml:11 .*on linux\/arm64\) with GOOS=linux GOARCH=amd64/);
    // Its quick fixes come from the workflow's analysis that reached the Makefile (the Makefile alone has no XB202).
    const actions = (await client.codeActions(makefileUri, reached.range, [reached], ['quickfix'])).filter((a) => 'edit' in a && !a.title.startsWith('Ignore '));
    assert.deepEqual(actions.map((a) => a.title), ['Turn cgo off (CGO_ENABLED=0), if nothing needs C'], JSON.stringify(actions));
    const edit = (actions[0] as { edit?: { changes?: Record<string, { newText: string; range: { start: { line: number } } }[]> } }).edit;
    assert.deepEqual(edit?.changes?.[makefileUri]?.map((e) => [e.range.start.line, e.newText]), [[1, '0']]);

    // The job now builds for its own runner's platform: the Makefile's build is native, nothing to say.
    since = client.mark();
    await client.change(workflowUri, 2, [{ text: WORKFLOW.replace('GOARCH: amd64', 'GOARCH: arm64') }]);
    await client.waitUntil(() => client.publishesFor(makefileUri, since).find((p) => !p.params.diagnostics.some((d) => d.code === 'XB202')), 'the Makefile republished without XB202');
  });
});
