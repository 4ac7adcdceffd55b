// A model stays a model where it is built when its name is rebound (load_model, a second make_model(), del):
// every model a name holds in turn is summarised, lowered and selectable. Keras's numbers come from running
// each program under Keras 3.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyzeText, lower, loweringOffers, toSummaryJson } from '../../server/src/core/index.ts';
import { cpythonSyntaxErrors } from '../support/cpython.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

const repro = (name: string): string =>
  readFileSync(join(__dirname, '..', 'fixtures', 'repros', `${name}.py`), 'utf8');

const REBOUND = `import keras
from keras import layers


def make_model(units):
    inputs = keras.Input(shape=(4,))
    return keras.Model(inputs, layers.Dense(units)(inputs))


model = make_model(2)
model.compile(optimizer="adam", loss="mse")
model = make_model(3)
del model
model = keras.Sequential([keras.Input((2,)), layers.Dense(1)])
`;

describe('models whose name is rebound', () => {
  it('M12: `model = keras.models.load_model(...)` of the path the file saved is the saved model again (41 params), lowered through it', () => {
    const analysis = analyzeText(repro('M12-model-rebound-by-load'));
    assert.deepEqual(
      analysis.models.map((model) => [model.variable, model.key, model.totalParams, model.range.start.line]),
      [
        ['model', 'model', 41, 3],
        ['model', 'model#2', 41, 6],
      ],
    );
    assert.deepEqual(
      toSummaryJson(analysis).models.map((model) =>
        model.layers.map((layer) => [layer.name, layer.outputShape]),
      ),
      [
        [
          ['dense', [null, 4]],
          ['dense_1', [null, 1]],
        ],
        [
          ['dense', [null, 4]],
          ['dense_1', [null, 1]],
        ],
      ],
    );
    assert.ok(lower(analysis, { kind: 'model', variable: 'model' }, 'module').ok);
    const loaded = lower(analysis, { kind: 'model', variable: 'model#2' }, 'module');
    assert.ok(!loaded.ok);
    assert.match(
      loaded.reasons[0]!.message,
      /`model#2` is loaded from a file: lower `model`, the model saved there/,
    );
    // The loaded model's layers are offered once, at the model that builds them.
    const offers = loweringOffers(analysis, analysis.models[0]!.layers[0]!.range);
    assert.equal(offers.filter((offer) => offer.mode === 'layer' && offer.target.kind === 'layer').length, 1);
  });

  it('load_model of a path the file does not save stays unknown, with a note saying why', () => {
    const analysis = analyzeText(
      `import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(4)])
model.save("a.keras")
model = keras.models.load_model("b.keras")
`,
    );
    assert.deepEqual(
      analysis.models.map((model) => model.key),
      ['model'],
    );
    const note = analysis.diagnostics.find((diagnostic) => diagnostic.range.start.line === 5);
    assert.match(note!.message, /load_model\("b.keras"\)` reads a model this file does not save there/);
  });

  it('fit\'s ModelCheckpoint("….keras") saves the whole model: load_model of that path is it again', () => {
    const analysis = analyzeText(
      `import keras
from keras import layers

inputs = keras.Input(shape=(3,))
model = keras.Model(inputs, layers.Dense(2)(inputs))
callbacks = [keras.callbacks.ModelCheckpoint("best.keras", save_best_only=True)]
model.fit(x, y, callbacks=callbacks)
weights = keras.Model(inputs, layers.Dense(5)(inputs))
weights.fit(x, y, callbacks=[keras.callbacks.ModelCheckpoint("w.keras", save_weights_only=True)])
model = keras.models.load_model("best.keras")
weights = keras.models.load_model("w.keras")
`,
    );
    assert.deepEqual(
      analysis.models.map((model) => [model.key, model.name, model.totalParams]),
      [
        ['model', 'functional', 8],
        ['weights', 'functional_1', 20],
        ['model#2', 'functional', 8],
      ],
    );
  });

  it('`if __name__ == "__main__":` runs, as the script does: a model built in main() there is a model', () => {
    const analysis = analyzeText(
      `import keras
from keras import layers


def main():
    model = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(3)])
    return model


if __name__ == "__main__":
    model = main()
    model.save("m.keras")
    restored = keras.models.load_model("m.keras")
`,
    );
    assert.deepEqual(
      analysis.models.map((model) => [model.key, model.totalParams]),
      [
        ['model', 21],
        ['restored', 21],
      ],
    );
  });

  it('each model a name holds in turn is a model: the summary variable is the name, the key and layer ids are unique', () => {
    const analysis = analyzeText(REBOUND);
    assert.deepEqual(
      analysis.models.map((model) => [
        model.variable,
        model.key,
        model.name,
        model.totalParams,
        model.range.start.line,
      ]),
      [
        ['model', 'model', 'functional', 10, 9],
        ['model', 'model#2', 'functional_1', 15, 11],
        ['model', 'model#3', 'sequential', 3, 13],
      ],
    );
    assert.deepEqual(
      toSummaryJson(analysis).models.map((model) => model.layers.map((layer) => layer.id)),
      [
        ['model/input_layer', 'model/dense'],
        ['model#2/input_layer_1', 'model#2/dense_1'],
        ['model#3/dense_2'],
      ],
    );
  });

  it('lowering targets one model by its key: its own module class, valid Python', () => {
    const analysis = analyzeText(REBOUND);
    const texts: string[] = [];
    for (const [key, className] of [
      ['model', 'ModelTF'],
      ['model#2', 'Model2TF'],
      ['model#3', 'Model3TF'],
    ] as const) {
      const result = lower(analysis, { kind: 'model', variable: key }, 'module');
      assert.ok(result.ok, key);
      assert.ok(result.standalone?.includes(`class ${className}(tf.Module):`), key);
      assert.equal(result.standalone?.match(/class \w+\(tf\.Module\)/g)?.length, 1, key);
      texts.push(result.standalone!);
    }
    // Only the first model was compiled when `model.compile(...)` ran.
    assert.match(texts[0]!, /def train_step/);
    assert.doesNotMatch(texts[1]!, /def train_step/);
    assert.deepEqual(cpythonSyntaxErrors(texts), [null, null, null]);
  });

  it('the CLI selects a rebound model with --model name#k and lists the keys when asked for another', () => {
    const cli = resolve(__dirname, '..', '..', 'dist', 'cli.js');
    const file = join(mkdtempSync(join(tmpdir(), 'keras-lower-rebind-')), 'rebound.py');
    writeFileSync(file, REBOUND);
    const second = spawnSync(process.execPath, [cli, 'summary', file, '--model', 'model#2', '--json'], {
      encoding: 'utf8',
    });
    assert.equal(second.status, 0, second.stderr);
    const json = JSON.parse(second.stdout) as { models: Array<{ variable: string; name: string }> };
    assert.deepEqual(
      json.models.map((model) => [model.variable, model.name]),
      [['model', 'functional_1']],
    );
    const missing = spawnSync(process.execPath, [cli, 'summary', file, '--model', 'other'], {
      encoding: 'utf8',
    });
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /no model bound to "other" \(models: model, model#2, model#3\)/);
  });
});
