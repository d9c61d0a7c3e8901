// Protocol tests for hovers and inlay hints, and for xbd.target / xbd.inlayHints through configuration.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { HoverRequest, InlayHintRequest, type Hover, type InlayHint, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { rangeOf, withServer, type LspClient } from './client';

const scratch = mkdtempSync(join(tmpdir(), 'xbd-lsp-hover-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const uriOf = (...parts: string[]) => pathToFileURL(join(scratch, ...parts)).href;

const DOCKERFILE = [
  'FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build',
  'ARG TARGETOS TARGETARCH',
  'WORKDIR /src',
  'COPY . .',
  'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app ./cmd/app',
  '',
  'FROM golang:1.22 AS tools',
  'RUN go build -o /out/tool ./cmd/tool',
  '',
].join('\n');

const WHOLE = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };

function hover(client: LspClient, uri: string, position: { line: number; character: number }): Promise<Hover | null> {
  return client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
}

async function hints(client: LspClient, uri: string): Promise<InlayHint[]> {
  return (await client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: WHOLE })) ?? [];
}

const markdown = (h: Hover | null) => (h?.contents as MarkupContent | undefined)?.value ?? '';

describe('hovers and inlay hints over LSP', () => {
  it('announces both, hovers on an assignment and on $TARGETARCH, and hints each go build', async () => {
    await withServer({}, async (client) => {
      const caps = client.initializeResult.capabilities;
      assert.equal(caps.hoverProvider, true);
      assert.equal(caps.inlayHintProvider, true);
      const uri = uriOf('a', 'Dockerfile');
      const doc = await client.open(uri, 'dockerfile', DOCKERFILE);
      await doc.diagnostics();

      const onName = await hover(client, uri, rangeOf(DOCKERFILE, 'CGO_ENABLED').start);
      assert.match(markdown(onName), /^\*\*CGO_ENABLED\*\* = `0`/);
      assert.deepEqual(onName?.range, rangeOf(DOCKERFILE, 'CGO_ENABLED=0'));
      assert.equal((onName?.contents as MarkupContent).kind, 'markdown');

      const ref = rangeOf(DOCKERFILE, '$TARGETARCH');
      const onRef = await hover(client, uri, { line: ref.start.line, character: ref.start.character + 3 });
      assert.match(markdown(onRef), /\*\*\$TARGETARCH\*\*: BuildKit's automatic platform arg/);
      assert.match(markdown(onRef), /Declared in stage `build`/);
      assert.deepEqual(onRef?.range, ref);

      assert.equal(await hover(client, uri, { line: 2, character: 3 }), null, 'WORKDIR: nothing to say');

      const got = await hints(client, uri);
      assert.deepEqual(
        got.map((h) => [h.position.line, h.label]),
        [
          // CGO_ENABLED=0 is written on the line: not repeated.
          [4, '⟨$TARGETOS/$TARGETARCH⟩'],
          // No --platform: the stage runs on (and go builds for) the target platform.
          [7, '⟨$TARGETOS/$TARGETARCH · cgo on⟩'],
        ],
      );
      assert.deepEqual(got[0].position, rangeOf(DOCKERFILE, '-o /out/app').start, 'before the arguments, where a long line cannot push it away');
      assert.equal(got[0].paddingRight, true);
      assert.match((got[0].tooltip as MarkupContent).value, /CGO_ENABLED=0/);

      // Only hints inside the requested range.
      const line7 = await client.connection.sendRequest(InlayHintRequest.type, {
        textDocument: { uri },
        range: { start: { line: 7, character: 0 }, end: { line: 8, character: 0 } },
      });
      assert.deepEqual(line7?.map((h) => h.position.line), [7]);
    });
  });

  it('xbd.inlayHints false turns hints off; xbd.target reaches hovers and re-analyses target-dependent rules', async () => {
    await withServer({ settings: { inlayHints: false } }, async (client) => {
      const uri = uriOf('b', 'build.sh');
      const script = '#!/bin/sh\nGOOS=linux GOARCH=arm64 go test ./...\n';
      const doc = await client.open(uri, 'shellscript', script);
      const first = await doc.diagnostics();
      assert.ok(first.diagnostics.some((d) => d.code === 'XB503'), `go test for arm64 on an amd64 host: ${client.describe()}`);
      assert.deepEqual(await hints(client, uri), []);

      client.settings = { target: 'linux/arm64' };
      const since = client.mark();
      await client.didChangeConfiguration();
      const again = await client.diagnostics(uri, { since });
      assert.deepEqual(again.diagnostics.filter((d) => d.code === 'XB503'), [], 'the picked target runs arm64 binaries');
      // GOOS and GOARCH are written on the line: the hint says only what it does not.
      assert.deepEqual((await hints(client, uri)).map((h) => h.label), ['⟨cgo off⟩']);
    });
  });

  it('a picked target platform changes the hints of commands that follow $TARGETARCH', async () => {
    await withServer({}, async (client) => {
      const uri = uriOf('d', 'Dockerfile');
      const doc = await client.open(uri, 'dockerfile', DOCKERFILE);
      await doc.diagnostics();
      assert.equal((await hints(client, uri))[0]?.label, '⟨$TARGETOS/$TARGETARCH⟩');
      client.settings = { target: 'linux/arm64' };
      await client.didChangeConfiguration();
      assert.equal((await hints(client, uri))[0]?.label, '⟨linux/arm64⟩');
      assert.match(((await hints(client, uri))[0]?.tooltip as MarkupContent).value, /picked target platform linux\/arm64/);
    });
  });

  it('hovers and hints answer for the current text at once, even while its diagnostics wait for the debounce', async () => {
    await withServer({ initializationOptions: { debounceMs: 300_000, goPath: false } }, async (client) => {
      const uri = uriOf('c', 'Dockerfile');
      const doc = await client.open(uri, 'dockerfile', DOCKERFILE);
      const [h] = await hints(client, uri);
      assert.ok(h, client.describe());
      await doc.diagnostics();
      // An edit is debounced for 300 s, yet hovers answer for the new text at once.
      await doc.insert({ line: 7, character: 4 }, 'CGO_ENABLED=1 ');
      const onNew = await hover(client, uri, { line: 7, character: 6 });
      assert.match(markdown(onNew), /^\*\*CGO_ENABLED\*\* = `1`/);
    });
  });
});
