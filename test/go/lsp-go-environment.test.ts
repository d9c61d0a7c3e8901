// The go environment over the protocol, with a real go (the newest of the installed toolchains) and a
// private HOME and GOENV: the "Show Go environment" view (xbd/goEnvironment and its diagnostics), the
// `go env -u` command (real, on the private file), the file watchers the server registers, and what
// happens without go (said once) or in a restricted workspace (no process).
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import {
  DidChangeWatchedFilesNotification,
  ExecuteCommandRequest,
  FileChangeType,
  ShowMessageRequest,
  type CodeAction,
  type Command,
  type Diagnostic,
  type FileSystemWatcher,
} from 'vscode-languageserver-protocol/node';
import { hostPlatform } from '../../server/src/go/toolchain';
import { findToolchains, runGo, type Toolchain } from '../truth/toolchains';
import { LspClient } from '../lsp/client';

const scratch = mkdtempSync(join(tmpdir(), 'xbd-lsp-goenv-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const VIEW = 'xbd-goenv:/go%20env';

interface ViewResult {
  uri: string;
  text: string;
  goenv?: string;
  diagnostics: Diagnostic[];
  unset: string[];
}

/** The newest installed Go; these tests need one (scripts/install-test-deps.sh installs them). */
function newestGo(): Toolchain {
  const all = findToolchains();
  assert.ok(all.length, 'no Go toolchain found where test/truth/toolchains.ts looks: run scripts/install-test-deps.sh');
  return all[all.length - 1];
}

/** A project folder and a private home whose go env file holds what `go env -w` wrote. */
function machine(name: string, tc: Toolchain, persist: string[]) {
  const root = join(scratch, name);
  const workspace = join(root, 'app');
  const home = join(root, 'home');
  const goenv = join(home, '.config', 'go', 'env');
  mkdirSync(workspace, { recursive: true });
  mkdirSync(dirname(goenv), { recursive: true });
  writeFileSync(join(workspace, 'go.mod'), 'module example.com/app\n\ngo 1.21\n');
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), GOENV: goenv, GOPATH: join(home, 'go'), GOFLAGS: '', GOPROXY: 'off', GOCACHE: join(home, 'cache') };
  if (persist.length) {
    const r = runGo(tc, ['env', '-w', ...persist], { cwd: workspace, env });
    assert.equal(r.code, 0, r.stderr);
  }
  return { workspace, home, goenv, env };
}

async function viewOf(client: LspClient): Promise<ViewResult> {
  return client.connection.sendRequest<ViewResult>('xbd/goEnvironment', { uri: VIEW });
}

function lineText(text: string, d: Diagnostic): string {
  return text.split('\n')[d.range.start.line];
}

function commandOf(a: CodeAction | Command): Command | undefined {
  return 'command' in a && typeof a.command === 'object' ? a.command : 'command' in a && typeof a.command === 'string' ? (a as Command) : undefined;
}

function unsetCommands(actions: (CodeAction | Command)[]): { title: string; names: string[] }[] {
  return actions
    .map(commandOf)
    .filter((c): c is Command => c?.command === 'xbd.goEnvUnset')
    .map((c) => ({ title: c.title, names: (c.arguments?.[0] as { names: string[] }).names }));
}

/** Resolves with `go env` having answered (the server logs the go it uses once). */
function goAnswered(client: LspClient, version: string): Promise<true> {
  return client.waitUntil(() => (client.logs.some((l) => l.includes(`using go${version}`)) ? true : undefined), 'the workspace go to answer');
}

