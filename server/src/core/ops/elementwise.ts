// Element-wise keras.ops: arithmetic, comparisons, float functions and activations (keras.ops.nn).
import { floatOperand, keyword, type OpCall, type OpSpec } from './spec.ts';

const X = [{ name: 'x' }];
const X1X2 = [{ name: 'x1' }, { name: 'x2' }];

/** Keras converts both operands to their promoted type; TF's op agrees for one dtype and raises for mixed ones. */
function binary(name: string, tf: string): OpSpec {
  return {
    name,
    params: X1X2,
    lowersTo: `\`${tf}\``,
    emit: (call) => `${tf}(${call.text('x1')}, ${call.text('x2')})`,
  };
}

/** A function Keras applies as TF's own (no casts): the same op on every dtype. */
function direct(name: string, tf: string, params = X): OpSpec {
  return {
    name,
    params,
    lowersTo: `\`${tf}\``,
    emit: (call) => `${tf}(${call.text(params[0]!.name)})`,
  };
}

/** A float-valued function: Keras computes integer and bool inputs in float32. */
function floatValued(name: string, tf: string): OpSpec {
  return {
    name,
    params: X,
    lowersTo: `\`${tf}\` (integer inputs in float32)`,
    emit: (call) => `${tf}(${floatOperand(call, 'x')})`,
  };
}

function divide(name: string): OpSpec {
  return {
    name,
    params: X1X2,
    lowersTo: '`tf.math.truediv` (integer operands in float32)',
    emit: (call) => `tf.math.truediv(${floatOperand(call, 'x1')}, ${floatOperand(call, 'x2')})`,
  };
}

/** softmax / log_softmax over one axis, or over the flattened tensor for `axis=None`. */
function overAxis(name: string, tf: string): OpSpec {
  return {
    name,
    params: [{ name: 'x' }, { name: 'axis', default: '-1' }],
    lowersTo: `\`${tf}\``,
    emit: (call: OpCall) => {
      const axis = call.literal('axis');
      if (Array.isArray(axis)) call.refuse(`${name} over a tuple of axes is not lowered`, 'axis');
      if (axis === null) {
        const x = call.shared('x');
        return `tf.reshape(${tf}(tf.reshape(${x}, [-1]), axis=-1), tf.shape(${x}))`;
      }
      return `${tf}(${call.text('x')}${keyword(call, 'axis')})`;
    },
  };
}

export const ELEMENTWISE_OPS: OpSpec[] = [
  binary('add', 'tf.add'),
  binary('subtract', 'tf.subtract'),
  binary('multiply', 'tf.multiply'),
  divide('divide'),
  divide('true_divide'),
  binary('maximum', 'tf.maximum'),
  binary('minimum', 'tf.minimum'),
  binary('power', 'tf.pow'),
  binary('equal', 'tf.equal'),
  binary('not_equal', 'tf.not_equal'),
  binary('greater', 'tf.greater'),
  binary('greater_equal', 'tf.greater_equal'),
  binary('less', 'tf.less'),
  binary('less_equal', 'tf.less_equal'),
  direct('negative', 'tf.negative'),
  direct('abs', 'tf.abs'),
  direct('absolute', 'tf.abs'),
  direct('square', 'tf.square'),
  direct('sign', 'tf.sign'),
  direct('reciprocal', 'tf.math.reciprocal'),
  direct('erf', 'tf.math.erf'),
  direct('rsqrt', 'tf.math.rsqrt'),
  floatValued('sqrt', 'tf.sqrt'),
  floatValued('exp', 'tf.exp'),
  floatValued('expm1', 'tf.math.expm1'),
  floatValued('log', 'tf.math.log'),
  floatValued('log1p', 'tf.math.log1p'),
  floatValued('sin', 'tf.sin'),
  floatValued('cos', 'tf.cos'),
  floatValued('tanh', 'tf.tanh'),
  floatValued('floor', 'tf.floor'),
  floatValued('ceil', 'tf.math.ceil'),
  {
    name: 'clip',
    params: [{ name: 'x' }, { name: 'x_min' }, { name: 'x_max' }],
    lowersTo: '`tf.clip_by_value`',
    emit: (call) => `tf.clip_by_value(${call.text('x')}, ${call.text('x_min')}, ${call.text('x_max')})`,
  },
  {
    name: 'where',
    params: [{ name: 'condition' }, { name: 'x1', default: 'None' }, { name: 'x2', default: 'None' }],
    lowersTo: '`tf.where` on the condition cast to bool',
    emit: (call: OpCall) => {
      if (!call.given('x1') || !call.given('x2'))
        call.refuse('where(condition) without x1 and x2 (the indices form) is not lowered');
      return `tf.where(tf.cast(${call.text('condition')}, tf.bool), ${call.text('x1')}, ${call.text('x2')})`;
    },
  },
  direct('relu', 'tf.nn.relu'),
  direct('relu6', 'tf.nn.relu6'),
  direct('sigmoid', 'tf.nn.sigmoid'),
  direct('silu', 'tf.nn.silu'),
  direct('swish', 'tf.nn.silu'),
  direct('softplus', 'tf.math.softplus'),
  direct('softsign', 'tf.nn.softsign'),
  direct('selu', 'tf.nn.selu'),
  direct('stop_gradient', 'tf.stop_gradient', [{ name: 'variable' }]),
  overAxis('softmax', 'tf.nn.softmax'),
  overAxis('log_softmax', 'tf.nn.log_softmax'),
  {
    name: 'gelu',
    params: [{ name: 'x' }, { name: 'approximate', default: 'True' }],
    lowersTo: '`tf.nn.gelu` (Keras approximates by default)',
    emit: (call) => `tf.nn.gelu(${call.text('x')}, approximate=${call.text('approximate')})`,
  },
  {
    name: 'leaky_relu',
    params: [{ name: 'x' }, { name: 'negative_slope', default: '0.2' }],
    lowersTo: '`tf.nn.leaky_relu`',
    emit: (call) => `tf.nn.leaky_relu(${call.text('x')}, alpha=${call.text('negative_slope')})`,
  },
  {
    name: 'elu',
    params: [{ name: 'x' }, { name: 'alpha', default: '1.0' }],
    lowersTo: '`tf.nn.elu`, scaled below zero when `alpha` is not 1',
    emit: (call: OpCall) => {
      if (call.literal('alpha') === 1) return `tf.nn.elu(${call.text('x')})`;
      const x = call.shared('x');
      return `tf.where(${x} > 0, tf.nn.elu(${x}), ${call.text('alpha')} * tf.nn.elu(${x}))`;
    },
  },
];
