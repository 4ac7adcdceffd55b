// Reshaping layers other than Flatten (keras/src/layers/reshaping/): shapes only.
import { product, rankError, unreadable } from '../shapes/checks.ts';
import { joinChannels, splitChannels } from '../shapes/spatial.ts';
import type { Dim } from '../types.ts';
import { toShape } from '../model/values.ts';
import { shapeArg } from './common.ts';
import type { LayerConfig } from './config.ts';
import { shapeOnlyRule, type LayerRule, type ShapeResult } from './rule.ts';

const identity = (input: Dim[]): ShapeResult => ({ ok: true, shape: input });

/** `padding`/`cropping` as (before, after) per spatial dim, from an int, a pair, or pairs. */
function pairs(
  config: LayerConfig,
  name: string,
  rank: number,
  fallback: number,
): Array<[number, number]> | undefined {
  const value = config.arg(name).value;
  // Nested-tuple defaults (`((0, 0), (0, 0))`) are declared as None and filled in here.
  if (value.kind === 'none') return Array.from({ length: rank }, () => [fallback, fallback]);
  if (value.kind === 'number') return Array.from({ length: rank }, () => [value.value, value.value]);
  if (value.kind !== 'sequence') return undefined;
  const items = value.items.map((item) =>
    item.kind === 'number' ? [item.value, item.value] : toShape(item),
  );
  if (rank === 1 && value.items.every((item) => item.kind === 'number') && value.items.length === 2)
    return [[(value.items[0] as { value: number }).value, (value.items[1] as { value: number }).value]];
  if (
    items.length !== rank ||
    items.some((item) => !item || item.length !== 2 || item.some((dim) => typeof dim !== 'number'))
  )
    return undefined;
  return items as Array<[number, number]>;
}

function paddingND(
  className: string,
  rank: number,
  sign: 1 | -1,
  argName: string,
  defaultValue: unknown,
  fallback = 0,
): LayerRule {
  // Cropping1D is the one of these without a data_format argument.
  const hasDataFormat = className !== 'Cropping1D';
  return shapeOnlyRule({
    classes: [className],
    family: 'reshaping',
    args: [
      shapeArg(argName, defaultValue as never, 0),
      ...(hasDataFormat ? [shapeArg('data_format', null, 1, 'dataFormat')] : []),
    ],
    outputShape(input, config): ShapeResult {
      if (input.length !== rank + 2) return rankError(className, `a rank-${rank + 2} input`, input);
      const amounts = pairs(config, argName, rank, fallback);
      if (!amounts) return unreadable(className);
      const format = hasDataFormat ? config.dataFormat() : 'channels_last';
      const { spatial, channels } = splitChannels(input, format);
      const out = spatial.map((length, i) =>
        typeof length === 'number' ? length + sign * (amounts[i]![0] + amounts[i]![1]) : null,
      );
      if (out.some((length) => typeof length === 'number' && length <= 0))
        return {
          ok: false,
          kind: 'error',
          message: `${className} leaves a non-positive size from input (${input.join(', ')})`,
        };
      return { ok: true, shape: joinChannels(input[0] ?? null, out, channels, format) };
    },
  });
}

function upSamplingND(className: string, rank: number): LayerRule {
  const defaultSize = rank === 1 ? 2 : Array(rank).fill(2);
  return shapeOnlyRule({
    classes: [className],
    family: 'reshaping',
    args: [
      shapeArg('size', defaultSize, 0, 'intTuple', rank),
      ...(rank > 1 ? [shapeArg('data_format', null, 1, 'dataFormat')] : []),
      ...(rank === 2 ? [shapeArg('interpolation', 'nearest', 2, 'string')] : []),
    ],
    outputShape(input, config): ShapeResult {
      if (input.length !== rank + 2) return rankError(className, `a rank-${rank + 2} input`, input);
      const size = config.intTuple('size');
      if (!size) return unreadable(className);
      const format = rank > 1 ? config.dataFormat() : 'channels_last';
      const { spatial, channels } = splitChannels(input, format);
      const out = spatial.map((length, i) => (typeof length === 'number' ? length * size[i]! : null));
      return { ok: true, shape: joinChannels(input[0] ?? null, out, channels, format) };
    },
  });
}

export const RESHAPING_SHAPE_RULES: LayerRule[] = [
  shapeOnlyRule({
    classes: ['Reshape'],
    family: 'reshaping',
    args: [shapeArg('target_shape', { required: true }, 0, 'shape')],
    outputShape(input, config): ShapeResult {
      const target = config.shape('target_shape');
      if (!target) return unreadable('Reshape');
      const free = target.filter((dim) => dim === -1).length;
      if (free === 0) return { ok: true, shape: [input[0] ?? null, ...target] };
      const total = product(input.slice(1));
      const rest = product(target.filter((dim) => dim !== -1));
      const inferred =
        typeof total === 'number' && typeof rest === 'number' && rest > 0 ? total / rest : null;
      return { ok: true, shape: [input[0] ?? null, ...target.map((dim) => (dim === -1 ? inferred : dim))] };
    },
  }),
  shapeOnlyRule({
    classes: ['Permute'],
    family: 'reshaping',
    args: [shapeArg('dims', { required: true }, 0, 'shape')],
    outputShape(input, config): ShapeResult {
      const dims = config.shape('dims');
      if (!dims || dims.length !== input.length - 1) return unreadable('Permute');
      return {
        ok: true,
        shape: [
          input[0] ?? null,
          ...dims.map((dim) => (typeof dim === 'number' ? (input[dim] ?? null) : null)),
        ],
      };
    },
  }),
  shapeOnlyRule({
    classes: ['RepeatVector'],
    family: 'reshaping',
    args: [shapeArg('n', { required: true }, 0, 'int')],
    outputShape: (input, config) =>
      input.length !== 2
        ? rankError('RepeatVector', 'a rank-2 input', input)
        : { ok: true, shape: [input[0] ?? null, config.dim('n') ?? null, input[1] ?? null] },
  }),
  ...[1, 2, 3].map((rank) => upSamplingND(`UpSampling${rank}D`, rank)),
  paddingND('ZeroPadding1D', 1, 1, 'padding', 1),
  paddingND('ZeroPadding2D', 2, 1, 'padding', [1, 1]),
  paddingND('ZeroPadding3D', 3, 1, 'padding', [1, 1, 1]),
  paddingND('Cropping1D', 1, -1, 'cropping', [1, 1]),
  paddingND('Cropping2D', 2, -1, 'cropping', null),
  paddingND('Cropping3D', 3, -1, 'cropping', null, 1),
  shapeOnlyRule({
    classes: ['Rescaling'],
    family: 'reshaping',
    args: [shapeArg('scale', { required: true }, 0), shapeArg('offset', 0, 1)],
    outputShape: identity,
  }),
  shapeOnlyRule({ classes: ['Identity'], family: 'reshaping', args: [], outputShape: identity }),
];
