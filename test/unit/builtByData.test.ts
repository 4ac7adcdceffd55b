// Models Keras builds on the data `fit` gives them (a Sequential without an input, a subclassed model), and
// models loaded back. Every expected row comes from Keras 3 running the same program (TensorFlow 2.21, fit
// traced as a program runs it, not eagerly).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeText } from '../../server/src/core/index.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

const FIT_BUILT = `import numpy as np
import keras
from keras import layers

x = np.zeros((50, 8), dtype="float32")
y = np.zeros((50, 1), dtype="float32")
model = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, batch_size=64, validation_split=0.2, epochs=1, verbose=0)


class Tiny(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = layers.Dense(4)
        self.out = layers.Dense(int(np.prod(x.shape[1:])) // 4)

    def call(self, inputs):
        return self.out(self.hidden(inputs))


tiny = Tiny()
tiny.compile(optimizer="adam", loss="mse")
tiny.fit(x, np.zeros((50, 2)), epochs=1, verbose=0)
later = tiny.hidden(np.zeros((7, 8), dtype="float32"))
`;

const rows = (text: string) =>
  analyzeText(text).models.map((model) => [
    model.variable,
    model.layers.map((layer) => [layer.name, layer.outputShape, layer.params]),
    model.totalParams,
  ]);

describe('models built by the data fit gives them', () => {
  it('a Sequential without an input and a subclassed model are built by fit(x) for (None, 8), as Keras', () => {
    assert.deepEqual(rows(FIT_BUILT), [
      [
        'model',
        [
          ['dense', [null, 16], 144],
          ['dense_1', [null, 1], 17],
        ],
        161,
      ],
      [
        'tiny',
        [
          ['dense_2', [null, 4], 36],
          ['dense_3', [null, 2], 10],
        ],
        46,
      ],
    ]);
  });

  it('every batch full (64 by 32, 50 by 25, 48 of 60 trained by 16): Keras traces, and builds, a static batch', () => {
    const built = (samples: number, options: string): unknown =>
      analyzeText(`import numpy as np
import keras
from keras import layers

model = keras.Sequential([layers.Dense(3)])
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((${samples}, 8)), np.zeros((${samples}, 3)), epochs=1${options})
`).models[0]!.layers[0]!.outputShape;
    assert.deepEqual(built(64, ''), [32, 3]);
    assert.deepEqual(built(50, ', batch_size=25'), [25, 3]);
    assert.deepEqual(built(60, ', validation_split=0.2, batch_size=16'), [16, 3]);
  });

  it('batch_size given by position: evaluate(x, y, 16) and predict(x, 16) build a static batch of 16, as Keras', () => {
    const built = (call: string): unknown =>
      analyzeText(`import numpy as np
import keras
from keras import layers

model = keras.Sequential([layers.Dense(3)])
model.compile(optimizer="adam", loss="mse")
model.${call}
`).models[0]!.layers[0]!.outputShape;
    assert.deepEqual(built('evaluate(np.zeros((64, 8)), np.zeros((64, 3)), 16)'), [16, 3]);
    assert.deepEqual(built('predict(np.zeros((64, 8)), 16)'), [16, 3]);
  });

  it('data of unknown shape leaves the model unbuilt: its rows stay unknown with the reason', () => {
    const analysis = analyzeText(`import keras
from keras import layers

model = keras.Sequential([layers.Dense(16), layers.Dense(1)])
model.fit(load_features(), epochs=1)
`);
    assert.deepEqual(
      analysis.models[0]!.layers.map((layer) => [layer.status, layer.outputShape]),
      [
        ['unknown', null],
        ['unknown', null],
      ],
    );
  });
});
