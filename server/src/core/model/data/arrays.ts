// Shape and dtype algebra of eager arrays (NumPy arrays, eager tf tensors): reshape, expand_dims, indexing,
// broadcasting arithmetic. Only shapes and dtypes are tracked, never values; what a shape depends on at run
// time is `null` (or a named dimension), never a guess.
import { broadcastShapes } from '../../shapes/operations.ts';
import type { Dim, Shape } from '../../types.ts';
import { unknown, type Value } from '../values.ts';

export type ArrayValue = Extract<Value, { kind: 'array' }>;

export function array(shape: Shape, dtype: string, extra: Partial<ArrayValue> = {}): ArrayValue {
  return { kind: 'array', shape, dtype, ...extra };
}

/** The product of dims, or undefined when one is not a known int. */
export function knownSize(shape: Shape): number | undefined {
  let size = 1;
  for (const dim of shape) {
    if (typeof dim !== 'number') return undefined;
    size *= dim;
  }
  return size;
}

/** A negative axis counts from the end; undefined when out of range (NumPy raises AxisError). */
export function normalizeAxis(axis: number, rank: number): number | undefined {
  const index = axis < 0 ? axis + rank : axis;
  return index >= 0 && index < rank ? index : undefined;
}

/** `np.reshape(x, newshape)` with at most one -1, inferred when the other sizes are known. */
export function reshape(source: ArrayValue, target: Shape, text: string): Value {
  const inferred = target.filter((dim) => dim === -1).length;
  if (inferred > 1) return unknown(`\`${text}\`: NumPy allows only one -1 in a new shape`);
  const total = knownSize(source.shape);
  const rest = knownSize(target.filter((dim) => dim !== -1));
  if (total !== undefined && rest !== undefined && inferred === 0 && total !== rest)
    return unknown(`\`${text}\`: an array of ${total} elements cannot be reshaped to (${target.join(', ')})`);
  const shape = target.map((dim): Dim => {
    if (dim !== -1) return dim;
    if (total === undefined || rest === undefined || rest === 0) return null;
    return total % rest === 0 ? total / rest : null;
  });
  if (total !== undefined && rest !== undefined && inferred === 1 && rest !== 0 && total % rest !== 0)
    return unknown(`\`${text}\`: ${total} elements do not divide into (${target.join(', ')})`);
  return array(shape, source.dtype, { classes: sameElements(source, shape) });
}

/** `np.expand_dims(x, axis)`: axis may be a tuple; positions count in the result's rank. */
export function expandDims(source: ArrayValue, axes: number[], text: string): Value {
  const rank = source.shape.length + axes.length;
  const positions = axes.map((axis) => normalizeAxis(axis, rank));
  if (positions.some((position) => position === undefined) || new Set(positions).size !== positions.length)
    return unknown(`\`${text}\`: axis out of range for an array of rank ${source.shape.length}`);
  const rest = [...source.shape];
  const shape: Shape = Array.from({ length: rank }, (_, index) =>
    positions.includes(index) ? 1 : rest.shift()!,
  );
  return array(shape, source.dtype, { classes: source.classes });
}

/** `np.squeeze(x, axis=None)`: drops dims of size 1; a dim of unknown size cannot be decided. */
export function squeeze(source: ArrayValue, axes: number[] | undefined, text: string): Value {
  if (axes === undefined) {
    if (source.shape.some((dim) => typeof dim !== 'number'))
      return unknown(`\`${text}\`: which dims are 1 is only known at run time`);
    return array(
      source.shape.filter((dim) => dim !== 1),
      source.dtype,
      { classes: source.classes },
    );
  }
  const positions = axes.map((axis) => normalizeAxis(axis, source.shape.length));
  if (positions.some((position) => position === undefined || source.shape[position] !== 1))
    return unknown(`\`${text}\`: can only squeeze dims of size 1`);
  return array(
    source.shape.filter((_, index) => !positions.includes(index)),
    source.dtype,
    { classes: source.classes },
  );
}

