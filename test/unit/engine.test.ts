// The engine on plain strings: imports, models, shapes, names, refusals, hover, hints and edits.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  analyzeText,
  applyEdits,
  hoverAt,
  inlayHints,
  lower,
  loweringOffers,
  PythonDocument,
  analyze,
} from '../../server/src/core/index.ts';
import { parsePython } from '../../server/src/core/parse/document.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

const rows = (text: string) =>
  analyzeText(text).models.map((model) =>
    model.layers.map((l) => [l.name, l.class, l.outputShape, l.params]),
  );

describe('import spellings', () => {
  const spellings = [
    'import keras\nm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])',
    'from keras import layers, Sequential, Input\nm = Sequential([Input((4,)), layers.Dense(2)])',
    'from tensorflow import keras\nm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])',
    'import tensorflow as tf\nm = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(2)])',
    'from tensorflow.keras.layers import Dense as D, Input\nfrom tensorflow.keras.models import Sequential\nm = Sequential([Input((4,)), D(2)])',
    'import tensorflow.keras.layers as L\nimport keras as K\nm = K.models.Sequential([L.Input(shape=(4,)), L.Dense(units=2)])',
  ];
  for (const text of spellings)
    it(text.split('\n')[0]!, () => assert.deepEqual(rows(text), [[['dense', 'Dense', [null, 2], 10]]]));
});

describe('models and shapes', () => {
  it('seed MLP: Sequential with input_shape=', () => {
    const text =
      'from tensorflow import keras\nmodel = keras.Sequential([\n  keras.layers.Dense(128, activation="relu", input_shape=(784,)),\n  keras.layers.Dense(10, activation="softmax")\n])\n';
    const [model] = analyzeText(text).models;
    assert.equal(model!.totalParams, 101_770);
    assert.deepEqual(
      model!.layers.map((l) => l.name),
      ['dense', 'dense_1'],
    );
  });

  it('seed CNN: valid padding gives 26x26, pooled 13x13, flatten 5408 (not 7*7*32)', () => {
    const text =
      'import keras\nm = keras.Sequential([keras.layers.Conv2D(32, (3, 3), activation="relu", input_shape=(28, 28, 1)), keras.layers.MaxPooling2D((2, 2)), keras.layers.Flatten(), keras.layers.Dense(10)])';
    assert.deepEqual(rows(text), [
      [
        ['conv2d', 'Conv2D', [null, 26, 26, 32], 320],
        ['max_pooling2d', 'MaxPooling2D', [null, 13, 13, 32], 0],
        ['flatten', 'Flatten', [null, 5408], 0],
        ['dense', 'Dense', [null, 10], 54090],
      ],
    ]);
  });

  it('unresolved names become named dimensions and analysis goes on', () => {
    const text =
      'import keras\nm = keras.Sequential([keras.layers.LSTM(64, return_sequences=True, input_shape=(timesteps, features)), keras.layers.Dense(10)])';
    const [model] = analyzeText(text).models;
    assert.deepEqual(model!.layers[0]!.outputShape, [null, 'timesteps', 64]);
    assert.equal(model!.layers[0]!.params, null);
    assert.deepEqual(model!.layers[1]!.outputShape, [null, 'timesteps', 10]);
  });

  it('module constants, tuple unpacking and arithmetic', () => {
    const text =
      'import keras\nimage_size = (30, 30)\nfilters, extra = 8, 2\nm = keras.Sequential([keras.Input(shape=image_size + (3,)), keras.layers.Conv2D(filters * 2 + extra, 3, strides=2, padding="same")])';
    assert.deepEqual(rows(text), [[['conv2d', 'Conv2D', [null, 15, 15, 18], 3 * 3 * 3 * 18 + 18]]]);
  });

  it('Sequential() + add(), functional names, shared counters with the Sequential build', () => {
    const text = [
      'import keras',
      'from keras import layers',
      's = keras.Sequential()',
      's.add(keras.Input((8,)))',
      's.add(layers.Dense(4))',
      's.add(layers.Dense(2))',
      'i = keras.Input((3,))',
      'o = layers.Dense(1)(i)',
      'f = keras.Model(i, o)',
    ].join('\n');
    const analysis = analyzeText(text);
    assert.deepEqual(
      analysis.models.map((m) => [m.variable, m.name, m.class]),
      [
        ['s', 'sequential', 'Sequential'],
        ['f', 'functional_2', 'Functional'],
      ],
    );
    assert.deepEqual(
      analysis.models[1]!.layers.map((l) => [l.name, l.connectedTo]),
      [
        ['input_layer_1', []],
        ['dense_2', ['input_layer_1[0][0]']],
      ],
    );
  });

  it('honours keras.config.set_image_data_format', () => {
    const text =
      'import keras\nkeras.config.set_image_data_format("channels_first")\nm = keras.Sequential([keras.Input((3, 28, 28)), keras.layers.Conv2D(8, 3), keras.layers.MaxPooling2D()])';
    assert.deepEqual(
      rows(text)[0]!.map((r) => r[2]),
      [
        [null, 8, 26, 26],
        [null, 8, 13, 13],
      ],
    );
  });

  it('reports a negative spatial size at the layer, naming the shapes', () => {
    const analysis = analyzeText(
      'import keras\nm = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Conv2D(2, 5)])',
    );
    assert.equal(analysis.diagnostics.length, 1);
    assert.match(analysis.diagnostics[0]!.message, /non-positive output size/);
    assert.equal(analysis.diagnostics[0]!.range.start.line, 1);
  });

  it('never throws on half-typed code', () => {
    for (const text of [
      'import keras\nm = keras.Sequential([keras.layers.Dense(',
      'from keras import',
      'import keras\nx = keras.layers.Dense(10)(',
    ]) {
      assert.doesNotThrow(() => analyzeText(text));
    }
  });
});

