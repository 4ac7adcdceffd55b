// Reductions and scans: mean/sum/max/... with Keras's axis, keepdims and result types; argmax/argmin; cumsum; norm.
import {
  floatOperand,
  inFloat32,
  intLiteral,
  keyword,
  reductionKeywords,
  type OpCall,
  type OpSpec,
} from './spec.ts';

const REDUCTION = [{ name: 'x' }, { name: 'axis', default: 'None' }, { name: 'keepdims', default: 'False' }];

function reduction(
  name: string,
  tf: string,
  operand: (call: OpCall) => string = (call) => call.text('x'),
): OpSpec {
  return {
    name,
    params: REDUCTION,
    lowersTo: `\`${tf}\``,
    emit: (call) => `${tf}(${operand(call)}${reductionKeywords(call)})`,
  };
}

/** max/min: TF's reduction, then Keras's `initial` as a floor/ceiling. */
function extremum(name: 'max' | 'min'): OpSpec {
  const tf = name === 'max' ? 'tf.reduce_max' : 'tf.reduce_min';
  return {
    name,
    params: [...REDUCTION, { name: 'initial', default: 'None' }],
    lowersTo: `\`${tf}\``,
    emit: (call: OpCall) => {
      const reduced = `${tf}(${call.text('x')}${reductionKeywords(call)})`;
      if (call.literal('initial') === null) return reduced;
      return `tf.${name === 'max' ? 'maximum' : 'minimum'}(${reduced}, ${call.text('initial')})`;
    },
  };
}

/**
 * argmax/argmin as Keras computes them: int32 indices of the flattened tensor when `axis=None`; float inputs in
 * at least float32 with -0.0 ranked just below 0.0 (Keras's flush-to-zero fix).
 */
function argExtremum(name: 'argmax' | 'argmin'): OpSpec {
  return {
    name,
    params: REDUCTION,
    lowersTo: `\`tf.${name}\` with int32 indices`,
    emit: (call: OpCall) => {
      const axis = intLiteral(call, 'axis', 'or None');
      const keepdims = call.literal('keepdims');
      if (typeof keepdims !== 'boolean')
        call.refuse('`keepdims` must be written as True or False', 'keepdims');
      const x = call.shared('x');
      const wide = `tf.cast(${x}, tf.float64 if ${x}.dtype == tf.float64 else tf.float32)`;
      const tiny = `(2.2250738585072014e-308 if ${x}.dtype == tf.float64 else 1.1754943508222875e-38)`;
      const ranked = `(tf.where(tf.equal(${x}, 0) & (tf.math.reciprocal(${wide}) < 0), -${tiny}, ${wide}) if ${x}.dtype.is_floating else ${x})`;
      const flat = axis === null ? `tf.reshape(${ranked}, [-1])` : ranked;
      const indices = `tf.${name}(${flat}, axis=${axis ?? 0}, output_type=tf.int32)`;
      if (!keepdims) return indices;
      if (axis === null) return `tf.reshape(${indices}, [1] * len(${x}.shape))`;
      return `tf.expand_dims(${indices}, ${axis})`;
    },
  };
}

export const REDUCTION_OPS: OpSpec[] = [
  {
    name: 'mean',
    params: REDUCTION,
    lowersTo: '`tf.reduce_mean` in float32, cast back to the input float type (integer inputs give float32)',
    emit: (call) => inFloat32(call, 'tf.reduce_mean'),
  },
  {
    name: 'var',
    params: REDUCTION,
    lowersTo:
      '`tf.math.reduce_variance` in float32, cast back to the input float type (integer inputs give float32)',
    emit: (call) => inFloat32(call, 'tf.math.reduce_variance'),
  },
  reduction('std', 'tf.math.reduce_std', (call) => floatOperand(call, 'x')),
  reduction('sum', 'tf.reduce_sum'),
  {
    name: 'prod',
    params: [...REDUCTION, { name: 'dtype', default: 'None' }],
    // Keras's TensorFlow backend takes `dtype` but never casts to it: the product keeps the input's type.
    lowersTo: "`tf.reduce_prod` (`dtype` ignored, as Keras's TensorFlow backend ignores it)",
    emit: (call) => `tf.reduce_prod(${call.text('x')}${reductionKeywords(call)})`,
  },
  extremum('max'),
  extremum('min'),
  reduction('any', 'tf.reduce_any', (call) => `tf.cast(${call.text('x')}, tf.bool)`),
  reduction('all', 'tf.reduce_all', (call) => `tf.cast(${call.text('x')}, tf.bool)`),
  reduction('logsumexp', 'tf.math.reduce_logsumexp'),
  argExtremum('argmax'),
  argExtremum('argmin'),
  {
    name: 'cumsum',
    params: [{ name: 'x' }, { name: 'axis', default: 'None' }, { name: 'dtype', default: 'None' }],
    lowersTo: '`tf.math.cumsum` (over the flattened tensor for `axis=None`)',
    emit: (call: OpCall) => {
      const x = call.given('dtype') ? `tf.cast(${call.text('x')}, ${call.text('dtype')})` : call.text('x');
      if (call.literal('axis') === null) return `tf.math.cumsum(tf.reshape(${x}, [-1]), axis=0)`;
      return `tf.math.cumsum(${x}, axis=${call.text('axis')})`;
    },
  },
  {
    name: 'norm',
    params: [
      { name: 'x' },
      { name: 'ord', default: 'None' },
      { name: 'axis', default: 'None' },
      { name: 'keepdims', default: 'False' },
    ],
    lowersTo: '`tf.sqrt(tf.reduce_sum(x * x))` (the 2-norm / Frobenius norm; other orders are refused)',
    emit: (call: OpCall) => {
      const ord = call.literal('ord');
      if (ord !== null && ord !== 2 && ord !== 'fro')
        call.refuse('norm lowers the 2-norm and the Frobenius norm only (`ord` None, 2 or "fro")', 'ord');
      const axis = call.literal('axis');
      const rank = call.rank('x');
      if (axis === null && (rank === undefined || rank > 2))
        call.refuse('norm without `axis` needs an input of rank 1 or 2 (Keras raises on higher ranks)', 'x');
      if (ord === 2 && Array.isArray(axis) && axis.length === 2)
        call.refuse('the matrix 2-norm (largest singular value) is not lowered', 'ord');
      if (ord === 'fro' && !(Array.isArray(axis) && axis.length === 2))
        call.refuse('`ord="fro"` needs two axes', 'ord');
      const x = call.shared('x');
      const float = `tf.cast(${x}, ${x}.dtype if ${x}.dtype.is_floating else tf.float32)`;
      return `tf.sqrt(tf.reduce_sum(tf.square(${float})${keyword(call, 'axis')}${keyword(call, 'keepdims')}))`;
    },
  },
];
