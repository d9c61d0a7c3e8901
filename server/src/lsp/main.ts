import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter, type Connection, type DataCallback, type Disposable } from 'vscode-languageserver/node';
import { initShellParser } from '../engine';
import { AnalysisWorker } from './analysis-remote';
import { isAnalysisWorker, runAnalysisWorker } from './analysis-worker';
import { startServer } from './server';
import { noteActivity, trimHeapWhenIdle } from './heap-trim';
import { baselineWasmOnly } from '../wasm-tiering';

/**
 * The client's messages from stdin. vscode-jsonrpc's reader reports a frame header with no
 * Content-Length or a non-numeric one, and a body that is not JSON (a short Content-Length), as an
 * error event that nothing listens to, and keeps the bytes after it in its buffer: every later message
 * was misread and the server stopped answering, silently. The stream cannot be resynchronised safely,
 * so the server says why on stderr and exits (status 1); clients restart it.
 */
class ClientReader extends StreamMessageReader {
  shutdownReceived = false;

  override listen(callback: DataCallback): Disposable {
    return super.listen((message) => {
      noteActivity();
      if ((message as { method?: string }).method === 'shutdown') this.shutdownReceived = true;
      callback(message);
    });
  }
}

/**
 * The connection: VS Code starts the server with `--node-ipc` (TransportKind.ipc), which
 * vscode-languageserver detects on its own; any other client (Neovim, the tests) speaks over stdio,
 * read through ClientReader.
 */
function connect(): Connection {
  if (process.argv.includes('--node-ipc')) {
    // The client's messages come as process messages: each one marks the server busy (heap-trim.ts).
    process.on('message', noteActivity);
    return createConnection(ProposedFeatures.all);
  }
  const reader = new ClientReader(process.stdin);
  reader.onError((err) => {
    process.stderr.write(`xbd language server: unreadable message from the client (${err.message.split('\n')[0]}); exiting\n`);
    process.exit(1);
  });
  // Given a reader rather than a stream, vscode-languageserver no longer exits when stdin ends: as it did.
  for (const event of ['end', 'close']) process.stdin.on(event, () => process.exit(reader.shutdownReceived ? 0 : 1));
  return createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout));
}

/** The language server (the grammars sit beside this bundle, dist/; see scripts/build.mjs). */
function serve(): void {
  baselineWasmOnly();
  const connection = connect();
  trimHeapWhenIdle();
  const parserReady = initShellParser(__dirname);
  parserReady.catch(() => undefined); // reported per request by the server
  // Large documents are analysed by this same bundle started as a worker thread.
  startServer(connection, parserReady, { worker: (log, stopped) => new AnalysisWorker(__filename, __dirname, log, stopped) });
}

// This bundle is also the analysis worker thread the server starts for large documents.
if (isAnalysisWorker()) runAnalysisWorker();
else serve();