describe('refusals', () => {
  it('module mode refuses a layer applied twice in one model; layer mode lowers it', () => {
    const text = [
      'import keras',
      'a = keras.Input((4,))',
      'b = keras.Input((4,))',
      'shared = keras.layers.Dense(3)',
      'm = keras.Model([a, b], keras.layers.add([shared(a), shared(b)]))',
    ].join('\n');
    const analysis = analyzeText(text);
    const module = lower(analysis, { kind: 'model', variable: 'm' }, 'module');
    assert.ok(!module.ok);
    assert.match(module.reasons[0]!.message, /dense is called 2 times in this model/);
    const layer = lower(analysis, { kind: 'layer', layerId: 'm/add' }, 'layer');
    assert.ok(layer.ok);
    assert.match(applyEdits(text, layer.edits), /TfAdd\(\)\(\[shared\(a\), shared\(b\)\]\)/);
  });

  it('a merge layer or Softmax fed a Keras mask refuses (their lowerings would ignore it)', () => {
    const text = [
      'import keras',
      'ids = keras.Input((6,), dtype="int32")',
      'e = keras.layers.Embedding(10, 4, mask_zero=True)(ids)',
      'd = keras.layers.Dense(4)(e)',
      'm = keras.Model(ids, keras.layers.Softmax()(keras.layers.Maximum()([e, d])))',
    ].join('\n');
    const rows = analyzeText(text).models[0]!.layers;
    for (const name of ['maximum', 'softmax']) {
      const row = rows.find((layer) => layer.name === name)!;
      assert.equal(row.status, 'refused', name);
      assert.match(
        row.reasons.map((r) => r.message).join(),
        /receives the mask of embedding .*applying the mask is not lowered/,
      );
    }
  });

  it('a regularizer keras-lower cannot write out refuses at the argument range', () => {
    const text =
      'import keras\nm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, kernel_regularizer=keras.regularizers.OrthogonalRegularizer())])';
    const [layer] = analyzeText(text).models[0]!.layers;
    assert.equal(layer!.status, 'refused');
    assert.equal(
      text
        .split('\n')[1]!
        .slice(layer!.reasons[0]!.range.start.character, layer!.reasons[0]!.range.end.character),
      'kernel_regularizer=keras.regularizers.OrthogonalRegularizer()',
    );
  });

  it('an L2 regularizer lowers in module mode (its penalty in the loss) and refuses in layer mode at the argument', () => {
    const text =
      'import keras\nm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, kernel_regularizer="l2")])\nm.compile(optimizer="sgd", loss="mse")\n';
    const analysis = analyzeText(text);
    assert.equal(analysis.models[0]!.layers[0]!.status, 'exact');
    const layerMode = lower(analysis, { kind: 'layer', layerId: 'm/dense' }, 'layer');
    assert.ok(!layerMode.ok);
    assert.match(layerMode.reasons[0]!.message, /layer mode does not carry `kernel_regularizer`/);
    assert.equal(
      layerMode.reasons[0]!.range.start.character,
      text.split('\n')[1]!.indexOf('kernel_regularizer'),
    );
    const moduleMode = lower(analysis, { kind: 'model', variable: 'm' }, 'module');
    assert.ok(moduleMode.ok);
    assert.match(moduleMode.standalone ?? '', /0\.01 \* tf\.reduce_sum\(tf\.square\(self\.dense_kernel\)\)/);
    assert.match(
      moduleMode.standalone ?? '',
      /loss = self\.compute_loss\(y, y_pred\) \+ self\.regularization_loss\(\)/,
    );
  });

  it('an activation outside the supported set refuses with the list', () => {
    const text =
      'import keras\nm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="threshold")])';
    const [layer] = analyzeText(text).models[0]!.layers;
    assert.equal(layer!.status, 'refused');
    assert.match(layer!.reasons[0]!.message, /threshold/);
  });

  it('a stateful LSTM refuses with a reason at the argument', () => {
    const text =
      'import keras\nm = keras.Sequential([keras.Input((5, 3), batch_size=2), keras.layers.LSTM(4, stateful=True)])';
    const [layer] = analyzeText(text).models[0]!.layers;
    assert.equal(layer!.status, 'refused');
    assert.match(layer!.reasons[0]!.message, /stateful/);
    assert.equal(layer!.reasons[0]!.range.start.character, 78);
  });

  it('Dropout lowers but is graded unsafe (training differs)', () => {
    const text = 'import keras\nm = keras.Sequential([keras.Input((4,)), keras.layers.Dropout(0.5)])';
    assert.equal(analyzeText(text).models[0]!.layers[0]!.status, 'differs');
  });
});

