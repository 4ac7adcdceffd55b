// Output shapes of tensor operations: NumPy broadcasting, matmul, reductions and the common keras.ops.
import type { Dim, Shape } from '../types.ts';
import type { Value } from '../model/values.ts';
import { toShape } from '../model/values.ts';
import { formatShape } from './spatial.ts';

/** NumPy broadcasting; a message when two known dims differ and neither is 1. */
export function broadcastShapes(shapes: Shape[]): Shape | string {
  const rank = Math.max(...shapes.map((shape) => shape.length));
  const result: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    let dim: Dim = 1;
    for (const shape of shapes) {
      const index = shape.length - rank + i;
      const other = index >= 0 ? shape[index]! : 1;
      if (other === 1) continue;
      if (dim === 1) dim = other;
      else if (typeof dim === 'number' && typeof other === 'number' && dim !== other)
        return `shapes ${shapes.map(formatShape).join(' and ')} cannot be broadcast together`;
      else if (dim !== other) dim = typeof dim === 'number' ? dim : typeof other === 'number' ? other : null;
    }
    result.push(dim);
  }
  return result;
}

const ELEMENTWISE = new Set([
  'relu',
  'sigmoid',
  'tanh',
  'softmax',
  'gelu',
  'silu',
  'swish',
  'exp',
  'log',
  'sqrt',
  'abs',
  'square',
  'negative',
  'softplus',
  'elu',
  'selu',
  'leaky_relu',
  'log_softmax',
  'cast',
  'stop_gradient',
  'erf',
  'sign',
  'floor',
  'ceil',
  'round',
  'clip',
  'rsqrt',
  'reciprocal',
  'cos',
  'sin',
  'logical_not',
]);
const BROADCASTING = new Set([
  'add',
  'subtract',
  'multiply',
  'divide',
  'true_divide',
  'maximum',
  'minimum',
  'power',
  'where',
]);
const REDUCTIONS = new Set(['mean', 'sum', 'max', 'min', 'prod', 'std', 'var', 'any', 'all', 'logsumexp']);

/**
 * The output shape of `keras.ops.<op>` given its operands' shapes (a list of shapes for a tensor-list operand)
 * and keyword values; a string is a shape error Keras would raise; undefined = no rule.
 */
export function operationShape(
  op: string,
  shapes: Array<Shape | Shape[] | null>,
  keywords: Map<string, Value>,
): Shape | string | undefined {
  const first = shapes[0];
  if (first === null || first === undefined) return undefined;
  if (ELEMENTWISE.has(op) && !isList(first)) return first;
  if (BROADCASTING.has(op) && shapes.every((shape) => shape !== null && !isList(shape)))
    return broadcastShapes(shapes as Shape[]);
  if (isList(first))
    return op === 'concatenate' || op === 'stack' ? joinShapes(op, first, keywords.get('axis')) : undefined;
  if (REDUCTIONS.has(op)) return reduce(first, keywords.get('axis'), keywords.get('keepdims'));
  if (op === 'matmul') return matmul(first, shapes[1]);
  if (op === 'reshape') return reshape(first, keywords.get('newshape') ?? keywords.get('new_shape'));
  if (op === 'transpose') return transpose(first, keywords.get('axes'));
  if (op === 'expand_dims') return expandDims(first, keywords.get('axis'));
  if (op === 'repeat') return repeat(first, keywords.get('repeats'), keywords.get('axis'));
  return undefined;
}

/**
 * `ops.repeat(x, repeats, axis=None)` as Keras's Repeat.compute_output_spec: the axis grows by `repeats` times (a
 * list of per-item counts sums); without an axis the input is flattened first (unknown if a dim is).
 */
function repeat(
  shape: Shape,
  repeatsValue: Value | undefined,
  axisValue: Value | undefined,
): Shape | undefined {
  const counts =
    repeatsValue?.kind === 'number' && repeatsValue.isInt
      ? repeatsValue.value
      : repeatsValue?.kind === 'sequence'
        ? toShape(repeatsValue)
        : undefined;
  if (counts === undefined || (Array.isArray(counts) && counts.some((count) => typeof count !== 'number')))
    return undefined;
  const grown = (size: number): number =>
    typeof counts === 'number' ? size * counts : (counts as number[]).reduce((a, b) => a + b, 0);
  if (axisValue === undefined || axisValue.kind === 'none') {
    if (shape.some((dim) => typeof dim !== 'number')) return [null];
    return [grown((shape as number[]).reduce((a, b) => a * b, 1))];
  }
  const axis = axisOf(axisValue, shape.length);
  if (axis === undefined) return undefined;
  const size = shape[axis];
  return shape.map((dim, index) => (index !== axis ? dim : typeof size === 'number' ? grown(size) : null));
}

