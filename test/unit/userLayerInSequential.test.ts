// A layer object of a class the engine has no rule for is never dropped from a model: a user layer is run
// (its build() and call()), anything else is a row of unknown shape and parameters with the reason at its
// range, and the model is unknown from there. Expected numbers come from Keras 3 running each program.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyzeText } from '../../server/src/core/index.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

const repro = (name: string): string =>
  readFileSync(join(__dirname, '..', 'fixtures', 'repros', `${name}.py`), 'utf8');

function model(text: string, variable = 'model') {
  const found = analyzeText(text).models.find((candidate) => candidate.variable === variable);
  assert.ok(found, `no model bound to ${variable}`);
  return found;
}

const rows = (found: ReturnType<typeof model>) =>
  found.layers.map((layer) => [layer.name, layer.class, layer.outputShape, layer.params]);

describe('user layers in Sequential', () => {
  it('M10: a user layer inside Sequential([...]) is counted (74 params, as Keras)', () => {
    const found = model(repro('M10-user-layer-in-sequential'));
    assert.deepEqual(rows(found), [
      ['dense', 'Dense', [null, 8], 40],
      ['double', 'Double', [null, 16], 0],
      ['dense_1', 'Dense', [null, 2], 34],
    ]);
    assert.equal(found.totalParams, 74);
  });

  it('the antirectifier recipe: build() weights from the input shape, `inputs -=` in call() (531,466 params)', () => {
    // Modelled on keras.io's "Simple custom layer example: Antirectifier".
    const text = `import keras
from keras import layers, ops


class Antirectifier(layers.Layer):
    def __init__(self, initializer="he_normal", **kwargs):
        super().__init__(**kwargs)
        self.initializer = keras.initializers.get(initializer)

    def build(self, input_shape):
        output_dim = input_shape[-1]
        self.kernel = self.add_weight(
            shape=(output_dim * 2, output_dim), initializer=self.initializer, name="kernel", trainable=True
        )

    def call(self, inputs):
        inputs -= ops.mean(inputs, axis=-1, keepdims=True)
        pos = ops.relu(inputs)
        neg = ops.relu(-inputs)
        concatenated = ops.concatenate([pos, neg], axis=-1)
        return ops.matmul(concatenated, self.kernel)


model = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        layers.Dense(256),
        Antirectifier(),
        layers.Dense(256),
        Antirectifier(),
        layers.Dropout(0.5),
        layers.Dense(10),
    ]
)
`;
    const found = model(text);
    assert.deepEqual(rows(found), [
      ['dense', 'Dense', [null, 256], 200960],
      ['antirectifier', 'Antirectifier', [null, 256], 131072],
      ['dense_1', 'Dense', [null, 256], 65792],
      ['antirectifier_1', 'Antirectifier', [null, 256], 131072],
      ['dropout', 'Dropout', [null, 256], 0],
      ['dense_2', 'Dense', [null, 10], 2570],
    ]);
    assert.equal(found.totalParams, 531466);
  });

  it('`.add()` of a user layer runs it on the previous output (58 params)', () => {
    const text = `import keras
from keras import layers


class Scale(layers.Layer):
    def build(self, input_shape):
        self.gain = self.add_weight(shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        return x * self.gain


model = keras.Sequential()
model.add(keras.Input(shape=(6,)))
model.add(layers.Dense(5))
model.add(Scale())
model.add(layers.Dense(3))
`;
    const found = model(text);
    assert.deepEqual(rows(found), [
      ['dense', 'Dense', [null, 5], 35],
      ['scale', 'Scale', [null, 5], 5],
      ['dense_1', 'Dense', [null, 3], 18],
    ]);
    assert.equal(found.totalParams, 58);
  });

  it('a user layer returning a tuple is unpacked (`context, _ = Attend(8)(x)`), as GRU(return_state=True) is (291 params)', () => {
    const text = `import keras
from keras import layers, ops


class Attend(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.score = layers.Dense(1)
        self.proj = layers.Dense(units)

    def call(self, x):
        weights = ops.softmax(self.score(x), axis=1)
        return self.proj(ops.sum(weights * x, axis=1)), weights


inputs = keras.Input(shape=(10, 4))
context, _ = Attend(8)(inputs)
seq, state = layers.GRU(6, return_state=True)(inputs)
x = layers.Concatenate()([context, state])
model = keras.Model(inputs, layers.Dense(2)(x))
`;
    const found = model(text);
    assert.deepEqual(rows(found), [
      ['input_layer', 'InputLayer', [null, 10, 4], 0],
      [
        'attend',
        'Attend',
        [
          [null, 8],
          [null, 10, 1],
        ],
        45,
      ],
      [
        'gru',
        'GRU',
        [
          [null, 6],
          [null, 6],
        ],
        216,
      ],
      ['concatenate', 'Concatenate', [null, 14], 0],
      ['dense_2', 'Dense', [null, 2], 30],
    ]);
    assert.equal(found.totalParams, 291);
  });
});

