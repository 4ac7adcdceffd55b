// Shape, layout, indexing and creation keras.ops, and the linear-algebra products.
import { intLiteral, keyword, type OpCall, type OpSpec } from './spec.ts';

function like(name: string, tf: string): OpSpec {
  return {
    name,
    params: [{ name: 'x' }, { name: 'dtype', default: 'None' }],
    lowersTo: `\`${tf}\``,
    emit: (call) => `${tf}(${call.text('x')}${keyword(call, 'dtype')})`,
  };
}

function filled(name: string, tf: string): OpSpec {
  return {
    name,
    params: [{ name: 'shape' }, { name: 'dtype', default: 'None' }],
    lowersTo: `\`${tf}\` (float32 unless \`dtype\` says otherwise)`,
    emit: (call) => `${tf}(${call.text('shape')}${keyword(call, 'dtype')})`,
  };
}

export const SHAPING_OPS: OpSpec[] = [
  {
    name: 'shape',
    params: [{ name: 'x' }],
    lowersTo: 'a tuple of the static dimensions (`tf.shape(x)[i]` for the unknown ones), never a tensor',
    emit: (call: OpCall) => {
      const x = call.shared('x');
      return `tuple(tf.shape(${x})[i] if d is None else d for i, d in enumerate(${x}.shape.as_list()))`;
    },
  },
  {
    name: 'cast',
    params: [{ name: 'x' }, { name: 'dtype' }],
    lowersTo: '`tf.cast`',
    emit: (call) => `tf.cast(${call.text('x')}, ${call.text('dtype')})`,
  },
  {
    name: 'reshape',
    params: [{ name: 'x' }, { name: 'newshape' }],
    lowersTo: '`tf.reshape`',
    emit: (call) => `tf.reshape(${call.text('x')}, ${call.text('newshape')})`,
  },
  {
    name: 'transpose',
    params: [{ name: 'x' }, { name: 'axes', default: 'None' }],
    lowersTo: '`tf.transpose` (negative axes counted from the end, as Keras does)',
    emit: (call: OpCall) => {
      const axes = call.literal('axes');
      if (axes === null) return `tf.transpose(${call.text('x')})`;
      if (!Array.isArray(axes) || axes.some((axis) => typeof axis !== 'number'))
        call.refuse('`axes` must be written as a tuple of ints', 'axes');
      const rank = call.rank('x');
      const negative = (axes as number[]).some((axis) => axis < 0);
      if (negative && rank === undefined)
        call.refuse('negative `axes` need the input rank, which is unknown', 'axes');
      const perm = (axes as number[]).map((axis) => (axis < 0 ? axis + rank! : axis));
      return `tf.transpose(${call.text('x')}, perm=[${perm.join(', ')}])`;
    },
  },
  {
    name: 'expand_dims',
    params: [{ name: 'x' }, { name: 'axis' }],
    lowersTo: '`tf.expand_dims` (one axis)',
    emit: (call: OpCall) => {
      if (Array.isArray(call.literal('axis')))
        call.refuse('expand_dims with a tuple of axes is not lowered', 'axis');
      return `tf.expand_dims(${call.text('x')}, ${call.text('axis')})`;
    },
  },
  {
    name: 'squeeze',
    params: [{ name: 'x' }, { name: 'axis', default: 'None' }],
    lowersTo: '`tf.squeeze`',
    emit: (call) => `tf.squeeze(${call.text('x')}${keyword(call, 'axis')})`,
  },
  {
    name: 'concatenate',
    params: [{ name: 'xs' }, { name: 'axis', default: '0' }],
    lowersTo: "`tf.concat` (Keras's default axis is 0)",
    emit: (call) => `tf.concat(${call.text('xs')}, axis=${call.text('axis')})`,
  },
  {
    name: 'stack',
    params: [{ name: 'x' }, { name: 'axis', default: '0' }],
    lowersTo: '`tf.stack`',
    emit: (call) => `tf.stack(${call.text('x')}, axis=${call.text('axis')})`,
  },
  {
    name: 'split',
    params: [{ name: 'x' }, { name: 'indices_or_sections' }, { name: 'axis', default: '0' }],
    lowersTo: '`tf.split` into equal sections (split points are refused)',
    emit: (call: OpCall) => {
      intLiteral(call, 'indices_or_sections', '(a number of equal sections); split points are not lowered');
      return `tf.split(${call.text('x')}, ${call.text('indices_or_sections')}, axis=${call.text('axis')})`;
    },
  },
  {
    name: 'tile',
    params: [{ name: 'x' }, { name: 'repeats' }],
    lowersTo: '`tf.tile` (short `repeats` padded with leading 1s, as Keras does)',
    emit: (call: OpCall) => {
      const repeats = call.literal('repeats');
      const rank = call.rank('x');
      const count = typeof repeats === 'number' ? 1 : Array.isArray(repeats) ? repeats.length : undefined;
      if (count === undefined || rank === undefined)
        call.refuse('tile needs `repeats` written as ints and a known input rank', 'repeats');
      if (count > rank) call.refuse('tile with more repeats than input dimensions is not lowered', 'repeats');
      const padded = [...Array<number>(rank - count).fill(1), ...[repeats].flat()];
      return `tf.tile(${call.text('x')}, [${padded.join(', ')}])`;
    },
  },
  {
    name: 'repeat',
    params: [{ name: 'x' }, { name: 'repeats' }, { name: 'axis', default: 'None' }],
    lowersTo: '`tf.repeat`',
    emit: (call) => `tf.repeat(${call.text('x')}, ${call.text('repeats')}, axis=${call.text('axis')})`,
  },
  {
    name: 'take',
    params: [{ name: 'x' }, { name: 'indices' }, { name: 'axis', default: 'None' }],
    lowersTo: '`tf.gather` with negative indices counted from the end (flattened input for `axis=None`)',
    emit: (call: OpCall) => {
      const axis = intLiteral(call, 'axis', 'or None');
      const x = call.shared('x');
      const source = axis === null ? `tf.reshape(${x}, [-1])` : x;
      const indices = `tf.convert_to_tensor(${call.shared('indices')})`;
      const size = `tf.cast(tf.shape(${source})[${axis ?? 0}], ${indices}.dtype)`;
      const fixed = `tf.where(${indices} < 0, ${indices} + ${size}, ${indices})`;
      return `tf.gather(${source}, ${fixed}, axis=${axis ?? 0})`;
    },
  },
  {
    name: 'take_along_axis',
    params: [{ name: 'x' }, { name: 'indices' }, { name: 'axis', default: 'None' }],
    lowersTo: '`tf.experimental.numpy.take_along_axis` with negative indices counted from the end',
    emit: (call: OpCall) => {
      const axis = intLiteral(call, 'axis', '(axis=None is not lowered)');
      if (axis === null) call.refuse('take_along_axis with axis=None is not lowered', 'axis');
      const x = call.shared('x');
      const indices = call.shared('indices');
      const int64 = `tf.cast(${indices}, tf.int64)`;
      const size = `tf.cast(tf.shape(${x})[${axis}], tf.int64)`;
      return `tf.experimental.numpy.take_along_axis(${x}, tf.where(${int64} < 0, ${int64} + ${size}, ${int64}), axis=${axis})`;
    },
  },
  {
    name: 'arange',
    params: [
      { name: 'start' },
      { name: 'stop', default: 'None' },
      { name: 'step', default: 'None' },
      { name: 'dtype', default: 'None' },
    ],
    lowersTo: '`tf.range` (int32 for ints, float32 for floats, as Keras infers)',
    emit: (call: OpCall) => {
      const stop = call.given('stop') ? `, ${call.text('stop')}` : '';
      return `tf.range(${call.text('start')}${stop}${keyword(call, 'step', 'delta')}${keyword(call, 'dtype')})`;
    },
  },
  filled('zeros', 'tf.zeros'),
  filled('ones', 'tf.ones'),
  like('zeros_like', 'tf.zeros_like'),
  like('ones_like', 'tf.ones_like'),
  {
    name: 'matmul',
    params: [{ name: 'x1' }, { name: 'x2' }],
    lowersTo:
      '`tf.matmul`, or `tf.tensordot` for rank-1 operands and rank>2 by rank-2 products, as Keras picks by rank',
    emit: (call: OpCall) => {
      const [rank1, rank2] = [call.rank('x1'), call.rank('x2')];
      if (rank1 === undefined || rank2 === undefined)
        call.refuse('matmul needs both operand ranks (Keras picks tf.matmul or tf.tensordot by rank)');
      const [a, b] = [call.text('x1'), call.text('x2')];
      if (rank1 === 2 && rank2 === 2) return `tf.matmul(${a}, ${b})`;
      if (rank2 === 1) return `tf.tensordot(${a}, ${b}, axes=1)`;
      if (rank1 === 1) return `tf.tensordot(${a}, ${b}, axes=[[0], [-2]])`;
      if (rank2 === 2 && rank1 > 2) return `tf.tensordot(${a}, ${b}, axes=[[-1], [0]])`;
      return `tf.matmul(${a}, ${b})`;
    },
  },
  {
    name: 'tensordot',
    params: [{ name: 'x1' }, { name: 'x2' }, { name: 'axes', default: '2' }],
    lowersTo: '`tf.tensordot`',
    emit: (call) => `tf.tensordot(${call.text('x1')}, ${call.text('x2')}, axes=${call.text('axes')})`,
  },
  {
    name: 'einsum',
    params: [{ name: 'subscripts' }, { name: 'operands', rest: true }],
    lowersTo: '`tf.einsum`',
    emit: (call: OpCall) => {
      if (typeof call.literal('subscripts') !== 'string')
        call.refuse('einsum needs its subscripts written as a string', 'subscripts');
      return `tf.einsum(${call.text('subscripts')}, ${call.text('operands')})`;
    },
  },
];