/** `np.concatenate(arrays, axis=0)`: the axis adds up, the other dims must agree. */
export function concatenate(parts: ArrayValue[], axis: number, text: string): Value {
  const rank = parts[0]?.shape.length ?? 0;
  const position = normalizeAxis(axis, rank);
  if (parts.length === 0 || position === undefined || parts.some((part) => part.shape.length !== rank))
    return unknown(`\`${text}\`: the arrays' ranks or the axis do not fit`);
  const shape: Shape = [];
  for (let index = 0; index < rank; index++) {
    const dims = parts.map((part) => part.shape[index]!);
    if (index === position) {
      const sizes = dims.filter((dim): dim is number => typeof dim === 'number');
      shape.push(sizes.length === dims.length ? sizes.reduce((a, b) => a + b, 0) : null);
    } else {
      const known = dims.filter((dim): dim is number => typeof dim === 'number');
      if (new Set(known).size > 1)
        return unknown(`\`${text}\`: the arrays differ in dim ${index} (${dims.join(' vs ')})`);
      shape.push(known[0] ?? (dims.every((dim) => dim === dims[0]) ? dims[0]! : null));
    }
  }
  return array(shape, promoteArrays(parts.map((part) => part.dtype)));
}

/** One index of `x[...]`: an int, a slice, `None`/newaxis, `...`, or something data-dependent. */
export type Index =
  | { kind: 'int'; value: number }
  | { kind: 'slice'; start?: number; stop?: number; step?: number }
  | { kind: 'newaxis' }
  | { kind: 'ellipsis' }
  | { kind: 'array'; shape: Shape; boolean: boolean };

/** NumPy basic (and simple advanced) indexing on shapes. */
export function indexShape(source: ArrayValue, indices: Index[], text: string): Value {
  const consumed = indices.filter(
    (index) =>
      index.kind !== 'newaxis' && index.kind !== 'ellipsis' && !(index.kind === 'array' && index.boolean),
  ).length;
  const masks = indices.filter((index) => index.kind === 'array' && index.boolean) as Array<
    Extract<Index, { kind: 'array' }>
  >;
  const maskDims = masks.reduce((sum, mask) => sum + mask.shape.length, 0);
  const ellipses = indices.filter((index) => index.kind === 'ellipsis').length;
  if (ellipses > 1) return unknown(`\`${text}\`: an index can only have a single ellipsis`);
  const rank = source.shape.length;
  if (consumed + maskDims > rank)
    return unknown(`\`${text}\`: too many indices for an array of rank ${rank}`);
  const expanded = ellipses
    ? indices.flatMap((index): Index[] =>
        index.kind === 'ellipsis'
          ? Array.from({ length: rank - consumed - maskDims }, () => ({ kind: 'slice' }))
          : [index],
      )
    : [...indices, ...Array.from({ length: rank - consumed - maskDims }, (): Index => ({ kind: 'slice' }))];
  const shape: Shape = [];
  let axis = 0;
  for (const index of expanded) {
    if (index.kind === 'newaxis') {
      shape.push(1);
      continue;
    }
    if (index.kind === 'array') {
      // A boolean mask keeps as many rows as it has True values; an int array picks rows by its own shape.
      shape.push(...(index.boolean ? [null] : index.shape));
      axis += index.boolean ? index.shape.length : 1;
      continue;
    }
    const dim = source.shape[axis++]!;
    if (index.kind === 'int') {
      if (typeof dim === 'number' && (index.value >= dim || index.value < -dim))
        return unknown(`\`${text}\`: index ${index.value} is out of bounds for a dim of size ${dim}`);
      continue;
    }
    if (index.kind === 'slice') shape.push(sliceLength(dim, index));
  }
  const whole = expanded.every(
    (index) =>
      index.kind === 'slice' &&
      index.start === undefined &&
      index.stop === undefined &&
      (index.step ?? 1) === 1,
  );
  return array(shape, source.dtype, {
    ragged: source.ragged && shape.length > 0 ? true : undefined,
    classes: whole ? source.classes : undefined,
  });
}

