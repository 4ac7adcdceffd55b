// The keras-lower language server. Any LSP client can run it: `node dist/server.js --stdio`
// (VS Code starts it over node IPC). The wasm files sit beside this bundle in dist/.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/startServer.ts';

const connection = createConnection(ProposedFeatures.all);
// A failed request to the client (one it does not implement, or answers with an error) must never end the
// server: log it instead of letting node exit on an unhandled rejection.
process.on('unhandledRejection', (reason) =>
  connection.console.error(`unhandled rejection: ${String(reason)}`),
);
startServer(connection, __dirname);
