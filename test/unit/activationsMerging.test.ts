// Activation and merge layers: what lowers, the shapes Keras gives, and what is refused where.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeText } from '../../server/src/core/index.ts';
import { activationLowering } from '../../server/src/core/layers/activationFunctions.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

const layersOf = (body: string) =>
  analyzeText(`import keras\nm = keras.Sequential([${body}])\n`).models[0]!.layers;

const functionalLayers = (inputs: string[], call: string) => {
  const lines = inputs.map((shape, i) => `x${i} = keras.Input(${shape})`);
  const names = inputs.map((_, i) => `x${i}`).join(', ');
  const text = `import keras\n${lines.join('\n')}\ny = ${call}([${names}])\nm = keras.Model([${names}], y)\n`;
  return analyzeText(text).models[0]!.layers.filter((layer) => layer.class !== 'InputLayer');
};

describe('activations', () => {
  it("glu is refused everywhere: Keras reports the input's shape for it (as its summary does)", () => {
    const [glu] = layersOf('keras.Input((3, 6)), keras.layers.Activation("glu")');
    assert.deepEqual(glu!.outputShape, [null, 3, 6]);
    assert.equal(glu!.status, 'refused');
    const [dense] = layersOf('keras.Input((4,)), keras.layers.Dense(6, activation="glu")');
    assert.equal(dense!.status, 'refused');
    assert.match(dense!.reasons[0]!.message, /glu halves the last axis/);
  });

  it('composed activations keep their precedence on a compound operand', () => {
    assert.equal(activationLowering('tanh_shrink')!.apply('a + b'), '(a + b) - tf.math.tanh((a + b))');
    assert.equal(activationLowering('hard_swish')!.callable, 'lambda x: x * (tf.nn.relu6(x + 3.0) / 6.0)');
  });

  it('ReLU arguments Keras rejects are refused at the argument', () => {
    const [relu] = layersOf('keras.Input((4,)), keras.layers.ReLU(max_value=-1.0)');
    assert.equal(relu!.status, 'refused');
    assert.match(relu!.reasons[0]!.message, /max_value/);
  });

  it('PReLU shares alpha along shared_axes; LeakyReLU refuses the deprecated alpha', () => {
    const [prelu] = layersOf('keras.Input((3, 4, 5)), keras.layers.PReLU(shared_axes=[1, 2])');
    assert.equal(prelu!.status, 'exact');
    assert.equal(prelu!.params, 5);
    const [leaky] = layersOf('keras.Input((4,)), keras.layers.LeakyReLU(alpha=0.1)');
    assert.equal(leaky!.status, 'refused');
    assert.match(leaky!.reasons[0]!.message, /negative_slope/);
  });

  it('Softmax takes axis lists and None; an axis outside the input is an error', () => {
    for (const axis of ['[1, 2]', 'None', '(-1,)'])
      assert.equal(layersOf(`keras.Input((3, 4)), keras.layers.Softmax(axis=${axis})`)[0]!.status, 'exact');
    const [bad] = layersOf('keras.Input((3, 4)), keras.layers.Softmax(axis=3)');
    assert.notEqual(bad!.status, 'exact');
  });
});

describe('merging', () => {
  it('lower ranks get axes after the batch axis, then broadcast as Keras does', () => {
    const [add] = functionalLayers(['(4,)', '(3, 4)', '(2, 1, 4)'], 'keras.layers.Add()');
    assert.deepEqual(add!.outputShape, [null, 2, 3, 4]);
    assert.equal(add!.status, 'exact');
    const [bad] = functionalLayers(['(3,)', '(3, 4)'], 'keras.layers.Maximum()');
    assert.notEqual(bad!.status, 'exact');
  });

  it('Dot contracts pairs of axes, negatives from the end, and refuses the batch axis', () => {
    const [dot] = functionalLayers(['(3, 4)', '(5, 4)'], 'keras.layers.Dot(axes=(-1, -1))');
    assert.deepEqual(dot!.outputShape, [null, 3, 5]);
    const [vector] = functionalLayers(['(4,)', '(4,)'], 'keras.layers.Dot(1, normalize=True)');
    assert.deepEqual(vector!.outputShape, [null, 1]);
    const [batch] = functionalLayers(['(4,)', '(4,)'], 'keras.layers.Dot(axes=0)');
    assert.notEqual(batch!.status, 'exact');
  });
});
