// The partial evaluator on real-world model code: helpers, loops, graphs, operations, subclasses, naming.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeText } from '../../server/src/core/index.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

const rows = (text: string, variable = 'model') =>
  analyzeText(text)
    .models.find((model) => model.variable === variable)
    ?.layers.map((layer) => [layer.name, layer.class, layer.outputShape, layer.params]);

describe('partial evaluator', () => {
  it('helper functions with defaults, loops, f-string names and a builder returning the model', () => {
    const text = [
      'import keras',
      'from keras import layers',
      'def block(x, filters, name, pool=True):',
      '    x = layers.Conv2D(filters, 3, padding="same", name=f"{name}_conv")(x)',
      '    return layers.MaxPooling2D()(x) if pool else x',
      'def make_model(input_shape, classes):',
      '    inputs = keras.Input(shape=input_shape)',
      '    x = inputs',
      '    for i, filters in enumerate([8, 16], start=1):',
      '        x = block(x, filters, name=f"b{i}")',
      '    x = layers.Flatten()(x)',
      '    return keras.Model(inputs, layers.Dense(classes)(x))',
      'model = make_model((16, 16, 3), classes=10)',
    ].join('\n');
    assert.deepEqual(rows(text), [
      ['input_layer', 'InputLayer', [null, 16, 16, 3], 0],
      ['b1_conv', 'Conv2D', [null, 16, 16, 8], 224],
      ['max_pooling2d', 'MaxPooling2D', [null, 8, 8, 8], 0],
      ['b2_conv', 'Conv2D', [null, 8, 8, 16], 1168],
      ['max_pooling2d_1', 'MaxPooling2D', [null, 4, 4, 16], 0],
      ['flatten', 'Flatten', [null, 256], 0],
      ['dense', 'Dense', [null, 10], 2570],
    ]);
  });

  it('operators are operation nodes that share Keras name counters with layers', () => {
    const text = [
      'import keras',
      'from keras import layers, ops',
      'a = keras.Input((4,))',
      'b = keras.Input((4,))',
      'x = a + b',
      'y = layers.Add()([x, ops.relu(b * 0.5)])',
      'model = keras.Model([a, b], y)',
    ].join('\n');
    assert.deepEqual(
      rows(text)!.map((row) => row.slice(0, 2)),
      [
        // Keras's order: by depth from the outputs, then by first visit (b is reached before a).
        ['input_layer_1', 'InputLayer'],
        ['input_layer', 'InputLayer'],
        ['multiply', 'Multiply'],
        ['add', 'Add'],
        ['relu', 'Relu'],
        ['add_1', 'Add'],
      ],
    );
  });

  it('a subclassed model built from the annotation comment', () => {
    const text = [
      'import keras',
      'from keras import layers',
      'class MLP(keras.Model):',
      '    def __init__(self):',
      '        super().__init__()',
      '        self.hidden = layers.Dense(64, activation="relu")',
      '        self.out = layers.Dense(10)',
      '    def call(self, inputs):',
      '        return self.out(self.hidden(inputs))',
      '# keras-lower: input_shape=(None, 784)',
      'model = MLP()',
    ].join('\n');
    assert.deepEqual(rows(text), [
      ['dense', 'Dense', [null, 64], 50240],
      ['dense_1', 'Dense', [null, 10], 650],
    ]);
  });

  it('EinsumDense shapes and parameters follow Keras', () => {
    const text = [
      'import keras',
      'from keras import layers',
      'inp = keras.Input((10, 16))',
      'out = layers.EinsumDense("abc,cd->abd", output_shape=(None, 64), bias_axes="d")(inp)',
      'model = keras.Model(inp, out)',
    ].join('\n');
    assert.deepEqual(rows(text)![1], ['einsum_dense', 'EinsumDense', [null, null, 64], 1088]);
  });

  it('raw tf.* on a Keras tensor is a diagnostic (Keras 3 raises)', () => {
    const text = 'import keras\nimport tensorflow as tf\nx = keras.Input((4,))\ny = tf.nn.relu(x)\n';
    assert.match(analyzeText(text).diagnostics[0]!.message, /symbolic Keras tensor/);
  });

  it('an incompatible merge is a diagnostic naming both shapes', () => {
    const text =
      'import keras\nfrom keras import layers\na = keras.Input((4,))\nb = keras.Input((5,))\nc = layers.Add()([a, b])\n';
    assert.match(analyzeText(text).diagnostics[0]!.message, /\(None, 4\) and \(None, 5\)/);
  });

  it('a model changed in code keras-lower does not follow is dropped with a note, never shown incomplete', () => {
    const text = [
      'import keras',
      'import sys',
      'model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])',
      'for _ in range(100_000):',
      '    model.add(keras.layers.Dense(3))',
      'other = keras.Sequential([keras.Input((4,))])',
      'if len(sys.argv) > 1:',
      '    other.add(keras.layers.Dense(2))',
      'kept = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])',
      'if __name__ == "__main__":',
      '    kept.summary()',
    ].join('\n');
    const analysis = analyzeText(text);
    assert.deepEqual(
      analysis.models.map((model) => model.variable),
      ['kept'],
    );
    const notes = analysis.diagnostics.map((d) => `${d.range.start.line}: ${d.message}`);
    assert.ok(
      notes.some((note) => /^3: `model` may change here and the loop/.test(note)),
      notes.join('\n'),
    );
    assert.ok(
      notes.some((note) => /^6: `other` may change here/.test(note)),
      notes.join('\n'),
    );
  });

  it('hostile loops and recursion stay bounded', () => {
    const text =
      'import keras\ndef f(n):\n    return f(n + 1)\nx = f(0)\nfor i in range(10**9):\n    pass\nmodel = keras.Sequential([keras.layers.Dense(2, input_shape=(3,))])\n';
    assert.equal(analyzeText(text).models[0]!.totalParams, 8);
  });
});

describe('string literals', () => {
  it('decode Python escapes, except in raw strings', () => {
    const text =
      'import keras\nm = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name="a\\"b\\\\n"), ' +
      'keras.layers.Dense(2, name=r"c\\\\d"), keras.layers.Dense(2, name="x\\x41\\u00e9")])\n';
    assert.deepEqual(
      analyzeText(text).models[0]!.layers.map((layer) => layer.name),
      ['a"b\\n', 'c\\\\d', 'xAé'],
    );
  });
});
