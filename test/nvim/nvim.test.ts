// A second real LSP client: Debian's Neovim (0.7, headless) starts the bundled server (dist/server.js
// --stdio) with its built-in client, opens the fixtures, and applies a quick fix (test/nvim/lsp-check.lua).
// This proves plain-LSP behaviour (push diagnostics, code actions with WorkspaceEdit `changes`) without
// anything VS Code-specific. Run with `npm run test:nvim`; it needs `nvim` (scripts/install-test-deps.sh nvim)
// and FAILS, never skips, when it is missing.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../support/paths';

const ROOT = repoRoot();
const SERVER = join(ROOT, 'dist', 'server.js');
const SCRIPT = join(ROOT, 'test', 'nvim', 'lsp-check.lua');
const FIXTURES = join(ROOT, 'test', 'nvim', 'fixtures');
const INSTALL_HINT = 'install it with `scripts/install-test-deps.sh nvim` (as root: Debian package neovim)';
/** Bounds each wait inside Neovim (vim.wait); the whole run is killed after NVIM_RUN_MS. */
const WAIT_MS = 15_000;
const NVIM_RUN_MS = 90_000;

interface Seen {
  code: string;
  line: number;
  col: number;
  end_line: number;
  severity: number;
  source: string;
  message: string;
}
interface Report {
  nvim?: string;
  error?: string;
  steps: string[];
  files: Record<string, { uri: string; filetype: string; published: boolean; diagnostics: Seen[] }>;
  fixes: {
    file: string;
    code: string;
    error?: string;
    request_diagnostics?: number;
    actions?: { title: string; kind: string; isPreferred: boolean; has_edit: boolean }[];
    applied?: string;
    version_before?: number;
    version_after?: number;
    republished?: boolean;
    diagnostics?: Seen[];
    text?: string;
  }[];
  publishes: { uri: string; version?: number; codes: string[] }[];
  logs: string[];
  server_exit?: { code: number; signal: number };
  server_stopped?: boolean;
}

/** The codes these fixtures are about; other rules may add findings, which the assertions ignore. */
const UNDER_TEST = new Set(['XB101', 'XB102', 'XB105']);
const targeted = (items: Seen[] | undefined) =>
  (items ?? []).filter((d) => UNDER_TEST.has(d.code)).map((d) => `${d.code}@${d.line}`);

function nvimVersion(): string {
  const probe = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    const why = probe.error ? (probe.error as NodeJS.ErrnoException).code ?? probe.error.message : `exit ${probe.status}`;
    throw new Error(`Neovim (nvim) is required by this suite and could not be run (${why}): ${INSTALL_HINT}`);
  }
  return probe.stdout.split('\n')[0];
}

const scratch: string[] = [];
after(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** Runs lsp-check.lua in a headless Neovim against copies of the fixtures; resolves with its report. */
async function runNeovim(): Promise<{ report: Report; ms: number; stderr: string }> {
  const version = nvimVersion();
  const m = /NVIM v(\d+)\.(\d+)/.exec(version);
  assert.ok(m && (Number(m[1]) > 0 || Number(m[2]) >= 7), `needs Neovim 0.7 or newer, found ${version}`);
  assert.ok(existsSync(SERVER), `${SERVER} is missing: run node scripts/build.mjs first`);

  // Copies in a scratch folder: Neovim edits only buffers (it quits with :qa!), but nothing here may
  // touch the repository, and no go.mod above the files may change what the server assumes.
  const work = mkdtempSync(join(tmpdir(), 'xbd-nvim-'));
  scratch.push(work);
  const files = join(work, 'project');
  cpSync(FIXTURES, files, { recursive: true });
  const xdg = join(work, 'xdg');
  mkdirSync(xdg);
  const out = join(work, 'report.json');

  const started = Date.now();
  const proc = spawn('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${SCRIPT}`], {
    cwd: files,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      // Neovim's own state (lsp.log, shada) goes to the scratch folder, never to $HOME.
      XDG_CONFIG_HOME: xdg,
      XDG_DATA_HOME: xdg,
      XDG_CACHE_HOME: xdg,
      XDG_STATE_HOME: xdg,
      // No go on PATH for the server (goPath is false anyway); node is passed explicitly.
      XBD_NODE: process.execPath,
      XBD_SERVER: SERVER,
      XBD_FIXTURES: files,
      XBD_NVIM_OUT: out,
      XBD_NVIM_TIMEOUT_MS: String(WAIT_MS),
    },
  });
  let stderr = '';
  proc.stdout.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-4000)));
  proc.stderr.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-4000)));
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; killed: boolean }>((resolve, reject) => {
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      proc.kill('SIGKILL');
    }, NVIM_RUN_MS);
    proc.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`could not start nvim: ${err.message}; ${INSTALL_HINT}`));
    });
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, killed });
    });
  });
  const ms = Date.now() - started;
  assert.ok(!exit.killed, `nvim did not finish within ${NVIM_RUN_MS} ms (killed)\n${stderr}`);
  assert.ok(existsSync(out), `nvim exited (${JSON.stringify(exit)}) without writing its report\n${stderr}`);
  const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
  assert.equal(report.error, undefined, `lsp-check.lua failed after steps ${report.steps.join(' → ')}:\n${report.error}\n${stderr}`);
  assert.equal(exit.code, 0, `nvim exited with ${JSON.stringify(exit)}\n${stderr}`);
  return { report, ms, stderr };
}

