// The verify slice on whole keras.io-shaped programs: only what builds each model is kept (imports of Keras,
// TensorFlow and NumPy, constants, definitions, the model's statements), data, training, saving, printing and
// plotting are dropped, lines keep their numbers, and the slice parses with CPython.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyzeText, verifyPlan } from '../../server/src/core/index.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'verify', name), 'utf8');

/** CPython's own parser, on the whole text (throws on a syntax error). */
function assertParses(text: string): void {
  execFileSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], { input: text });
}

const plans = (text: string) => verifyPlan(analyzeText(text)).models;

/** Lines of code in the slice (blank lines dropped), trimmed. */
const codeLines = (slice: string | undefined) =>
  (slice ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

const FORBIDDEN =
  /load_data|\.fit\(|\.evaluate\(|\.predict\(|\.save\(|print\(|summary\(|plt\.|matplotlib|pandas|tensorflow_datasets|compile\(/;

describe('verify slice', () => {
  it('keeps a keras.io convnet script to its imports and model, data-derived values as stand-ins, on the same lines', () => {
    const text = fixture('mnist_convnet_whole.py');
    const [model] = plans(text);
    assert.equal(model?.unverifiable, undefined);
    assertParses(model!.slice!);
    assert.doesNotMatch(model!.slice!, FORBIDDEN);
    assert.equal(model!.slice!.split('\n').length, text.split('\n').length);
    const sourceLines = text.split('\n');
    const standIns: string[] = [];
    model!.slice!.split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      if (line === sourceLines[index]) return;
      standIns.push(`${index + 1}: ${line}`);
    });
    // `num_classes = len(np.unique(y_train))` and the last `x_train = ...` become what keras-lower inferred.
    assert.deepEqual(standIns, [
      '10: num_classes = 10',
      '13: import numpy as __keras_lower_np; x_train = __keras_lower_np.broadcast_to(__keras_lower_np.zeros((), "float32"), (60000, 28, 28, 1))',
    ]);
    assert.deepEqual(codeLines(model!.slice).slice(0, 3), [
      'import numpy as np',
      'import keras',
      'from keras import layers',
    ]);
    assert.deepEqual(model!.inputs, [{ shape: [null, 28, 28, 1] }]);
    // A failure at a stand-in is keras-lower's, never "your code failed".
    assert.deepEqual(model!.slicedLines, [10, 13]);
    assertParses(model!.layerMode!.text!);
    assert.doesNotMatch(model!.layerMode!.text!, FORBIDDEN);
    assert.match(model!.layerMode!.text!, /TfConv2D\(32/);
  });

  it('keeps helpers and loops the model uses, drops a `__main__` block, and scrubs training from kept helpers', () => {
    const text = [
      'import keras',
      'import pandas as pd',
      'from keras import layers',
      'df = pd.read_csv("data.csv")',
      'def block(x, units):',
      '    x = layers.Dense(units, activation="relu")(x)',
      '    return layers.Dropout(0.1)(x)',
      'def make_model(features):',
      '    inputs = keras.Input(shape=(features,))',
      '    x = inputs',
      '    for units in [32, 16]:',
      '        x = block(x, units)',
      '    model = keras.Model(inputs, layers.Dense(1)(x))',
      '    model.summary()',
      '    return model',
      'FEATURES = 8',
      'model = make_model(FEATURES)',
      'model.compile(optimizer="adam", loss="mse")',
      'if __name__ == "__main__":',
      '    model.fit(df.values, df.values, epochs=3)',
      '    model.save("model.keras")',
      '',
    ].join('\n');
    const [model] = plans(text);
    assertParses(model!.slice!);
    assert.deepEqual(codeLines(model!.slice), [
      'import keras',
      'from keras import layers',
      'def block(x, units):',
      'x = layers.Dense(units, activation="relu")(x)',
      'return layers.Dropout(0.1)(x)',
      'def make_model(features):',
      'inputs = keras.Input(shape=(features,))',
      'x = inputs',
      'for units in [32, 16]:',
      'x = block(x, units)',
      'model = keras.Model(inputs, layers.Dense(1)(x))',
      'pass',
      'return model',
      'FEATURES = 8',
      'model = make_model(FEATURES)',
    ]);
    assert.deepEqual(model!.slicedLines, [14, 16]);
  });

  it('each model gets its own slice; a model needing data keras-lower cannot follow says which name and line', () => {
    const text = [
      'import keras',
      'import pandas as pd',
      'table = pd.read_csv("houses.csv")',
      'width = table.shape[1] - 1',
      'regressor = keras.Sequential([keras.Input(shape=(width,)), keras.layers.Dense(1)])',
      'classifier = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3)])',
    ].join('\n');
    const [regressor, classifier] = plans(text);
    assert.equal(regressor?.variable, 'regressor');
    assert.equal(
      regressor?.unverifiable,
      '`width` comes from data keras-lower cannot follow (line 4, from `table` at line 3)',
    );
    assert.equal(regressor?.slice, undefined);
    assert.equal(classifier?.unverifiable, undefined);
    assert.deepEqual(codeLines(classifier!.slice), [
      'import keras',
      'classifier = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3)])',
    ]);
  });

  it('keeps `model.add` calls, list appends in loops and Keras configuration; drops what follows the model', () => {
    const text = [
      'import keras',
      'import matplotlib.pyplot as plt',
      'keras.utils.set_random_seed(1)',
      'hidden = []',
      'for units in (16, 8):',
      '    hidden.append(keras.layers.Dense(units))',
      'model = keras.Sequential([keras.Input(shape=(4,))] + hidden)',
      'model.add(keras.layers.Dense(2))',
      'plt.plot([1, 2]); plt.show()',
      'hidden = None',
    ].join('\n');
    const [model] = plans(text);
    assertParses(model!.slice!);
    assert.deepEqual(codeLines(model!.slice), [
      'import keras',
      'keras.utils.set_random_seed(1)',
      'hidden = []',
      'for units in (16, 8):',
      'hidden.append(keras.layers.Dense(units))',
      'model = keras.Sequential([keras.Input(shape=(4,))] + hidden)',
      'model.add(keras.layers.Dense(2))',
      'pass;',
    ]);
  });

  it('a loop that builds a model per fold keeps the loop, its results of fit/evaluate set to None, not trained', () => {
    const text = [
      'import keras',
      'scores = []',
      'for fold in range(2):',
      '    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])',
      '    model.compile(loss="mse")',
      '    history = model.fit(x, y, verbose=0)',
      '    loss, (mae,) = model.evaluate(x, y)',
      '    model.layers[0].kernel = model.predict(x)',
      '    scores.append(mae)',
    ].join('\n');
    const [model] = plans(text);
    assertParses(model!.slice!);
    assert.deepEqual(codeLines(model!.slice), [
      'import keras',
      'scores = []',
      'for fold in range(2):',
      'model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])',
      'pass',
      'history = None',
      'loss = mae = None',
      // A target that is not a plain name keeps the statement: the failure there is keras-lower's slice.
      'model.layers[0].kernel = model.predict(x)',
      'scores.append(mae)',
    ]);
    assert.deepEqual(model!.slicedLines, [5, 6, 7, 8]);
  });

  it('a size the program reads at run time (classes from the folders on disk) is filled in, and the plan says so', () => {
    const text = [
      'import keras',
      'train_ds = keras.utils.image_dataset_from_directory("photos", image_size=(64, 64), batch_size=8)',
      'class_names = train_ds.class_names',
      'num_classes = len(class_names)',
      'model = keras.Sequential([keras.Input(shape=(64, 64, 3)), keras.layers.Flatten(),',
      '                          keras.layers.Dense(num_classes)])',
    ].join('\n');
    const [model] = plans(text);
    assert.equal(model?.unverifiable, undefined);
    assert.deepEqual(codeLines(model!.slice), [
      'import keras',
      'num_classes = 32',
      'model = keras.Sequential([keras.Input(shape=(64, 64, 3)), keras.layers.Flatten(),',
      'keras.layers.Dense(num_classes)])',
    ]);
    assert.deepEqual(model!.assumed, ['`num_classes` (line 4) with 32 for `len(class_names)`']);
    assert.deepEqual(model!.slicedLines, [4]);
    // The file's own lowering refuses a size it did not compute; the slice's, with the stand-in's 32, does not.
    assert.match(model!.moduleMode!.text!, /self\.dense_bias = tf\.Variable\(tf\.zeros\(\(32,\)\)/);
    assertParses(model!.moduleMode!.text!);
  });

  it('a rebound name gives each model its own slice, ending where that model is built', () => {
    const text = [
      'import keras',
      'model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(2)])',
      'model.compile(loss="mse")',
      'model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(5)])',
      'model.add(keras.layers.Dense(1))',
    ].join('\n');
    const [first, second] = plans(text);
    assert.deepEqual([first?.variable, first?.pythonName], ['model', 'model']);
    assert.deepEqual(codeLines(first!.slice), [
      'import keras',
      'model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(2)])',
    ]);
    assert.deepEqual([second?.variable, second?.pythonName], ['model#2', 'model']);
    assert.deepEqual(codeLines(second!.slice), [
      'import keras',
      'model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(5)])',
      'model.add(keras.layers.Dense(1))',
    ]);
  });

  it('a Sequential with no input shape gets the shape of the data its first fit() is given, as Keras builds it', () => {
    const text = [
      'import keras',
      '(x_train, y_train), _ = keras.datasets.boston_housing.load_data()',
      'model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])',
      'model.compile(optimizer="adam", loss="mse")',
      'model.fit(x_train, y_train, epochs=3)',
    ].join('\n');
    const [model] = plans(text);
    assert.deepEqual(model?.inputs, [{ shape: [null, 13] }]);
    assert.deepEqual(codeLines(model!.slice), [
      'import keras',
      'model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])',
    ]);
  });
});
