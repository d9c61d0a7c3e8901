// The bench's floor: a language server on the library ours is built on (vscode-languageserver, stdio) that
// analyses nothing. Like both measured servers it pulls a document's settings once, then publishes an empty
// list for every open and change at once. Its times are what a message exchange costs on this machine, the
// part of every row that no analysis can take away.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } = require('vscode-languageserver/node');
const { TextDocument } = require('vscode-languageserver-textdocument');

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const settings = new Map();

connection.onInitialize(() => ({
  capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
  serverInfo: { name: 'bench floor' },
}));

documents.onDidChangeContent(async ({ document }) => {
  const { uri } = document;
  if (!settings.has(uri)) settings.set(uri, connection.workspace.getConfiguration({ scopeUri: uri, section: 'xbd' }));
  await settings.get(uri);
  const current = documents.get(uri);
  if (current) void connection.sendDiagnostics({ uri, version: current.version, diagnostics: [] });
});

documents.onDidClose(({ document }) => {
  settings.delete(document.uri);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});

documents.listen(connection);
connection.listen();
