// A frame header the server cannot read must not leave it deaf and silent: it says why on stderr and exits,
// so the client sees a crash it can restart from. Spawns the real bundled server over stdio.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { SERVER } from './client';

const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const INITIALIZE = frame(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));

/** Writes `bad`, then a valid initialize; resolves with what the server did within `ms`. */
function send(bad: string, ms = 8000): Promise<{ exit?: number | null; stderr: string; answered: boolean }> {
  const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d) => (stdout += d));
  proc.stderr.on('data', (d) => (stderr += d));
  proc.stdin.on('error', () => undefined);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      proc.kill();
      resolve({ stderr, answered: stdout.includes('"id":1') });
    }, ms);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ exit: code, stderr, answered: stdout.includes('"id":1') });
    });
    proc.stdin.write(bad);
    setTimeout(() => proc.stdin.write(INITIALIZE), 200);
  });
}

describe('server stdio framing', () => {
  const cases: Record<string, string> = {
    'a header without Content-Length': 'X-Trace: 1\r\n\r\n{"jsonrpc":"2.0","id":7,"method":"shutdown"}',
    'a non-numeric Content-Length': 'Content-Length: many\r\n\r\n{"jsonrpc":"2.0","id":7,"method":"shutdown"}',
    'a short Content-Length': 'Content-Length: 5\r\n\r\n{"jsonrpc":"2.0","id":7,"method":"shutdown"}',
    'a header line without a colon': 'garbage\r\n\r\n',
  };
  for (const [name, bad] of Object.entries(cases)) {
    it(`${name}: the server says so on stderr and exits 1 instead of going deaf`, async () => {
      const r = await send(bad);
      assert.equal(r.exit, 1, `still running after 8 s; stderr: ${r.stderr}`);
      assert.match(r.stderr, /^xbd language server: unreadable message from the client \(.+\); exiting$/m);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    });
  }

  it('a well-framed initialize is still answered (the guard leaves good frames alone)', async () => {
    const r = await send('', 3000);
    assert.ok(r.answered, r.stderr);
  });
});
