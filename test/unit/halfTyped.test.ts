// Half-typed code keeps its hints: while a statement does not parse, the other models keep their current
// analysis, and the model being edited shows its last good one, marked stale and offering no edit.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  analyze,
  applyEdits,
  inlayHints,
  lowerWhereParsed,
  loweringOffersWhereParsed,
  PythonDocument,
  staleHoverAt,
  staleInlayHints,
  toSummaryJson,
  type Analysis,
} from '../../server/src/core/index.ts';
import { parsePython } from '../../server/src/core/parse/document.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

// Ours, in the shape of keras.io's "Simple MNIST convnet" (a Sequential CNN), with a functional head built by
// a helper as keras.io's tabular examples do.
const program = `import keras
from keras import layers

num_classes = 10
input_shape = (28, 28, 1)


def dense_block(x, units):
    x = layers.Dense(units, activation="relu")(x)
    return layers.Dropout(0.1)(x)


convnet = keras.Sequential(
    [
        keras.Input(shape=input_shape),
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dense(num_classes, activation="softmax"),
    ]
)

features = keras.Input(shape=(64,))
hidden = dense_block(features, 32)
logits = layers.Dense(num_classes)(hidden)
head = keras.Model(features, logits)

convnet.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
`;

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle));

/** A model's summary without positions (lines move while typing) or the stale note. */
function rows(analysis: Analysis, variable: string) {
  const model = toSummaryJson(analysis).models.find((candidate) => candidate.variable === variable);
  if (!model) return undefined;
  return {
    name: model.name,
    class: model.class,
    params: [model.totalParams, model.trainableParams, model.nonTrainableParams],
    layers: model.layers.map((row) => ({
      id: row.id,
      name: row.name,
      class: row.class,
      outputShape: row.outputShape,
      params: row.params,
      connectedTo: row.connectedTo,
      status: row.status,
      reasons: row.reasons.map((reason) => reason.message),
    })),
  };
}

const stale = (analysis: Analysis, variable: string) =>
  analysis.models.find((model) => model.variable === variable)?.stale;

const good = () => analyze(new PythonDocument(program, 1));
const typed = (text: string, lastGood?: Analysis) => {
  assert.ok(parsePython(text).rootNode.hasError, 'the edited text must not parse');
  return analyze(new PythonDocument(text, 2), lastGood);
};

const half = {
  insideTheList: program.replace('        layers.Flatten(),\n', '        layers.Flatten(\n'),
  afterTheModel: program.replace('\nfeatures =', '\nextra = layers.Dense(\nfeatures ='),
  inTheHelper: program.replace('activation="relu")(x)\n', 'activation="relu")(x\n'),
  unclosedAtTheEnd: `${program}convnet.fit(x_train,\n`,
};

