// NumPy, eager TensorFlow and keras.utils functions on data: what their results' shapes and dtypes are.
import type { CallArguments } from '../../layers/config.ts';
import type { Shape } from '../../types.ts';
import { toDim, toShape, unknown, type Value } from '../values.ts';
import {
  array,
  concatenate,
  dtypeName,
  expandDims,
  promote,
  reshape,
  squeeze,
  type ArrayValue,
} from './arrays.ts';

/** An argument by keyword or position. */
export function argument(args: CallArguments, name: string, position: number): Value | undefined {
  return args.keywords.get(name)?.value ?? args.positional[position]?.value;
}

/** `np.array([[1, 2], [3, 4]])`, `tf.constant(0.5)`, an existing array: as an array, or undefined. */
export function asArray(value: Value | undefined, tensorflow = false): ArrayValue | undefined {
  if (!value) return undefined;
  if (value.kind === 'array') return value;
  if (value.kind === 'number' || value.kind === 'bool') {
    const dtype = value.kind === 'bool' ? 'bool' : value.isInt ? 'python int' : 'python float';
    return array([], scalarDtype(dtype, tensorflow));
  }
  if (value.kind !== 'sequence') return undefined;
  const items = value.items.map((item) => asArray(item, tensorflow));
  if (items.length === 0) return array([0], tensorflow ? 'float32' : 'float64');
  const first = items[0];
  if (!first || items.some((item) => !item || item.shape.join() !== first.shape.join())) return undefined;
  const dtype = items.map((item) => item!.dtype).reduce((a, b) => (a === b ? a : promote(a, b)));
  return array([items.length, ...first.shape], dtype);
}

/** NumPy makes Python ints int64 and floats float64; TensorFlow int32 and float32. */
function scalarDtype(dtype: string, tensorflow: boolean): string {
  if (dtype === 'python int') return tensorflow ? 'int32' : 'int64';
  if (dtype === 'python float') return tensorflow ? 'float32' : 'float64';
  return dtype;
}

function shapeArgument(value: Value | undefined): Shape | undefined {
  if (!value) return undefined;
  const shape = toShape(value);
  return shape?.every((dim) => typeof dim === 'number' || dim === null) ? shape : undefined;
}

function axes(value: Value | undefined): number[] | undefined {
  if (!value) return undefined;
  if (value.kind === 'number' && value.isInt) return [value.value];
  const shape = value.kind === 'sequence' ? toShape(value) : undefined;
  return shape?.every((dim) => typeof dim === 'number') ? (shape as number[]) : undefined;
}

const RANDOM_SIZED =
  /^numpy\.random\.(?:random|random_sample|uniform|normal|randint|standard_normal|choice)$/;