/** How many items `[start:stop:step]` takes from a dim, as Python's slice.indices computes it. */
export function sliceLength(dim: Dim, slice: { start?: number; stop?: number; step?: number }): Dim {
  const step = slice.step ?? 1;
  if (typeof dim !== 'number') {
    // Without the dim's size only a slice of non-negative bounds from 0 ... is not knowable either: stop may
    // exceed the size. Whole-dim slices keep the dim as it is.
    if (slice.start === undefined && slice.stop === undefined && step === 1) return dim;
    return null;
  }
  const clamp = (value: number | undefined, fallback: number, low: number, high: number): number => {
    if (value === undefined) return fallback;
    const index = value < 0 ? value + dim : value;
    return Math.min(Math.max(index, low), high);
  };
  if (step > 0) {
    const start = clamp(slice.start, 0, 0, dim);
    const stop = clamp(slice.stop, dim, 0, dim);
    return Math.max(0, Math.ceil((stop - start) / step));
  }
  const start = clamp(slice.start, dim - 1, -1, dim - 1);
  const stop = clamp(slice.stop, -1, -1, dim - 1);
  return Math.max(0, Math.ceil((stop - start) / step));
}

/** Elementwise arithmetic and comparisons of arrays and Python numbers: broadcast shapes, NumPy's dtype. */
export function arrayArithmetic(left: Value, operator: string, right: Value, text: string): Value {
  const shapes: Shape[] = [];
  const dtypes: string[] = [];
  for (const operand of [left, right]) {
    if (operand.kind === 'array') {
      shapes.push(operand.shape);
      dtypes.push(operand.dtype);
    } else if (operand.kind === 'number') {
      shapes.push([]);
      dtypes.push(operand.isInt ? 'python int' : 'python float');
    } else if (operand.kind === 'bool') {
      shapes.push([]);
      dtypes.push('python bool');
    } else return unknown(`\`${text}\` mixes an array with a value keras-lower cannot read`);
  }
  const comparison = ['<', '>', '<=', '>=', '==', '!='].includes(operator);
  if (!comparison && !['+', '-', '*', '/', '//', '%', '**', '@'].includes(operator))
    return unknown(`\`${text}\`: the operator \`${operator}\` on arrays is not evaluated`);
  if (operator === '@') return unknown(`\`${text}\`: matrix products of arrays are not evaluated`);
  const shape = broadcastShapes(shapes);
  if (typeof shape === 'string') return unknown(`\`${text}\`: ${shape}`);
  if (comparison) return array(shape, 'bool');
  const dtype = promote(dtypes[0]!, dtypes[1]!);
  return array(shape, operator === '/' ? trueDivideDtype(dtype) : dtype, {
    value: scalarValue(left, operator, right, dtype),
  });
}

/** `np.max(y) + 1`: a known NumPy integer scalar stays known through + - * with other known ints. */
function scalarValue(left: Value, operator: string, right: Value, dtype: string): number | undefined {
  const known = (operand: Value): number | undefined =>
    operand.kind === 'number' && operand.isInt
      ? operand.value
      : operand.kind === 'array' && operand.shape.length === 0
        ? operand.value
        : undefined;
  const [a, b] = [known(left), known(right)];
  if (a === undefined || b === undefined || !/int/.test(dtype)) return undefined;
  const result = operator === '+' ? a + b : operator === '-' ? a - b : operator === '*' ? a * b : undefined;
  // Outside the dtype's range NumPy wraps or promotes; keep only what fits every integer dtype.
  return result !== undefined && result >= 0 && result <= 127 ? result : undefined;
}

const FLOATS = ['float16', 'float32', 'float64'];
const INTS = ['int8', 'int16', 'int32', 'int64'];
const UINTS = ['uint8', 'uint16', 'uint32', 'uint64'];
const BITS = (dtype: string): number => Number(/\d+$/.exec(dtype)?.[0] ?? 0);

