// Diagnostics latency over LSP stdio: our server, built as it ships (out/bench/server.js: `npm run bench`
// makes it with build.mjs --production), against the peer
// dockerfile-language-server-nodejs on the same generated Dockerfiles, in one run.
//
// Edit rows: each round replaces the whole document (didChange, full text) with one line changed (a
// comment, a LABEL value, or a value inside a RUN's shell script, carrying the round number so every
// server must validate again; the RUN edit once at the end and once in the first stage) and times how long until the server publishes diagnostics for that
// document: the publish whose `version` matches when the server reports versions, otherwise the first
// publish after the change. Both servers run at once and the rounds alternate between them (who goes
// first alternates too), so machine noise hits both alike.
// Open rows: didOpen of a new document in a server that has already started and warmed up.
// Paused row: the 5,000-line LABEL edit again, each round after --pause-ms without a message (a user who
// stopped typing a while): what a server let go of while idle, the next keystroke pays for.
// Start row: from spawning the server to the first diagnostics of a document opened right after initialize.
// The floor, a third server in every edit, open and start row (scripts/bench-floor-server.mjs): one on the
// same library as ours that analyses nothing, so each row shows how much of it the message exchange alone
// costs; beside it, dockerfile-ast's parse of the edit rows' documents in this process (the peer's parser,
// and ours). Neither enters the worst ratio.
// Then, ours only: growth (a Makefile and a shell script at --growth-sizes lines, from didOpen to its
// diagnostics), a hover on a small document while the largest Makefile is analysed, and the resident
// memory of each server with --rss-docs Dockerfiles open.
//
//   node scripts/bench.mjs [--ours-cmd "<cmd>"] [--peer-cmd "<cmd>"] [--rounds N] [--rounds-large N]
//                          [--warmup N] [--timeout-ms N] [--growth-sizes 1000,10000,100000]
//                          [--growth-timeout-ms N] [--rss-docs N] [--pause-ms N] [--verbose]
//   env: XBD_BENCH_OURS_CMD, XBD_BENCH_PEER_CMD override the commands too (the flags win).
//
// The last line printed is `bench: worst ratio=<x> (<row>) ours_median_ms=<a> peer_median_ms=<b>`: the
// worst of ours/peer over the edit and open rows at 200 and 5,000 lines. A failure ends with a
// `bench: FAILED: ...` line instead, whatever stopped the run (a timeout, a dead server, a signal).
// Exit code 1 when a server fails to start, to answer, or to publish in time.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

const root = fileURLToPath(new URL('..', import.meta.url));
const PEER_PACKAGE = 'dockerfile-language-server-nodejs';
const FLOOR_ARGV = [process.execPath, fileURLToPath(new URL('bench-floor-server.mjs', import.meta.url)), '--stdio'];

// ---------------------------------------------------------------------------------------------
// Options

function parseArgs(argv) {
  const opts = {
    oursCmd: process.env.XBD_BENCH_OURS_CMD || undefined,
    peerCmd: process.env.XBD_BENCH_PEER_CMD || undefined,
    rounds: 30,
    roundsLarge: 5,
    warmup: 5,
    // Generous: a full test suite beside the bench can slow a 5,000-line round to seconds.
    timeoutMs: 30_000,
    growthSizes: [1000, 10_000, 100_000],
    growthTimeoutMs: 120_000,
    rssDocs: 500,
    pauseMs: 6000,
    verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) usage(`${flag} needs a value`);
      return argv[++i];
    };
    const count = (min) => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < min) usage(`${flag} needs an integer >= ${min}`);
      return n;
    };
    switch (flag) {
      case '--ours-cmd': opts.oursCmd = value(); break;
      case '--peer-cmd': opts.peerCmd = value(); break;
      case '--rounds': opts.rounds = count(1); break;
      case '--rounds-large': opts.roundsLarge = count(1); break;
      case '--timeout-ms': opts.timeoutMs = count(1); break;
      case '--warmup': opts.warmup = count(0); break;
      case '--growth-sizes': opts.growthSizes = value().split(',').filter(Boolean).map(Number); break;
      case '--growth-timeout-ms': opts.growthTimeoutMs = count(1); break;
      case '--rss-docs': opts.rssDocs = count(0); break;
      case '--pause-ms': opts.pauseMs = count(0); break;
      case '--verbose': opts.verbose = true; break;
      case '-h': case '--help': usage(); break;
      default: usage(`unknown argument ${arg}`);
    }
  }
  return opts;
}

function usage(error) {
  const text = `usage: node scripts/bench.mjs [--ours-cmd "<cmd>"] [--peer-cmd "<cmd>"] [--rounds N] [--rounds-large N] [--warmup N] [--timeout-ms N] [--growth-sizes N,N] [--growth-timeout-ms N] [--rss-docs N] [--pause-ms N] [--verbose]
  --ours-cmd      our server (default: node out/bench/server.js --stdio; env XBD_BENCH_OURS_CMD)
  --peer-cmd      the peer   (default: node <${PEER_PACKAGE}>/bin/docker-langserver --stdio; env XBD_BENCH_PEER_CMD)
  --rounds        measured rounds for the small and 200-line documents (default 30)
  --rounds-large  measured rounds for the 5,000-line document (default 5)
  --warmup        unmeasured rounds before those, per document (default 5)
  --timeout-ms    how long to wait for a publish or a reply before failing (default 30000)
  --growth-sizes  line counts of the growth rows, comma-separated ('' skips them; default 1000,10000,100000)
  --growth-timeout-ms  how long one growth row may take before it is reported as a timeout (default 120000)
  --rss-docs      Dockerfiles open for the memory row (0 skips it; default 500)
  --pause-ms      idle time before each round of the paused row (0 skips it; default 6000)
  --verbose       echo the servers' log messages and stderr to stderr`;
  if (error) {
    console.error(`bench: ${error}\n${text}`);
    process.exit(2);
  }
  console.log(text);
  process.exit(0);
}

