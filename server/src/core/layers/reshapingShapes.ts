// Output shapes of the reshaping layers (keras/src/layers/reshaping/), with Keras's own errors.
import { product, rankError, unreadable } from '../shapes/checks.ts';
import { formatShape, joinChannels, splitChannels } from '../shapes/spatial.ts';
import type { Shape } from '../types.ts';
import { toShape } from '../model/values.ts';
import type { LayerConfig } from './config.ts';
import type { ShapeResult } from './rule.ts';

const error = (message: string): ShapeResult => ({ ok: false, kind: 'error', message });

/** compute_reshape_output_shape on the non-batch dims: one `-1` is inferred when the sizes are known. */
export function reshapeOutputShape(input: Shape, config: LayerConfig): ShapeResult {
  const target = config.shape('target_shape');
  if (!target) return unreadable('Reshape');
  if (target.some((dim) => typeof dim === 'number' && dim < -1))
    return error('Reshape: each dimension of `target_shape` must be non-negative or a single -1');
  const free = target.filter((dim) => dim === -1).length;
  if (free > 1) return error('Reshape: `target_shape` can have at most one -1');
  const total = product(input.slice(1));
  const rest = product(target.filter((dim) => dim !== -1));
  if (typeof total !== 'number' || typeof rest !== 'number')
    return { ok: true, shape: [input[0] ?? null, ...target.map((dim) => (dim === -1 ? null : dim))] };
  if (free === 0 ? total !== rest : rest === 0 || total % rest !== 0)
    return error(
      `Reshape cannot make ${formatShape(target)} from input ${formatShape(input)}: the total size must be unchanged`,
    );
  return { ok: true, shape: [input[0] ?? null, ...target.map((dim) => (dim === -1 ? total / rest : dim))] };
}

/** `dims` as Keras checks it: a permutation of 1..rank-1. */
export function permutation(config: LayerConfig): number[] | undefined {
  const dims = config.shape('dims');
  if (!dims || dims.some((dim) => typeof dim !== 'number')) return undefined;
  return dims as number[];
}

export function permuteOutputShape(input: Shape, config: LayerConfig): ShapeResult {
  const dims = permutation(config);
  if (!dims) return unreadable('Permute');
  const sorted = [...dims].sort((a, b) => a - b);
  if (sorted.some((dim, i) => dim !== i + 1))
    return error(
      `Permute: \`dims\` must be a permutation of 1..${dims.length} (the batch axis is 0 and stays)`,
    );
  if (input.length !== dims.length + 1) return rankError('Permute', `a rank-${dims.length + 1} input`, input);
  return { ok: true, shape: [input[0] ?? null, ...dims.map((dim) => input[dim] ?? null)] };
}

/**
 * `padding`/`cropping` as (before, after) per spatial dim: an int for all sides, one int per dim
 * (symmetric), or one pair per dim. Nested-tuple defaults are declared as None and given by `fallback`.
 */
export function sidePairs(
  config: LayerConfig,
  name: string,
  rank: number,
  fallback: number,
): Array<[number, number]> | undefined {
  const arg = config.arg(name);
  const value = arg.value;
  if (value.kind === 'none')
    return arg.node ? undefined : Array.from({ length: rank }, () => [fallback, fallback]);
  if (value.kind === 'number')
    return value.isInt ? Array.from({ length: rank }, () => [value.value, value.value]) : undefined;
  if (value.kind !== 'sequence') return undefined;
  const ints = toShape(value);
  // A 1D layer takes its one (before, after) pair flat.
  if (rank === 1)
    return ints?.length === 2 && ints.every((dim) => typeof dim === 'number')
      ? [[ints[0] as number, ints[1] as number]]
      : undefined;
  if (value.items.length !== rank) return undefined;
  const pairs: Array<[number, number]> = [];
  for (const item of value.items) {
    const pair = item.kind === 'number' && item.isInt ? [item.value, item.value] : toShape(item);
    if (!pair || pair.length !== 2 || pair.some((dim) => typeof dim !== 'number')) return undefined;
    pairs.push(pair as [number, number]);
  }
  return pairs;
}

/** ZeroPadding (sign 1) and Cropping (sign -1): each spatial size grows or shrinks by its two sides. */
export function sidesOutputShape(
  className: string,
  rank: number,
  input: Shape,
  amounts: Array<[number, number]> | undefined,
  sign: 1 | -1,
  format: 'channels_last' | 'channels_first',
): ShapeResult {
  if (input.length !== rank + 2) return rankError(className, `a rank-${rank + 2} input`, input);
  if (!amounts) return unreadable(className);
  if (amounts.some((pair) => pair.some((amount) => amount < 0)))
    return error(`${className}: sizes must be non-negative`);
  const { spatial, channels } = splitChannels(input, format);
  const out = spatial.map((length, i) =>
    typeof length === 'number' ? length + sign * (amounts[i]![0] + amounts[i]![1]) : null,
  );
  if (out.some((length) => typeof length === 'number' && length <= 0))
    return error(`${className} leaves a non-positive size from input ${formatShape(input)}`);
  return { ok: true, shape: joinChannels(input[0] ?? null, out, channels, format) };
}

export function upSamplingOutputShape(
  className: string,
  rank: number,
  input: Shape,
  size: number[] | undefined,
  format: 'channels_last' | 'channels_first',
): ShapeResult {
  if (input.length !== rank + 2) return rankError(className, `a rank-${rank + 2} input`, input);
  if (!size) return unreadable(className);
  if (size.some((factor) => factor <= 0)) return error(`${className}: \`size\` must be positive`);
  const { spatial, channels } = splitChannels(input, format);
  const out = spatial.map((length, i) => (typeof length === 'number' ? length * size[i]! : null));
  return { ok: true, shape: joinChannels(input[0] ?? null, out, channels, format) };
}
