// Issue 17, item 1: a refusal reads the same wherever the user asks (the Quick Fix menu's disabled action,
// the hover, the panel), and every title names its layer as Keras prints it and carries its grade.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CodeActionRequest, HoverRequest, type CodeAction } from 'vscode-languageserver-protocol/node';
import { initParser } from '../../server/src/core/index.ts';
import { PanelDataRequest } from '../../server/src/protocol.ts';
import { distDir, fixture, positionOf, ServerSession } from './harness.ts';

const refused = fixture('repros/M13-refused-layer-says-why.py');
const cnn = fixture('seed_cnn.py');
let session: ServerSession;

before(async () => {
  await initParser(distDir);
  session = await ServerSession.start();
  await session.open(refused.uri, refused.text);
  await session.open(cnn.uri, cnn.text);
});

after(async () => {
  await session?.stop();
});

async function actionsAt(uri: string, text: string, needle: string): Promise<CodeAction[]> {
  const position = positionOf(text, needle);
  const actions = await session.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: { start: position, end: position },
    context: { diagnostics: [] },
  });
  return (actions ?? []) as CodeAction[];
}

/** What Markdown shows of a hover: code spans without their backticks. */
const rendered = (markdown: string) => markdown.replace(/`/g, '');

test('M13: the refused Dense is a disabled action whose reason the hover and the panel say word for word', async () => {
  const actions = await actionsAt(refused.uri, refused.text, 'Dense(4');
  const layer = actions.find((action) => action.title === 'Keras: Lower dense (Dense) to tf.nn');
  assert.ok(layer, `no layer action in ${actions.map((action) => action.title).join(' | ')}`);
  const reason = layer.disabled?.reason ?? '';
  assert.match(reason, /^kernel_constraint="non_neg": weight constraints .* not lowered yet$/);

  const hover = await session.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri: refused.uri },
    position: positionOf(refused.text, 'Dense(4'),
  });
  const hoverText = rendered((hover?.contents as { value: string }).value);
  assert.ok(hoverText.includes(`Refused: ${reason}`), `the hover does not say "${reason}":\n${hoverText}`);

  const panel = await session.connection.sendRequest(PanelDataRequest, { uri: refused.uri });
  const row = panel.models[0]!.layers.find((candidate) => candidate.name === 'dense')!;
  assert.deepEqual(
    row.reasons.map((r) => rendered(r.message)),
    [reason],
  );
  const choice = panel.choices.find((candidate) => candidate.title === layer.title);
  assert.equal(choice?.disabledReason, reason, 'the Diff tab and Preview Diff say it too');
  // The model cannot be lowered for the same reason, said with the layer's name.
  const model = actions.find((action) => action.title.startsWith('Keras: Lower model “model”'));
  assert.equal(model?.disabled?.reason, `dense: ${reason}`);
});

test('titles name the layer as Keras prints it, carry the grade, and hold no backticks or empty reasons', async () => {
  const seen = new Set<string>();
  for (const needle of ['Conv2D', 'MaxPooling2D', 'Flatten', 'Dense'])
    for (const action of await actionsAt(cnn.uri, cnn.text, needle)) seen.add(action.title);
  const panel = await session.connection.sendRequest(PanelDataRequest, { uri: cnn.uri });
  for (const choice of panel.choices)
    assert.ok(seen.has(choice.title), `"${choice.title}" is in the panel only`);
  assert.deepEqual([...seen].sort(), [
    'Keras: Lower all layers in file to tf.nn (exact ones; the rest stay Keras)',
    'Keras: Lower conv2d (Conv2D) to tf.nn (exact)',
    'Keras: Lower dense (Dense) to tf.nn (exact)',
    'Keras: Lower flatten (Flatten) to tf.nn (exact)',
    'Keras: Lower max_pooling2d (MaxPooling2D) to tf.nn (exact)',
    'Keras: Lower model “model” to a tf.Module beside it (exact)',
  ]);
  for (const text of [refused.text, cnn.text]) {
    const uri = text === cnn.text ? cnn.uri : refused.uri;
    for (const action of await actionsAt(uri, text, 'Dense')) {
      assert.ok(!action.title.includes('`'), `backtick in "${action.title}"`);
      if (action.disabled)
        assert.ok(action.disabled.reason.length > 0 && !action.disabled.reason.includes('`'));
    }
  }
});
