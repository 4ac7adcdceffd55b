// The convolutions: shapes and weights as Keras builds them, Keras's TF paths in the lowering, and the
// configurations refused at the argument.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeText, applyEdits, lower } from '../../server/src/core/index.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

const layersOf = (body: string, header = 'import keras\n') =>
  analyzeText(`${header}m = keras.Sequential([${body}])\n`).models[0]!.layers;

const moduleOf = (body: string, header = 'import keras\n'): string => {
  const text = `${header}m = keras.Sequential([${body}])\n`;
  const result = lower(analyzeText(text), { kind: 'model', variable: 'm' }, 'module');
  assert.ok(result.ok);
  return applyEdits(text, result.edits);
};

describe('convolution shapes and weights', () => {
  it('weights in Keras order and shapes: grouped, transposed, depthwise, separable', () => {
    const [grouped] = layersOf('keras.Input((9, 9, 6)), keras.layers.Conv2D(4, 3, groups=2)');
    assert.deepEqual(
      grouped!.weights.map((w) => [w.name, w.shape]),
      [
        ['kernel', [3, 3, 3, 4]],
        ['bias', [4]],
      ],
    );
    const [transposed] = layersOf(
      'keras.Input((3, 5)), keras.layers.Conv1DTranspose(4, 2, data_format="channels_first")',
    );
    assert.deepEqual(
      transposed!.weights.map((w) => w.shape),
      [[2, 4, 3], [4]],
    );
    const [depthwise] = layersOf('keras.Input((7, 3)), keras.layers.DepthwiseConv1D(3, depth_multiplier=2)');
    assert.deepEqual(depthwise!.outputShape, [null, 5, 6]);
    assert.deepEqual(
      depthwise!.weights.map((w) => [w.name, w.shape]),
      [
        ['kernel', [3, 3, 2]],
        ['bias', [6]],
      ],
    );
    const [separable] = layersOf(
      'keras.Input((7, 7, 3)), keras.layers.SeparableConv2D(5, 3, depth_multiplier=2, use_bias=False)',
    );
    assert.deepEqual(
      separable!.weights.map((w) => [w.name, w.shape]),
      [
        ['depthwise_kernel', [3, 3, 3, 2]],
        ['pointwise_kernel', [1, 1, 6, 5]],
      ],
    );
  });

  it('Conv3DTranspose takes data_format before output_padding positionally', () => {
    const [layer] = layersOf(
      'keras.Input((2, 3, 3, 3)), keras.layers.Conv3DTranspose(4, 3, 2, "same", "channels_first", 1)',
    );
    assert.deepEqual(layer!.outputShape, [null, 4, 6, 6, 6]);
    assert.equal(layer!.status, 'exact');
  });

  it('causal Conv1D keeps the length; groups must divide the channels', () => {
    const [causal] = layersOf('keras.Input((9, 2)), keras.layers.Conv1D(4, 3, strides=2, padding="causal")');
    assert.deepEqual(causal!.outputShape, [null, 5, 4]);
    const analysis = analyzeText(
      'import keras\nm = keras.Sequential([keras.Input((9, 5)), keras.layers.Conv1D(4, 3, groups=2)])\n',
    );
    assert.match(analysis.diagnostics[0]!.message, /input channels \(5\) must be divisible by groups=2/);
  });
});

describe('convolution lowerings', () => {
  it('causal padding goes before the sequence; grouped convolutions run under XLA as in Keras', () => {
    const text = moduleOf(
      'keras.Input((9, 4)), keras.layers.Conv1D(4, 3, padding="causal", dilation_rate=2, groups=2)',
    );
    assert.match(text, /conv1d = tf\.pad\(x, \[\[0, 0\], \[4, 0\], \[0, 0\]\]\)/);
    assert.match(
      text,
      /tf\.function\(lambda: tf\.nn\.convolution\(conv1d, .*padding="VALID".*jit_compile=True\)\(\)/,
    );
  });

  it('adds a channels_first bias on the last axis exactly when keras.ops.add guesses so', () => {
    const same = moduleOf('keras.Input((3, 9, 6)), keras.layers.Conv2D(4, 3, data_format="channels_first")');
    assert.match(same, /# As Keras: keras\.ops\.add guesses NHWC/);
    assert.match(same, /conv2d = tf\.nn\.bias_add\(conv2d, self\.conv2d_bias\) {2}#/);
    const other = moduleOf('keras.Input((3, 9, 9)), keras.layers.Conv2D(4, 3, data_format="channels_first")');
    assert.match(other, /tf\.nn\.bias_add\(conv2d, self\.conv2d_bias, data_format="NCHW"\)/);
  });

  it('a strided dilated depthwise convolution runs at stride 1 and is subsampled, `same` written out', () => {
    const text = moduleOf(
      'keras.Input((12, 12, 2)), keras.layers.DepthwiseConv2D(3, strides=2, dilation_rate=2, padding="same")',
    );
    assert.match(text, /tf\.pad\(x, \[\[0, 0\], \[1, 2\], \[1, 2\], \[0, 0\]\]\)/);
    assert.match(text, /depthwise_conv2d\[:, ::2, ::2, :\]/);
  });

  it('transposed convolutions get the output size Keras computes', () => {
    const text = moduleOf(
      'keras.Input((None, 3)), keras.layers.Conv1DTranspose(2, 4, strides=3, padding="same", output_padding=1)',
    );
    assert.match(text, /\[tf\.shape\(x\)\[0\], \(tf\.shape\(x\)\[1\] - 1\) \* 3 \+ 1, 2\]/);
  });
});

describe('convolution refusals', () => {
  const reasonsOf = (body: string, header?: string) =>
    layersOf(body, header)[0]!.reasons.map((r) => r.message);

  it('refuses what Keras or TF-on-CPU cannot run, at the argument', () => {
    assert.match(
      reasonsOf(
        'keras.Input((5, 5, 2)), keras.layers.Conv2DTranspose(2, 4, strides=2, padding="same", output_padding=0)',
      )[0]!,
      /output size TF cannot produce/,
    );
    assert.match(
      reasonsOf('keras.Input((9, 9, 2)), keras.layers.Conv2D(2, 3, strides=2, dilation_rate=2)')[0]!,
      /strides > 1 together with dilation_rate > 1/,
    );
    assert.match(
      reasonsOf('keras.Input((9, 9, 2)), keras.layers.Conv2D(2, 3, padding="causal")')[0]!,
      /padding/,
    );
  });

  it('strides with dilation are lowered for depthwise convolutions (Keras decomposes them)', () => {
    assert.deepEqual(
      reasonsOf('keras.Input((9, 2)), keras.layers.SeparableConv1D(2, 3, strides=2, dilation_rate=2)'),
      [],
    );
  });

  it('data_format=None lowers under channels_last, refuses under a channels_first image format', () => {
    assert.deepEqual(reasonsOf('keras.Input((9, 2)), keras.layers.Conv1D(2, 3, data_format=None)'), []);
    assert.match(
      reasonsOf(
        'keras.Input((2, 9)), keras.layers.Conv1D(2, 3, data_format=None)',
        'import keras\nkeras.config.set_image_data_format("channels_first")\n',
      )[0]!,
      /data_format=None/,
    );
  });
});
