// Keras's VarianceScaling initializer (keras/src/initializers/random_initializers.py): the presets that are
// instances of it and its `_variance_scaling` helper as Python, shared by module mode's initializers
// (emit/initializers.ts) and layer mode's EinsumDense, which computes its own fans.
import type { InitializerSpec, VarianceScalingPreset } from './rule.ts';

type VarianceScalingParameters = Pick<
  Extract<InitializerSpec, { kind: 'variance_scaling' }>,
  'scale' | 'mode' | 'distribution'
>;

export const VARIANCE_SCALING_PRESETS: Record<VarianceScalingPreset, VarianceScalingParameters> = {
  glorot_uniform: { scale: 1, mode: 'fan_avg', distribution: 'uniform' },
  glorot_normal: { scale: 1, mode: 'fan_avg', distribution: 'truncated_normal' },
  he_uniform: { scale: 2, mode: 'fan_in', distribution: 'uniform' },
  he_normal: { scale: 2, mode: 'fan_in', distribution: 'truncated_normal' },
  lecun_uniform: { scale: 1, mode: 'fan_in', distribution: 'uniform' },
  lecun_normal: { scale: 1, mode: 'fan_in', distribution: 'truncated_normal' },
};

/** `_variance_scaling`, shared with layer mode's EinsumDense (which computes its own fans). */
export const VARIANCE_SCALING_METHOD = [
  '@staticmethod',
  'def _variance_scaling(shape, fan_in, fan_out, scale, mode, distribution, seed=None):',
  '    """Keras\'s VarianceScaling initializer (glorot_*, he_* and lecun_* are instances of it)."""',
  '    n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[mode]',
  '    variance = scale / max(1.0, n)',
  '    if distribution == "uniform":',
  '        limit = (3.0 * variance) ** 0.5',
  '        if seed is None:',
  '            return tf.random.uniform(shape, -limit, limit)',
  '        return tf.random.stateless_uniform(shape, seed, minval=-limit, maxval=limit)',
  '    if distribution == "untruncated_normal":',
  '        if seed is None:',
  '            return tf.random.normal(shape, 0.0, variance ** 0.5)',
  '        return tf.random.stateless_normal(shape, seed, mean=0.0, stddev=variance ** 0.5)',
  '    # Truncated at two standard deviations; 0.8796... is the stddev of a unit normal truncated so.',
  '    stddev = variance ** 0.5 / 0.87962566103423978',
  '    if seed is None:',
  '        return tf.random.truncated_normal(shape, 0.0, stddev)',
  '    return tf.random.stateless_truncated_normal(shape, seed, mean=0.0, stddev=stddev)',
];
