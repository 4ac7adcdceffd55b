// The Python real model builders use, evaluated as Python runs it. Every expected row comes from Keras 3
// running the same program (TensorFlow 2.21, a fresh process per program), never from the engine.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyzeText } from '../../server/src/core/index.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

const repro = (name: string): string =>
  readFileSync(join(__dirname, '..', 'fixtures', 'repros', `${name}.py`), 'utf8');

function summary(text: string, variable = 'model') {
  const model = analyzeText(text).models.find((candidate) => candidate.variable === variable);
  assert.ok(model, `no model bound to ${variable}`);
  return {
    rows: model.layers.map((layer) => [layer.name, layer.class, layer.outputShape, layer.params]),
    statuses: model.layers.map((layer) => layer.status),
    layers: model.layers,
    total: model.totalParams,
  };
}

describe('Python the builders use', () => {
  it('M11: `num_filters *= 2` in a loop is evaluated (448 + 4,640 + 18,496 params, as Keras)', () => {
    const { rows, total, statuses } = summary(repro('M11-augmented-assignment'));
    assert.deepEqual(rows, [
      ['input_layer', 'InputLayer', [null, 32, 32, 3], 0],
      ['conv2d', 'Conv2D', [null, 32, 32, 16], 448],
      ['conv2d_1', 'Conv2D', [null, 32, 32, 32], 4640],
      ['conv2d_2', 'Conv2D', [null, 32, 32, 64], 18496],
    ]);
    assert.equal(total, 23584);
    assert.deepEqual(new Set(statuses), new Set(['exact']));
  });

  it('a U-Net builder: `if` on parameters, zip over reversed skips, a comprehension of layers, **kwargs, keras.activations', () => {
    // Modelled on keras.io's "Image segmentation with a U-Net-like architecture" and the WGAN-GP helpers.
    const text = `import keras
from keras import layers

def conv_block(x, filters, activation=None, use_bn=False):
    x = layers.Conv2D(filters, 3, padding="same")(x)
    if use_bn:
        x = layers.BatchNormalization()(x)
    if activation:
        x = activation(x)
    return x

inputs = keras.Input(shape=(32, 32, 3))
x = inputs
skips = []
for f in [8, 16]:
    x = conv_block(x, f, activation=layers.LeakyReLU(0.2), use_bn=True)
    skips.append(x)
    x = layers.MaxPooling2D()(x)
ups = [layers.UpSampling2D() for _ in range(2)]
for up, skip in zip(ups, reversed(skips)):
    x = up(x)
    x = layers.Concatenate()([x, skip])
common = dict(padding="same", activation="relu")
x = layers.Conv2D(4, 3, **common)(x)
x = keras.activations.relu(x)
model = keras.Model(inputs, x)
`;
    const { rows, total, layers } = summary(text);
    assert.deepEqual(rows, [
      ['input_layer', 'InputLayer', [null, 32, 32, 3], 0],
      ['conv2d', 'Conv2D', [null, 32, 32, 8], 224],
      ['batch_normalization', 'BatchNormalization', [null, 32, 32, 8], 32],
      ['leaky_re_lu', 'LeakyReLU', [null, 32, 32, 8], 0],
      ['max_pooling2d', 'MaxPooling2D', [null, 16, 16, 8], 0],
      ['conv2d_1', 'Conv2D', [null, 16, 16, 16], 1168],
      ['batch_normalization_1', 'BatchNormalization', [null, 16, 16, 16], 64],
      ['leaky_re_lu_1', 'LeakyReLU', [null, 16, 16, 16], 0],
      ['max_pooling2d_1', 'MaxPooling2D', [null, 8, 8, 16], 0],
      ['up_sampling2d', 'UpSampling2D', [null, 16, 16, 16], 0],
      ['concatenate', 'Concatenate', [null, 16, 16, 32], 0],
      ['up_sampling2d_1', 'UpSampling2D', [null, 32, 32, 32], 0],
      ['concatenate_1', 'Concatenate', [null, 32, 32, 40], 0],
      ['conv2d_2', 'Conv2D', [null, 32, 32, 4], 1444],
      ['re_lu', 'ReLU', [null, 32, 32, 4], 0],
    ]);
    assert.equal(total, 2932);
    // The Conv2D fed by **common is understood, but its rewrite would have to spell the dict out.
    const splatted = layers.find((layer) => layer.name === 'conv2d_2')!;
    assert.equal(splatted.status, 'refused');
    assert.match(splatted.reasons[0]!.message, /`\*\*common` is read, but the rewrite does not spell out/);
  });

  it('`x += shortcut` is an Add operation; comprehensions with conditions; f-string format specs', () => {
    const text = `import keras
from keras import layers
inputs = keras.Input(shape=(16,))
x = layers.Dense(16)(inputs)
shortcut = x
x = layers.Dense(16)(x)
x += shortcut
outs = [layers.Dense(f)(x) for f in (1, 2, 3) if f > 1]
heads = {f"head{i}": layers.Dense(i + 1, name=f"head_{i:02d}")(x) for i in range(2)}
model = keras.Model(inputs, [outs[0], heads["head1"]])
`;
    const { rows, total } = summary(text);
    assert.deepEqual(rows, [
      ['input_layer', 'InputLayer', [null, 16], 0],
      ['dense', 'Dense', [null, 16], 272],
      ['dense_1', 'Dense', [null, 16], 272],
      ['add', 'Add', [null, 16], 0],
      ['dense_2', 'Dense', [null, 2], 34],
      ['head_01', 'Dense', [null, 2], 34],
    ]);
    assert.equal(total, 612);
  });

  it('`*blocks` in a list, `del blocks[-1]`, and `del model` keeps the model where it was built', () => {
    const text = `import keras
from keras import layers

blocks = [layers.Dense(8), layers.Dense(4), layers.Dense(2)]
del blocks[-1]
model = keras.Sequential([keras.Input((3,)), *blocks])
del model
`;
    const { rows, total } = summary(text);
    assert.deepEqual(rows, [
      ['dense', 'Dense', [null, 8], 32],
      ['dense_1', 'Dense', [null, 4], 36],
    ]);
    assert.equal(total, 68);
  });

  it('a name the evaluator did not compute is never a dimension of an exact row: the row is unknown, with why', () => {
    const text = `import keras
from keras import layers
import json

units = json.load(open("config.json"))["units"]
inputs = keras.Input(shape=(4,))
x = layers.Dense(units)(inputs)
model = keras.Model(inputs, layers.Dense(2)(x))
`;
    const { layers } = summary(text);
    const dense = layers.find((layer) => layer.name === 'dense')!;
    assert.deepEqual(dense.outputShape, [null, 'units']);
    assert.equal(dense.status, 'unknown');
    assert.match(
      dense.reasons[0]!.message,
      /the dimension units is a name, not a size: `units` is not computed/,
    );
    assert.equal(dense.reasons[0]!.range.start.line, 6);
    assert.deepEqual(
      layers.filter((layer) => layer.status === 'exact' && JSON.stringify(layer.outputShape).includes('"')),
      [],
    );
  });

  it('`if norm is not None:` and `if activation is None:` on layers passed to a helper (276 params)', () => {
    const text = `import keras
from keras import layers

def block(x, filters, norm=None, activation=None):
    x = layers.Conv2D(filters, 3, padding="same")(x)
    if norm is not None:
        x = norm(x)
    if activation is None:
        return x
    return activation(x)

inputs = keras.Input((8, 8, 3))
x = block(inputs, 4, norm=layers.BatchNormalization())
x = block(x, 4, activation=layers.ReLU())
model = keras.Model(inputs, x)
`;
    const { rows, total } = summary(text);
    assert.deepEqual(rows, [
      ['input_layer', 'InputLayer', [null, 8, 8, 3], 0],
      ['conv2d', 'Conv2D', [null, 8, 8, 4], 112],
      ['batch_normalization', 'BatchNormalization', [null, 8, 8, 4], 16],
      ['conv2d_1', 'Conv2D', [null, 8, 8, 4], 148],
      ['re_lu', 'ReLU', [null, 8, 8, 4], 0],
    ]);
    assert.equal(total, 276);
  });

  it('a keras.Model whose outputs cannot be followed is a note saying why, never silence', () => {
    const analysis = analyzeText(
      'import keras\ninputs = keras.Input((4,))\nout = some_dict["x"]\nmodel = keras.Model(inputs, out)\n',
    );
    assert.deepEqual(analysis.models, []);
    assert.deepEqual(
      analysis.diagnostics.map((diagnostic) => [
        diagnostic.range.start.line,
        diagnostic.severity,
        diagnostic.message,
      ]),
      [
        [
          3,
          'information',
          'keras.Model(...) is not analysed: the model\'s inputs or outputs are not Keras tensors keras-lower could follow (`out` is not computed: `some_dict["x"]` is not a subscript keras-lower evaluates)',
        ],
      ],
    );
  });

  it('keras.activations on tensors: the operation Keras records, gelu refused without its default, Keras errors reported', () => {
    const text = `import keras
from keras import activations
inputs = keras.Input(shape=(4, 6))
a = activations.get("swish")(inputs)
b = activations.gelu(a)
c = activations.exponential(activations.linear(b))
model = keras.Model(inputs, c)
bad = activations.mish(inputs)
`;
    const analysis = analyzeText(text);
    const model = analysis.models.find((candidate) => candidate.variable === 'model')!;
    assert.deepEqual(
      model.layers.map((layer) => [layer.name, layer.class, layer.outputShape, layer.status]),
      [
        ['input_layer', 'InputLayer', [null, 4, 6], 'exact'],
        ['silu', 'Silu', [null, 4, 6], 'exact'],
        ['gelu', 'Gelu', [null, 4, 6], 'refused'],
        ['exp', 'Exp', [null, 4, 6], 'exact'],
      ],
    );
    assert.match(model.layers[2]!.reasons[0]!.message, /defaults to approximate=False/);
    assert.ok(
      analysis.diagnostics.some(
        (diagnostic) =>
          diagnostic.range.start.line === 7 && /mish runs TensorFlow ops/.test(diagnostic.message),
      ),
    );
  });

  it('`*args` and `**kwargs` parameters collect what the call passes (padding="same" reaches the Conv2D)', () => {
    // Modelled on the ResNet v1 CIFAR-10 example's `resnet_layer(..., **conv_options)`.
    const convs = `import keras
from keras import layers

def block(x, filters, *extra, activation=None, **conv_options):
    x = layers.Conv2D(filters, 3, **conv_options)(x)
    if activation:
        x = layers.Activation(activation)(x)
    return x

defaults = dict(padding="same", kernel_initializer="he_normal", use_bias=False)
inputs = keras.Input(shape=(8, 8, 3))
x = block(inputs, 4, **defaults)
x = block(x, 6, activation="relu", strides=2, padding="same")
x = block(x, 2)
model = keras.Model(inputs, x)
`;
    const { rows, total, statuses, layers } = summary(convs);
    assert.deepEqual(rows, [
      ['input_layer', 'InputLayer', [null, 8, 8, 3], 0],
      ['conv2d', 'Conv2D', [null, 8, 8, 4], 108],
      ['conv2d_1', 'Conv2D', [null, 4, 4, 6], 222],
      ['activation', 'Activation', [null, 4, 4, 6], 0],
      ['conv2d_2', 'Conv2D', [null, 2, 2, 2], 110],
    ]);
    assert.equal(total, 440);
    // The layer-mode rewrite does not spell a splatted dict out yet: refused at the splat, shapes still right.
    assert.deepEqual(statuses, ['exact', 'refused', 'refused', 'exact', 'exact']);
    assert.match(layers[1]!.reasons[0]!.message, /`\*\*conv_options` is read/);
    const dense = `import keras
from keras import layers

def mlp(x, *sizes, **dense_options):
    for size in sizes:
        x = layers.Dense(size, **dense_options)(x)
    return x

inputs = keras.Input(shape=(5,))
model = keras.Model(inputs, mlp(inputs, 7, 3, use_bias=False))
`;
    const mlp = summary(dense);
    assert.deepEqual(mlp.rows, [
      ['input_layer', 'InputLayer', [null, 5], 0],
      ['dense', 'Dense', [null, 7], 35],
      ['dense_1', 'Dense', [null, 3], 21],
    ]);
  });
});