/** `numpy.*` calls on data; undefined when the function is not one keras-lower knows. */
export function numpyCall(path: string, args: CallArguments, text: string): Value | undefined {
  const name = path.slice('numpy.'.length);
  const first = args.positional[0]?.value;
  const dtype = dtypeName(args.keywords.get('dtype')?.value);
  switch (name) {
    case 'array':
    case 'asarray': {
      const source = asArray(first);
      if (!source) return unknown(`\`${text}\`: the array's contents are not something keras-lower can read`);
      return { ...source, dtype: dtype ?? scalarDtype(source.dtype, false) };
    }
    case 'zeros':
    case 'ones':
    case 'empty':
    case 'full': {
      const shape = shapeArgument(argument(args, 'shape', 0));
      if (!shape) return unknown(`\`${text}\`: the shape is not a constant keras-lower can read`);
      const fill = name === 'full' ? asArray(argument(args, 'fill_value', 1)) : undefined;
      return array(shape, dtype ?? (fill ? scalarDtype(fill.dtype, false) : 'float64'));
    }
    case 'zeros_like':
    case 'ones_like':
    case 'empty_like':
    case 'full_like': {
      const source = asArray(argument(args, 'a', 0));
      return source ? array(source.shape, dtype ?? source.dtype) : unknown(`\`${text}\` on an unknown array`);
    }
    case 'random.rand':
    case 'random.randn': {
      const dims = args.positional.map((arg) => toDim(arg.value));
      if (dims.some((dim) => typeof dim !== 'number'))
        return unknown(`\`${text}\`: the dims are not constants keras-lower can read`);
      return dims.length === 0 ? unknown(`\`${text}\` is a random number`) : array(dims as Shape, 'float64');
    }
    case 'arange':
    case 'linspace':
      return rangeArray(name, args, text);
    case 'expand_dims': {
      const source = asArray(argument(args, 'a', 0));
      const axis = axes(argument(args, 'axis', 1));
      if (!source || !axis) return unknown(`\`${text}\`: the array or the axis is not known`);
      return expandDims(source, axis, text);
    }
    case 'reshape': {
      const source = asArray(argument(args, 'a', 0));
      const shape = shapeArgument(argument(args, 'newshape', 1) ?? args.keywords.get('shape')?.value);
      if (!source || !shape) return unknown(`\`${text}\`: the array or the new shape is not known`);
      return reshape(source, shape, text);
    }
    case 'squeeze': {
      const source = asArray(argument(args, 'a', 0));
      return source
        ? squeeze(source, axes(argument(args, 'axis', 1)), text)
        : unknown(`\`${text}\` on an unknown array`);
    }
    case 'concatenate':
    case 'stack':
      return joinArrays(name, first, axes(argument(args, 'axis', 1))?.[0] ?? 0, text);
    case 'unique':
      return unique(first, text);
    case 'prod': {
      // `np.prod(x.shape[1:])`: a NumPy int scalar of the sizes' product (int() makes it a Python int).
      const sizes = first?.kind === 'sequence' ? first.items.map(toDim) : undefined;
      if (
        !sizes ||
        args.positional.length > 1 ||
        args.keywords.size > 0 ||
        sizes.some((d) => typeof d !== 'number')
      )
        return undefined;
      const value = (sizes as number[]).reduce((a, b) => a * b, 1);
      return { kind: 'array', shape: [], dtype: 'int64', value };
    }
    case 'max':
    case 'amax':
    case 'min':
    case 'amin':
      return labelBound(name.endsWith('max'), args, text);
    case 'random.default_rng':
    case 'random.RandomState':
      // The generator object; its methods are the sampling functions below (`rng.normal(size=...)`).
      return {
        kind: 'ref',
        path: `numpy.random.${name === 'random.default_rng' ? 'Generator' : 'RandomState'}`,
      };
    default:
      if (RANDOM_SIZED.test(path)) return randomSized(name, args, text);
      return generatorCall(name, args, text);
  }
}

/**
 * `rng.normal(size=...)` of a `np.random.default_rng()` Generator, whose signatures put `size` where the legacy
 * functions do (normal/uniform/integers third, random/standard_normal first) and whose `dtype` keyword picks
 * float32 or the integer type; `np.random.RandomState(seed).<f>` is the legacy function itself.
 */
function generatorCall(name: string, args: CallArguments, text: string): Value | undefined {
  const method = /^random\.(Generator|RandomState)\.(\w+)$/.exec(name);
  if (!method) return undefined;
  const [, owner, fn] = method;
  if (owner === 'RandomState') {
    const legacy = `random.${fn}`;
    if (legacy === 'random.rand' || legacy === 'random.randn')
      return numpyCall(`numpy.${legacy}`, args, text);
    return RANDOM_SIZED.test(`numpy.${legacy}`) ? randomSized(legacy, args, text) : undefined;
  }
  const legacy = {
    normal: 'normal',
    uniform: 'uniform',
    random: 'random',
    standard_normal: 'standard_normal',
  }[fn!];
  if (fn === 'integers') {
    const sampled = randomSized('random.randint', args, text);
    return sampled.kind === 'array'
      ? { ...sampled, dtype: dtypeName(argument(args, 'dtype', 3)) ?? 'int64' }
      : sampled;
  }
  if (!legacy) return undefined;
  const sampled = randomSized(`random.${legacy}`, args, text);
  const dtype = dtypeName(args.keywords.get('dtype')?.value);
  return sampled.kind === 'array' && dtype ? { ...sampled, dtype } : sampled;
}

/** `np.random.normal(0, 1, size=(100, 8))`: the shape is `size`; without it one number comes back. */
function randomSized(name: string, args: CallArguments, text: string): Value {
  const sizePosition =
    { 'random.random': 0, 'random.random_sample': 0, 'random.standard_normal': 0, 'random.choice': 1 }[
      name
    ] ?? 2;
  const size = argument(args, 'size', sizePosition);
  if (!size || size.kind === 'none') return unknown(`\`${text}\` without \`size\` is a single random number`);
  const shape = shapeArgument(size);
  if (!shape) return unknown(`\`${text}\`: \`size\` is not a constant keras-lower can read`);
  return array(
    shape,
    name === 'random.randint' ? (dtypeName(args.keywords.get('dtype')?.value) ?? 'int64') : 'float64',
  );
}