describe('layers keras-lower cannot follow stay in the model, unknown, with the reason at their range', () => {
  const text = `import keras
from keras import layers
from tcn import TCN
from blocks import residual_block


class MyDense(layers.Dense):
    def __init__(self, units, **kwargs):
        super().__init__(units, **kwargs)


seq = keras.Sequential([keras.Input((10, 4)), TCN(8), layers.Dense(2)])
inputs = keras.Input((10, 4))
x = TCN(8, return_sequences=True)(inputs)
x = residual_block(x, 8)
x, _ = TCN(8, return_state=True)(x)
x = MyDense(3)(x)
func = keras.Model(inputs, layers.Dense(1)(x))
sub = keras.Sequential([keras.Input((4,)), MyDense(3)])
`;

  it('an imported layer class in a Sequential: its row and every later one are unknown, the total too', () => {
    const found = model(text, 'seq');
    assert.deepEqual(
      found.layers.map((layer) => [layer.name, layer.class, layer.outputShape, layer.params, layer.status]),
      [
        ['tcn', 'TCN', null, null, 'unknown'],
        ['dense', 'Dense', null, null, 'unknown'],
      ],
    );
    assert.equal(found.totalParams, null);
    assert.match(
      found.layers[0]!.reasons[0]!.message,
      /`tcn\.TCN\(\.\.\.\)` is not evaluated by keras-lower/,
    );
    assert.deepEqual(found.layers[0]!.reasons[0]!.range.start, { line: 11, character: 46 });
  });

  it('in a functional graph: imported layers, an imported block function, tuple unpacking and a Keras-layer subclass', () => {
    const found = model(text, 'func');
    assert.deepEqual(
      found.layers.map((layer) => [layer.name, layer.class, layer.status, layer.range.start.line]),
      [
        ['input_layer_1', 'InputLayer', 'exact', 12],
        ['tcn_1', 'TCN', 'unknown', 13],
        ['residual_block', 'residual_block', 'unknown', 14],
        ['tcn_2', 'TCN', 'unknown', 15],
        ['my_dense', 'MyDense', 'unknown', 16],
        ['dense_1', 'Dense', 'unknown', 17],
      ],
    );
    assert.equal(found.totalParams, null);
    assert.match(
      found.layers[4]!.reasons[0]!.message,
      /MyDense is not a Keras layer keras-lower can follow \(it subclasses layers\.Dense\)/,
    );
  });

  it('a subclass of a Keras layer in a Sequential keeps the name Keras gives it', () => {
    const found = model(text, 'sub');
    assert.deepEqual(
      found.layers.map((layer) => [layer.name, layer.class, layer.status]),
      [['my_dense_1', 'MyDense', 'unknown']],
    );
    assert.equal(found.totalParams, null);
  });

  it('a subclassed model counts an imported layer it calls as unknown, never as zero', () => {
    const found = model(`import keras
from keras import layers
from tcn import TCN


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.tcn = TCN(8)
        self.head = layers.Dense(2)

    def call(self, x):
        return self.head(self.tcn(x))


model = Net()
model(keras.Input((10, 4)))
`);
    assert.equal(found.totalParams, null);
    assert.ok(found.layers.some((layer) => layer.class === 'TCN' && layer.status === 'unknown'));
  });
});