describe('hover and inlay hints', () => {
  const text =
    'import keras\nm = keras.Sequential([keras.layers.Conv2D(32, 3, input_shape=(28, 28, 1)), keras.layers.Flatten()])\n';
  it('hover shows the TF ops, weights, output shape and the padding caveat', () => {
    const hover = hoverAt(analyzeText(text), { line: 1, character: 40 });
    assert.ok(hover);
    assert.match(hover.markdown, /tf\.nn\.convolution/);
    assert.match(hover.markdown, /\(None, 26, 26, 32\)/);
    assert.match(hover.markdown, /glorot_uniform/);
    assert.match(hover.markdown, /pads `valid`/);
    assert.match(hover.markdown, /channels_last/);
  });
  it('inlay hints give each output shape after the layer', () => {
    assert.deepEqual(
      inlayHints(analyzeText(text)).map((hint) => hint.label),
      ['(None, 26, 26, 32)', '(None, 21632)'],
    );
  });
});

describe('lowering edits', () => {
  const text =
    '# keep me\r\nimport keras\r\n\r\nm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="relu")])  # tail\r\n';
  it('layer mode: parses, keeps CRLF and everything outside the edits, adds the tf import', () => {
    const analysis = analyzeText(text, 3);
    const result = lower(analysis, { kind: 'layer', layerId: 'm/dense' }, 'layer');
    assert.ok(result.ok);
    assert.equal(result.version, 3);
    const lowered = applyEdits(text, result.edits);
    assert.equal(parsePython(lowered).rootNode.hasError, false);
    assert.ok(lowered.startsWith('# keep me\r\nimport keras\r\nimport tensorflow as tf\r\n'));
    assert.ok(lowered.endsWith('TfDense(2, activation=tf.nn.relu)])  # tail\r\n'));
    assert.ok(!/[^\r]\n/.test(lowered), 'every line ends with CRLF');
  });
  it('module mode inserts a tf.Module after the model and leaves the model', () => {
    const analysis = analyzeText(text);
    const result = lower(analysis, { kind: 'model', variable: 'm' }, 'module');
    assert.ok(result.ok);
    const lowered = applyEdits(text, result.edits);
    assert.equal(parsePython(lowered).rootNode.hasError, false);
    assert.match(lowered, /class MTF\(tf\.Module\):/);
    assert.match(lowered, /def load_keras_weights\(self, keras_model\):/);
    assert.ok(lowered.includes('keras.layers.Dense(2, activation="relu")])  # tail'));
  });
  it('offers per layer, per model, and the whole file as source.lowerToTf (never fixAll)', () => {
    const offers = loweringOffers(analyzeText(text), {
      start: { line: 3, character: 50 },
      end: { line: 3, character: 50 },
    });
    assert.deepEqual(
      offers.map((o) => [o.title, o.kind]),
      [
        ['Lower to tf.nn: Dense', 'refactor.rewrite'],
        ['Lower to tf.nn: model `m` → pure TensorFlow', 'refactor.rewrite'],
        ['Lower to tf.nn: all layers in file', 'source.lowerToTf'],
      ],
    );
  });
});