describe('Show Go environment and go env -u (real go, private GOENV)', () => {
  it('the view lists go env with the go env file problems on their lines; go env -u removes the key and the problem', async () => {
    const tc = newestGo();
    const m = machine('view', tc, ['GOARCH=arm64', 'CGO_ENABLED=0']);
    const client = await LspClient.start({
      rootUri: pathToFileURL(m.workspace).href,
      initializationOptions: { debounceMs: 0, trusted: true },
      // GOPATH/bin on PATH: where go install writes is found, so XB403 stays out of this test.
      env: { ...m.env, PATH: `${dirname(tc.goBin)}:${join(m.env.GOPATH, 'bin')}:/usr/bin:/bin` },
      notifications: ['xbd/goEnvironmentChanged'],
    });
    const asked: string[] = [];
    let answer = 'Cancel';
    client.connection.onRequest(ShowMessageRequest.type, (params) => {
      asked.push(params.message);
      return params.actions?.find((a) => a.title === answer) ?? null;
    });
    try {
      await goAnswered(client, tc.full.replace(/^go/, ''));
      // The client learns where the go env file is (GOENV may name any path; it gives that file the goenv language).
      // On a busy machine the first answer may lack go env (a timed-out command, asked again): then a later one says it.
      const told = await client.waitUntil(() => client.notifications.find((n) => n.method === 'xbd/goEnvironmentChanged' && (n.params as { goenv?: string }).goenv), 'xbd/goEnvironmentChanged naming the go env file');
      assert.deepEqual(told.params, { goenv: m.goenv }, client.logs.join('\n'));

      // The server watches the go env file outside the workspace, by a pattern on its folder.
      const watchers = await client.waitUntil(
        () => client.registered.filter((r) => r.method === DidChangeWatchedFilesNotification.method).map((r) => (r.registerOptions as { watchers: FileSystemWatcher[] }).watchers).find((w) => w.some((x) => typeof x.globPattern !== 'string')),
        'watchers with the go env file',
      );
      assert.deepEqual(watchers.slice(0, 3).map((w) => w.globPattern), ['**/{go.mod,go.work}', '**/*.go', '**/{*.mk,*.make,Makefile*,makefile*,GNUmakefile*}']);
      assert.deepEqual(watchers[watchers.length - 1].globPattern, { baseUri: pathToFileURL(dirname(m.goenv)).href, pattern: 'env' });

      const view = await viewOf(client);
      const lines = view.text.split('\n');
      assert.equal(view.goenv, m.goenv);
      assert.ok(lines[0].startsWith(`# go env of ${tc.full} (`), lines[0]);
      assert.ok(lines.some((l) => l.startsWith('#') && l.includes(m.goenv)), 'the header names the go env file');
      assert.ok(lines.includes('GOARCH=arm64') && lines.includes('CGO_ENABLED=0') && lines.includes(`GOENV=${m.goenv}`), view.text);
      const byCode = Object.fromEntries(view.diagnostics.map((d) => [String(d.code), d]));
      assert.equal(lineText(view.text, byCode.XB401), 'GOARCH=arm64');
      assert.equal(lineText(view.text, byCode.XB404), 'CGO_ENABLED=0');
      assert.deepEqual(view.unset.sort(), ['CGO_ENABLED', 'GOARCH']);

      // Opened as a document (what VS Code does with the scheme in the selector): published like any other.
      const opened = await client.open(VIEW, 'goenv', view.text);
      const published = await opened.diagnostics();
      assert.deepEqual(published.diagnostics.map((d) => `${d.code}:${d.range.start.line}`).sort(), view.diagnostics.map((d) => `${d.code}:${d.range.start.line}`).sort());
      const onView = unsetCommands(await client.codeActions(VIEW, byCode.XB401.range, [published.diagnostics.find((d) => d.code === 'XB401')!]));
      assert.deepEqual(onView.map((c) => c.names), [['GOARCH'], ['GOARCH', 'CGO_ENABLED']]);
      assert.equal(onView[0].title, 'Run `go env -u GOARCH`');

      // The go env file itself offers it too, next to its own edit.
      const fileUri = pathToFileURL(m.goenv).href;
      const file = await client.open(fileUri, 'goenv', readFileSync(m.goenv, 'utf8'));
      const fileDiagnostics = (await file.diagnostics()).diagnostics;
      const xb404 = fileDiagnostics.find((d) => d.code === 'XB404')!;
      const onFile = await client.codeActions(fileUri, xb404.range, [xb404]);
      assert.deepEqual(unsetCommands(onFile).map((c) => c.names), [['CGO_ENABLED'], ['CGO_ENABLED', 'GOARCH']]);
      assert.ok(onFile.some((a) => 'edit' in a && a.edit), 'the rule\'s own edit is still there');

      // Not confirmed by the client: the server asks; "Cancel" leaves the file alone.
      const cancelled = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'xbd.goEnvUnset', arguments: [{ names: ['CGO_ENABLED'] }] });
      assert.deepEqual(cancelled, { error: 'cancelled' });
      assert.match(asked[0], new RegExp(`^Run \`go env -u CGO_ENABLED\`\\? This edits ${m.goenv.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`));
      assert.match(readFileSync(m.goenv, 'utf8'), /^CGO_ENABLED=0$/m);

      // Confirmed (VS Code's modal dialog): the real go env -u edits the file and the problem goes.
      const since = client.mark();
      const done = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'xbd.goEnvUnset', arguments: [{ names: ['GOARCH'], goenv: m.goenv, confirmed: true }] });
      assert.deepEqual(done, { unset: ['GOARCH'] });
      assert.equal(asked.length, 1, 'a confirmed command is not asked again');
      const left = readFileSync(m.goenv, 'utf8');
      assert.doesNotMatch(left, /GOARCH/);
      assert.match(left, /^CGO_ENABLED=0$/m);
      const republished = await client.waitUntil(() => client.publishesFor(VIEW, since).find((p) => !p.params.diagnostics.some((d) => d.code === 'XB401')), 'the view re-published without XB401');
      assert.ok(republished.params.diagnostics.some((d) => d.code === 'XB404'));
      const unsetView = await viewOf(client);
      assert.ok(unsetView.text.split('\n').includes(`GOARCH=${hostPlatform().goarch}`), unsetView.text);
      assert.deepEqual(unsetView.diagnostics.map((d) => d.code), ['XB404']);

      // Edited behind the server's back, then announced by the watcher: the view follows.
      assert.equal(runGo(tc, ['env', '-w', 'GOOS=windows'], { cwd: m.workspace, env: m.env }).code, 0);
      const answered = client.notifications.length;
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri, type: FileChangeType.Changed }] });
      // go is asked again (its answer is announced to the client), then the view shows the new value.
      await client.waitUntil(() => (client.notifications.length > answered ? true : undefined), 'go asked again after the go env file changed');
      const windows = await viewOf(client);
      assert.equal(lineText(windows.text, windows.diagnostics.find((d) => d.code === 'XB401')!), 'GOOS=windows');
    } finally {
      await client.stop();
    }
  });
});

