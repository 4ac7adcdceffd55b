// Recurrent layers on plain strings: several outputs (return_state), initial_state inputs, wrappers.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeText, applyEdits, lower } from '../../server/src/core/index.ts';
import { parsePython } from '../../server/src/core/parse/document.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

const rows = (text: string) =>
  analyzeText(text).models[0]!.layers.map((l) => [l.name, l.outputShape, l.params, l.status]);

const STATES = `import keras
from keras import layers
x = keras.Input((5, 3))
h0 = keras.Input((4,))
c0 = keras.Input((4,))
out, h, c = layers.LSTM(4, return_sequences=True, return_state=True)(x, initial_state=[h0, c0])
d = layers.Dense(2)(h)
g = layers.GRU(3, reset_after=False)(out, initial_state=layers.Dense(3)(c))
m = keras.Model([x, h0, c0], [d, g, c])
`;

describe('several outputs and initial states', () => {
  it("tuple-unpacked outputs feed the layers that use them (rows in Keras's order)", () => {
    assert.deepEqual(rows(STATES), [
      ['input_layer', [null, 5, 3], 0, 'exact'],
      ['input_layer_1', [null, 4], 0, 'exact'],
      ['input_layer_2', [null, 4], 0, 'exact'],
      // Keras's summary lists every output of a layer with several.
      [
        'lstm',
        [
          [null, 5, 4],
          [null, 4],
          [null, 4],
        ],
        128,
        'exact',
      ],
      ['dense_1', [null, 3], 15, 'exact'],
      ['dense', [null, 2], 10, 'exact'],
      ['gru', [null, 3], 72, 'exact'],
    ]);
  });

  it('module mode names each output and returns the model outputs in order', () => {
    const result = lower(analyzeText(STATES), { kind: 'model', variable: 'm' }, 'module');
    assert.ok(result.ok);
    const lowered = applyEdits(STATES, result.edits);
    assert.equal(parsePython(lowered).rootNode.hasError, false);
    assert.match(lowered, /initializer=\(input_layer_1, input_layer_2\)\)/);
    assert.match(lowered, /# \[\(None, 5, 4\), \(None, 4\), \(None, 4\)\]/);
    assert.match(lowered, /tf\.matmul\(lstm\[1\], self\.dense_kernel\)/);
    assert.match(lowered, /initializer=\(dense_1,\)\)/);
    assert.match(lowered, /return dense, gru, lstm\[2\]/);
  });

  it('the wrong number of initial states is a shape error', () => {
    const text =
      'import keras\nx = keras.Input((5, 3))\nh = keras.Input((4,))\ny = keras.layers.LSTM(4)(x, initial_state=[h])\nm = keras.Model([x, h], y)\n';
    const lstm = analyzeText(text).models[0]!.layers.find((l) => l.class === 'LSTM')!;
    assert.match(lstm.reasons.map((r) => r.message).join(), /takes 2 initial states, got 1/);
  });
});

describe('wrappers', () => {
  it('Bidirectional with merge_mode=None gives two outputs; its weights are forward then backward', () => {
    const text =
      'import keras\nx = keras.Input((5, 3))\nf, b = keras.layers.Bidirectional(keras.layers.GRU(2), merge_mode=None)(x)\nm = keras.Model(x, keras.layers.add([f, b]))\n';
    const [, bidirectional, add] = analyzeText(text).models[0]!.layers;
    assert.equal(bidirectional!.params, 2 * (3 * 6 + 2 * 6 + 2 * 6));
    assert.deepEqual(
      bidirectional!.weights.map((w) => w.name),
      [
        'forward_kernel',
        'forward_recurrent_kernel',
        'forward_bias',
        'backward_kernel',
        'backward_recurrent_kernel',
        'backward_bias',
      ],
    );
    assert.deepEqual(add!.outputShape, [null, 2]);
  });

  it('a backward layer with the same go_backwards as the forward one is a Keras error', () => {
    const text =
      'import keras\nm = keras.Sequential([keras.Input((5, 3)), keras.layers.Bidirectional(keras.layers.LSTM(2, go_backwards=True))])\n';
    const [layer] = analyzeText(text).models[0]!.layers;
    assert.match(layer!.reasons.map((r) => r.message).join(), /different go_backwards/);
  });

  it('TimeDistributed around a layer that is not lowered refuses', () => {
    const text =
      'import keras\nm = keras.Sequential([keras.Input((5, 3)), keras.layers.TimeDistributed(keras.layers.Dense(2, lora_rank=2))])\n';
    const [layer] = analyzeText(text).models[0]!.layers;
    assert.equal(layer!.status, 'refused');
    assert.match(layer!.reasons[0]!.message, /the wrapped Dense: `lora_rank/);
  });
});

describe('masks', () => {
  it('an RNN after Embedding(mask_zero=True) refuses, even through other layers', () => {
    const text =
      'import keras\nm = keras.Sequential([keras.Input((6,)), keras.layers.Embedding(10, 4, mask_zero=True), keras.layers.Dropout(0.1), keras.layers.GRU(3)])\n';
    const gru = analyzeText(text).models[0]!.layers.find((l) => l.class === 'GRU')!;
    assert.equal(gru.status, 'refused');
    assert.match(gru.reasons[0]!.message, /mask of embedding \(mask_zero=True\)/);
    assert.equal(gru.reasons.length, 1);
  });
});
