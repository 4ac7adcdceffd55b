// Keras activation names -> the TensorFlow the TF backend runs for them (keras/src/activations, backend/tensorflow/nn.py).
import type { Reason } from '../types.ts';
import type { LayerConfig } from './config.ts';
import type { OpsContext } from './rule.ts';

interface ActivationLowering {
  /** A TF callable with Keras's default arguments, for layer-mode call sites; null for `linear`. */
  callable: string | null;
  /** The op applied to an expression, for module mode and hover. */
  apply(expr: string): string;
}

const ACTIVATIONS: Record<string, ActivationLowering> = {
  linear: { callable: null, apply: (x) => x },
  relu: { callable: 'tf.nn.relu', apply: (x) => `tf.nn.relu(${x})` },
  sigmoid: { callable: 'tf.nn.sigmoid', apply: (x) => `tf.nn.sigmoid(${x})` },
  tanh: { callable: 'tf.nn.tanh', apply: (x) => `tf.nn.tanh(${x})` },
  softmax: { callable: 'tf.nn.softmax', apply: (x) => `tf.nn.softmax(${x}, axis=-1)` },
  elu: { callable: 'tf.nn.elu', apply: (x) => `tf.nn.elu(${x})` },
  selu: { callable: 'tf.nn.selu', apply: (x) => `tf.nn.selu(${x})` },
  // keras.activations.gelu defaults to the exact erf form, unlike keras.ops.gelu.
  gelu: { callable: 'tf.nn.gelu', apply: (x) => `tf.nn.gelu(${x}, approximate=False)` },
  silu: { callable: 'tf.nn.silu', apply: (x) => `tf.nn.silu(${x})` },
  swish: { callable: 'tf.nn.silu', apply: (x) => `tf.nn.silu(${x})` },
  softplus: { callable: 'tf.math.softplus', apply: (x) => `tf.math.softplus(${x})` },
  softsign: { callable: 'tf.nn.softsign', apply: (x) => `tf.nn.softsign(${x})` },
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
