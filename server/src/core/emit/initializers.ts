// Keras initializers written out as TensorFlow math (module mode), with the helper methods they need.
import type { InitializerSpec } from '../layers/rule.ts';
import type { Dim } from '../types.ts';
import { formatShape } from '../shapes/spatial.ts';

const VARIANCE_SCALING: Record<string, { scale: number; mode: string; distribution: string }> = {
  glorot_uniform: { scale: 1, mode: 'fan_avg', distribution: 'uniform' },
  glorot_normal: { scale: 1, mode: 'fan_avg', distribution: 'truncated_normal' },
  he_uniform: { scale: 2, mode: 'fan_in', distribution: 'uniform' },
  he_normal: { scale: 2, mode: 'fan_in', distribution: 'truncated_normal' },
  lecun_uniform: { scale: 1, mode: 'fan_in', distribution: 'uniform' },
  lecun_normal: { scale: 1, mode: 'fan_in', distribution: 'truncated_normal' },
};

export const HELPER_METHODS: Record<'variance_scaling' | 'orthogonal', string[]> = {
  variance_scaling: [
    '@staticmethod',
    'def _variance_scaling(shape, fan_in, fan_out, scale, mode, distribution):',
    '    """Keras\'s VarianceScaling initializer (glorot_*, he_* and lecun_* are instances of it)."""',
    '    n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[mode]',
    '    variance = scale / max(1.0, n)',
    '    if distribution == "uniform":',
    '        limit = (3.0 * variance) ** 0.5',
    '        return tf.random.uniform(shape, -limit, limit)',
    '    # Truncated at two standard deviations; 0.8796... is the stddev of a unit normal truncated so.',
    '    return tf.random.truncated_normal(shape, 0.0, variance ** 0.5 / 0.87962566103423978)',
  ],
  orthogonal: [
    '@staticmethod',
    'def _orthogonal(shape, gain=1.0):',
    '    """Keras\'s Orthogonal initializer: QR of a normal matrix, column signs fixed by diag(R)."""',
    '    rows, cols = 1, shape[-1]',
    '    for dim in shape[:-1]:',
    '        rows *= dim',
    '    q, r = tf.linalg.qr(tf.random.normal((max(rows, cols), min(rows, cols))))',
    '    q *= tf.sign(tf.linalg.diag_part(r))',
    '    if rows < cols:',
    '        q = tf.transpose(q)',
    '    return gain * tf.reshape(q, shape)',
  ],
};

/** keras.initializers `compute_fans`. */
function fans(shape: Dim[]): [string, string] {
  const text = (dim: Dim): string => String(dim);
  if (shape.length === 0) return ['1', '1'];
  if (shape.length === 1) return [text(shape[0]!), text(shape[0]!)];
  if (shape.length === 2) return [text(shape[0]!), text(shape[1]!)];
  const receptive = shape.slice(0, -2);
  const product = (dims: Dim[]): string =>
    dims.every((dim) => typeof dim === 'number')
      ? String((dims as number[]).reduce((a, b) => a * b, 1))
      : dims.map(text).join(' * ');
  return [
    product([...receptive, shape[shape.length - 2]!]),
    product([...receptive, shape[shape.length - 1]!]),
  ];
}

/** A TF expression creating a weight's initial value, and the helper method it calls, if any. */
export function initializerExpression(
  spec: InitializerSpec,
  shape: Dim[],
): { expression: string; helper?: keyof typeof HELPER_METHODS } {
  const shapeText = formatShape(shape);
  switch (spec.kind) {
    case 'zeros':
      return { expression: `tf.zeros(${shapeText})` };
    case 'ones':
      return { expression: `tf.ones(${shapeText})` };
    case 'orthogonal':
      return { expression: `self._orthogonal(${shapeText})`, helper: 'orthogonal' };
    case 'lstm_bias':
      // unit_forget_bias: the forget gate's block (second of i, f, c, o) starts at one.
      return {
        expression: `tf.concat([tf.zeros((${spec.units},)), tf.ones((${spec.units},)), tf.zeros((${2 * spec.units},))], axis=0)`,
      };
    default: {
      const { scale, mode, distribution } = VARIANCE_SCALING[spec.kind]!;
      const [fanIn, fanOut] = fans(shape);
      return {
        expression: `self._variance_scaling(${shapeText}, fan_in=${fanIn}, fan_out=${fanOut}, scale=${scale.toFixed(1)}, mode="${mode}", distribution="${distribution}")  # ${spec.kind}`,
        helper: 'variance_scaling',
      };
    }
  }
}