function rangeArray(name: 'arange' | 'linspace', args: CallArguments, text: string): Value {
  const numbers = args.positional.map((arg) => (arg.value.kind === 'number' ? arg.value : undefined));
  if (numbers.some((n) => n === undefined)) return unknown(`\`${text}\`: the bounds are not constants`);
  if (name === 'linspace') {
    const num = argument(args, 'num', 2);
    const count = num === undefined ? 50 : num.kind === 'number' && num.isInt ? num.value : undefined;
    return count === undefined
      ? unknown(`\`${text}\`: \`num\` is not a constant`)
      : array([count], 'float64');
  }
  const values = numbers.map((n) => n!.value);
  const [start, stop, step] =
    values.length === 1 ? [0, values[0]!, 1] : [values[0]!, values[1]!, values[2] ?? 1];
  if (step === 0 || values.length === 0) return unknown(`\`${text}\`: not a range keras-lower computes`);
  const ints = numbers.every((n) => n!.isInt);
  return array([Math.max(0, Math.ceil((stop - start) / step))], ints ? 'int64' : 'float64');
}

function joinArrays(
  name: 'concatenate' | 'stack',
  value: Value | undefined,
  axis: number,
  text: string,
): Value {
  const parts = value?.kind === 'sequence' ? value.items.map((item) => asArray(item)) : [];
  if (parts.length === 0 || parts.some((part) => !part))
    return unknown(`\`${text}\`: the arrays joined are not known`);
  if (name === 'concatenate') return concatenate(parts as ArrayValue[], axis, text);
  const expanded = (parts as ArrayValue[]).map((part) => expandDims(part, [axis], text));
  if (expanded.some((part) => part.kind !== 'array')) return expanded.find((part) => part.kind !== 'array')!;
  return concatenate(expanded as ArrayValue[], axis, text);
}

/** `np.unique(y)`: its length is known for literal labels or labels a dataset documents, else at run time. */
function unique(value: Value | undefined, text: string): Value {
  if (
    value?.kind === 'sequence' &&
    value.items.every((item) => item.kind === 'number' || item.kind === 'string')
  ) {
    const distinct = new Set(value.items.map((item) => JSON.stringify((item as { value: unknown }).value)));
    const source = asArray(value);
    return array([distinct.size], source?.dtype ?? 'object');
  }
  const source = asArray(value);
  if (!source) return unknown(`\`${text}\` of values keras-lower cannot read`);
  return array(
    [source.classes ?? null],
    source.dtype,
    source.classes !== undefined ? { classes: source.classes } : {},
  );
}

/**
 * `np.max(y)` / `np.min(y)` of labels a dataset documents (every class 0..classes-1 occurs): the NumPy scalars
 * classes - 1 and 0. Any other array's extremes are values, only known at run time.
 */
export function labelBound(max: boolean, args: CallArguments, text: string): Value {
  const source = asArray(argument(args, 'a', 0));
  const whole = args.positional.length === 1 && args.keywords.size === 0;
  if (source?.classes === undefined || !whole)
    return unknown(`\`${text}\` is a value of the data, only known when the program runs`);
  return array([], source.dtype, { value: max ? source.classes - 1 : 0 });
}