/** Splits a command line on blanks, honouring '...' and "..." quotes; a leading `node` is this node. */
function splitCommand(line) {
  const parts = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let m;
  while ((m = re.exec(line))) parts.push(m[1] ?? m[2] ?? m[3]);
  if (parts.length === 0) usage(`empty command: ${JSON.stringify(line)}`);
  if (parts[0] === 'node') parts[0] = process.execPath;
  return parts;
}

function defaultOursCommand() {
  // The production build (minified, no source map) is what users run, and its memory differs from the development one's.
  const server = join(root, 'out', 'bench', 'server.js');
  if (!existsSync(server)) fail(`${relative(process.cwd(), server) || server} does not exist: run \`npm run bench\`, which builds it (or pass --ours-cmd)`);
  return [process.execPath, server, '--stdio'];
}

function peerPackage() {
  try {
    const pkgPath = require.resolve(`${PEER_PACKAGE}/package.json`);
    return { dir: dirname(pkgPath), version: JSON.parse(readFileSync(pkgPath, 'utf8')).version };
  } catch {
    return undefined;
  }
}

function defaultPeerCommand() {
  const pkg = peerPackage();
  if (!pkg) fail(`${PEER_PACKAGE} is not installed: run \`npm install\` (it is a devDependency) or pass --peer-cmd`);
  return [process.execPath, join(pkg.dir, 'bin', 'docker-langserver'), '--stdio'];
}

class BenchError extends Error {}

function fail(message) {
  throw new BenchError(message);
}

// ---------------------------------------------------------------------------------------------
// Inputs: deterministic Dockerfiles, generated here.

/** A small, realistic multi-stage Go build (one deliberate slip: GOARCH=arm without GOARM). */
function smallDockerfile() {
  return [
    '# syntax=docker/dockerfile:1',
    'ARG GO_VERSION=1.22',
    'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS build',
    'ARG TARGETOS TARGETARCH',
    'WORKDIR /src',
    'COPY go.mod go.sum ./',
    'RUN --mount=type=cache,target=/go/pkg/mod go mod download',
    'COPY . .',
    'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \\',
    '    go build -trimpath -ldflags="-s -w" -o /out/app ./cmd/app',
    'RUN CGO_ENABLED=0 GOOS=linux GOARCH=arm go build -o /out/app-armhf ./cmd/app',
    '',
    'FROM gcr.io/distroless/static-debian12:nonroot',
    'COPY --from=build /out/app /app',
    'ENTRYPOINT ["/app"]',
  ];
}

// Targets the stages cycle through; a few carry the slips people make (typos, missing or misplaced GOARM).
const TARGETS = [
  { goos: 'linux', goarch: 'amd64', extra: 'GOAMD64=v2' },
  { goos: 'linux', goarch: 'arm64', cgo: 'aarch64-linux-gnu-gcc' },
  { goos: 'linux', goarch: 'arm', extra: 'GOARM=7' },
  { goos: 'windows', goarch: 'amd64', ext: '.exe' },
  { goos: 'darwin', goarch: 'arm64' },
  { goos: 'linux', goarch: 'riscv64' },
  { goos: 'linux', goarch: 'arm' }, // no GOARM
  { goos: 'linux', goarch: 'ppc64le', extra: 'GOPPC64=power9' },
  { goos: 'darwn', goarch: 'amd64' }, // typo in GOOS
  { goos: 'linux', goarch: 's390x' },
  { goos: 'linux', goarch: 'arm64', extra: 'GOARM=7' }, // GOARM means nothing for arm64
  { goos: 'freebsd', goarch: 'amd64' },
];

function stageBlock(i) {
  const t = TARGETS[i % TARGETS.length];
  const name = `svc${String(i).padStart(3, '0')}`;
  const bin = `/out/${name}${t.ext ?? ''}`;
  const cgo = t.cgo ? `CGO_ENABLED=1 CC=${t.cgo}` : 'CGO_ENABLED=0';
  const prefix = `${cgo} GOOS=${t.goos} GOARCH=${t.goarch}${t.extra ? ` ${t.extra}` : ''}`;
  return [
    `# --- ${name}: ${t.goos}/${t.goarch} ---`,
    `FROM base AS build-${name}`,
    `ARG VERSION=0.${i}.0`,
    'ARG COMMIT=unknown',
    `ENV GOOS=${t.goos} \\`,
    `    GOARCH=${t.goarch}`,
    'RUN --mount=type=cache,target=/root/.cache/go-build \\',
    `    ${prefix} \\`,
    '    go build -trimpath \\',
    '      -ldflags="-s -w -X main.version=${VERSION} -X main.commit=${COMMIT}" \\',
    `      -o ${bin} ./cmd/${name}`,
    `RUN go vet ./internal/${name}/... && \\`,
    `    GOOS=${t.goos} GOARCH=${t.goarch} go test -run '^$' ./internal/${name}/...`,
    '',
    `FROM ${t.goos === 'windows' ? 'mcr.microsoft.com/windows/nanoserver:ltsc2022' : 'scratch'} AS ${name}`,
    `COPY --from=build-${name} ${bin} /${name}${t.ext ?? ''}`,
    `ENTRYPOINT ["/${name}${t.ext ?? ''}"]`,
    '',
  ];
}

/** A Dockerfile of exactly `total` lines once the one-line round marker is appended. */
function largeDockerfile(total) {
  const lines = [
    '# syntax=docker/dockerfile:1.7',
    '# Generated by scripts/bench.mjs: many services cross-built from one Go module.',
    'ARG GO_VERSION=1.22.5',
    'ARG ALPINE_VERSION=3.20',
    'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine${ALPINE_VERSION} AS base',
    'WORKDIR /src',
    'ENV GOFLAGS=-mod=readonly \\',
    '    GOPROXY=https://proxy.golang.org,direct',
    'COPY go.mod go.sum ./',
    'RUN --mount=type=cache,target=/go/pkg/mod go mod download',
    'COPY . .',
    '',
  ];
  const want = total - 1;
  for (let i = 0; ; i++) {
    const block = stageBlock(i);
    if (lines.length + block.length > want) break;
    lines.push(...block);
  }
  for (let k = 0; lines.length < want; k++) lines.push(`LABEL org.example.bench.pad${k}="${k}"`);
  return lines;
}

