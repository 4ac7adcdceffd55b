// The server's connection setup run in this process over in-memory streams: capabilities and settings.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import {
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  InlayHintRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type InitializeResult,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { startServer } from '../../server/src/lsp/startServer.ts';
import { SummaryRequest } from '../../server/src/protocol.ts';
import { distDir, editorCapabilities, fixture } from './harness.ts';

const mlp = fixture('seed_mlp.py');
const toServer = new PassThrough();
const toClient = new PassThrough();
const serverConnection = createConnection(
  ProposedFeatures.all,
  new StreamMessageReader(toServer),
  new StreamMessageWriter(toClient),
);
let client: ProtocolConnection;
let initialized: InitializeResult;

before(async () => {
  startServer(serverConnection, distDir);
  client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  client.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
  client.listen();
  initialized = await client.sendRequest(InitializeRequest.type, {
    processId: null,
    rootUri: null,
    capabilities: editorCapabilities,
  });
  await client.sendNotification(InitializedNotification.type, {});
  await client.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: mlp.uri, languageId: 'python', version: 1, text: mlp.text },
  });
});

after(async () => {
  await client.sendRequest(ShutdownRequest.type);
  client.dispose();
  serverConnection.dispose();
});

test('capabilities: incremental sync, hover, inlay hints, the Lower to tf.nn kinds and never fix-all', () => {
  const { capabilities } = initialized;
  assert.deepEqual(capabilities.textDocumentSync, { openClose: true, change: 2 });
  assert.equal(capabilities.hoverProvider, true);
  assert.ok(capabilities.inlayHintProvider);
  const codeActions = capabilities.codeActionProvider;
  assert.ok(typeof codeActions === 'object');
  assert.deepEqual(codeActions.codeActionKinds, ['refactor.rewrite', 'source.lowerToTf', 'quickfix']);
});

test('the summary request answers from the in-process engine', async () => {
  const summary = await client.sendRequest(SummaryRequest, { uri: mlp.uri });
  assert.equal(summary.models.length, 1);
  assert.equal(summary.models[0]!.totalParams, 101_770);
});

test('kerasLower.inlayHints.enabled turns the hints off and on', async () => {
  const range = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };
  const hints = () => client.sendRequest(InlayHintRequest.type, { textDocument: { uri: mlp.uri }, range });
  await client.sendNotification(DidChangeConfigurationNotification.type, {
    settings: { kerasLower: { inlayHints: { enabled: false } } },
  });
  assert.deepEqual(await hints(), []);
  await client.sendNotification(DidChangeConfigurationNotification.type, {
    settings: { kerasLower: { inlayHints: { enabled: true } } },
  });
  assert.ok(((await hints()) ?? []).length > 0, 'no hints once enabled again');
});
