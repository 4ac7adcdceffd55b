// Preprocessing and augmentation layers (keras/src/layers/preprocessing/): shapes and parameters only.
import { rankError, unreadable } from '../shapes/checks.ts';
import { joinChannels, splitChannels } from '../shapes/spatial.ts';
import type { Shape } from '../types.ts';
import { shapeArg, shapeArgs } from './common.ts';
import type { ArgSpec, LayerConfig } from './config.ts';
import { shapeOnlyRule, type LayerRule, type ShapeResult } from './rule.ts';

const sameShape = (input: Shape): ShapeResult => ({ ok: true, shape: input });

/** Augmentations are the identity in inference and keep the shape in training. */
function augmentation(className: string, args: ArgSpec[]): LayerRule {
  return shapeOnlyRule({ classes: [className], family: 'preprocessing', args, outputShape: sameShape });
}

const IMAGE_FILL = ['fill_mode', 'interpolation', 'seed', 'fill_value', 'data_format'];
const FILL_DEFAULTS = { fill_mode: 'reflect', interpolation: 'bilinear', fill_value: 0 };

/** Resizing and crops: (height, width) replace the spatial dims of an image batch. */
function resized(className: string, extra: ArgSpec[]): LayerRule {
  return shapeOnlyRule({
    classes: [className],
    family: 'preprocessing',
    args: [
      shapeArg('height', { required: true }, 0, 'int'),
      shapeArg('width', { required: true }, 1, 'int'),
      ...extra,
    ],
    outputShape(input: Shape, config: LayerConfig): ShapeResult {
      if (input.length !== 4) return rankError(className, 'a rank-4 image batch', input);
      const height = config.dim('height');
      const width = config.dim('width');
      if (height === undefined || width === undefined) return unreadable(className);
      const format = config.dataFormat();
      return {
        ok: true,
        shape: joinChannels(input[0] ?? null, [height, width], splitChannels(input, format).channels, format),
      };
    },
  });
}

export const PREPROCESSING_RULES: LayerRule[] = [
  shapeOnlyRule({
    classes: ['Normalization'],
    family: 'preprocessing',
    args: [
      shapeArg('axis', -1, 0),
      shapeArg('mean', null, 1),
      shapeArg('variance', null, 2),
      shapeArg('invert', false, 3, 'bool'),
    ],
    outputShape: sameShape,
    weights(input, config) {
      const axis = config.number('axis') ?? -1;
      const channels = input.at(axis) ?? null;
      if (config.arg('mean').value.kind !== 'none') return [];
      return [
        { name: 'mean', shape: [channels], initializer: { kind: 'zeros' }, trainable: false },
        { name: 'variance', shape: [channels], initializer: { kind: 'ones' }, trainable: false },
        { name: 'count', shape: [], initializer: { kind: 'zeros' }, trainable: false },
      ];
    },
  }),
  augmentation('RandomFlip', [
    shapeArg('mode', 'horizontal_and_vertical', 0),
    shapeArg('seed', null, 1),
    shapeArg('data_format', null, 2, 'dataFormat'),
  ]),
  augmentation('RandomRotation', [
    shapeArg('factor', { required: true }, 0),
    ...shapeArgs(IMAGE_FILL, FILL_DEFAULTS),
  ]),
  augmentation('RandomZoom', [
    shapeArg('height_factor', { required: true }, 0),
    shapeArg('width_factor', null, 1),
    ...shapeArgs(IMAGE_FILL, FILL_DEFAULTS),
  ]),
  augmentation('RandomTranslation', [
    shapeArg('height_factor', { required: true }, 0),
    shapeArg('width_factor', { required: true }, 1),
    ...shapeArgs(IMAGE_FILL, FILL_DEFAULTS),
  ]),
  augmentation('RandomContrast', [
    shapeArg('factor', { required: true }, 0),
    shapeArg('value_range', [0, 255], 1),
    shapeArg('seed', null, 2),
  ]),
  resized('Resizing', [
    ...shapeArgs(
      [
        'interpolation',
        'crop_to_aspect_ratio',
        'pad_to_aspect_ratio',
        'fill_mode',
        'fill_value',
        'antialias',
      ],
      {
        interpolation: 'bilinear',
        crop_to_aspect_ratio: false,
        pad_to_aspect_ratio: false,
        fill_mode: 'constant',
        fill_value: 0,
        antialias: false,
      },
    ),
    shapeArg('data_format', null, undefined, 'dataFormat'),
  ]),
  resized('CenterCrop', [shapeArg('data_format', null, 2, 'dataFormat')]),
  resized('RandomCrop', [shapeArg('seed', null, 2), shapeArg('data_format', null, 3, 'dataFormat')]),
];

/** Keras's alternative spellings of layer classes (the same classes: names and counters use the canonical one). */
export const CLASS_ALIASES: Record<string, string> = {
  AvgPool1D: 'AveragePooling1D',
  AvgPool2D: 'AveragePooling2D',
  AvgPool3D: 'AveragePooling3D',
  MaxPool1D: 'MaxPooling1D',
  MaxPool2D: 'MaxPooling2D',
  MaxPool3D: 'MaxPooling3D',
  GlobalAvgPool1D: 'GlobalAveragePooling1D',
  GlobalAvgPool2D: 'GlobalAveragePooling2D',
  GlobalAvgPool3D: 'GlobalAveragePooling3D',
  GlobalMaxPool1D: 'GlobalMaxPooling1D',
  GlobalMaxPool2D: 'GlobalMaxPooling2D',
  GlobalMaxPool3D: 'GlobalMaxPooling3D',
  Convolution1D: 'Conv1D',
  Convolution2D: 'Conv2D',
  Convolution3D: 'Conv3D',
  Convolution1DTranspose: 'Conv1DTranspose',
  Convolution2DTranspose: 'Conv2DTranspose',
  Convolution3DTranspose: 'Conv3DTranspose',
  SeparableConvolution1D: 'SeparableConv1D',
  SeparableConvolution2D: 'SeparableConv2D',
};