describe('incremental documents', () => {
  it('edits the tree and re-analyses per version', () => {
    const line = 'm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])';
    const document = new PythonDocument(`import keras\n${line}\n`, 1);
    const at = line.indexOf('2)]');
    document.applyChanges(
      [{ range: { start: { line: 1, character: at }, end: { line: 1, character: at + 1 } }, text: '16' }],
      2,
    );
    const analysis = analyze(document);
    assert.equal(analysis.version, 2);
    assert.deepEqual(analysis.models[0]!.layers[0]!.outputShape, [null, 16]);
    assert.equal(document.tree.rootNode.text, document.text);
  });
});

describe('hostile and unusual code (regressions)', () => {
  it('a model added to itself is reported, not recursed into', () => {
    const analysis = analyzeText(
      'import keras\nfirst = keras.Sequential([keras.layers.Dense(4, input_shape=(4,))])\nfirst.add(first)\n',
    );
    assert.equal(analysis.models[0]!.totalParams, 20);
    assert.match(analysis.diagnostics[0]!.message, /cannot contain itself/);
  });

  it('deeply nested Sequentials are described in linear time', () => {
    const depth = 60;
    const text = `import keras\nfrom keras import layers\nmodel = ${'keras.Sequential(['.repeat(depth)}layers.Dense(2, input_shape=(3,))${'])'.repeat(depth)}\n`;
    assert.equal(analyzeText(text).models.find((m) => m.variable === 'model')!.totalParams, 8);
  });

  it('star imports from keras.layers and keras.models', () => {
    const text =
      'from keras.layers import *\nfrom keras.models import *\nmodel = Sequential([Dense(8, input_shape=(4,)), Dropout(0.5), Dense(2)])\n';
    assert.equal(analyzeText(text).models[0]!.totalParams, 58);
  });

  it('a rebound variable keeps each model it held, the later ones keyed `name#k` (issue 11, item 3)', () => {
    const text =
      'import keras\nmodel = keras.Sequential([keras.layers.Dense(4)])\nmodel = keras.Sequential([keras.layers.Dense(7, input_shape=(5,))])\n';
    const models = analyzeText(text).models;
    assert.deepEqual(
      models.map((m) => [m.variable, m.key, m.totalParams]),
      [
        ['model', 'model', null],
        ['model', 'model#2', 42],
      ],
    );
  });

  it('files over the size limit are not analysed, with a message', () => {
    const analysis = analyzeText(`import keras\n${'# filler\n'.repeat(250_000)}`);
    assert.equal(analysis.models.length, 0);
    assert.match(analysis.diagnostics[0]!.message, /does not analyse files over/);
  });
});
