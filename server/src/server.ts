// The keras-lower language server. Any LSP client can run it: `node dist/server.js --stdio`
// (VS Code starts it over node IPC). The wasm files sit beside this bundle in dist/.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/startServer.ts';

startServer(createConnection(ProposedFeatures.all), __dirname);