describe('Neovim 0.7 built-in LSP client against dist/server.js', () => {
  // One Neovim run feeds every test. A setup failure (no nvim, a script error) fails each test with its
  // message: node:test would only count a failing before() hook as "cancelled".
  let run: Awaited<ReturnType<typeof runNeovim>> | undefined;
  let setupError: unknown;
  before(async () => {
    try {
      run = await runNeovim();
      console.log(`nvim ${run.report.nvim}: ${run.report.steps.join(' → ')} in ${run.ms} ms`);
    } catch (err) {
      setupError = err;
    }
  });
  const got = (): Report => {
    if (setupError) throw setupError;
    assert.ok(run, 'Neovim did not run');
    return run.report;
  };

  it('runs lsp-check.lua in Neovim 0.7+ to the end', () => {
    const report = got();
    assert.match(report.nvim ?? '', /^0\.(?:[7-9]|\d\d)\.|^[1-9]/);
    assert.equal(report.steps.at(-1), 'done');
  });

  const file = (name: string) => {
    const report = got();
    const f = report.files[name];
    assert.ok(f, `no record of ${name}: ${JSON.stringify(report.steps)}`);
    assert.ok(f.published, `the server never published diagnostics for ${name} within ${WAIT_MS} ms`);
    return f;
  };

  it('gets pushed diagnostics for a Dockerfile (GOARCH=aarch64 → XB102 on line 7)', () => {
    const f = file('Dockerfile');
    assert.equal(f.filetype, 'dockerfile');
    assert.deepEqual(targeted(f.diagnostics), ['XB102@7']);
    const d = f.diagnostics.find((x) => x.code === 'XB102')!;
    assert.equal(d.source, 'xbd');
    assert.equal(d.severity, 1, 'XB102 is an error (vim.diagnostic.severity.ERROR)');
    // Column of "aarch64" in `RUN CGO_ENABLED=0 GOOS=linux GOARCH=aarch64 \` (1-based bytes).
    assert.equal(d.col, 'RUN CGO_ENABLED=0 GOOS=linux GOARCH='.length + 1);
    assert.match(d.message, /^GOARCH=aarch64 is not a Go architecture/);
    assert.match(d.message, /: use arm64\./);
  });

  it('gets pushed diagnostics for a Makefile (export GOOS := macos → XB101 on line 7)', () => {
    const f = file('Makefile');
    // Neovim calls it "make", not VS Code's "makefile": the server must go by the file name.
    assert.equal(f.filetype, 'make');
    assert.deepEqual(targeted(f.diagnostics), ['XB101@7']);
    const d = f.diagnostics.find((x) => x.code === 'XB101')!;
    assert.equal(d.col, 'export GOOS := '.length + 1);
    assert.match(d.message, /^GOOS=macos is not a Go operating system/);
    assert.match(d.message, /: use darwin\./);
  });

  it('gets pushed diagnostics for a shell script (GOARCH=arm/v7 → XB102 line 8, GOARM with amd64 → XB105 line 9)', () => {
    const f = file('build.sh');
    assert.equal(f.filetype, 'sh');
    assert.deepEqual(targeted(f.diagnostics), ['XB102@8', 'XB105@9']);
    assert.match(f.diagnostics.find((x) => x.code === 'XB102')!.message, /^GOARCH=arm\/v7 is not a Go architecture/);
    assert.match(f.diagnostics.find((x) => x.code === 'XB105')!.message, /^GOARM has no effect with GOARCH=/);
  });

  for (const [name, code, line, expected] of [
    ['Dockerfile', 'XB102', 7, 'RUN CGO_ENABLED=0 GOOS=linux GOARCH=arm64 \\'],
    ['Makefile', 'XB101', 7, 'export GOOS := darwin'],
  ] as const) {
    it(`applies the ${code} quick fix in ${name} through codeAction + apply_workspace_edit, and ${code} goes away`, () => {
      const fix = got().fixes.find((x) => x.file === name && x.code === code);
      assert.ok(fix, `no fix record for ${name} ${code}`);
      assert.equal(fix.error, undefined, fix.error);
      assert.equal(fix.request_diagnostics, 1, 'the code action request carries the one diagnostic');
      assert.ok(fix.actions?.length, 'the server offered no code action');
      const preferred = fix.actions.filter((a) => a.isPreferred);
      assert.equal(preferred.length, 1, `exactly one preferred action: ${JSON.stringify(fix.actions)}`);
      assert.equal(preferred[0].kind, 'quickfix');
      assert.equal(fix.applied, preferred[0].title);
      assert.ok(fix.republished, `no publish for the edited version ${fix.version_after} within ${WAIT_MS} ms`);
      assert.ok((fix.version_after ?? 0) > (fix.version_before ?? 0), 'the edit changed the buffer version');
      assert.deepEqual(
        (fix.diagnostics ?? []).filter((d) => d.code === code),
        [],
        `${code} is still shown after its fix: ${JSON.stringify(fix.diagnostics)}`,
      );

      // The buffer now holds the fixed line, and every other line is as it was.
      const original = readFileSync(join(FIXTURES, name), 'utf8').replace(/\n$/, '').split('\n');
      const now = (fix.text ?? '').split('\n');
      assert.equal(now[line - 1], expected);
      assert.equal(now.length, original.length);
      for (let i = 0; i < original.length; i++) if (i !== line - 1) assert.equal(now[i], original[i], `line ${i + 1} changed`);
    });
  }

  it('publishes once per opened document first, then for the edited versions, and shuts down cleanly', () => {
    const report = got();
    const first = Object.values(report.files).map((f) => report.publishes.find((p) => p.uri === f.uri));
    assert.ok(first.every(Boolean), 'every document got a publish');
    assert.deepEqual(report.logs.filter((l) => /failed|error/i.test(l)), [], 'the server logged no failure');
    assert.ok(report.server_stopped, 'the server exited after vim.lsp.stop_client');
    assert.deepEqual(report.server_exit, { code: 0, signal: 0 });
  });
});