/**
 * The documents, and how each round edits them. The issue's first measure edits a comment line at the
 * end (every server must validate again, nothing about the build changes). The other rows edit an
 * instruction instead: a LABEL value, and a value inside a RUN's shell script (the go command's ldflags),
 * which no server can answer from its previous result.
 */
function documents() {
  const base = pathToFileURL(join(tmpdir(), 'xbd-bench')).href;
  const comment = (lines) => (marker) => `${lines.join('\n')}\n# bench edit ${marker}\n`;
  const label = (lines) => (marker) => `${lines.join('\n')}\nLABEL org.example.bench.round="${marker}"\n`;
  const run = (lines) => (marker) => `${lines.join('\n')}\nRUN CGO_ENABLED=0 go build -ldflags="-X 'main.round=${marker}'" -o /out/bench ./cmd/bench\n`;
  // The same kind of edit in the first stage: everything after it must be read again (the rows above edit the last line).
  const first = (lines) => {
    const at = lines.findIndex((l) => l.includes('go mod download'));
    return (marker) => `${lines.map((l, i) => (i === at ? `${l} && echo "${marker}"` : l)).join('\n')}\n# bench: the edit is in the first stage\n`;
  };
  const sizes = [
    { key: 'small', lines: smallDockerfile(), edit: comment, what: 'comment edit' },
    { key: '200', lines: largeDockerfile(200), edit: comment, what: 'comment edit' },
    { key: '5000', lines: largeDockerfile(5000), edit: comment, what: 'comment edit' },
    { key: '200 instr', lines: largeDockerfile(200), edit: label, what: 'LABEL edit' },
    { key: '5000 instr', lines: largeDockerfile(5000), edit: label, what: 'LABEL edit' },
    { key: '200 run', lines: largeDockerfile(200), edit: run, what: 'RUN script edit' },
    { key: '5000 run', lines: largeDockerfile(5000), edit: run, what: 'RUN script edit' },
    { key: '200 first', lines: largeDockerfile(200), edit: first, what: 'RUN script edit in the first stage' },
    { key: '5000 first', lines: largeDockerfile(5000), edit: first, what: 'RUN script edit in the first stage' },
  ];
  return sizes.map(({ key, lines, edit, what }) => ({
    key,
    what,
    uri: `${base}/${key.replace(' ', '-')}/Dockerfile`,
    languageId: 'dockerfile',
    text: edit(lines),
    lineCount: lines.length + 1,
  }));
}

/**
 * A Makefile of `total` lines (about 16 characters a line, like the issue's 1.6 MB at 100,000 lines):
 * shared variables, then one build and one test target per service.
 */
function growthMakefile(total) {
  const lines = ['GO ?= go', 'VERSION ?= 1.0.0', 'LDFLAGS := -s -w -X main.version=$(VERSION)', 'GOOS ?= linux', 'GOARCH ?= arm64', '', '.PHONY: all', 'all: b0', ''];
  for (let i = 0; lines.length < total; i++) {
    const t = TARGETS[i % TARGETS.length];
    lines.push(`# s${i}`, `b${i}:`, `\tGOOS=${t.goos} GOARCH=${t.goarch} $(GO) build -o b${i} ./c${i}`, `t${i}:`, `\t$(GO) test ./i${i}/...`, '');
  }
  return `${lines.slice(0, total).join('\n')}\n`;
}

/** A build script of `total` lines (about 16 characters a line): one cross-build per service. */
function growthScript(total) {
  const lines = ['#!/bin/sh', 'set -eu', ''];
  for (let i = 0; lines.length < total; i++) {
    const t = TARGETS[i % TARGETS.length];
    lines.push(`# s${i}`, `echo s${i}`, `GOOS=${t.goos} GOARCH=${t.goarch} go build -o b${i} ./c${i}`, '');
  }
  return `${lines.slice(0, total).join('\n')}\n`;
}

function growthDocuments(sizes) {
  const base = pathToFileURL(join(tmpdir(), 'xbd-bench', 'growth')).href;
  return sizes.flatMap((n) => [
    { key: `Makefile ${n}`, uri: `${base}/make-${n}/Makefile`, languageId: 'makefile', text: growthMakefile(n), lineCount: n },
    { key: `shell ${n}`, uri: `${base}/sh-${n}/build.sh`, languageId: 'shellscript', text: growthScript(n), lineCount: n },
  ]);
}

// ---------------------------------------------------------------------------------------------
// Configuration answers (the same for every server: each asks for its own sections).

const PEER_DIAGNOSTICS = {
  // dockerfile-language-server-nodejs's defaults, spelled out: every setting it reads, as "warning".
  deprecatedMaintainer: 'warning',
  directiveCasing: 'warning',
  emptyContinuationLine: 'warning',
  instructionCasing: 'warning',
  instructionCmdMultiple: 'warning',
  instructionEntrypointMultiple: 'warning',
  instructionHealthcheckMultiple: 'warning',
  instructionJSONInSingleQuotes: 'warning',
  instructionWorkdirRelative: 'warning',
};
const PEER_FORMATTER = { ignoreMultilineInstructions: false };

