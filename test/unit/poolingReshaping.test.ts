// Pooling and reshaping layers: shapes in both data formats, what lowers exactly and what is refused where.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeText } from '../../server/src/core/index.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

const layersOf = (body: string, header = 'import keras\n') =>
  analyzeText(`${header}m = keras.Sequential([${body}])\n`).models[0]!.layers;

describe('pooling', () => {
  it('pools channels_first inputs over the trailing axes, `same` rounding up', () => {
    const [max, avg] = layersOf(
      'keras.Input((3, 9, 8)), keras.layers.MaxPooling2D(2, data_format="channels_first"), keras.layers.AveragePooling2D(3, 2, "same", "channels_first")',
    );
    assert.deepEqual(max!.outputShape, [null, 3, 4, 4]);
    assert.deepEqual(avg!.outputShape, [null, 3, 2, 2]);
    assert.equal(max!.status, 'exact');
    assert.equal(avg!.status, 'exact');
  });

  it('global pooling keeps dims on the spatial axes of the data format', () => {
    const [global] = layersOf(
      'keras.Input((4, 5, 6, 2)), keras.layers.GlobalAveragePooling3D(data_format="channels_first", keepdims=True)',
    );
    assert.deepEqual(global!.outputShape, [null, 4, 1, 1, 1]);
    assert.equal(global!.status, 'exact');
  });

  it('refuses data_format=None under a channels_first image format, at the argument', () => {
    const [pool] = layersOf(
      'keras.Input((3, 8, 8)), keras.layers.MaxPooling2D(data_format=None)',
      'import keras\nkeras.config.set_image_data_format("channels_first")\n',
    );
    assert.equal(pool!.status, 'refused');
    assert.match(pool!.reasons[0]!.message, /data_format=None/);
  });
});

describe('reshaping', () => {
  it('infers Reshape -1, permutes from 1 and crops nested pairs', () => {
    const [reshape, permute, crop, pad] = layersOf(
      'keras.Input((6, 4)), keras.layers.Reshape((-1, 3)), keras.layers.Permute((2, 1)), keras.layers.Cropping1D((1, 0)), keras.layers.ZeroPadding1D((0, 2))',
    );
    assert.deepEqual(reshape!.outputShape, [null, 8, 3]);
    assert.deepEqual(permute!.outputShape, [null, 3, 8]);
    assert.deepEqual(crop!.outputShape, [null, 2, 8]);
    assert.deepEqual(pad!.outputShape, [null, 4, 8]);
    for (const layer of [reshape, permute, crop, pad]) assert.equal(layer!.status, 'exact');
  });

  it('Cropping3D defaults to one cell per side; ZeroPadding2D takes one pair per axis', () => {
    const [crop] = layersOf('keras.Input((5, 6, 7, 2)), keras.layers.Cropping3D()');
    assert.deepEqual(crop!.outputShape, [null, 3, 4, 5, 2]);
    const [pad] = layersOf(
      'keras.Input((3, 4, 5)), keras.layers.ZeroPadding2D(((1, 2), 3), data_format="channels_first")',
    );
    assert.deepEqual(pad!.outputShape, [null, 3, 7, 11]);
  });

  it('a Reshape that changes the size is an error', () => {
    const analysis = analyzeText(
      'import keras\nm = keras.Sequential([keras.Input((6, 4)), keras.layers.Reshape((5, -1))])\n',
    );
    assert.match(analysis.diagnostics[0]!.message, /total size must be unchanged/);
  });

  it('UpSampling2D lowers every interpolation Keras resizes with and refuses the others', () => {
    const [bilinear, gaussian] = layersOf(
      'keras.Input((4, 5, 2)), keras.layers.UpSampling2D(2, interpolation="bilinear"), keras.layers.UpSampling2D(interpolation="gaussian")',
    );
    assert.equal(bilinear!.status, 'exact');
    assert.equal(gaussian!.status, 'refused');
  });

  it('Rescaling lowers scalars and per-channel lists, refusing a per-channel scale under channels_first', () => {
    const [scalar, perChannel] = layersOf(
      'keras.Input((4, 3)), keras.layers.Rescaling(1 / 255, offset=-1), keras.layers.Rescaling([0.5, 1.0, 2.0], offset=[0.0, 1.0, 2.0])',
    );
    assert.equal(scalar!.status, 'exact');
    assert.equal(perChannel!.status, 'exact');
    const [channelsFirst] = layersOf(
      'keras.Input((3, 4, 4)), keras.layers.Rescaling([0.5, 1.0, 2.0])',
      'import keras\nkeras.config.set_image_data_format("channels_first")\n',
    );
    assert.equal(channelsFirst!.status, 'refused');
    assert.match(channelsFirst!.reasons[0]!.message, /per-channel `scale` under channels_first/);
  });
});