/** Eager TensorFlow calls on data (no symbolic tensor among the arguments). */
export function tensorflowCall(path: string, args: CallArguments, text: string): Value | undefined {
  const first = args.positional[0]?.value;
  const dtype = dtypeName(argument(args, 'dtype', 1));
  switch (path) {
    case 'tf.constant':
    case 'tf.convert_to_tensor': {
      const source = asArray(argument(args, 'value', 0), true);
      if (!source) return unknown(`\`${text}\`: the value is not something keras-lower can read`);
      return { ...source, dtype: dtype ?? source.dtype };
    }
    case 'tf.zeros':
    case 'tf.ones':
    case 'tf.random.normal':
    case 'tf.random.uniform': {
      const shape = shapeArgument(argument(args, 'shape', 0));
      if (!shape) return unknown(`\`${text}\`: the shape is not a constant keras-lower can read`);
      const dtypePosition = path.startsWith('tf.random') ? 3 : 1;
      return array(shape, dtypeName(argument(args, 'dtype', dtypePosition)) ?? 'float32');
    }
    case 'tf.cast': {
      const source = asArray(first, true);
      const target = dtypeName(argument(args, 'dtype', 1));
      return source && target
        ? { ...source, dtype: target }
        : unknown(`\`${text}\`: the value or dtype is not known`);
    }
    case 'tf.reshape':
      return numpyCall('numpy.reshape', renamed(args, 'tensor', 'a', 'shape', 'newshape'), text);
    case 'tf.expand_dims':
      return numpyCall('numpy.expand_dims', renamed(args, 'input', 'a'), text);
    case 'tf.squeeze':
      return numpyCall('numpy.squeeze', renamed(args, 'input', 'a'), text);
    case 'tf.concat':
      return joinArrays(
        'concatenate',
        argument(args, 'values', 0),
        axes(argument(args, 'axis', 1))?.[0] ?? 0,
        text,
      );
    case 'tf.one_hot': {
      const source = asArray(argument(args, 'indices', 0), true);
      const depth = toDim(argument(args, 'depth', 1) ?? { kind: 'none' });
      if (!source || typeof depth !== 'number')
        return unknown(`\`${text}\`: the indices or the depth are not known`);
      return array([...source.shape, depth], dtypeName(args.keywords.get('dtype')?.value) ?? 'float32');
    }
    case 'tf.image.resize': {
      const source = asArray(argument(args, 'images', 0), true);
      const size = shapeArgument(argument(args, 'size', 1));
      if (!source || !size || size.length !== 2 || source.shape.length < 3)
        return unknown(`\`${text}\`: the images or the size are not known`);
      return array([...source.shape.slice(0, -3), ...size, source.shape.at(-1)!], 'float32');
    }
    default:
      return undefined;
  }
}

/** The same call with TensorFlow's keyword names spelled as NumPy's. */
function renamed(args: CallArguments, ...pairs: string[]): CallArguments {
  const keywords = new Map(args.keywords);
  for (let index = 0; index < pairs.length; index += 2) {
    const value = keywords.get(pairs[index]!);
    if (value) keywords.set(pairs[index + 1]!, value);
  }
  return { positional: args.positional, keywords };
}

/** keras.utils.to_categorical / pad_sequences / normalize. */
export function kerasUtilsCall(path: string, args: CallArguments, text: string): Value | undefined {
  const name = /^keras\.(?:utils|preprocessing\.sequence)\.(\w+)$/.exec(path)?.[1];
  if (name === 'to_categorical') {
    const source = asArray(argument(args, 'x', 0));
    if (!source) return unknown(`\`${text}\`: the labels are not an array keras-lower knows`);
    const count = argument(args, 'num_classes', 1);
    const given = count && count.kind !== 'none' ? toDim(count) : undefined;
    if (count && count.kind !== 'none' && given === undefined)
      return unknown(`\`${text}\`: \`num_classes\` is not something keras-lower can read`);
    // Without num_classes Keras uses max(x) + 1, known only for labels a dataset documents.
    const classes = given ?? source.classes ?? null;
    // numerical_utils.to_categorical drops a trailing dim of 1 first: (n, 1) labels give (n, classes).
    const shape =
      source.shape.length > 1 && source.shape.at(-1) === 1 ? source.shape.slice(0, -1) : source.shape;
    return array([...shape, classes], 'float64');
  }
  if (name === 'pad_sequences') {
    const sequences = argument(args, 'sequences', 0);
    const count =
      sequences?.kind === 'array'
        ? sequences.shape[0]
        : sequences?.kind === 'sequence'
          ? sequences.items.length
          : undefined;
    if (count === undefined)
      return unknown(`\`${text}\`: the sequences are not something keras-lower can read`);
    const maxlen = argument(args, 'maxlen', 1);
    const length = maxlen && maxlen.kind !== 'none' ? toDim(maxlen) : null;
    if (length === undefined) return unknown(`\`${text}\`: \`maxlen\` is not something keras-lower can read`);
    return array([count, length], dtypeName(argument(args, 'dtype', 2)) ?? 'int32');
  }
  if (name === 'normalize') {
    const source = asArray(argument(args, 'x', 0));
    return source ? array(source.shape, 'float64') : unknown(`\`${text}\` of an unknown array`);
  }
  return undefined;
}