describe('half-typed code keeps its hints', () => {
  it('the clean program: two models, every layer known', () => {
    const analysis = good();
    assert.deepEqual(
      analysis.models.map((model) => [model.variable, model.totalParams, model.stale]),
      [
        ['convnet', 54_410, undefined],
        ['head', 2_410, undefined],
      ],
    );
    assert.deepEqual(analysis.unparsed, []);
  });

  it('inside the model being edited: it shows its last good shapes, marked stale; the other model is unchanged', () => {
    const lastGood = good();
    const analysis = typed(half.insideTheList, lastGood);
    assert.match(stale(analysis, 'convnet') ?? '', /^last good analysis: lines \d+–\d+ do not parse yet$/);
    assert.deepEqual(rows(analysis, 'convnet'), rows(lastGood, 'convnet'));
    assert.equal(stale(analysis, 'head'), undefined);
    // The head's layers keep their Keras names (dense_1, dropout, dense_2), as if the broken list still built two.
    assert.deepEqual(rows(analysis, 'head'), rows(lastGood, 'head'));
    const conv = lineOf(half.insideTheList, 'layers.Conv2D');
    const hints = staleInlayHints(analysis);
    assert.deepEqual(
      hints.filter((hint) => hint.position.line === conv).map((hint) => hint.label),
      ['(None, 26, 26, 32) (last good)'],
    );
    assert.ok(hints.every((hint) => /last good analysis: lines/.test(hint.tooltip)));
    const hover = staleHoverAt(analysis, { line: conv, character: 12 });
    assert.match(
      hover?.markdown ?? '',
      /^\*Last good analysis: lines \d+–\d+ do not parse yet\.\*\n\n\*\*Conv2D\*\* `conv2d`/,
    );
    assert.equal(hover?.range.start.line, conv);
    // The current hints are the head's, at its lines, not marked.
    const current = inlayHints(analysis).map((hint) => [hint.position.line, hint.label]);
    assert.deepEqual(current, [
      [lineOf(half.insideTheList, 'layers.Dense(units'), '(None, 32)'],
      [lineOf(half.insideTheList, 'return layers.Dropout'), '(None, 32)'],
      [lineOf(half.insideTheList, 'logits ='), '(None, 10)'],
    ]);
  });

  it('after the model: an unclosed call gives back the statements it swallowed, and nothing is stale', () => {
    const lastGood = good();
    const analysis = typed(half.afterTheModel, lastGood);
    for (const variable of ['convnet', 'head']) {
      assert.equal(stale(analysis, variable), undefined, variable);
      assert.deepEqual(rows(analysis, variable), rows(lastGood, variable), variable);
    }
    assert.deepEqual(
      analysis.unparsed.map(({ span, bound }) => [span, bound]),
      [
        [
          { start: lineOf(half.afterTheModel, 'extra ='), end: lineOf(half.afterTheModel, 'extra =') },
          ['extra'],
        ],
      ],
    );
  });

  it('in a helper: the model it builds shows its last good shapes; the other is current', () => {
    const lastGood = good();
    const analysis = typed(half.inTheHelper, lastGood);
    assert.match(stale(analysis, 'head') ?? '', /^last good analysis: lines 8–/);
    assert.deepEqual(rows(analysis, 'head'), rows(lastGood, 'head'));
    assert.equal(stale(analysis, 'convnet'), undefined);
    assert.deepEqual(rows(analysis, 'convnet'), rows(lastGood, 'convnet'));
    assert.deepEqual(analysis.unparsed[0]?.bound, ['dense_block']);
  });

  it('an unclosed paren at the end: both models are current and unchanged', () => {
    const lastGood = good();
    const analysis = typed(half.unclosedAtTheEnd, lastGood);
    assert.equal(analysis.stale, undefined);
    for (const variable of ['convnet', 'head'])
      assert.deepEqual(rows(analysis, variable), rows(lastGood, variable), variable);
  });

  it('two statements run together on one line (no error node, only a flagged module) do not parse', () => {
    const lastGood = good();
    const text = program.replace(
      'head = keras.Model(features, logits)\n',
      'head = keras.Model(features, logits)x = 1\n',
    );
    const analysis = typed(text, lastGood);
    const line = lineOf(text, 'head = keras.Model');
    assert.deepEqual(
      analysis.unparsed.map(({ span, bound }) => [span, bound.sort()]),
      [[{ start: line, end: line }, ['head', 'x']]],
    );
    assert.ok(stale(analysis, 'head'));
    assert.equal(lowerWhereParsed(analysis, { kind: 'file' }, 'layer').ok, false);
  });

  it('a half-typed .add() changes the model: it is stale, and the current, shorter model is not shown', () => {
    const text =
      'import keras\nm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])\nm.add(keras.layers.Dense(1)\n';
    const lastGood = analyze(new PythonDocument(text.replace('Dense(1)\n', 'Dense(1))\n'), 1));
    const analysis = typed(text, lastGood);
    assert.equal(analysis.models.length, 1);
    assert.ok(stale(analysis, 'm'));
    assert.deepEqual(rows(analysis, 'm'), rows(lastGood, 'm'));
    assert.deepEqual(inlayHints(analysis), [], 'the shorter model built so far gives no hints of its own');
  });

  it('without a last good version, the edited model is left out rather than shown without its broken lines', () => {
    const analysis = typed(half.insideTheList);
    assert.deepEqual(
      analysis.models.map((model) => model.variable),
      ['head'],
    );
    // One diagnostic, at the syntax error: no cascade.
    assert.deepEqual(
      analysis.diagnostics.map((diagnostic) => [diagnostic.range.start.line, diagnostic.severity]),
      [[lineOf(half.insideTheList, 'layers.Dense(num_classes, activation="softmax")'), 'information']],
    );
    const first = lineOf(half.insideTheList, 'convnet = ') + 1;
    const last = lineOf(half.insideTheList, 'features = ') - 1;
    assert.match(
      analysis.diagnostics[0]!.message,
      new RegExp(`^lines ${first}–${last} do not parse yet \\(`),
    );
  });

  it('code actions: none from the stale model, the current model lowers, the whole file waits', () => {
    const analysis = typed(half.insideTheList, good());
    const conv = lineOf(half.insideTheList, 'layers.Conv2D');
    const at = (line: number) => ({ start: { line, character: 12 }, end: { line, character: 12 } });
    const onStale = loweringOffersWhereParsed(analysis, at(conv));
    assert.deepEqual(
      onStale.map((offer) => [offer.target.kind, offer.disabledReason !== undefined]),
      [['file', true]],
    );
    assert.deepEqual(lowerWhereParsed(analysis, { kind: 'model', variable: 'convnet' }, 'module').ok, false);
    assert.deepEqual(lowerWhereParsed(analysis, { kind: 'file' }, 'layer').ok, false);
    const headLine = lineOf(half.insideTheList, 'head = keras.Model');
    const offers = loweringOffersWhereParsed(analysis, at(headLine)).filter(
      (offer) => offer.target.kind === 'model',
    );
    assert.deepEqual(
      offers.map((offer) => [offer.title, offer.disabledReason]),
      [['Lower to tf.nn: model `head` → pure TensorFlow', undefined]],
    );
    const result = lowerWhereParsed(analysis, { kind: 'model', variable: 'head' }, 'module');
    assert.ok(result.ok);
    // The edit leaves the half-typed lines as they are: fixing them later gives a file that parses.
    const lowered = applyEdits(half.insideTheList, result.edits);
    assert.ok(lowered.includes('        layers.Flatten(\n'));
    assert.equal(
      parsePython(lowered.replace('layers.Flatten(\n', 'layers.Flatten(),\n')).rootNode.hasError,
      false,
    );
  });
});
