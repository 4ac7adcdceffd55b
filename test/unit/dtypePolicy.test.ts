// dtype policies: every layer made under a policy other than float32 is refused, with the reason at the call
// that set it; a layer's own dtype= lowers only as float32 under a float32 policy (issue 12, item 6).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeText } from '../../server/src/core/index.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

const MLP = [
  'model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(2)])',
];

function statuses(lines: string[]) {
  const analysis = analyzeText(['import keras', 'import tensorflow as tf', ...lines].join('\n'));
  const model = analysis.models.find((m) => m.variable === 'model');
  assert.ok(model, 'no model found');
  const layers = model.layers.filter((layer) => layer.class !== 'InputLayer');
  return { layers, diagnostics: analysis.diagnostics };
}

describe('dtype policies', () => {
  for (const [setter, policy] of [
    ['keras.config.set_floatx("float64")', 'float64'],
    ['keras.backend.set_floatx("float16")', 'float16'],
    ['keras.mixed_precision.set_global_policy("mixed_float16")', 'mixed_float16'],
    ['keras.config.set_dtype_policy("mixed_bfloat16")', 'mixed_bfloat16'],
    [
      'tf.keras.mixed_precision.set_global_policy(keras.mixed_precision.Policy("mixed_float16"))',
      'mixed_float16',
    ],
    ['keras.mixed_precision.set_dtype_policy(policy="bfloat16")', 'bfloat16'],
  ]) {
    it(`${setter}: every layer after it is refused, the reason at the call`, () => {
      const { layers, diagnostics } = statuses([setter!, ...MLP]);
      assert.equal(layers.length, 2);
      for (const layer of layers) {
        assert.equal(layer.status, 'refused', `${layer.name} is ${layer.status}`);
        const reason = layer.reasons.find((r) => r.message.includes('float32 only'));
        assert.ok(reason, `${layer.name}: ${JSON.stringify(layer.reasons)}`);
        assert.match(reason.message, new RegExp(policy!.replace(/_/g, '_')));
        assert.equal(reason.range.start.line, 2, 'the reason points at the policy call');
      }
      assert.ok(diagnostics.some((d) => d.range.start.line === 2 && d.message.includes('float32 only')));
    });
  }

  it('float32 set explicitly changes nothing', () => {
    for (const setter of [
      'keras.config.set_floatx("float32")',
      'keras.mixed_precision.set_global_policy("float32")',
    ]) {
      const { layers, diagnostics } = statuses([setter, ...MLP]);
      assert.deepEqual(
        layers.map((layer) => layer.status),
        ['exact', 'exact'],
      );
      assert.deepEqual(diagnostics, []);
    }
  });

  it('layers made before the policy call keep float32 (Keras reads the policy at construction)', () => {
    const { layers } = statuses([
      'dense = keras.layers.Dense(4)',
      'keras.config.set_floatx("float64")',
      'model = keras.Sequential([keras.Input(shape=(8,)), dense, keras.layers.Dense(2)])',
    ]);
    assert.deepEqual(
      layers.map((layer) => layer.status),
      ['exact', 'refused'],
    );
  });

  it("a layer's own dtype: float32 under a float32 policy lowers, any other is refused at the argument", () => {
    const { layers } = statuses([
      'model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(4, dtype="float32"),',
      '    keras.layers.Dense(3, dtype="float64"), keras.layers.Dense(2, dtype="mixed_bfloat16"),',
      '    keras.layers.Dense(2, dtype=None), keras.layers.Dense(2, dtype=keras.mixed_precision.Policy("float16"))])',
    ]);
    assert.deepEqual(
      layers.map((layer) => layer.status),
      ['exact', 'refused', 'refused', 'exact', 'refused'],
    );
    assert.match(layers[1]!.reasons[0]!.message, /computes in float64; keras-lower lowers float32 only/);
    assert.match(layers[2]!.reasons[0]!.message, /bfloat16 with float32 variables/);
    assert.equal(layers[1]!.reasons[0]!.range.start.line, 3);
  });

  it('an explicit float32 under a float64 policy is refused too (the model around it is float64)', () => {
    const { layers } = statuses([
      'keras.config.set_floatx("float64")',
      'model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(4, dtype="float32")])',
    ]);
    assert.equal(layers[0]!.status, 'refused');
    assert.equal(layers[0]!.reasons.length, 2);
  });

  it('a policy keras-lower cannot read refuses the layers after it', () => {
    const { layers } = statuses(['keras.config.set_floatx(some_setting())', ...MLP]);
    assert.ok(layers.every((layer) => layer.status === 'refused'));
    assert.match(layers[0]!.reasons[0]!.message, /cannot read/);
  });
});
