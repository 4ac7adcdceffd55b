// Keras activation names -> the TensorFlow the TF backend runs for them (keras/src/activations/activations.py,
// keras/src/ops/nn.py, keras/src/backend/tensorflow/nn.py), with Keras's default arguments and constants.
import type { Reason } from '../types.ts';
import type { LayerConfig } from './config.ts';
import type { OpsContext } from './rule.ts';

interface ActivationLowering {
  /** A TF callable with Keras's default arguments, for layer-mode call sites; null for `linear`. */
  callable: string | null;
  /** The op applied to an expression, for module mode and hover. */
  apply(expr: string): string;
}

/** A native TF function whose defaults equal Keras's: `tf.nn.relu`. */
function native(callable: string, applied = (x: string) => `${callable}(${x})`): ActivationLowering {
  return { callable, apply: (x) => applied(operand(x)) };
}

/** An activation Keras composes from several TF ops; `body` is written in terms of its input `x`. */
function composed(body: (x: string) => string): ActivationLowering {
  return { callable: `lambda x: ${body('x')}`, apply: (x) => body(operand(x)) };
}

/** Parenthesised unless it is a plain name, so the composed bodies keep their precedence. */
function operand(expr: string): string {
  return /^[\w.]+$/.test(expr) ? expr : `(${expr})`;
}

// keras's hard_sigmoid is relu6(x + 3) / 6 (TF1's tf.keras used 0.2 * x + 0.5).
const hardSigmoid = (x: string): string => `tf.nn.relu6(${x} + 3.0) / 6.0`;

// backend.nn.sparsemax along the last axis. Keras's threshold is the sum over the support of the
// cumulative sums, minus one, over the support size. Each intermediate is bound once by a lambda whose
// trailing-underscore names keep clear of the input expression.
const sparsemax = (x: string): string =>
  '(lambda sorted_: (lambda cumsum_: (lambda support_: ' +
  `tf.maximum(${x} - (tf.reduce_sum(tf.where(support_, cumsum_, 0.0), axis=-1, keepdims=True) - 1) / tf.reduce_sum(tf.cast(support_, ${x}.dtype), axis=-1, keepdims=True), 0.0))` +
  `(sorted_ - (cumsum_ - 1) / tf.range(1, tf.shape(${x})[-1] + 1, dtype=${x}.dtype) > 0))(tf.cumsum(sorted_, axis=-1)))` +
  `(tf.sort(${x}, direction="DESCENDING", axis=-1))`;

