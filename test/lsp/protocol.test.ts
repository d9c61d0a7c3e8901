// Protocol tests: the real bundled server (dist/server.js --stdio) driven by a real JSON-RPC client.
// Run `node scripts/build.mjs --tests` first, then `node --test out/test/test/lsp/`.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import {
  applyEdits,
  editsFor,
  FAST,
  isCodeAction,
  messageOf,
  LspClient,
  rangeOf,
  textAt,
  withServer,
  type OpenDocument,
} from './client';

// A workspace folder of our own (with no go.mod above it that we control) so URIs are real file URIs.
const scratch = mkdtempSync(join(tmpdir(), 'xbd-lsp-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const uriOf = (...parts: string[]) => pathToFileURL(join(scratch, ...parts)).href;

// Tests that need no special options share one server (an editor session with many files open), each
// with its own documents; starting a server costs a WebAssembly compile, and CI machines are busy.
let shared: Promise<LspClient> | undefined;
after(async () => {
  if (shared) await (await shared.catch(() => undefined))?.stop();
});
async function withSharedServer(body: (client: LspClient) => Promise<void>): Promise<void> {
  shared ??= LspClient.start({ initializationOptions: FAST });
  const client = await shared;
  assert.ok(client.alive, `the shared server is gone:\n${client.describe()}`);
  await body(client);
}

const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => d.code);
const only = (p: PublishDiagnosticsParams, code: string) => p.diagnostics.filter((d) => d.code === code);

const DOCKERFILE = [
  'FROM golang:1.22-alpine AS build',
  'WORKDIR /src',
  'COPY go.mod go.sum ./',
  'RUN go mod download',
  'COPY . .',
  'RUN GOOS=linux GOARCH=aarch64 go build -o /out/app .',
  '',
  'FROM alpine:3.20',
  'COPY --from=build /out/app /usr/local/bin/app',
  'ENTRYPOINT ["/usr/local/bin/app"]',
  '',
].join('\n');

const CLEAN_DOCKERFILE = [
  'FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build',
  'ARG TARGETOS TARGETARCH TARGETVARIANT',
  'WORKDIR /src',
  'COPY . .',
  'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH GOARM=${TARGETVARIANT#v} go build -o /out/app ./cmd/app',
  '',
  'FROM gcr.io/distroless/static-debian12',
  'COPY --from=build /out/app /app',
  'ENTRYPOINT ["/app"]',
  '',
].join('\n');

/** Asserts that the document (as the server now sees it) has no finding with `code`, via a fresh publish. */
async function assertNoFinding(doc: OpenDocument, code: string): Promise<PublishDiagnosticsParams> {
  const published = await doc.diagnostics();
  assert.deepEqual(only(published, code), [], `${code} still reported for version ${doc.version}:\n${doc.text}`);
  return published;
}

describe('xbd language server over stdio', () => {
  it('1. initialize announces incremental sync, quick fixes and serverInfo xbd; shutdown/exit ends with code 0', async () => {
    const client = await LspClient.start({ initializationOptions: FAST });
    let stopped = false;
    try {
      const { capabilities, serverInfo } = client.initializeResult;
      const sync = capabilities.textDocumentSync;
      assert.equal(typeof sync === 'number' ? sync : sync?.change, 2, 'TextDocumentSyncKind.Incremental');
      const provider = capabilities.codeActionProvider;
      assert.ok(provider && typeof provider === 'object', 'codeActionProvider must be CodeActionOptions');
      assert.ok(provider.codeActionKinds?.includes('quickfix'), JSON.stringify(provider));
      assert.equal(serverInfo?.name, 'xbd');
      const exit = await client.stop();
      stopped = true;
      assert.deepEqual(exit, { code: 0, signal: null }, 'a shutdown request before exit means exit code 0');
    } finally {
      if (!stopped) await client.stop();
    }
  });

  it('2. didOpen of a Dockerfile with GOARCH=aarch64 publishes exactly one XB102', async () => {
    await withSharedServer(async (client) => {
      const doc = await client.open(uriOf('t2', 'Dockerfile'), 'dockerfile', DOCKERFILE);
      const published = await doc.diagnostics();
      assert.equal(published.version, 1);
      assert.equal(only(published, 'XB102').length, 1, client.describe());
      const [d] = only(published, 'XB102');
      assert.equal(d.code, 'XB102');
      assert.equal(d.source, 'xbd');
      assert.equal(d.severity, 1);
      assert.deepEqual(d.range, rangeOf(DOCKERFILE, 'aarch64'));
      assert.equal(d.range.start.line, 5);
      assert.equal(textAt(DOCKERFILE, d.range), 'aarch64');
      assert.match(messageOf(d), /aarch64/);
      assert.match(messageOf(d), /arm64/);
      assert.ok(d.codeDescription?.href.endsWith('/XB102.md'), d.codeDescription?.href);
      // Only the version: the fixes stay in the server, where code actions take them (test 3).
      assert.deepEqual(d.data, { version: 1 });
    });
  });

  it('3. codeAction round trip: the preferred quick fix, applied as an incremental change, clears XB102', async () => {
    await withSharedServer(async (client) => {
      const uri = uriOf('t3', 'Dockerfile');
      const doc = await client.open(uri, 'dockerfile', DOCKERFILE);
      const [diagnostic] = only(await doc.diagnostics(), 'XB102');
      assert.ok(diagnostic, client.describe());

      const actions = await client.codeActions(uri, diagnostic.range, [diagnostic], ['quickfix']);
      const fixes = actions.filter(isCodeAction).filter((a) => a.kind === 'quickfix');
      const preferred = fixes.find((a) => a.isPreferred === true);
      assert.ok(preferred, `no preferred quick fix in ${JSON.stringify(actions)}`);
      assert.ok(preferred.edit, 'the quick fix carries a WorkspaceEdit');
      assert.deepEqual(preferred.diagnostics?.map((d) => d.code), ['XB102']);
      assert.deepEqual(Object.keys(preferred.edit.changes ?? {}), [uri], 'the edit touches only this document');

      const expected = applyEdits(doc.text, editsFor(preferred.edit, uri));
      assert.equal(expected, DOCKERFILE.replace('GOARCH=aarch64', 'GOARCH=arm64'));
      const version = await doc.applyWorkspaceEdit(preferred.edit);
      assert.equal(version, 2);
      assert.equal(doc.text, expected);

      const after = await assertNoFinding(doc, 'XB102');
      assert.equal(after.version, 2);
      assert.deepEqual(only(after, 'XB102'), []);
    });
  });

  it('4. an incremental change that adds GOOS=macos yields XB101 on "macos"; removing it clears it', async () => {
    await withSharedServer(async (client) => {
      const doc = await client.open(uriOf('t4', 'Dockerfile'), 'dockerfile', CLEAN_DOCKERFILE);
      assert.deepEqual((await doc.diagnostics()).diagnostics, []);

      const at = rangeOf(doc.text, 'go build').start;
      await doc.insert(at, 'GOOS=macos ');
      assert.equal(doc.text.split('\n')[4], 'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH GOARM=${TARGETVARIANT#v} GOOS=macos go build -o /out/app ./cmd/app');
      const published = await doc.diagnostics();
      const xb101 = only(published, 'XB101');
      assert.equal(xb101.length, 1, client.describe());
      assert.deepEqual(xb101[0].range, rangeOf(doc.text, 'macos'));
      assert.deepEqual(xb101[0].range, {
        start: { line: 4, character: at.character + 5 },
        end: { line: 4, character: at.character + 10 },
      });
      assert.match(messageOf(xb101[0]), /darwin/);

      await doc.replace({ start: at, end: { line: at.line, character: at.character + 'GOOS=macos '.length } }, '');
      assert.equal(doc.text, CLEAN_DOCKERFILE);
      const cleared = await assertNoFinding(doc, 'XB101');
      assert.deepEqual(cleared.diagnostics, []);
    });
  });

  it('5. debounce: after rapid changes the latest version wins and nothing older is published after it', async () => {
    await withServer({ initializationOptions: { debounceMs: 50, goPath: false } }, async (client) => {
      const uri = uriOf('t5', 'Dockerfile');
      const base = DOCKERFILE.replace('GOARCH=aarch64', 'GOARCH=x');
      const doc = await client.open(uri, 'dockerfile', base);
      await doc.diagnostics();
      const sentinel = await client.open(uriOf('t5', 'sentinel', 'Dockerfile'), 'dockerfile', CLEAN_DOCKERFILE);
      await sentinel.diagnostics();

      // Typing "86_64" after "x", one keystroke per version (2..6), without waiting in between.
      let at = { ...rangeOf(doc.text, 'GOARCH=x').end };
      const sent: Promise<number>[] = [];
      for (const ch of '86_64') {
        sent.push(doc.insert(at, ch));
        at = { line: at.line, character: at.character + 1 };
      }
      assert.deepEqual(await Promise.all(sent), [2, 3, 4, 5, 6]);
      assert.match(doc.text, /GOARCH=x86_64 go build/);

      const latest = await doc.diagnostics({ version: 6 });
      const [d] = only(latest, 'XB102');
      assert.ok(d, client.describe());
      assert.deepEqual(d.range, rangeOf(doc.text, 'x86_64'), 'the range is that of the final text');
      assert.match(messageOf(d), /GOARCH=x86_64 /);
      assert.match(messageOf(d), /amd64/);
      const latestSeq = client.publishesFor(uri).find((p) => p.params === latest)!.seq;

      // Barrier: a change to another document now is debounced after every timer the changes above could
      // have set, so once it is published any stale publish for `uri` would already have arrived.
      await sentinel.insert({ line: 2, character: 0 }, 'ENV CGO_ENABLED=0\n');
      await sentinel.diagnostics();

      const later = client.publishesFor(uri, latestSeq + 1);
      assert.deepEqual(
        later.filter((p) => p.params.version !== 6).map((p) => p.params.version),
        [],
        'a publish for an older version arrived after version 6',
      );
      for (const p of later) assert.deepEqual(p.params.diagnostics, latest.diagnostics);
      // Debounced: the keystrokes did not each produce a publish for their intermediate version after 6,
      // and whatever was published for intermediates came before the final one.
      for (const p of client.publishesFor(uri)) {
        if (p.params.version !== undefined && p.params.version < 6) assert.ok(p.seq < latestSeq);
      }
    });
  });

  it('6. settings from workspace/configuration: XB102 off, then warning after didChangeConfiguration', async () => {
    await withServer({ settings: { rules: { XB102: 'off' } } }, async (client) => {
      const uri = uriOf('t6', 'Dockerfile');
      const doc = await client.open(uri, 'dockerfile', DOCKERFILE);
      const first = await doc.diagnostics();
      assert.deepEqual(only(first, 'XB102'), [], 'XB102 is off');
      assert.ok(
        client.configurationRequests.some((r) => r.section === 'xbd' && r.scopeUri === uri),
        `the server pulls section xbd for the document: ${JSON.stringify(client.configurationRequests)}`,
      );

      client.settings = { rules: { XB102: 'warning' } };
      const since = client.mark();
      await client.didChangeConfiguration();
      const again = await doc.diagnostics({ since });
      assert.equal(again.version, 1);
      const xb102 = only(again, 'XB102');
      assert.equal(xb102.length, 1, client.describe());
      assert.equal(xb102[0].severity, 2);
      assert.deepEqual(xb102[0].range, rangeOf(DOCKERFILE, 'aarch64'));
    });
  });

  it('7. Makefile and shell script documents are analysed: XB102 in a Makefile, XB101 in build.sh', async () => {
    await withSharedServer(async (client) => {
      const makefile = [
        'BINARY := app',
        'export GOOS := linux',
        'export GOARCH := x86_64',
        '',
        '.PHONY: build',
        'build:',
        '\tCGO_ENABLED=0 go build -trimpath -o bin/$(BINARY) ./cmd/$(BINARY)',
        '',
      ].join('\n');
      const mk = await client.open(uriOf('t7', 'Makefile'), 'makefile', makefile);
      const mkDiags = await mk.diagnostics();
      const xb102 = only(mkDiags, 'XB102');
      assert.equal(xb102.length, 1, client.describe());
      assert.deepEqual(xb102[0].range, rangeOf(makefile, 'x86_64'));
      assert.equal(xb102[0].range.start.line, 2);
      assert.match(messageOf(xb102[0]), /amd64/);

      const script = [
        '#!/usr/bin/env bash',
        'set -euo pipefail',
        'mkdir -p dist',
        'GOOS=win go build -o dist/app.exe ./cmd/app',
        'echo "built dist/app.exe"',
        '',
      ].join('\n');
      const sh = await client.open(uriOf('t7', 'scripts', 'build.sh'), 'shellscript', script);
      const shDiags = await sh.diagnostics();
      const xb101 = only(shDiags, 'XB101');
      assert.equal(xb101.length, 1, client.describe());
      assert.deepEqual(xb101[0].range, rangeOf(script, 'win'));
      assert.equal(xb101[0].range.start.line, 3);
      assert.match(messageOf(xb101[0]), /windows/);
      assert.ok(!codes(shDiags).includes('XB102'));
    });
  });

  it('8. ignores documents it does not read and survives binary junk in a Dockerfile', async () => {
    await withServer({}, async (client) => {
      const readme = 'file:///x/readme.txt';
      await client.open(readme, 'plaintext', 'GOOS=macos GOARCH=aarch64 go build\nSee the Dockerfile.\n');

      const junk = junkDockerfile();
      assert.ok(junk.includes('\u0000') && junk.includes('\r\n'));
      const junkDoc = await client.open(uriOf('t8', 'Dockerfile'), 'dockerfile', junk);
      const junkDiags = await junkDoc.diagnostics();
      assertRangesInside(junkDiags.diagnostics, junk);

      // Incremental edits to the junk: NUL and a backtick at the end of a CRLF line, a replacement across
      // lines, a terminator after the unterminated heredoc followed by a dangling escape.
      await junkDoc.insert({ line: 0, character: '# escape=`'.length }, '\u0000`');
      await junkDoc.replace({ start: { line: 1, character: 2 }, end: { line: 3, character: 1 } }, '"\r\n\u0000');
      const last = junkDoc.text.split(/\r\n|\r|\n/).length - 1;
      await junkDoc.insert({ line: last, character: 0 }, 'EOF\r\nRUN GOARCH=`\r\n');
      const edited = await junkDoc.diagnostics();
      assertRangesInside(edited.diagnostics, junkDoc.text);

      // Still serving: a code action on another document is answered and the process is alive.
      const other = await client.open(uriOf('t8', 'other', 'Dockerfile'), 'dockerfile', DOCKERFILE);
      const [d] = only(await other.diagnostics(), 'XB102');
      assert.ok(d, client.describe());
      const actions = await client.codeActions(other.uri, d.range, [d]);
      assert.ok(actions.filter(isCodeAction).some((a) => a.isPreferred), JSON.stringify(actions));
      assert.ok(client.alive, 'the server process is alive');

      // The readme: opened before everything above, so its publish (if any) has long arrived.
      for (const p of client.publishesFor(readme)) assert.deepEqual(p.params.diagnostics, [], 'plaintext is not analysed');
    });
  });

  it('9. codeAction with a stale diagnostic never returns a wrong edit', async () => {
    await withSharedServer(async (client) => {
      const uri = uriOf('t9', 'Dockerfile');
      const doc = await client.open(uri, 'dockerfile', DOCKERFILE);
      const [v1] = only(await doc.diagnostics(), 'XB102');
      assert.ok(v1, client.describe());

      /** If the server answers with a fix, it must fix the CURRENT text (checked by the server itself). */
      const checkActions = async (stale: Diagnostic, mustContain?: string) => {
        const actions = (await client.codeActions(uri, stale.range, [stale])).filter(isCodeAction);
        const withEdit = actions.filter((a): a is CodeAction & { edit: NonNullable<CodeAction['edit']> } => Boolean(a.edit));
        if (!withEdit.length) return false;
        const action = withEdit.find((a) => a.isPreferred) ?? withEdit[0];
        const fixed = applyEdits(doc.text, editsFor(action.edit, uri));
        if (mustContain) assert.ok(fixed.includes(mustContain), `wrong edit "${action.title}" for the current text:\n${fixed}`);
        await doc.applyWorkspaceEdit(action.edit);
        await assertNoFinding(doc, 'XB102');
        return true;
      };

      // (a) A line inserted above: the stale range now points at the line before the finding.
      await doc.insert({ line: 0, character: 0 }, '# syntax=docker/dockerfile:1\n');
      const v2 = only(await doc.diagnostics(), 'XB102');
      assert.equal(v2.length, 1);
      assert.equal(v2[0].range.start.line, v1.range.start.line + 1);
      const before = doc.text;
      const answered = await checkActions(v1, 'GOARCH=arm64');
      if (!answered) assert.equal(doc.text, before);

      // (b) The same range now holds another wrong value (aarch64 -> ppc64el, same length), and the code
      // action arrives before the server published for the new version: the diagnostic's own fixes
      // (arm64) would be wrong, only ppc64le is right.
      const doc2 = await client.open(uriOf('t9', 'b', 'Dockerfile'), 'dockerfile', DOCKERFILE);
      const [stale] = only(await doc2.diagnostics(), 'XB102');
      assert.ok(stale);
      await doc2.replace(stale.range, 'ppc64el');
      const actions = (await client.codeActions(doc2.uri, stale.range, [stale])).filter(isCodeAction);
      for (const a of actions) {
        if (!a.edit) continue;
        const fixed = applyEdits(doc2.text, editsFor(a.edit, doc2.uri));
        assert.ok(!fixed.includes('GOARCH=arm64'), `stale fix applied to new text: "${a.title}"`);
      }
      const preferred = actions.find((a) => a.edit && a.isPreferred);
      if (preferred?.edit) {
        assert.equal(applyEdits(doc2.text, editsFor(preferred.edit, doc2.uri)), DOCKERFILE.replace('aarch64', 'ppc64le'));
        await doc2.applyWorkspaceEdit(preferred.edit);
        await assertNoFinding(doc2, 'XB102');
      }
    });
  });

  it('10. didClose publishes an empty diagnostics list and nothing after it', async () => {
    await withSharedServer(async (client) => {
      const uri = uriOf('t10', 'Dockerfile');
      const doc = await client.open(uri, 'dockerfile', DOCKERFILE);
      assert.equal(only(await doc.diagnostics(), 'XB102').length, 1);

      // A change immediately followed by close: whatever the change scheduled must not outlive the close.
      await doc.insert({ line: 1, character: 0 }, 'ENV CGO_ENABLED=0\n');
      const since = client.mark();
      await doc.close();
      const closed = await client.diagnostics(uri, { since, version: null });
      assert.deepEqual(closed.diagnostics, []);

      // Barrier: another document published after the close; by then any late publish for uri has arrived.
      const sentinel = await client.open(uriOf('t10', 'sentinel', 'Dockerfile'), 'dockerfile', CLEAN_DOCKERFILE);
      await sentinel.diagnostics();
      const last = client.publishesFor(uri).at(-1)!;
      assert.deepEqual(last.params.diagnostics, [], 'the last word about a closed document is []');
    });
  });

  it('11. didOpen is analysed at once, not after the keystroke debounce', async () => {
    // The server schedules an opened document with delay 0; only changes wait for debounceMs. With a
    // debounce far longer than the wait below, a publish can only arrive if opening is not debounced.
    await withServer({ initializationOptions: { debounceMs: 300_000, goPath: false } }, async (client) => {
      const doc = await client.open(uriOf('t11', 'Dockerfile'), 'dockerfile', DOCKERFILE);
      const published = await doc.diagnostics({ timeoutMs: 10_000 });
      assert.ok(codes(published).includes('XB102'), client.describe());
    });
  });
});

/** Every range lies inside the text it was computed for, with start <= end. */
function assertRangesInside(diagnostics: Diagnostic[], text: string): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const d of diagnostics) {
    const { start, end } = d.range;
    assert.ok(start.line < lines.length && end.line < lines.length, `range outside the document: ${JSON.stringify(d)}`);
    assert.ok(start.character <= lines[start.line].length && end.character <= lines[end.line].length, `range past line end: ${JSON.stringify(d)}`);
    assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), `inverted range: ${JSON.stringify(d)}`);
  }
}

/** A Dockerfile a broken download or a bad merge could leave behind; deterministic. */
function junkDockerfile(): string {
  let seed = 0x5eed1234;
  const random = () => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const bytes = Array.from({ length: 600 }, () => String.fromCharCode(Math.floor(random() * 256))).join('');
  return [
    '# escape=`',
    'FROM golang:1.22 AS build',
    'RUN GOOS=linux `',
    '    GOARCH=aarch64 `',
    '    go build -o /out/app .',
    'RUN echo "unbalanced \'quotes `',
    '    && GOARCH=x86_64 go build .',
    `ENV GOOS="linux GOARCH='arm`,
    '\u0000\u0000\u0000',
    bytes,
    '\uFFFD\ud800\udfff\u202e GOARCH=\u0000 go build',
    'ARG A=${B:-${C',
    'RUN GOOS=$(echo `',
    'RUN <<EOF',
    'GOARCH=armv7 go build -o /out/app .',
    'echo never terminated',
  ].join('\r\n');
}
