// Pooling layers other than MaxPooling2D (keras/src/layers/pooling/): shapes only.
import { rankError, unreadable } from '../shapes/checks.ts';
import { joinChannels, poolOutputLength, splitChannels } from '../shapes/spatial.ts';
import { shapeArg } from './common.ts';
import { shapeOnlyRule, type LayerRule, type ShapeResult } from './rule.ts';

function poolingND(className: string, rank: number, poolDefault: number | null): LayerRule {
  const poolDefaultValue =
    poolDefault === null
      ? { required: true as const }
      : rank === 1
        ? poolDefault
        : Array(rank).fill(poolDefault);
  return shapeOnlyRule({
    classes: [className],
    family: 'pooling',
    args: [
      shapeArg('pool_size', poolDefaultValue, 0, 'intTuple', rank),
      shapeArg('strides', null, 1, 'intTuple', rank),
      shapeArg('padding', 'valid', 2, 'string'),
      shapeArg('data_format', null, 3, 'dataFormat'),
    ],
    outputShape(input, config): ShapeResult {
      if (input.length !== rank + 2) return rankError(className, `a rank-${rank + 2} input`, input);
      const pool = config.intTuple('pool_size');
      const strides = config.arg('strides').value.kind === 'none' ? pool : config.intTuple('strides');
      const padding = config.string('padding');
      if (!pool || !strides || (padding !== 'valid' && padding !== 'same')) return unreadable(className);
      const format = config.dataFormat();
      const { spatial, channels } = splitChannels(input, format);
      const out = spatial.map((length, i) => poolOutputLength(length, pool[i]!, strides[i]!, padding));
      if (out.some((length) => typeof length === 'number' && length <= 0))
        return {
          ok: false,
          kind: 'error',
          message: `${className} on input (${input.join(', ')}) gives a non-positive output size`,
        };
      return { ok: true, shape: joinChannels(input[0] ?? null, out, channels, format) };
    },
  });
}

function globalPoolingND(className: string, rank: number): LayerRule {
  return shapeOnlyRule({
    classes: [className],
    family: 'pooling',
    args: [shapeArg('data_format', null, 0, 'dataFormat'), shapeArg('keepdims', false, 1, 'bool')],
    outputShape(input, config): ShapeResult {
      if (input.length !== rank + 2) return rankError(className, `a rank-${rank + 2} input`, input);
      const format = config.dataFormat();
      const { spatial, channels } = splitChannels(input, format);
      return config.bool('keepdims')
        ? {
            ok: true,
            shape: joinChannels(
              input[0] ?? null,
              spatial.map(() => 1),
              channels,
              format,
            ),
          }
        : { ok: true, shape: [input[0] ?? null, channels] };
    },
  });
}

export const POOLING_SHAPE_RULES: LayerRule[] = [
  poolingND('MaxPooling1D', 1, 2),
  poolingND('MaxPooling3D', 3, 2),
  poolingND('AveragePooling1D', 1, null),
  poolingND('AveragePooling2D', 2, null),
  poolingND('AveragePooling3D', 3, null),
  ...[1, 2, 3].flatMap((rank) => [
    globalPoolingND(`GlobalMaxPooling${rank}D`, rank),
    globalPoolingND(`GlobalAveragePooling${rank}D`, rank),
  ]),
];
