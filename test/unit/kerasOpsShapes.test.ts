// Shapes of keras.ops calls on Keras tensors, as Keras's own compute_output_spec gives them. Expected shapes come
// from Keras 3 (TensorFlow 2.21) running the same snippet, never from the engine.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeText } from '../../server/src/core/index.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

describe('keras.ops shapes', () => {
  it('ops.repeat: along an axis (a count or a list of counts), and flattened without one', () => {
    const text = `import keras
from keras import ops
inputs = keras.Input(shape=(3, 4))
a = ops.repeat(inputs, 2, axis=1)
b = ops.repeat(inputs, [1, 2, 3, 0], axis=-1)
fixed = keras.Input(shape=(3, 4), batch_size=2)
c = ops.repeat(fixed, 3)
d = ops.repeat(inputs, 5)
model = keras.Model([inputs, fixed], [a, b, c, d])
`;
    const model = analyzeText(text).models.find((candidate) => candidate.variable === 'model')!;
    const repeats = model.layers.filter((layer) => layer.class === 'Repeat');
    assert.deepEqual(
      repeats.map((layer) => [layer.outputShape, layer.status]),
      [
        [[null, 6, 4], 'exact'],
        [[null, 3, 6], 'exact'],
        [[72], 'exact'],
        [[null], 'exact'],
      ],
    );
  });
});
