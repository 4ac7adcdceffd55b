// Normalization and regularization layers on plain strings: statuses, refusals at the argument, weights,
// and what module mode writes for the training flag.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeText, applyEdits, lower } from '../../server/src/core/index.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

const model = (layer: string, shape = '(4, 6)') =>
  `import keras\nm = keras.Sequential([keras.Input(${shape}), keras.layers.${layer}])\n`;
const only = (layer: string, shape?: string) => analyzeText(model(layer, shape)).models[0]!.layers[0]!;
const moduleText = (layer: string, shape?: string): string => {
  const text = model(layer, shape);
  const result = lower(analyzeText(text), { kind: 'model', variable: 'm' }, 'module');
  assert.ok(result.ok, JSON.stringify(result));
  return applyEdits(text, result.edits);
};

describe('normalization', () => {
  it('BatchNormalization is exact, with its moving statistics counted as non-trainable parameters', () => {
    const layer = only('BatchNormalization(axis=1)', '(3, 5)');
    assert.equal(layer.status, 'exact');
    assert.equal(layer.params, 12);
  });

  it('module mode updates the moving statistics with Keras momentum only in training', () => {
    const text = moduleText('BatchNormalization(axis=1, momentum=0.9)', '(3, 5)');
    assert.match(
      text,
      /if training:\n\s+batch_normalization_mean, batch_normalization_variance = tf\.nn\.moments\(x, axes=\[0, 2\]\)/,
    );
    assert.match(
      text,
      /moving_mean\.assign\(self\.batch_normalization_moving_mean \* 0\.9 \+ batch_normalization_mean \* \(1\.0 - 0\.9\)\)/,
    );
    assert.match(text, /tf\.reshape\(self\.batch_normalization_gamma, \[1, -1, 1\]\)/);
  });

  it('renorm and synchronized are refused at the argument', () => {
    for (const arg of ['renorm=True', 'synchronized=True', 'renorm_momentum=0.5']) {
      const layer = only(`BatchNormalization(${arg})`);
      assert.equal(layer.status, 'refused', arg);
      assert.match(layer.reasons[0]!.message, new RegExp(arg.split('=')[0]!));
    }
  });

  it('LayerNormalization over an axis list keeps gamma in sorted-axis order, reshaped as Keras does', () => {
    const text = moduleText('LayerNormalization(axis=[-1, 1])', '(4, 6)');
    assert.match(text, /tf\.Variable\(tf\.ones\(\(6, 4\)\)/);
    assert.match(text, /tf\.reshape\(self\.layer_normalization_gamma, \[1, 4, 6\]\)/);
  });

  it('rms_scaling keeps gamma only', () => {
    assert.equal(only('LayerNormalization(rms_scaling=True)').params, 6);
  });

  it('GroupNormalization rejects groups that do not divide the channels, as Keras does', () => {
    const layer = only('GroupNormalization(groups=4)', '(4, 6)');
    assert.equal(layer.status, 'refused');
    assert.match(layer.reasons[0]!.message, /4 groups do not divide 6 channels/);
    assert.equal(only('GroupNormalization(groups=-1)', '(4, 6)').params, 12);
  });

  it('an axis outside the input rank, or named twice, is refused with the reason', () => {
    assert.match(only('LayerNormalization(axis=3)').reasons[0]!.message, /axis 3 is out of bounds/);
    assert.match(only('UnitNormalization(axis=[1, -2])').reasons[0]!.message, /names a dimension twice/);
  });
});

describe('regularization', () => {
  it('random layers lower but are graded unsafe; a zero rate is exact', () => {
    for (const layer of [
      'Dropout(0.5, noise_shape=(None, 1, 6))',
      'SpatialDropout1D(0.3)',
      'GaussianNoise(0.1)',
      'GaussianDropout(0.2)',
      'AlphaDropout(0.1)',
    ])
      assert.equal(only(layer).status, 'differs', layer);
    assert.equal(only('GaussianNoise(0.0)').status, 'exact');
  });

  it('SpatialDropout2D masks per sample and channel, channels_first included', () => {
    const text = moduleText('SpatialDropout2D(0.3, data_format="channels_first")', '(3, 5, 5)');
    assert.match(text, /noise_shape=\[tf\.shape\(x\)\[0\], tf\.shape\(x\)\[1\], 1, 1\]\) if training else x/);
  });

  it('GaussianDropout(rate=1) is refused: Keras divides by zero in training', () => {
    const layer = only('GaussianDropout(1.0)');
    assert.equal(layer.status, 'refused');
    assert.match(layer.reasons[0]!.message, /ZeroDivisionError/);
  });

  it('ActivityRegularization is exact without a penalty, unsafe with one (module mode has no activity loss)', () => {
    assert.equal(only('ActivityRegularization()').status, 'exact');
    const layer = only('ActivityRegularization(l1=0.01)');
    assert.equal(layer.status, 'differs');
    assert.match(layer.reasons[0]!.message, /activity loss/);
  });
});
