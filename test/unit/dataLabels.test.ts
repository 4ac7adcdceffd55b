// Sizes read from what a program loads: the label range a keras.datasets loader documents (np.max / .max() of
// its labels), NumPy Generator / RandomState arrays, and arrays filled item by item in a loop. Expected rows come
// from Keras 3 (TensorFlow 2.21) running each snippet with the oracle's stand-in loaders
// (test/oracle/harness/programs_data.py), never from the engine.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeText } from '../../server/src/core/index.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

function rows(text: string, variable: string) {
  const model = analyzeText(text).models.find((candidate) => candidate.variable === variable);
  assert.ok(model, `no model bound to ${variable}`);
  return model.layers.map((layer) => ({
    row: [layer.name, layer.outputShape, layer.params],
    status: layer.status,
    reason: layer.reasons.map((reason) => reason.message).join('; '),
  }));
}

// Modelled on Deep Learning with Python's Reuters newswire classifier (chapter 4) and the TF time-series tutorial.
const LOADED = `import numpy as np
import keras
from keras.datasets import reuters, mnist

(train_data, train_labels), (test_data, test_labels) = reuters.load_data(num_words=1000)
(_, other_train), _ = reuters.load_data(test_split=0.3)
(_, y_digits), _ = mnist.load_data()


def multi_hot(sequences, dimension=1000):
    results = np.zeros((len(sequences), dimension))
    for i, sequence in enumerate(sequences):
        for j in sequence:
            results[i, j] = 1.0
    return results


x_train = multi_hot(train_data)
topics = int(np.max(train_labels)) + 1
digits = int(np.max(y_digits) - np.min(y_digits) + 1)
rng = np.random.default_rng(0)
table = rng.normal(size=(50, 7)).astype("float32")
ints = rng.integers(0, 5, size=(50, 3))
legacy = np.random.RandomState(1).uniform(0, 1, (20, 4))
model = keras.Sequential([
    keras.Input(shape=(x_train.shape[1],)),
    keras.layers.Dense(topics),
    keras.layers.Dense(digits),
    keras.layers.Dense(table.shape[1] + ints.shape[1] + legacy.shape[1]),
])
test_topics = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(int(np.max(test_labels)) + 1)])
other_topics = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(int(np.max(other_train)) + 1)])
`;

describe('sizes from loaded labels and generated arrays', () => {
  it("np.max of reuters' train labels (0-45) and mnist's (0-9); Generator and RandomState shapes; a loop-filled array", () => {
    assert.deepEqual(
      rows(LOADED, 'model').map(({ row, status }) => [...row, status]),
      [
        ['dense', [null, 46], 46046, 'exact'],
        ['dense_1', [null, 10], 470, 'exact'],
        ['dense_2', [null, 14], 154, 'exact'],
      ],
    );
  });

  it('a split whose topics are not documented to all occur stays unknown (Keras, on the real data, may differ)', () => {
    // The stand-in loaders give every topic to every split (Keras says 46 here); the real test split and a
    // test_split=0.3 train split are not documented to hold topic 45, so the engine does not claim 46.
    for (const variable of ['test_topics', 'other_topics']) {
      const [dense] = rows(LOADED, variable);
      assert.equal(dense!.status, 'unknown');
      assert.match(dense!.reason, /int\(np\.max\(\w+\)\) \+ 1/);
    }
  });

  it('np.max(y) + 1 is a NumPy integer, which Dense rejects (Keras raises): never a size', () => {
    const text = `import keras
from keras.datasets import mnist
(_, y), _ = mnist.load_data()
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(y.max() + 1)])
`;
    const [dense] = rows(text, 'model');
    assert.deepEqual([dense!.row, dense!.status], [['dense', null, null], 'unknown']);
  });

  it('a branch on a value from disk: the unknown size says which condition and why', () => {
    const text = `import keras
train_ds = keras.utils.image_dataset_from_directory("images", image_size=(32, 32))
num_classes = len(train_ds.class_names)
if num_classes == 2:
    units = 1
else:
    units = num_classes
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(units)])
`;
    const [dense] = rows(text, 'model');
    assert.equal(dense!.status, 'unknown');
    assert.match(dense!.reason, /`units` depends on a condition `num_classes == 2`/);
  });
});