/** A `go` that records each run in `marker` and answers like go1.22.5 (the pattern of trust.test.ts). */
function fakeGo(name: string): { dir: string; marker: string } {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  const marker = join(dir, 'ran');
  writeFileSync(
    join(dir, 'go'),
    ['#!/bin/sh', `echo "$*" >> '${marker}'`, 'case "$1" in', '  version) echo "go version go1.22.5 linux/amd64" ;;', '  env) echo "{}" ;;', '  *) echo "[]" ;;', 'esac', ''].join('\n'),
  );
  chmodSync(join(dir, 'go'), 0o755);
  return { dir, marker };
}

describe('go env -u in a restricted workspace', () => {
  it('is refused without running any process, even when the client says it confirmed', async () => {
    const go = fakeGo('untrusted-go');
    const workspace = join(scratch, 'untrusted');
    mkdirSync(workspace, { recursive: true });
    const client = await LspClient.start({
      rootUri: pathToFileURL(workspace).href,
      initializationOptions: { debounceMs: 0, trusted: false },
      env: { PATH: `${go.dir}:/usr/bin:/bin` },
    });
    try {
      const result = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'xbd.goEnvUnset', arguments: [{ names: ['GOARCH'], confirmed: true }] });
      assert.match((result as { error: string }).error, /not trusted/);
      const view = await viewOf(client);
      assert.match(view.text, /Restricted mode: go is not run/);
      assert.deepEqual(view.diagnostics, []);
      assert.equal(existsSync(go.marker), false, `go was run: ${existsSync(go.marker) ? readFileSync(go.marker, 'utf8') : ''}`);
    } finally {
      await client.stop();
    }
  });
});

