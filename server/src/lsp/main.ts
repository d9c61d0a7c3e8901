import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { initShellParser } from '../engine';
import { startServer } from './server';

// The grammars sit beside this bundle (dist/); see scripts/build.mjs.
const connection = createConnection(ProposedFeatures.all);
const parserReady = initShellParser(__dirname);
parserReady.catch(() => undefined); // reported per request by the server
startServer(connection, parserReady);
