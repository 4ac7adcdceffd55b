// A row whose shapes or parameters depend on a value the evaluator did not compute is never `exact`: it is
// `unknown`, with the name and why it has no value. (Keras, knowing the data, would print sizes there.)
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeText } from '../../server/src/core/index.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

function rows(text: string, variable: string) {
  const model = analyzeText(text).models.find((candidate) => candidate.variable === variable);
  assert.ok(model, `no model bound to ${variable}`);
  return model.layers.map((layer) => ({
    name: layer.name,
    shape: layer.outputShape,
    params: layer.params,
    status: layer.status,
    reason: layer.reasons[0]?.message ?? '',
  }));
}

// Modelled on tensorflow.org's time-series tutorial: the feature count read from an array the engine cannot follow.
const featuresFromData = `import pandas as pd
import keras
data = pd.read_csv("weather.csv").to_numpy(dtype="float32")
num_features = data.shape[1]
dense = keras.Sequential([keras.Input(shape=(1, num_features)), keras.layers.Dense(units=1)])
flat = keras.Sequential([keras.Input(shape=(3, num_features)), keras.layers.Flatten(), keras.layers.Dense(2)])
recurrent = keras.Sequential([keras.Input(shape=(24, num_features)), keras.layers.LSTM(4), keras.layers.Dense(1)])
`;

describe('rows that depend on names the evaluator did not compute', () => {
  it('a layer whose weights need the name: unknown, not exact with params None', () => {
    const [row] = rows(featuresFromData, 'dense');
    assert.deepEqual([row!.shape, row!.params, row!.status], [[null, 1, 1], null, 'unknown']);
    assert.match(
      row!.reason,
      /the dimension num_features is a name, not a size: `num_features` is not computed/,
    );
    const [lstm, after] = rows(featuresFromData, 'recurrent');
    assert.deepEqual([lstm!.params, lstm!.status], [null, 'unknown']);
    assert.match(lstm!.reason, /num_features/);
    // The Dense after the LSTM sees (None, 4): its own row is exact.
    assert.deepEqual([after!.shape, after!.params, after!.status], [[null, 1], 5, 'exact']);
  });

  it('Flatten of (None, 3, num_features): the size lost to the name makes the row unknown', () => {
    const [flatten, dense] = rows(featuresFromData, 'flat');
    assert.deepEqual([flatten!.shape, flatten!.status], [[null, null], 'unknown']);
    assert.match(flatten!.reason, /num_features/);
    assert.equal(dense!.status, 'unknown');
  });

  it('a truly unknown dim (None) with a computed kernel stays exact', () => {
    const text = `import keras
model = keras.Sequential([keras.Input(shape=(None, 3)), keras.layers.Flatten()])
lstm = keras.Sequential([keras.Input(shape=(None, 3)), keras.layers.LSTM(2)])
`;
    assert.deepEqual(
      rows(text, 'model').map((row) => [row.shape, row.params, row.status]),
      [[[null, null], 0, 'exact']],
    );
    assert.deepEqual(
      rows(text, 'lstm').map((row) => [row.shape, row.params, row.status]),
      [[[null, 2], 48, 'exact']],
    );
  });
});