describe('without go', () => {
  it('says so once in the log, and the status bar and the view say which tables are used', async () => {
    const workspace = join(scratch, 'no-go');
    mkdirSync(workspace, { recursive: true });
    writeFileSync(join(workspace, 'go.mod'), 'module example.com/app\n\ngo 1.22\n');
    // PATH has no go (the client's default); trusted, so the server tries.
    const client = await LspClient.start({ rootUri: pathToFileURL(workspace).href, initializationOptions: { debounceMs: 0, trusted: true }, notifications: ['xbd/goEnvironmentChanged'] });
    const answered = () => client.notifications.filter((n) => n.method === 'xbd/goEnvironmentChanged').length;
    try {
      await client.waitUntil(() => (answered() >= 1 ? true : undefined), 'the first probe');
      // Three re-checks (go.mod saved three times), each waited for.
      for (let i = 2; i <= 4; i++) {
        await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(join(workspace, 'go.mod')).href, type: FileChangeType.Changed }] });
        await client.waitUntil(() => (answered() >= i ? true : undefined), `re-check ${i}`);
      }
      const said = client.logs.filter((l) => /go/.test(l) && /not found|could not run/.test(l));
      assert.equal(said.length, 1, client.logs.join('\n'));
      const info = await client.connection.sendRequest<{ goNotice?: string }>('xbd/targetInfo', { target: '' });
      assert.equal(info.goNotice, 'go not found — using built-in Go 1.22 tables');
      assert.match((await viewOf(client)).text, /^# go not found — using built-in Go 1\.22 tables$/m);
    } finally {
      await client.stop();
    }
  });
});

describe('watched .go files', () => {
  it('a file that starts to import "C" makes XB601 appear on a Dockerfile that builds with cgo off', async () => {
    const workspace = join(scratch, 'cgo');
    mkdirSync(workspace, { recursive: true });
    writeFileSync(join(workspace, 'go.mod'), 'module example.com/app\n\ngo 1.22\n');
    writeFileSync(join(workspace, 'main.go'), 'package main\n\nfunc main() { println(answer()) }\n');
    writeFileSync(join(workspace, 'answer.go'), 'package main\n\nfunc answer() int { return 42 }\n');
    const client = await LspClient.start({ rootUri: pathToFileURL(workspace).href, initializationOptions: { debounceMs: 0, goPath: false } });
    try {
      await client.waitUntil(() => (client.registrations.includes(DidChangeWatchedFilesNotification.method) ? true : undefined), 'the file watchers');
      const doc = await client.open(pathToFileURL(join(workspace, 'Dockerfile')).href, 'dockerfile', 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n');
      assert.deepEqual((await doc.diagnostics()).diagnostics.filter((d) => d.code === 'XB601'), []);
      const answer = join(workspace, 'answer.go');
      writeFileSync(answer, 'package main\n\n// int answer(void) { return 42; }\nimport "C"\n\nfunc answer() int { return int(C.answer()) }\n');
      const since = client.mark();
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(answer).href, type: FileChangeType.Changed }] });
      const after = await client.diagnostics(doc.uri, { since });
      const xb601 = after.diagnostics.filter((d) => d.code === 'XB601');
      assert.equal(xb601.length, 1, JSON.stringify(after.diagnostics));
      assert.match(String(xb601[0].message), /answer\.go/);
    } finally {
      await client.stop();
    }
  });
});
