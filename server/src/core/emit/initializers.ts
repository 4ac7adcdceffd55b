// Keras initializers written out as TensorFlow math (module mode), with the helper methods they need.
// Unseeded draws use TF's global generator (same distribution as Keras); an integer seed draws statelessly
// with Keras's seed pair, so the values equal Keras's.
import type { FanAxes, InitializerSpec } from '../layers/rule.ts';
import { VARIANCE_SCALING_METHOD, VARIANCE_SCALING_PRESETS } from '../layers/varianceScaling.ts';
import { describeInitializer } from '../layers/weights.ts';
import type { Dim } from '../types.ts';
import { formatShape } from '../shapes/spatial.ts';

export const HELPER_METHODS: Record<'variance_scaling' | 'orthogonal' | 'identity', string[]> = {
  variance_scaling: VARIANCE_SCALING_METHOD,
  orthogonal: [
    '@staticmethod',
    'def _orthogonal(shape, gain=1.0, seed=None):',
    '    """Keras\'s Orthogonal initializer: QR of a normal matrix, column signs fixed by diag(R)."""',
    '    rows, cols = 1, shape[-1]',
    '    for dim in shape[:-1]:',
    '        rows *= dim',
    '    flat_shape = (max(rows, cols), min(rows, cols))',
    '    a = tf.random.normal(flat_shape) if seed is None else tf.random.stateless_normal(flat_shape, seed)',
    '    q, r = tf.linalg.qr(a)',
    '    q *= tf.sign(tf.linalg.diag_part(r))',
    '    if rows < cols:',
    '        q = tf.transpose(q)',
    '    return gain * tf.reshape(q, shape)',
  ],
  identity: [
    '@staticmethod',
    'def _identity(shape, gain=1.0):',
    '    """Keras\'s Identity initializer: gain times the identity matrix; like Keras, 2-D weights only."""',
    '    if len(shape) != 2:',
    '        raise ValueError(f"the Identity initializer needs a 2-D weight, got shape {shape}")',
    '    return gain * tf.eye(shape[0], shape[1])',
  ],
};

/** keras.initializers `compute_fans`, or the products over given axes (EinsumDense). */
function fans(shape: Dim[], axes: FanAxes | undefined): [string, string] {
  const product = (dims: Dim[]): string =>
    dims.every((dim) => typeof dim === 'number')
      ? String((dims as number[]).reduce((a, b) => a * b, 1))
      : dims.map(String).join(' * ');
  if (axes) {
    const at = (axis: number): Dim => shape.at(axis) ?? null;
    return [product(axes.input.map(at)), product(axes.output.map(at))];
  }
  if (shape.length === 0) return ['1', '1'];
  if (shape.length === 1) return [String(shape[0]), String(shape[0])];
  if (shape.length === 2) return [String(shape[0]), String(shape[1])];
  const receptive = shape.slice(0, -2);
  return [
    product([...receptive, shape[shape.length - 2]!]),
    product([...receptive, shape[shape.length - 1]!]),
  ];
}

/** A Python float literal (`1.0`, `-0.05`, `1e-07`). */
function pyFloat(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

/** Keras's seed pair for an integer seed: `[seed, 0]`, folded into int32 by `floormod(seed, 2**31 - 2)`. */
function seedPair(seed: number): string {
  const modulus = 2147483646;
  return `(${((seed % modulus) + modulus) % modulus}, 0)`;
}

/** A TF expression creating a weight's initial value, and the helper method it calls, if any. */
export function initializerExpression(
  spec: InitializerSpec,
  shape: Dim[],
): { expression: string; helper?: keyof typeof HELPER_METHODS } {
  const shapeText = formatShape(shape);
  const comment = `  # ${describeInitializer(spec)}`;
  switch (spec.kind) {
    case 'zeros':
      return { expression: `tf.zeros(${shapeText})` };
    case 'ones':
      return { expression: `tf.ones(${shapeText})` };
    case 'constant':
      return { expression: `tf.fill(${shapeText}, ${pyFloat(spec.value)})` };
    case 'identity':
      return { expression: `self._identity(${shapeText}, gain=${pyFloat(spec.gain)})`, helper: 'identity' };
    case 'lstm_bias':
      // unit_forget_bias: the forget gate's block (second of i, f, c, o) starts at one.
      return {
        expression: `tf.concat([tf.zeros((${spec.units},)), tf.ones((${spec.units},)), tf.zeros((${2 * spec.units},))], axis=0)`,
      };
    case 'orthogonal': {
      const gain = spec.gain ?? 1;
      const args = [shapeText, ...(gain === 1 ? [] : [`gain=${pyFloat(gain)}`])];
      if (spec.seed !== undefined) args.push(`seed=${seedPair(spec.seed)}`);
      return { expression: `self._orthogonal(${args.join(', ')})${comment}`, helper: 'orthogonal' };
    }
    case 'random_uniform':
      return {
        expression:
          spec.seed === undefined
            ? `tf.random.uniform(${shapeText}, ${pyFloat(spec.minval)}, ${pyFloat(spec.maxval)})${comment}`
            : `tf.random.stateless_uniform(${shapeText}, ${seedPair(spec.seed)}, minval=${pyFloat(spec.minval)}, maxval=${pyFloat(spec.maxval)})${comment}`,
      };
    case 'random_normal':
    case 'truncated_normal': {
      const op = spec.kind === 'random_normal' ? 'normal' : 'truncated_normal';
      return {
        expression:
          spec.seed === undefined
            ? `tf.random.${op}(${shapeText}, ${pyFloat(spec.mean)}, ${pyFloat(spec.stddev)})${comment}`
            : `tf.random.stateless_${op}(${shapeText}, ${seedPair(spec.seed)}, mean=${pyFloat(spec.mean)}, stddev=${pyFloat(spec.stddev)})${comment}`,
      };
    }
    default: {
      const { scale, mode, distribution } =
        spec.kind === 'variance_scaling' ? spec : VARIANCE_SCALING_PRESETS[spec.kind];
      const [fanIn, fanOut] = fans(shape, spec.axes);
      const seed = spec.seed === undefined ? '' : `, seed=${seedPair(spec.seed)}`;
      return {
        expression: `self._variance_scaling(${shapeText}, fan_in=${fanIn}, fan_out=${fanOut}, scale=${pyFloat(scale)}, mode="${mode}", distribution="${distribution}"${seed})${comment}`,
        helper: 'variance_scaling',
      };
    }
  }
}
