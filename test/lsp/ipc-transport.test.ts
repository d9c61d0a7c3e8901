import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import { repoRoot } from '../support/paths';

// VS Code's client starts the server with TransportKind.ipc: a forked process given --node-ipc that
// speaks over the IPC channel, not stdin. A server that reads stdin anyway never answers the editor.
describe('the server over node IPC (how VS Code starts it)', () => {
  it('answers initialize and shuts down', async () => {
    const child = fork(join(repoRoot(), 'dist/server.js'), ['--node-ipc', `--clientProcessId=${process.pid}`], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    connection.listen();
    try {
      const result = await Promise.race([
        connection.sendRequest<{ serverInfo?: { name: string } }>('initialize', { processId: process.pid, rootUri: null, capabilities: {} }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer to initialize over IPC within 15 s')), 15_000)),
      ]);
      assert.equal(result.serverInfo?.name, 'xbd');
      await connection.sendRequest('shutdown');
      connection.sendNotification('exit');
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      assert.equal(code, 0);
    } finally {
      connection.dispose();
      child.kill();
    }
  });
});