const ACTIVATIONS: Record<string, ActivationLowering> = {
  linear: { callable: null, apply: (x) => x },
  relu: native('tf.nn.relu'),
  relu6: native('tf.nn.relu6'),
  leaky_relu: native('tf.nn.leaky_relu', (x) => `tf.nn.leaky_relu(${x}, alpha=0.2)`),
  sigmoid: native('tf.nn.sigmoid'),
  // Piecewise: 0 below -1, 1 above 1, (x + 1) / 2 between.
  sparse_sigmoid: composed(
    (x) =>
      `tf.where(${x} <= -1.0, tf.zeros_like(${x}), tf.where(${x} >= 1.0, tf.ones_like(${x}), 0.5 * (${x} + 1.0)))`,
  ),
  hard_sigmoid: composed(hardSigmoid),
  hard_silu: composed((x) => `${x} * (${hardSigmoid(x)})`),
  hard_swish: composed((x) => `${x} * (${hardSigmoid(x)})`),
  log_sigmoid: native('tf.math.log_sigmoid'),
  tanh: native('tf.nn.tanh'),
  tanh_shrink: composed((x) => `${x} - tf.math.tanh(${x})`),
  hard_tanh: composed((x) => `tf.clip_by_value(${x}, -1.0, 1.0)`),
  softmax: native('tf.nn.softmax', (x) => `tf.nn.softmax(${x}, axis=-1)`),
  log_softmax: native('tf.nn.log_softmax', (x) => `tf.nn.log_softmax(${x}, axis=-1)`),
  sparsemax: composed(sparsemax),
  elu: native('tf.nn.elu'),
  selu: native('tf.nn.selu'),
  // keras.activations.celu with alpha=1: max(x, 0) + expm1(min(x, 0)).
  celu: composed((x) => `tf.maximum(${x}, 0.0) + tf.math.expm1(tf.minimum(${x}, 0.0))`),
  // keras.activations.gelu defaults to the exact erf form, unlike keras.ops.gelu.
  gelu: native('tf.nn.gelu', (x) => `tf.nn.gelu(${x}, approximate=False)`),
  // Halves the last axis: the first half gated by the sigmoid of the second.
  silu: native('tf.nn.silu'),
  swish: native('tf.nn.silu'),
  mish: composed((x) => `${x} * tf.nn.tanh(tf.math.softplus(${x}))`),
  softplus: native('tf.math.softplus'),
  softsign: native('tf.nn.softsign'),
  sparse_plus: composed(
    (x) =>
      `tf.where(${x} <= -1.0, tf.zeros_like(${x}), tf.where(${x} < 1.0, 0.25 * tf.pow(${x} + 1.0, 2.0), ${x}))`,
  ),
  // keras.activations.squareplus with b=4.
  squareplus: composed((x) => `(${x} + tf.sqrt(tf.square(${x}) + 4.0)) / 2.0`),
  // soft_shrink and hard_shrink with Keras's threshold=0.5.
  soft_shrink: composed(
    (x) => `tf.where(${x} > 0.5, ${x} - 0.5, tf.where(${x} < -0.5, ${x} + 0.5, tf.zeros_like(${x})))`,
  ),
  hard_shrink: composed((x) => `tf.where(tf.abs(${x}) > 0.5, ${x}, tf.zeros_like(${x}))`),
  exponential: native('tf.exp'),
};

/** Names Keras accepts that no lowering can match, with the reason. */
const REFUSED: Record<string, string> = {
  threshold:
    'keras.activations.threshold needs `threshold` and `default_value`, so Keras raises when it is named as an activation',
  // Activation.compute_output_shape returns the input shape, so Keras's own static shapes disagree with glu's values.
  glu: "glu halves the last axis, but Keras's layers report their input's shape for it: the model's static shapes disagree with its values",
};

export function supportedActivations(): string[] {
  return Object.keys(ACTIVATIONS);
}

export function activationLowering(name: string): ActivationLowering | undefined {
  return Object.hasOwn(ACTIVATIONS, name) ? ACTIVATIONS[name] : undefined;
}

/** A refusal when the activation argument is not a name we lower exactly. */
export function activationRefusal(config: LayerConfig, argument: string): Reason | undefined {
  const name = config.activation(argument);
  const range = config.rangeOf(argument);
  if (name === undefined)
    return {
      message: `\`${argument}\` is not an activation name keras-lower can read (use a string such as "relu")`,
      range,
    };
  if (Object.hasOwn(REFUSED, name)) return { message: `activation "${name}": ${REFUSED[name]}`, range };
  if (!activationLowering(name))
    return {
      message: `activation "${name}" is not lowered yet (supported: ${supportedActivations().join(', ')})`,
      range,
    };
  return undefined;
}

/** The tail Dense and the convolutions share: `bias_add` when the layer has a bias, then its activation. */
export function biasAndActivation(context: OpsContext): string[] {
  const { config, outputVar } = context;
  const lines: string[] = [];
  if (config.bool('use_bias') !== false)
    lines.push(`${outputVar} = tf.nn.bias_add(${outputVar}, ${context.weight('bias')})`);
  const activation = activationLowering(config.activation() ?? 'linear');
  if (activation?.callable) lines.push(`${outputVar} = ${activation.apply(outputVar)}`);
  return lines;
}