function isList(shape: Shape | Shape[]): shape is Shape[] {
  return Array.isArray(shape[0]);
}

function axisOf(value: Value | undefined, rank: number): number | undefined {
  if (value?.kind !== 'number' || !value.isInt) return undefined;
  const axis = value.value < 0 ? value.value + rank : value.value;
  return axis >= 0 && axis < rank ? axis : undefined;
}

function reduce(shape: Shape, axisValue: Value | undefined, keepdims: Value | undefined): Shape | undefined {
  const keep = keepdims?.kind === 'bool' && keepdims.value;
  if (axisValue === undefined || axisValue.kind === 'none') return keep ? shape.map(() => 1) : [];
  const axes =
    axisValue.kind === 'sequence'
      ? axisValue.items.map((item) => axisOf(item, shape.length))
      : [axisOf(axisValue, shape.length)];
  if (axes.some((axis) => axis === undefined)) return undefined;
  return keep
    ? shape.map((dim, i) => (axes.includes(i) ? 1 : dim))
    : shape.filter((_, i) => !axes.includes(i));
}

function joinShapes(op: string, shapes: Shape[], axisValue: Value | undefined): Shape | string | undefined {
  const rank = shapes[0]!.length;
  if (op === 'stack') {
    const axis = axisOf(axisValue ?? { kind: 'number', value: 0, isInt: true }, rank + 1);
    return axis === undefined
      ? undefined
      : [...shapes[0]!.slice(0, axis), shapes.length, ...shapes[0]!.slice(axis)];
  }
  const axis = axisOf(axisValue ?? { kind: 'number', value: 0, isInt: true }, rank);
  if (axis === undefined || shapes.some((shape) => shape.length !== rank)) return undefined;
  const result = [...shapes[0]!];
  for (const shape of shapes.slice(1)) {
    for (let i = 0; i < rank; i++) {
      if (i === axis) continue;
      if (typeof result[i] === 'number' && typeof shape[i] === 'number' && result[i] !== shape[i])
        return `concatenate needs equal shapes except on axis ${axis}: ${shapes.map(formatShape).join(', ')}`;
    }
  }
  result[axis] = shapes.every((shape) => typeof shape[axis] === 'number')
    ? shapes.reduce((total, shape) => total + (shape[axis] as number), 0)
    : null;
  return result;
}

function matmul(a: Shape, bShape: Shape | Shape[] | null | undefined): Shape | string | undefined {
  if (!bShape || isList(bShape)) return undefined;
  const b = bShape;
  if (a.length === 0 || b.length === 0) return 'matmul does not take scalars';
  const a2 = a.length === 1 ? [1, a[0]!] : a;
  const b2 = b.length === 1 ? [b[0]!, 1] : b;
  const inner = [a2[a2.length - 1], b2[b2.length - 2]];
  if (typeof inner[0] === 'number' && typeof inner[1] === 'number' && inner[0] !== inner[1])
    return `matmul of ${formatShape(a)} and ${formatShape(b)}: inner dimensions ${inner[0]} and ${inner[1]} differ`;
  const batch = broadcastShapes([a2.slice(0, -2), b2.slice(0, -2)]);
  if (typeof batch === 'string') return batch;
  const result = [...batch, a2[a2.length - 2]!, b2[b2.length - 1]!];
  if (a.length === 1) result.splice(result.length - 2, 1);
  if (b.length === 1) result.splice(result.length - 1, 1);
  return result;
}

function reshape(shape: Shape, target: Value | undefined): Shape | undefined {
  const dims = target ? toShape(target) : undefined;
  if (!dims || dims.some((dim) => typeof dim === 'string')) return undefined;
  const known = shape.every((dim) => typeof dim === 'number');
  const total = known ? (shape as number[]).reduce((a, b) => a * b, 1) : undefined;
  const free = dims.filter((dim) => dim === -1).length;
  if (free === 0) return dims;
  const rest = (dims.filter((dim) => dim !== -1) as number[]).reduce((a, b) => a * b, 1);
  return dims.map((dim) => (dim === -1 ? (total !== undefined && rest > 0 ? total / rest : null) : dim));
}

function transpose(shape: Shape, axes: Value | undefined): Shape | undefined {
  if (!axes || axes.kind === 'none') return [...shape].reverse();
  const order = toShape(axes);
  if (!order || order.length !== shape.length) return undefined;
  return order.map((axis) => (typeof axis === 'number' ? (shape.at(axis) ?? null) : null));
}

function expandDims(shape: Shape, axisValue: Value | undefined): Shape | undefined {
  const axis = axisOf(axisValue, shape.length + 1);
  return axis === undefined ? undefined : [...shape.slice(0, axis), 1, ...shape.slice(axis)];
}
