// "Set input shape…" over real JSON-RPC: offered on a keras.Input whose shape comes from data keras-lower cannot
// read, it writes the `# keras-lower: input_shape=(...)` comment; once its `?` is filled the model resolves.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CodeActionRequest,
  DidChangeTextDocumentNotification,
  TextDocumentEdit,
  type CodeAction,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { SummaryRequest } from '../../server/src/protocol.ts';
import { ServerSession } from './harness.ts';
import { applyTextEdits } from './textEdits.ts';

const uri = 'untitled:data_model.py';
const text = [
  'import numpy as np',
  'import keras',
  'data = np.loadtxt("train.csv", delimiter=",")',
  'x_train = data[:, :-1]',
  'inputs = keras.Input(shape=x_train.shape[1:])',
  'outputs = keras.layers.Dense(3)(inputs)',
  'model = keras.Model(inputs, outputs)',
  '',
].join('\n');

let session: ServerSession;

before(async () => {
  session = await ServerSession.start();
  await session.open(uri, text);
});

after(async () => {
  await session?.stop();
});

async function actionsOnLine(line: number, only?: string[]): Promise<CodeAction[]> {
  const position = { line, character: 4 };
  const actions = await session.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: { start: position, end: position },
    context: { diagnostics: [], ...(only ? { only } : {}) },
  });
  return (actions ?? []) as CodeAction[];
}

test('offered as a quick fix on the input line only, with an edit pinned to the version', async () => {
  assert.deepEqual(
    (await actionsOnLine(5)).map((action) => action.title).filter((title) => title.startsWith('Set input')),
    [],
  );
  assert.deepEqual(await actionsOnLine(4, ['refactor']), []);
  const [action] = (await actionsOnLine(4, ['quickfix'])).filter((a) => a.title === 'Set input shape…');
  assert.ok(action, 'the action is offered');
  assert.equal(action.kind, 'quickfix');
  const change = action.edit?.documentChanges?.[0];
  assert.ok(change && TextDocumentEdit.is(change));
  assert.deepEqual(change.textDocument, { uri, version: 1 });
  const written = applyTextEdits(text, change.edits as TextEdit[]).text;
  assert.equal(
    written.split('\n').slice(4, 6).join('\n'),
    '# keras-lower: input_shape=(None, ?)\ninputs = keras.Input(shape=x_train.shape[1:])',
  );

  // The user fills in the size: the model resolves and the action is no longer offered.
  const filled = written.replace('(None, ?)', '(None, 12)');
  await session.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 },
    contentChanges: [{ text: filled }],
  });
  const summary = await session.connection.sendRequest(SummaryRequest, { uri });
  const model = summary?.models.find((m) => m.variable === 'model');
  assert.deepEqual(
    model?.layers.map((layer) => [layer.name, layer.outputShape, layer.params]),
    [
      ['input_layer', [null, 12], 0],
      ['dense', [null, 3], 39],
    ],
  );
  assert.deepEqual(await actionsOnLine(5, ['quickfix']), []);
});
