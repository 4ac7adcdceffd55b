// User layers, subclassed models and keras.ops: the class rewrite, the ops table's refusals, operation nodes.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeText, applyEdits, lower, loweringOffers } from '../../server/src/core/index.ts';
import { OPS } from '../../server/src/core/ops/index.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

const layerFile = (call: string, imports = 'import keras\nfrom keras import ops\n') => `${imports}
class Custom(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],))

    def call(self, x):
        return ${call}


inputs = keras.Input(shape=(4, 6))
model = keras.Model(inputs, Custom()(inputs))
`;

function lowerCustom(text: string) {
  const analysis = analyzeText(text);
  return { analysis, result: lower(analysis, { kind: 'layer', layerId: 'model/custom' }, 'layer') };
}

describe('user layer class rewrite', () => {
  it('rewrites keras.ops calls only, keeping operators, add_weight and the rest of the file', () => {
    const text = layerFile('ops.mean(x, axis=1) * 2.0 + ops.relu(self.w)');
    const { result } = lowerCustom(text);
    assert.ok(result.ok);
    const lowered = applyEdits(text, result.edits);
    assert.match(lowered, /tf\.reduce_mean\(.*axis=1\).* \* 2\.0 \+ tf\.nn\.relu\(self\.w\)/);
    assert.match(lowered, /self\.add_weight\(shape=\(input_shape\[-1\],\)\)/);
    assert.match(lowered, /^import tensorflow as tf$/m);
    assert.equal(
      lowered.replace(/\n {8}return .*\n/, '\n').replace('import tensorflow as tf\n', ''),
      text.replace(/\n {8}return .*\n/, '\n'),
    );
  });

  it('resolves every import spelling of keras.ops', () => {
    for (const [imports, call] of [
      ['import keras\n', 'keras.ops.relu(x)'],
      ['import keras\nimport tensorflow as tf\n', 'tf.keras.ops.relu(x)'],
      ['import keras\nfrom keras.ops import relu\n', 'relu(x)'],
      ['import keras\nfrom keras import ops as K\n', 'K.nn.relu(x)'],
    ]) {
      const { result, analysis } = lowerCustom(layerFile(call!, imports));
      assert.ok(result.ok, imports);
      assert.match(applyEdits(analysis.text, result.edits), /return tf\.nn\.relu\(x\)/, imports);
    }
  });

  it('writes a rank-1 matmul as tensordot, as Keras does', () => {
    const { result, analysis } = lowerCustom(layerFile('ops.matmul(x, self.w)'));
    assert.ok(result.ok);
    assert.match(applyEdits(analysis.text, result.edits), /tf\.tensordot\(x, self\.w, axes=1\)/);
  });

  it('refuses an op outside the table, naming it at the call', () => {
    const { result } = lowerCustom(layerFile('ops.fft2(x)'));
    assert.ok(!result.ok);
    assert.match(result.reasons[0]!.message, /keras\.ops\.fft2 is not in keras-lower's ops table/);
    assert.equal(result.reasons[0]!.range.start.line, 8);
  });

  it('refuses an unfaithful argument form at the argument', () => {
    const { result } = lowerCustom(layerFile('ops.split(x, [1, 3], axis=-1)[0]'));
    assert.ok(!result.ok);
    assert.match(result.reasons[0]!.message, /keras\.ops\.split: .*split points are not lowered/);
    assert.equal(result.reasons[0]!.range.start.character, 28);
  });

  it('offers the class at its definition and never crashes on a half-typed one', () => {
    const text = layerFile('ops.mean(x, axis=');
    const analysis = analyzeText(text);
    const offers = loweringOffers(analysis, {
      start: { line: 3, character: 4 },
      end: { line: 3, character: 4 },
    });
    assert.ok(offers.every((offer) => typeof offer.title === 'string'));
    const offered = loweringOffers(analyzeText(layerFile('ops.relu(x)')), {
      start: { line: 3, character: 4 },
      end: { line: 3, character: 4 },
    });
    assert.ok(
      offered.some((offer) => offer.title === 'Lower to tf.nn: class Custom' && !offer.disabledReason),
    );
  });
});

describe('operation nodes in functional graphs', () => {
  const text = `import keras
from keras import layers, ops
inputs = keras.Input(shape=(5, 3))
x = ops.mean(layers.Dense(3)(inputs), axis=1) / 2
model = keras.Model(inputs, ops.softmax(x))
`;

  it('are exact rows and lower in module mode from the ops table', () => {
    const analysis = analyzeText(text);
    const statuses = analysis.models[0]!.layers.map((layer) => [layer.class, layer.status]);
    assert.deepEqual(statuses, [
      ['InputLayer', 'exact'],
      ['Dense', 'exact'],
      ['Mean', 'exact'],
      ['TrueDivide', 'exact'],
      ['Softmax', 'exact'],
    ]);
    const result = lower(analysis, { kind: 'model', variable: 'model' }, 'module');
    assert.ok(result.ok);
    assert.match(result.standalone!, /softmax = tf\.nn\.softmax\(true_divide\)/);
    assert.match(result.standalone!, /true_divide = tf\.math\.truediv\(/);
  });

  it('are not offered in layer mode', () => {
    const analysis = analyzeText(text);
    const offers = loweringOffers(analysis, {
      start: { line: 3, character: 6 },
      end: { line: 3, character: 6 },
    });
    assert.ok(!offers.some((offer) => offer.title.endsWith(': Mean')));
  });
});

it('the ops table has about sixty ops, each named once', () => {
  const names = OPS.map((op) => op.name);
  assert.equal(new Set(names).size, names.length);
  assert.ok(names.length >= 60);
});
