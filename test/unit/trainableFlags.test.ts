// `trainable` set after construction, models with several outputs called as layers, and eager calls of a
// model on data. Every expected number comes from Keras 3 running the same program (TensorFlow 2.21).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeText } from '../../server/src/core/index.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

// In the shape of the transfer-learning and U-Net tutorials: a base exposing two activations, frozen, called
// once on data, used in a head; then unfrozen with its first layers (InputLayer included) frozen again.
const FROZEN_BASE = `import numpy as np
import keras
from keras import layers

inp = keras.Input(shape=(8, 8, 3))
a = layers.Conv2D(4, 3, padding="same", name="c1")(inp)
b = layers.Conv2D(6, 3, strides=2, padding="same", name="c2")(a)
base = keras.Model(inp, [a, b], name="base")
base.trainable = False
features = base(np.zeros((5, 8, 8, 3), dtype="float32"))

inputs = keras.Input(shape=(8, 8, 3))
first, second = base(inputs)
x = layers.Concatenate()([layers.MaxPooling2D()(first), second])
outputs = layers.Dense(2)(layers.GlobalAveragePooling2D()(x))
model = keras.Model(inputs, outputs)
base.trainable = True
for layer in base.layers[:2]:
    layer.trainable = False
`;

describe('trainable flags, multi-output models as layers, eager model calls', () => {
  it('base.trainable = False then layers[:2] frozen: Keras counts 222 trainable / 112 non-trainable', () => {
    const analysis = analyzeText(FROZEN_BASE);
    const totals = analysis.models.map((model) => [
      model.variable,
      model.totalParams,
      model.trainableParams,
      model.nonTrainableParams,
    ]);
    assert.deepEqual(totals, [
      ['base', 334, 222, 112],
      ['model', 356, 244, 112],
    ]);
  });

  it('a model with a list of outputs called on a tensor gives them all; its eager call on data is no node', () => {
    const model = analyzeText(FROZEN_BASE).models.find((candidate) => candidate.variable === 'model')!;
    assert.deepEqual(
      model.layers.map((layer) => [layer.name, layer.outputShape, layer.connectedTo]),
      [
        ['input_layer_1', [null, 8, 8, 3], []],
        [
          'base',
          [
            [null, 8, 8, 4],
            [null, 4, 4, 6],
          ],
          ['input_layer_1[0][0]'],
        ],
        ['max_pooling2d', [null, 4, 4, 4], ['base[0][0]']],
        ['concatenate', [null, 4, 4, 10], ['max_pooling2d[0][0]', 'base[0][1]']],
        ['global_average_pooling2d', [null, 10], ['concatenate[0][0]']],
        ['dense', [null, 2], ['global_average_pooling2d[0][0]']],
      ],
    );
  });

  it('a layer frozen after construction is refused for lowering, saying where it was frozen', () => {
    const base = analyzeText(FROZEN_BASE).models.find((candidate) => candidate.variable === 'base')!;
    const c1 = base.layers.find((layer) => layer.name === 'c1')!;
    assert.equal(c1.status, 'refused');
    assert.match(
      c1.reasons.map((reason) => reason.message).join('; '),
      /frozen by `base.trainable = False` \(line 9\)/,
    );
  });

  it('a flag keras-lower cannot read leaves the trainable counts unknown, never guessed', () => {
    const analysis = analyzeText(`import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2)])
model.trainable = flag_from_config
`);
    assert.deepEqual(
      analysis.models.map((model) => [model.totalParams, model.trainableParams, model.nonTrainableParams]),
      [[8, null, null]],
    );
  });

  it('so does a constructor trainable= keras-lower cannot read', () => {
    const analysis = analyzeText(`import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2, trainable=fine_tune)])
`);
    assert.deepEqual(
      analysis.models.map((model) => [model.totalParams, model.trainableParams, model.nonTrainableParams]),
      [[8, null, null]],
    );
  });
});
