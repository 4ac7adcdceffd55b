// Output sizes of convolutions and pooling (keras/src/ops/operation_utils.py).
import type { Dim } from '../types.ts';

/** compute_conv_output_shape, one spatial dim. `null` in, `null` out; a named dim stays unknown. */
export function convOutputLength(
  length: Dim,
  kernel: number,
  stride: number,
  dilation: number,
  padding: string,
): Dim {
  if (typeof length !== 'number') return null;
  if (padding === 'same') return Math.floor((length - 1) / stride) + 1;
  return Math.floor((length - dilation * (kernel - 1) - 1) / stride) + 1;
}

/** compute_pooling_output_shape, one spatial dim. */
export function poolOutputLength(length: Dim, pool: number, stride: number, padding: string): Dim {
  if (typeof length !== 'number') return null;
  if (padding === 'same') return Math.floor((length - 1) / stride) + 1;
  return Math.floor((length - pool) / stride) + 1;
}

/** Spatial dims and channels of an image-like shape in either data format. */
export function splitChannels(
  shape: Dim[],
  format: 'channels_last' | 'channels_first',
): { spatial: Dim[]; channels: Dim } {
  return format === 'channels_last'
    ? { spatial: shape.slice(1, -1), channels: shape[shape.length - 1] ?? null }
    : { spatial: shape.slice(2), channels: shape[1] ?? null };
}

export function joinChannels(
  batch: Dim,
  spatial: Dim[],
  channels: Dim,
  format: 'channels_last' | 'channels_first',
): Dim[] {
  return format === 'channels_last' ? [batch, ...spatial, channels] : [batch, channels, ...spatial];
}

export function formatShape(shape: readonly Dim[]): string {
  const parts = shape.map((dim) => (dim === null ? 'None' : String(dim)));
  return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
}

/** compute_conv_transpose_output_shape, one spatial dim (keras/src/ops/operation_utils.py). */
export function convTransposeOutputLength(
  length: Dim,
  stride: number,
  kernel: number,
  padding: string,
  outputPadding: number | null,
  dilation: number,
): Dim {
  if (typeof length !== 'number') return null;
  const effective = kernel + (kernel - 1) * (dilation - 1);
  if (outputPadding === null) {
    if (padding === 'same') return length * stride;
    return length * stride + Math.max(effective - stride, 0);
  }
  const pad = padding === 'same' ? Math.floor(effective / 2) : 0;
  return (length - 1) * stride + effective - 2 * pad + outputPadding;
}
