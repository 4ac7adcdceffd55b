// Shapes and data formats shared by the pooling layers (keras/src/layers/pooling/) and the spatial reshaping
// layers: output sizes as compute_pooling_output_shape gives them, and how channels_first is handled.
import { rankError, unreadable } from '../shapes/checks.ts';
import { formatShape, joinChannels, poolOutputLength, splitChannels } from '../shapes/spatial.ts';
import type { Reason, Shape } from '../types.ts';
import type { LayerConfig } from './config.ts';
import type { ShapeResult } from './rule.ts';

export interface PoolGeometry {
  pool: number[];
  strides: number[];
  padding: string;
}

/** pool_size, strides (defaulting to pool_size) and padding, as Keras's BasePooling reads them. */
export function poolGeometry(config: LayerConfig): PoolGeometry | undefined {
  const pool = config.intTuple('pool_size');
  const strides = config.arg('strides').value.kind === 'none' ? pool : config.intTuple('strides');
  const padding = config.string('padding');
  return pool && strides && padding !== undefined ? { pool, strides, padding } : undefined;
}

export function poolingOutputShape(
  className: string,
  rank: number,
  input: Shape,
  config: LayerConfig,
): ShapeResult {
  if (input.length !== rank + 2) return rankError(className, `a rank-${rank + 2} input`, input);
  const geometry = poolGeometry(config);
  if (!geometry) return unreadable(className);
  // Keras lower-cases padding only when it runs the op; its shape inference accepts only lower case.
  if (geometry.padding !== 'valid' && geometry.padding !== 'same')
    return {
      ok: false,
      kind: 'error',
      message: `Keras's ${className} accepts padding "valid" or "same", got "${geometry.padding}"`,
    };
  if ([...geometry.pool, ...geometry.strides].some((size) => size <= 0))
    return {
      ok: false,
      kind: 'error',
      message: `${className} needs positive pool sizes and strides`,
    };
  const format = config.dataFormat();
  const { spatial, channels } = splitChannels(input, format);
  const out = spatial.map((length, i) =>
    poolOutputLength(length, geometry.pool[i]!, geometry.strides[i]!, geometry.padding),
  );
  if (out.some((length) => typeof length === 'number' && length <= 0))
    return {
      ok: false,
      kind: 'error',
      message: `${className} on input ${formatShape(input)} gives a non-positive output size ${formatShape(out)}`,
    };
  return { ok: true, shape: joinChannels(input[0] ?? null, out, channels, format) };
}

export function globalPoolingOutputShape(
  className: string,
  rank: number,
  input: Shape,
  config: LayerConfig,
): ShapeResult {
  if (input.length !== rank + 2) return rankError(className, `a rank-${rank + 2} input`, input);
  const keepdims = config.bool('keepdims');
  if (keepdims === undefined) return unreadable(className);
  const format = config.dataFormat();
  const { spatial, channels } = splitChannels(input, format);
  return keepdims
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
}

/** `[0, 2, 3, 1]` — a Python list literal of ints. */
export function pyIntList(items: number[]): string {
  return `[${items.join(', ')}]`;
}

/** The spatial axes of a rank-`spatialRank` image-like tensor in the given format. */
export function spatialAxes(spatialRank: number, format: 'channels_last' | 'channels_first'): number[] {
  const first = format === 'channels_last' ? 1 : 2;
  return Array.from({ length: spatialRank }, (_, i) => first + i);
}

/** The permutation that moves channels from axis 1 to the end (Keras's channels_first to channels_last). */
export function channelsLastPerm(spatialRank: number): number[] {
  return [0, ...spatialAxes(spatialRank, 'channels_first'), 1];
}

/** The permutation that moves channels from the end back to axis 1. */
export function channelsFirstPerm(spatialRank: number): number[] {
  return [0, spatialRank + 1, ...spatialAxes(spatialRank, 'channels_last')];
}

/**
 * Refusals for `data_format` values the generated classes cannot read as Keras does: Keras lower-cases the
 * value and resolves an explicit None from the global image data format, which the classes cannot see.
 */
export function dataFormatRefusals(config: LayerConfig): Reason[] {
  const arg = config.values.get('data_format');
  if (!arg?.node) return [];
  const value = arg.value;
  if (value.kind === 'string' && value.value !== 'channels_last' && value.value !== 'channels_first')
    return [
      {
        message: `\`data_format\` must be "channels_last" or "channels_first" (written in lower case), got "${value.value}"`,
        range: config.rangeOf('data_format'),
      },
    ];
  if (value.kind === 'none' && config.imageDataFormat === 'channels_first')
    return [
      {
        message:
          '`data_format=None` under `keras.config.set_image_data_format("channels_first")`: leave it out or spell the format',
        range: config.rangeOf('data_format'),
      },
    ];
  return [];
}

/** The hover note for a defaulted data_format. */
export function dataFormatCaveats(config: LayerConfig): string[] {
  return config.values.get('data_format')?.node
    ? []
    : [`\`data_format\` follows \`keras.config.image_data_format()\`: "${config.dataFormat()}" here.`];
}
