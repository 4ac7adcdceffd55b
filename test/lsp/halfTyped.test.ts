// Half-typed code over real JSON-RPC: after a didChange that breaks one statement, the built server still
// answers inlay hints and hover (the edited model's last good ones, marked), offers no edit against the stale
// model, lowers the other model on the current text, publishes one diagnostic, and recovers once it parses.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CodeActionRequest,
  CodeActionResolveRequest,
  DidChangeTextDocumentNotification,
  HoverRequest,
  InlayHintRequest,
  TextDocumentEdit,
  type CodeAction,
  type InlayHint,
  type Position,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { PanelDataRequest, SummaryRequest } from '../../server/src/protocol.ts';
import { positionOf, ServerSession, waitFor } from './harness.ts';

// Ours, in the shape of keras.io's "Simple MNIST convnet", with a functional head built by a helper.
const program = `import keras
from keras import layers


def dense_block(x, units):
    x = layers.Dense(units, activation="relu")(x)
    return layers.Dropout(0.1)(x)


convnet = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ]
)

features = keras.Input(shape=(64,))
head = keras.Model(features, layers.Dense(10)(dense_block(features, 32)))
`;
const uri = 'file:///half-typed/convnet.py';
const flatten = positionOf(program, 'layers.Flatten(),');
const everything = { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } };

let session: ServerSession;
before(async () => {
  session = await ServerSession.start();
  await session.open(uri, program);
});
after(async () => {
  await session?.stop();
});

const hints = async () =>
  ((await session.connection.sendRequest(InlayHintRequest.type, {
    textDocument: { uri },
    range: everything,
  })) ?? []) as InlayHint[];
const label = (hint: InlayHint) => (typeof hint.label === 'string' ? hint.label : '');
const hover = async (position: Position) => {
  const answer = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  return answer && typeof answer.contents === 'object' && 'value' in answer.contents
    ? answer.contents.value
    : '';
};
const actionsAt = async (position: Position) =>
  ((await session.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: { start: position, end: position },
    context: { diagnostics: [] },
  })) ?? []) as CodeAction[];
const resolve = (action: CodeAction) => session.connection.sendRequest(CodeActionResolveRequest.type, action);
const change = (version: number, text: string, line = flatten.line) =>
  session.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version },
    contentChanges: [
      { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text },
    ],
  });

describe('a half-typed line inside a model', () => {
  let before: InlayHint[];
  let conv2dAction: CodeAction | undefined;
  let headHover: string;

  test('version 1 parses: hints, and a Conv2D action', async () => {
    before = await hints();
    headHover = await hover(positionOf(program, 'Dense(10)'));
    assert.match(headHover, /^\*\*Dense\*\* `dense_1` → `\(None, 10\)`/);
    assert.ok(before.some((hint) => label(hint) === '(None, 26, 26, 32)'));
    conv2dAction = (await actionsAt(positionOf(program, 'Conv2D'))).find(
      (action) => action.title === 'Keras: Lower conv2d (Conv2D) to tf.nn (exact)',
    );
    assert.ok(conv2dAction && !conv2dAction.disabled);
  });

  test('version 2 breaks the list: the hints stay, the edited model says "last good"', async () => {
    await change(2, '        layers.Flatten(\n');
    const after = await hints();
    const byPosition = (a: InlayHint, b: InlayHint) =>
      a.position.line - b.position.line || a.position.character - b.position.character;
    assert.deepEqual(
      after.sort(byPosition).map((hint) => [hint.position, label(hint).replace(' (last good)', '')]),
      before
        .filter((hint) => hint.position.line !== flatten.line)
        .sort(byPosition)
        .map((hint) => [hint.position, label(hint)]),
      'every hint but the broken line is still there, where it was',
    );
    const conv = after.find((hint) => hint.position.line === positionOf(program, 'Conv2D').line)!;
    assert.equal(label(conv), '(None, 26, 26, 32) (last good)');
    assert.match(String(conv.tooltip), /last good analysis: lines 10–18 do not parse yet/);
    const headHint = after.find((hint) => hint.position.line === positionOf(program, 'head =').line)!;
    assert.equal(label(headHint), '(None, 10)', "the other model's hints are current, not marked");
    assert.match(
      await hover(positionOf(program, 'Conv2D')),
      /^\*Last good analysis: lines 10–18 do not parse yet\.\*/,
    );
    assert.equal(
      await hover(positionOf(program, 'Dense(10)')),
      headHover,
      "the other model's hover is as it was",
    );
  });

  test('the summary, the panel and the status say which model is stale', async () => {
    const summary = await session.connection.sendRequest(SummaryRequest, { uri });
    assert.deepEqual(
      summary.models.map((model) => [model.variable, model.stale]),
      [
        ['convnet', 'last good analysis: lines 10–18 do not parse yet'],
        ['head', undefined],
      ],
    );
    const panel = await session.connection.sendRequest(PanelDataRequest, { uri });
    const convnet = panel.models.find((model) => model.variable === 'convnet')!;
    assert.ok(convnet.stale);
    assert.match(convnet.layers.find((row) => row.class === 'Conv2D')!.ops, /tf\.nn\.convolution|conv2d/i);
    assert.ok(
      panel.choices.every(
        (choice) => choice.target.kind !== 'layer' || choice.target.layerId.startsWith('head/'),
      ),
    );
    await waitFor(
      () => session.statuses.some((status) => status.uri === uri && status.version === 2),
      5000,
      'status',
    );
    assert.equal(session.statuses.filter((status) => status.uri === uri).at(-1)!.staleModelCount, 1);
    await waitFor(
      () => session.diagnostics.some((d) => d.uri === uri && d.version === 2),
      5000,
      'diagnostics',
    );
    const published = session.diagnostics.filter((d) => d.uri === uri).at(-1)!.diagnostics;
    assert.equal(published.length, 1, 'one diagnostic at the syntax error, no cascade');
    assert.equal(published[0]!.range.start.line, flatten.line + 1);
  });

  test('no edit against stale ranges: the stale model offers none, the old version none', async () => {
    const onStale = await actionsAt(positionOf(program, 'Conv2D'));
    for (const action of onStale) {
      assert.ok(action.disabled, `"${action.title}" is offered on the stale model`);
      assert.equal((await resolve(action)).edit, undefined);
    }
    assert.equal((await resolve(conv2dAction!)).edit, undefined, 'the version 1 action resolves to no edit');
  });

  test('the other model lowers on the current text, without touching the broken lines', async () => {
    const action = (await actionsAt(positionOf(program, 'head ='))).find((candidate) =>
      candidate.title.startsWith('Keras: Lower model “head” to a tf.Module beside it'),
    );
    assert.ok(action && !action.disabled);
    const changes = (await resolve(action)).edit?.documentChanges;
    assert.ok(changes?.length === 1 && TextDocumentEdit.is(changes[0]));
    assert.deepEqual(changes[0].textDocument, { uri, version: 2 });
    const broken = {
      start: positionOf(program, 'convnet =').line,
      end: positionOf(program, 'features =').line - 1,
    };
    for (const edit of changes[0].edits as TextEdit[])
      assert.ok(
        edit.range.end.line < broken.start || edit.range.start.line > broken.end,
        JSON.stringify(edit.range),
      );
  });

  test('version 3 parses again: nothing is stale', async () => {
    await change(3, '        layers.Flatten(),\n');
    assert.deepEqual(await hints(), before);
    assert.doesNotMatch(await hover(positionOf(program, 'Conv2D')), /last good/i);
    const summary = await session.connection.sendRequest(SummaryRequest, { uri });
    assert.ok(summary.models.every((model) => model.stale === undefined));
  });
});