const CONFIGURATION = {
  xbd: { debounceMs: 0 },
  'xbd.debounceMs': 0,
  docker: { languageserver: { diagnostics: PEER_DIAGNOSTICS, formatter: PEER_FORMATTER } },
  'docker.languageserver': { diagnostics: PEER_DIAGNOSTICS, formatter: PEER_FORMATTER },
  'docker.languageserver.diagnostics': PEER_DIAGNOSTICS,
  'docker.languageserver.formatter': PEER_FORMATTER,
};

function configurationFor(section) {
  return section !== undefined && Object.hasOwn(CONFIGURATION, section) ? CONFIGURATION[section] : null;
}

// ---------------------------------------------------------------------------------------------
// A language server over stdio.

const CLIENT_CAPABILITIES = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    workspaceFolders: false,
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: false, willSave: false, willSaveWaitUntil: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
  },
  window: { workDoneProgress: false },
};

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new BenchError(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function short(value, max = 300) {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return s === undefined ? 'undefined' : s.length > max ? `${s.slice(0, max)}… (${s.length} chars)` : s;
}

class Server {
  constructor(label, argv, opts) {
    this.label = label;
    this.argv = argv;
    this.opts = opts;
    this.stderr = '';
    this.logs = []; // last window/logMessage and showMessage texts
    this.requests = []; // server -> client requests: { method, params, answer }
    this.publishes = []; // every publishDiagnostics: { t, uri, version, count }
    this.waiters = new Set();
    this.reportsVersion = undefined;
    this.unmatched = 0; // publishes that arrived while nothing waited for them (closed documents aside)
    this.closed = new Set(); // uris we closed: their (empty) publishes are expected
    this.exited = undefined;
    this.serverInfo = undefined;
  }

  async start() {
    const [cmd, ...args] = this.argv;
    this.spawnedAt = performance.now();
    const child = spawn(cmd, args, { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    this.exitPromise = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exited = { code, signal };
        this.failWaiters(`${this.label} server ${this.exitText()}${this.stderrTail()}`);
        resolve(this.exited);
      });
      child.on('error', (err) => {
        this.exited = { error: err.message };
        this.failWaiters(`${this.label} server ${this.exitText()}`);
        resolve(this.exited);
      });
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      this.stderr = (this.stderr + chunk).slice(-8000);
      if (this.opts.verbose) process.stderr.write(`[${this.label} stderr] ${chunk}`);
    });
    child.stdin.on('error', () => undefined); // a dead server shows up through 'exit'

    const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.conn = conn;
    conn.onError(([err]) => this.note(`connection error: ${err?.message ?? err}`));
    conn.onClose(() => this.failWaiters(`${this.label}: the connection closed${this.stderrTail()}`));

    conn.onNotification('textDocument/publishDiagnostics', (params) => this.onPublish(performance.now(), params));
    conn.onNotification('window/logMessage', (p) => this.note(p?.message));
    conn.onNotification('window/showMessage', (p) => this.note(`showMessage: ${p?.message}`));
    conn.onNotification(() => undefined); // $/progress, telemetry, ...

    conn.onRequest('workspace/configuration', (params) => {
      const answer = (params?.items ?? []).map((item) => configurationFor(item.section));
      this.requests.push({ method: 'workspace/configuration', params, answer });
      return answer;
    });
    conn.onRequest((method, params) => {
      // client/registerCapability, window/workDoneProgress/create, ...: accept and move on.
      this.requests.push({ method, params, answer: null });
      return null;
    });
    conn.listen();

    const started = performance.now();
    const result = await withTimeout(
      Promise.race([
        conn.sendRequest('initialize', {
          processId: process.pid,
          clientInfo: { name: 'xbd-bench' },
          rootUri: null,
          workspaceFolders: null,
          capabilities: CLIENT_CAPABILITIES,
          initializationOptions: { debounceMs: 0 },
        }),
        this.exitPromise.then(() => fail(`${this.label} server ${this.exitText()} before answering initialize${this.stderrTail()}`)),
      ]),
      this.opts.timeoutMs,
      `${this.label}: initialize`,
    );
    this.serverInfo = result?.serverInfo;
    this.syncKind = typeof result?.capabilities?.textDocumentSync === 'number'
      ? result.capabilities.textDocumentSync
      : result?.capabilities?.textDocumentSync?.change;
    await conn.sendNotification('initialized', {});
    this.initMs = performance.now() - started;
  }

  note(message) {
    if (message === undefined) return;
    this.logs.push(String(message));
    if (this.logs.length > 20) this.logs.shift();
    if (this.opts.verbose) process.stderr.write(`[${this.label} log] ${message}\n`);
  }

  exitText() {
    const e = this.exited ?? {};
    if (e.error) return `could not be started (${this.argv.join(' ')}): ${e.error}`;
    return `exited (code ${e.code}${e.signal ? `, signal ${e.signal}` : ''})`;
  }

  stderrTail() {
    const tail = this.stderr.trim().split('\n').slice(-20).join('\n');
    return tail ? `\n  ${this.label} stderr (tail):\n    ${tail.replace(/\n/g, '\n    ')}` : '';
  }

  onPublish(t, params) {
    const version = params?.version ?? undefined;
    if (this.reportsVersion === undefined) this.reportsVersion = version !== undefined;
    this.publishes.push({ t, uri: params?.uri, version, count: params?.diagnostics?.length });
    if (this.publishes.length > 50) this.publishes.shift();
    for (const w of this.waiters) {
      if (w.uri !== params?.uri) continue;
      // With a version: only the publish for the text we sent counts (older ones are stale).
      // Without: the first publish after the change.
      if (version !== undefined && version !== w.version) continue;
      this.waiters.delete(w);
      w.resolve({ t, params });
      return;
    }
    if (!this.closed.has(params?.uri)) this.unmatched++;
  }

  failWaiters(message) {
    for (const w of this.waiters) w.reject(new BenchError(message));
    this.waiters.clear();
  }

  /** Sends `send()` and resolves with the milliseconds until the matching publish, and that publish. */
  async timed(uri, version, what, send) {
    if (this.exited) fail(`${this.label} server is not running: it ${this.exitText()}${this.stderrTail()}`);
    let waiter;
    const published = new Promise((resolve, reject) => {
      waiter = { uri, version, resolve, reject };
      this.waiters.add(waiter);
    });
    const t0 = performance.now();
    send();
    let timer;
    try {
      const { t, params } = await Promise.race([
        published,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new BenchError(this.silence(uri, version, what))), this.opts.timeoutMs);
        }),
      ]);
      return { ms: t - t0, params, t };
    } finally {
      clearTimeout(timer);
      this.waiters.delete(waiter);
    }
  }

  silence(uri, version, what) {
    const lines = [`${this.label} published no diagnostics for ${uri} (version ${version}) within ${this.opts.timeoutMs} ms after ${what}.`];
    lines.push(`  command: ${this.argv.join(' ')}`);
    const recent = this.publishes.slice(-5).map((p) => `${p.uri} version=${p.version ?? '(none)'} diagnostics=${p.count}`);
    lines.push(`  last publishes: ${recent.length ? `\n    ${recent.join('\n    ')}` : '(none at all)'}`);
    const reqs = this.requests.slice(-5).map((r) => `${r.method} ${short(r.params, 200)} -> ${short(r.answer, 200)}`);
    lines.push(`  requests from the server: ${reqs.length ? `\n    ${reqs.join('\n    ')}` : '(none)'}`);
    if (this.logs.length) lines.push(`  log messages (last):\n    ${this.logs.slice(-5).map((l) => short(l, 300)).join('\n    ')}`);
    return lines.join('\n') + this.stderrTail();
  }

  open(doc, version, text) {
    return this.timed(doc.uri, version, 'didOpen', () => {
      this.notify('textDocument/didOpen', {
        textDocument: { uri: doc.uri, languageId: doc.languageId ?? 'dockerfile', version, text },
      });
    });
  }

  change(doc, version, text) {
    return this.timed(doc.uri, version, `didChange (version ${version})`, () => {
      this.notify('textDocument/didChange', {
        textDocument: { uri: doc.uri, version },
        contentChanges: [{ text }],
      });
    });
  }

  /** Milliseconds until a textDocument/hover answer. */
  async hover(uri, position) {
    const t0 = performance.now();
    await withTimeout(this.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position }), this.opts.timeoutMs, `${this.label}: hover`);
    return performance.now() - t0;
  }

  /** Resident set size of the server process in MB (Linux /proc), or undefined. */
  rssMb() {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  close(doc) {
    this.closed.add(doc.uri);
    if (!this.exited) this.notify('textDocument/didClose', { textDocument: { uri: doc.uri } });
  }

  /**
   * A notification whose failure (the connection closed under it) shows up where the run waits: as the
   * server's exit or a missing publish, never as an unhandled rejection.
   */
  notify(method, params) {
    this.conn.sendNotification(method, params).catch((err) => this.note(`${method} not sent: ${err?.message ?? err}`));
  }

  /** shutdown + exit; kills the process when it does not go by itself. */
  async stop() {
    if (!this.child || this.exited) return;
    const t0 = performance.now();
    try {
      await withTimeout(this.conn.sendRequest('shutdown'), 3000, `${this.label}: shutdown`);
    } catch (err) {
      this.note(`shutdown failed: ${err.message}`);
    }
    await this.conn.sendNotification('exit').catch(() => undefined);
    const gone = await Promise.race([this.exitPromise, new Promise((r) => setTimeout(() => r(undefined), 2000).unref())]);
    if (!gone) {
      this.cleanExit = false;
      this.child.kill('SIGKILL');
      await this.exitPromise;
    } else this.cleanExit = gone.code === 0;
    if (this.opts.verbose) process.stderr.write(`[${this.label}] stopped in ${(performance.now() - t0).toFixed(0)} ms (${this.exitText()})\n`);
    this.conn.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// Measurement and report

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : String(x));

/** Edit rounds of `doc` (the first `warmup` not kept); with `pauseMs`, each kept round waits that long without a message first. */
async function measure(servers, doc, rounds, warmup, log, verbose, pauseMs = 0) {
  const results = new Map(servers.map((s) => [s, { open: 0, samples: [], diagnostics: undefined }]));
  let version = 1;
  for (const s of servers) {
    const { ms, params } = await s.open(doc, version, doc.text('open'));
    Object.assign(results.get(s), { open: ms, diagnostics: params.diagnostics?.length });
  }
  // The first `warmup` rounds are not kept.
  for (let round = 0; round < warmup + rounds; round++) {
    if (pauseMs && round >= warmup) await new Promise((r) => setTimeout(r, pauseMs));
    version++;
    const text = doc.text(`round ${round}`);
    const order = round % 2 ? [...servers].reverse() : servers;
    for (const s of order) {
      const { ms, params } = await s.change(doc, version, text);
      const r = results.get(s);
      if (round >= warmup) r.samples.push(ms);
      r.diagnostics = params.diagnostics?.length;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  for (const s of servers) s.close(doc);
  log(`  ${doc.key} (${doc.lineCount} lines): ${servers.map((s) => `${s.label} ${f2(median(results.get(s).samples))} ms`).join(', ')}`);
  if (verbose) for (const s of servers) log(`    ${s.label} samples ms: ${results.get(s).samples.map(f2).join(' ')}`);
  return results;
}

function table(rows, headers, align) {
  const cells = [headers, ...rows].map((r) => r.map(String));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const fmt = (r) => r.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [fmt(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(fmt)].join('\n');
}

/** didOpen of `count` new copies of `doc` (new URIs) in started servers; closes each after its publish. */
async function measureOpens(servers, doc, count) {
  const samples = new Map(servers.map((s) => [s, []]));
  for (let i = 0; i < count; i++) {
    const copy = { ...doc, uri: doc.uri.replace(/\/([^/]+)$/, `/open-${i}/$1`) };
    const order = i % 2 ? [...servers].reverse() : servers;
    for (const s of order) {
      const { ms } = await s.open(copy, 1, doc.text(`open ${i}`));
      samples.get(s).push(ms);
      s.close(copy);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return samples;
}

/** Spawn → initialize → didOpen of the small document → its first diagnostics, in a new process each time. */
async function measureStart(label, argv, doc, opts, times) {
  const samples = [];
  for (let i = 0; i < times; i++) {
    const server = new Server(label, argv, opts);
    try {
      await server.start();
      const { t } = await server.timed(doc.uri, 1, 'didOpen after start', () => {
        server.notify('textDocument/didOpen', { textDocument: { uri: doc.uri, languageId: doc.languageId, version: 1, text: doc.text('start') } });
      });
      // From the spawn, not from the didOpen: a server that starts slowly makes its user wait too.
      samples.push(t - server.spawnedAt);
    } finally {
      await server.stop().catch(() => server.child?.kill('SIGKILL'));
    }
  }
  return samples;
}

/** Ours only: didOpen → diagnostics for each growth document; a row that times out ends the growth rows. */
async function measureGrowth(server, docs, opts, log) {
  const rows = [];
  const timed = { ...server.opts };
  for (const doc of docs) {
    server.opts = { ...timed, timeoutMs: opts.growthTimeoutMs };
    try {
      const { ms, params } = await server.open(doc, 1, doc.text);
      rows.push({ doc, ms, diagnostics: params.diagnostics?.length });
      log(`  ${doc.key} lines (${(doc.text.length / 1e6).toFixed(2)} MB): ${f2(ms)} ms`);
    } catch (err) {
      if (!(err instanceof BenchError) || server.exited) throw err;
      rows.push({ doc, ms: Infinity });
      log(`  ${doc.key} lines: no diagnostics within ${opts.growthTimeoutMs} ms; the remaining growth rows are skipped`);
      server.opts = timed;
      return { rows, stalled: true };
    } finally {
      server.opts = timed;
      server.close(doc);
    }
  }
  return { rows, stalled: false };
}

/**
 * Ours only: a hover on a small open Dockerfile, sent while the largest Makefile is being analysed.
 * Returns the hover's latency and how long the Makefile's diagnostics took.
 */
async function measureResponsiveness(server, small, big, opts) {
  const at = { line: 2, character: 40 }; // inside $BUILDPLATFORM of the small Dockerfile's FROM
  await server.open(small, 1, small.text('hover'));
  await server.hover(small.uri, at); // warm
  const previous = server.opts;
  server.opts = { ...previous, timeoutMs: opts.growthTimeoutMs };
  try {
    const published = server.open(big, 1, big.text);
    await new Promise((r) => setTimeout(r, 20));
    const hovers = [];
    for (let i = 0; i < 3; i++) hovers.push(await server.hover(small.uri, at));
    const { ms } = await published;
    return { hoverMs: Math.max(...hovers), bigMs: ms };
  } finally {
    server.opts = previous;
    server.close(big);
    server.close(small);
  }
}

/**
 * Starts each server afresh, opens `count` Dockerfiles, waits for all their diagnostics, reads its RSS. A
 * fresh process: one that ran the edit rounds holds what they left (a larger young generation, an idle
 * analysis worker or not yet), which made the row swing by 80 MB between runs of one build.
 */
async function measureRss(commands, doc, count, opts) {
  const docs = Array.from({ length: count }, (_, i) => ({ ...doc, uri: doc.uri.replace(/\/([^/]+)$/, `/rss-${i}/$1`) }));
  const rss = new Map();
  for (const [label, argv] of commands) {
    const server = new Server(label, argv, opts);
    try {
      await server.start();
      for (const d of docs) await server.open(d, 1, doc.text(`rss ${d.uri}`));
      // Let pending work and a collection settle a little before reading.
      await new Promise((r) => setTimeout(r, 500));
      rss.set(label, server.rssMb());
    } finally {
      await server.stop().catch(() => server.child?.kill('SIGKILL'));
    }
  }
  return rss;
}

/** What the run is doing, for a report that stops early (a signal, or an event loop that ran dry). */
let phase = 'starting';
let reported = false;

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const oursArgv = opts.oursCmd ? splitCommand(opts.oursCmd) : defaultOursCommand();
  const peerArgv = opts.peerCmd ? splitCommand(opts.peerCmd) : defaultPeerCommand();
  const docs = documents();
  const log = (m) => process.stderr.write(`${m}\n`);

  const ours = new Server('ours', oursArgv, opts);
  const peer = new Server('peer', peerArgv, opts);
  const floor = new Server('floor', FLOOR_ARGV, opts);
  const servers = [ours, peer, floor];
  const results = new Map();
  const opens = new Map();
  const extra = { start: new Map(), growth: undefined, responsive: undefined, rss: undefined, paused: undefined };
  let failure;
  try {
    phase = 'starting the servers';
    await Promise.all(servers.map((s) => s.start()));
    log(`bench: measuring (${opts.rounds} rounds for small/200 lines, ${opts.roundsLarge} for 5,000, each after ${opts.warmup} warm-up round${opts.warmup === 1 ? '' : 's'})`);
    for (const doc of docs) {
      phase = `${doc.key}: edit rounds`;
      const rounds = doc.key.startsWith('5000') ? opts.roundsLarge : opts.rounds;
      results.set(doc.key, await measure(servers, doc, rounds, opts.warmup, log, opts.verbose));
    }
    for (const key of ['200', '5000']) {
      phase = `opens of the ${key}-line document`;
      const doc = docs.find((d) => d.key === key);
      opens.set(key, await measureOpens(servers, doc, key === '5000' ? opts.roundsLarge : Math.min(opts.rounds, 10)));
      log(`  open ${key}: ${servers.map((s) => `${s.label} ${f2(median(opens.get(key).get(s)))} ms`).join(', ')}`);
    }
    if (opts.pauseMs > 0) {
      phase = 'edits after a pause';
      // A new copy of the LABEL document: three unmeasured edits, then two after the pause each.
      const doc = docs.find((d) => d.key === '5000 instr');
      const paused = { ...doc, key: `5000 after ${opts.pauseMs} ms idle`, uri: doc.uri.replace(/\/([^/]+)$/, '/paused/$1') };
      extra.paused = await measure(servers, paused, 2, 3, log, opts.verbose, opts.pauseMs);
    }
    if (opts.rssDocs > 0) {
      phase = `memory with ${opts.rssDocs} open Dockerfiles`;
      extra.rss = await measureRss([['ours', oursArgv], ['peer', peerArgv]], docs.find((d) => d.key === '200'), opts.rssDocs, opts);
      log(`  RSS with ${opts.rssDocs} Dockerfiles: ${[...extra.rss].map(([label, mb]) => `${label} ${f2(mb)} MB`).join(', ')}`);
    }
    const growthDocs = growthDocuments(opts.growthSizes);
    if (growthDocs.length) {
      phase = 'growth rows';
      extra.growth = await measureGrowth(ours, growthDocs, opts, log);
      const bigMake = growthDocs.filter((d) => d.languageId === 'makefile').at(-1);
      if (!extra.growth.stalled) {
        phase = 'hover during a large analysis';
        extra.responsive = await measureResponsiveness(ours, { ...docs[0], uri: docs[0].uri.replace(/\/([^/]+)$/, '/hover/$1') }, { ...bigMake, uri: bigMake.uri.replace('/Makefile', '/again/Makefile') }, opts);
        log(`  hover while ${bigMake.key} lines are analysed: ${f2(extra.responsive.hoverMs)} ms`);
      }
    }
    phase = 'server start';
    for (const [label, argv] of [['ours', oursArgv], ['peer', peerArgv], ['floor', FLOOR_ARGV]]) {
      extra.start.set(label, await measureStart(label, argv, { ...docs[0], uri: docs[0].uri.replace(/\/([^/]+)$/, '/start/$1') }, opts, 3));
    }
  } catch (err) {
    failure = err;
  } finally {
    phase = 'stopping the servers';
    await Promise.all(servers.map((s) => s.stop().catch(() => s.child?.kill('SIGKILL'))));
  }
  if (failure) {
    if (!(failure instanceof BenchError)) throw failure;
    reportFailure(failure.message);
    return;
  }
  extra.parse = parseTimes(docs);
  console.log(report({ opts, docs, servers, ours, peer, floor, results, opens, extra }));
  reported = true;
}

function rowName(doc) {
  return doc.key === 'small' ? 'small, comment edit' : `${doc.key.split(' ')[0]} lines, ${doc.what}`;
}

function report({ opts, docs, servers, ours, peer, floor, results, opens, extra }) {
  const pkg = peerPackage();
  const describe = (s) => {
    const info = s.serverInfo ? `${s.serverInfo.name}${s.serverInfo.version ? ` ${s.serverInfo.version}` : ''}` : 'no serverInfo';
    const sync = ['none', 'full', 'incremental'][s.syncKind] ?? 'unknown';
    const asked = [...new Set(s.requests.filter((r) => r.method === 'workspace/configuration').flatMap((r) => r.params.items.map((i) => i.section)))];
    return [
      `${s.label}: ${s.argv.map((a) => (a === process.execPath ? 'node' : relative(root, a).startsWith('..') ? a : relative(root, a))).join(' ')}`,
      `      ${info}; sync ${sync}; diagnostics matched by ${s.reportsVersion ? 'version' : 'first publish after the change (no version published)'}`,
      `      configuration asked: ${asked.length ? asked.join(', ') : '(none)'}; started in ${f2(s.initMs)} ms; ` +
        `unmatched publishes ${s.unmatched}; ${s.cleanExit ? 'clean shutdown' : 'did not exit cleanly'}`,
    ].join('\n');
  };

  const out = [];
  out.push('Diagnostics latency over LSP stdio: didChange (full text) or didOpen -> textDocument/publishDiagnostics');
  out.push(`node ${process.version}, ${process.platform} ${process.arch}, ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}; peer package ${PEER_PACKAGE} ${pkg?.version ?? '(not installed)'}`);
  for (const s of servers) out.push(describe(s));
  out.push('');
  const rows = [];
  for (const doc of docs) {
    for (const s of servers) {
      const r = results.get(doc.key).get(s);
      rows.push([rowName(doc), doc.lineCount, doc.text('round 0').length, s.label, r.samples.length, f2(median(r.samples)), f2(Math.min(...r.samples)), f2(Math.max(...r.samples)), f2(r.open), r.diagnostics ?? '-']);
    }
  }
  for (const [key, samples] of opens) {
    const doc = docs.find((d) => d.key === key);
    for (const s of servers) {
      const v = samples.get(s);
      rows.push([`open, ${key} lines (started server)`, doc.lineCount, doc.text('open 0').length, s.label, v.length, f2(median(v)), f2(Math.min(...v)), f2(Math.max(...v)), '-', '-']);
    }
  }
  const pausedRow = `5000 lines, LABEL edit after a ${f2(opts.pauseMs / 1000)} s pause`;
  if (extra.paused) {
    const doc = docs.find((d) => d.key === '5000 instr');
    for (const s of servers) {
      const v = extra.paused.get(s).samples;
      rows.push([pausedRow, doc.lineCount, doc.text('round 0').length, s.label, v.length, f2(median(v)), f2(Math.min(...v)), f2(Math.max(...v)), '-', '-']);
    }
  }
  for (const [label, v] of extra.start) {
    rows.push(['server start to first diagnostics', docs[0].lineCount, docs[0].text('start').length, label, v.length, f2(median(v)), f2(Math.min(...v)), f2(Math.max(...v)), '-', '-']);
  }
  out.push(table(rows, ['document', 'lines', 'chars', 'server', 'rounds', 'median ms', 'min ms', 'max ms', 'first open ms', 'diagnostics'],
    ['l', 'r', 'r', 'l', 'r', 'r', 'r', 'r', 'r', 'r']));
  out.push('');

  if (extra.growth) {
    const growthRows = extra.growth.rows.map((r) => [r.doc.key.split(' ')[0], r.doc.lineCount, r.doc.text.length, Number.isFinite(r.ms) ? f2(r.ms) : `> ${opts.growthTimeoutMs}`, r.diagnostics ?? '-']);
    out.push('Growth (ours only, didOpen -> diagnostics in a started server):');
    out.push(table(growthRows, ['input', 'lines', 'chars', 'ms', 'diagnostics'], ['l', 'r', 'r', 'r', 'r']));
    for (const kind of ['Makefile', 'shell']) {
      const k = extra.growth.rows.filter((r) => r.doc.key.startsWith(kind) && Number.isFinite(r.ms));
      if (k.length >= 2) {
        const steps = k.slice(1).map((r, i) => `x${f2(r.ms / k[i].ms)} for x${f2(r.doc.lineCount / k[i].doc.lineCount)} the lines`);
        out.push(`growth ${kind}: ${steps.join(', ')}`);
      }
    }
    out.push('');
  }
  if (extra.responsive) out.push(`responsiveness (ours): slowest of 3 hovers on a small Dockerfile while the largest Makefile is analysed: ${f2(extra.responsive.hoverMs)} ms (its diagnostics: ${f2(extra.responsive.bigMs)} ms)`);
  if (extra.rss) out.push(`memory: RSS with ${opts.rssDocs} open 200-line Dockerfiles, each server started for it: ${[...extra.rss].map(([label, mb]) => `${label} ${f2(mb)} MB`).join(', ')}`);

  const med = (key, s) => median(results.get(key).get(s).samples);
  const lines200 = docs.find((d) => d.key === '200').lineCount;
  const lines5000 = docs.find((d) => d.key === '5000').lineCount;
  out.push(`growth ${lines200} -> ${lines5000} lines, comment edit (x${f2(lines5000 / lines200)} the lines): ` +
    servers.map((s) => `${s.label} x${f2(med('5000', s) / med('200', s))} (${f2(med('200', s))} -> ${f2(med('5000', s))} ms)`).join(', '));
  // The worst ours/peer ratio over every edit and open row at 200 and 5,000 lines: the number to watch.
  // Each row's medians: ours (x), the peer (y) and the floor (z, the least any server on the same library could show).
  const ratios = [];
  const add = (row, medianOf) => ratios.push({ row, x: medianOf(ours), y: medianOf(peer), z: medianOf(floor) });
  for (const doc of docs.filter((d) => d.key !== 'small')) add(rowName(doc), (s) => med(doc.key, s));
  for (const [key, samples] of opens) add(`open, ${key} lines`, (s) => median(samples.get(s)));
  if (extra.paused) add(pausedRow, (s) => median(extra.paused.get(s).samples));
  for (const r of ratios) r.ratio = r.x / r.y;
  out.push(`ratios ours/peer: ${ratios.map((r) => `${r.row} ${f2(r.ratio)}`).join('; ')}`);
  out.push(`ratios floor/peer (a server that analyses nothing): ${ratios.map((r) => `${r.row} ${f2(r.z / r.y)}`).join('; ')}`);
  out.push(`dockerfile-ast parse in this process, median of ${PARSE_ROUNDS}: ${extra.parse.map((p) => `${p.lines} lines ${f2(p.ms)} ms`).join(', ')}`);
  const worst = ratios.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  out.push(`bench: worst ratio=${f2(worst.ratio)} (${worst.row}) ours_median_ms=${f2(worst.x)} peer_median_ms=${f2(worst.y)}`);
  return out.join('\n');
}

const PARSE_ROUNDS = 20;

/** dockerfile-ast's parse of the 200- and 5,000-line documents here: a part of every open that both servers must pay. */
function parseTimes(docs) {
  const { DockerfileParser } = require('dockerfile-ast');
  return ['200', '5000'].map((key) => {
    const doc = docs.find((d) => d.key === key);
    const times = [];
    // As warm as the servers' parsers by now: the first rounds are not kept.
    for (let i = 0; i < 2 * PARSE_ROUNDS; i++) {
      const text = doc.text(`parse ${i}`);
      const t0 = performance.now();
      DockerfileParser.parse(text);
      if (i >= PARSE_ROUNDS) times.push(performance.now() - t0);
    }
    return { lines: doc.lineCount, ms: median(times) };
  });
}

/** The details, then one closing line that says what failed. */
function reportFailure(message) {
  reported = true;
  console.log(message);
  console.log(`bench: FAILED: ${message.split('\n')[0]}`);
  process.exitCode = 1;
}

// The run must end with its closing line whatever stops it: a signal (a suite's harness stopping it), or an
// event loop that runs dry while main() still waits (a reply or an exit that never comes, no timer left).
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (!reported) reportFailure(`stopped by ${signal} during ${phase}`);
    process.exit(1);
  });
}
// An error nothing awaited (a notification to a server whose connection closed, a write to a closed pipe) would
// otherwise end the run with Node's own report on stderr and a closing line that blamed an empty event loop.
for (const event of ['unhandledRejection', 'uncaughtException']) {
  process.on(event, (err) => {
    if (!reported) reportFailure(`${event} during ${phase}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  });
}
process.on('exit', () => {
  if (!reported) reportFailure(`the run ended during ${phase} without a result (nothing left to wait for)`);
});

main().catch((err) => reportFailure(err instanceof BenchError ? err.message : String(err?.stack ?? err)));
