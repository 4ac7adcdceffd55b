// Output shapes of the convolutions (keras/src/ops/operation_utils.py compute_conv_output_shape,
// keras/src/backend/common/backend_utils.py compute_conv_transpose_output_shape).
import { rankError, unreadable } from '../shapes/checks.ts';
import {
  convOutputLength,
  convTransposeOutputLength,
  formatShape,
  joinChannels,
  splitChannels,
} from '../shapes/spatial.ts';
import type { Dim, Shape } from '../types.ts';
import type { LayerConfig } from './config.ts';
import { geometry } from './convCommon.ts';
import type { ShapeResult } from './rule.ts';

function nonPositive(className: string, kernel: number[], input: Shape, out: Dim[]): ShapeResult | undefined {
  return out.some((length) => typeof length === 'number' && length <= 0)
    ? {
        ok: false,
        kind: 'error',
        message: `${className} with kernel ${formatShape(kernel)} on input ${formatShape(input)} gives a non-positive output size ${formatShape(out)}`,
      }
    : undefined;
}

/** A convolution's output for a whole input: rank check, every spatial dim, `channelsOut` channels. */
function slidingOutputShape(
  className: string,
  rank: number,
  input: Shape,
  config: LayerConfig,
  channelsOut: Dim | undefined,
): ShapeResult {
  if (input.length !== rank + 2) return rankError(className, `a rank-${rank + 2} input`, input);
  const g = geometry(config, rank);
  if (!g || channelsOut === undefined) return unreadable(className);
  const format = config.dataFormat();
  // Causal padding keeps the length, as `same` does.
  const padding = g.padding === 'causal' ? 'same' : g.padding;
  const out = splitChannels(input, format).spatial.map((length, i) =>
    convOutputLength(length, g.kernel[i]!, g.strides[i]!, g.dilation[i]!, padding),
  );
  return (
    nonPositive(className, g.kernel, input, out) ?? {
      ok: true,
      shape: joinChannels(input[0] ?? null, out, channelsOut, format),
    }
  );
}

/** Conv1D/2D/3D, with Keras's checks that `groups` divides the filters and the input channels. */
export function convOutputShape(
  className: string,
  rank: number,
  input: Shape,
  config: LayerConfig,
): ShapeResult {
  const filters = config.dim('filters');
  const groups = config.number('groups');
  const { channels } = splitChannels(input, config.dataFormat());
  if (groups !== undefined && groups > 0) {
    const indivisible = (count: Dim | undefined, what: string): ShapeResult | undefined =>
      typeof count === 'number' && count % groups !== 0
        ? {
            ok: false,
            kind: 'error',
            message: `${className}: ${what} (${count}) must be divisible by groups=${groups}`,
          }
        : undefined;
    const error = indivisible(filters, 'filters') ?? indivisible(channels, 'the input channels');
    if (error && input.length === rank + 2) return error;
  }
  return slidingOutputShape(className, rank, input, config, filters);
}

/** DepthwiseConv (channels x depth_multiplier) and SeparableConv (filters) outputs. */
export function depthwiseOutputShape(
  className: string,
  rank: number,
  input: Shape,
  config: LayerConfig,
  channelsOut: (channels: Dim) => Dim | undefined,
): ShapeResult {
  const { channels } = splitChannels(input, config.dataFormat());
  return slidingOutputShape(className, rank, input, config, channelsOut(channels));
}

/** `output_padding` as a tuple, `null` when it is None, undefined when unreadable. */
export function outputPadding(config: LayerConfig): number[] | null | undefined {
  return config.arg('output_padding').value.kind === 'none' ? null : config.intTuple('output_padding');
}

export function convTransposeOutputShape(
  className: string,
  rank: number,
  input: Shape,
  config: LayerConfig,
): ShapeResult {
  if (input.length !== rank + 2) return rankError(className, `a rank-${rank + 2} input`, input);
  const g = geometry(config, rank);
  const filters = config.dim('filters');
  const padding = outputPadding(config);
  if (!g || filters === undefined || padding === undefined) return unreadable(className);
  const format = config.dataFormat();
  const out = splitChannels(input, format).spatial.map((length, i) =>
    convTransposeOutputLength(
      length,
      g.strides[i]!,
      g.kernel[i]!,
      g.padding,
      padding ? padding[i]! : null,
      g.dilation[i]!,
    ),
  );
  return (
    nonPositive(className, g.kernel, input, out) ?? {
      ok: true,
      shape: joinChannels(input[0] ?? null, out, filters, format),
    }
  );
}

/** The product of two dims, unknown when either is. */
export const times = (a: Dim, b: Dim | undefined): Dim | undefined =>
  b === undefined ? undefined : typeof a === 'number' && typeof b === 'number' ? a * b : null;