/** `x / 255`: true division of integers gives float64 in NumPy. */
function trueDivideDtype(dtype: string): string {
  return FLOATS.includes(dtype) ? dtype : 'float64';
}

/** NumPy 2's promotion (NEP 50): Python scalars are weak and take the array's kind when they can. */
export function promote(a: string, b: string): string {
  if (a.startsWith('python') && b.startsWith('python'))
    return a === 'python float' || b === 'python float' ? 'float64' : 'int64';
  if (a.startsWith('python') || b.startsWith('python')) {
    const [scalar, dtype] = a.startsWith('python') ? [a, b] : [b, a];
    if (scalar === 'python float' && !FLOATS.includes(dtype)) return 'float64';
    if (scalar === 'python int' && dtype === 'bool') return 'int64';
    return dtype;
  }
  return promoteArrays([a, b]);
}

function promoteArrays(dtypes: string[]): string {
  return dtypes.reduce((a, b) => {
    if (a === b) return a;
    if (a === 'bool') return b;
    if (b === 'bool') return a;
    const floats = [a, b].filter((dtype) => FLOATS.includes(dtype));
    const ints = [a, b].filter((dtype) => !FLOATS.includes(dtype));
    if (floats.length === 2) return BITS(a) > BITS(b) ? a : b;
    if (floats.length === 1) {
      // A float needs twice the int's bits to hold it exactly (float32 + int16 -> float32, + int32 -> float64).
      const float = floats[0]!;
      const intBits = BITS(ints[0]!);
      return BITS(float) > intBits
        ? float
        : BITS(float) >= 2 * intBits
          ? float
          : intBits >= 32
            ? 'float64'
            : 'float32';
    }
    if (INTS.includes(a) === INTS.includes(b)) return BITS(a) > BITS(b) ? a : b;
    const [signed, unsigned] = INTS.includes(a) ? [a, b] : [b, a];
    if (!UINTS.includes(unsigned)) return 'float64';
    return BITS(signed) > BITS(unsigned)
      ? signed
      : BITS(unsigned) >= 64
        ? 'float64'
        : `int${BITS(unsigned) * 2}`;
  });
}

/** Whether a reshape keeps the same labels in the same order (then the class count survives it). */
function sameElements(source: ArrayValue, shape: Shape): number | undefined {
  return source.classes !== undefined && shape.filter((dim) => dim !== 1).length <= 1
    ? source.classes
    : undefined;
}

/** A NumPy dtype spelled as Python code gives it: "float32", np.float32, tf.float32, float, int. */
export function dtypeName(value: Value | undefined): string | undefined {
  if (!value) return undefined;
  if (value.kind === 'string') return value.value === 'float' ? 'float64' : value.value;
  if (value.kind === 'ref') {
    const name = /^(?:numpy|tf|keras)\.(?:dtypes\.)?(\w+)$/.exec(value.path)?.[1];
    if (name && (FLOATS.includes(name) || INTS.includes(name) || UINTS.includes(name) || name === 'bool'))
      return name;
    if (name === 'bool_') return 'bool';
    return undefined;
  }
  if (value.kind === 'named') return { float: 'float64', int: 'int64', bool: 'bool' }[value.name];
  return undefined;
}

/** The indices `items[start:stop:step]` picks from a sequence of `length`, as Python slices them. */
export function sliceIndices(
  length: number,
  slice: { start?: number; stop?: number; step?: number },
): number[] {
  const step = slice.step ?? 1;
  const count = sliceLength(length, slice) as number;
  const begin =
    slice.start === undefined
      ? step > 0
        ? 0
        : length - 1
      : Math.min(
          Math.max(slice.start < 0 ? slice.start + length : slice.start, step > 0 ? 0 : -1),
          step > 0 ? length : length - 1,
        );
  return Array.from({ length: count }, (_, index) => begin + index * step);
}
