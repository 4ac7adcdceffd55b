// Normalization layers (keras/src/layers/normalization/): shapes and parameters; lowering comes with the catalog.
import { normalizeAxis, rankError } from '../shapes/checks.ts';
import type { Dim, Shape } from '../types.ts';
import { shapeArg, shapeArgs } from './common.ts';
import type { LayerConfig } from './config.ts';
import { shapeOnlyRule, type LayerRule, type WeightSpec } from './rule.ts';

/** The dims the per-feature weights span: `input[axis]` for each normalised axis. */
function featureShape(input: Shape, config: LayerConfig): Dim[] | undefined {
  const axisValue = config.arg('axis').value;
  const axes =
    axisValue.kind === 'number'
      ? [axisValue.value]
      : axisValue.kind === 'sequence'
        ? axisValue.items.map((item) => (item.kind === 'number' ? item.value : NaN))
        : [];
  const normalized = axes.map((axis) => normalizeAxis(axis, input.length));
  if (normalized.length === 0 || normalized.some((axis) => axis === undefined)) return undefined;
  return normalized.map((axis) => input[axis!] ?? null);
}

function scaleAndCenter(input: Shape, config: LayerConfig, order: Array<'gamma' | 'beta'>): WeightSpec[] {
  const shape = featureShape(input, config) ?? [null];
  const enabled = { gamma: config.bool('scale') !== false, beta: config.bool('center') !== false };
  return order
    .filter((name) => enabled[name])
    .map(
      (name) =>
        ({
          name,
          shape,
          initializer: { kind: name === 'gamma' ? 'ones' : 'zeros' },
          trainable: true,
        }) as WeightSpec,
    );
}

const SHARED = [
  'beta_initializer',
  'gamma_initializer',
  'beta_regularizer',
  'gamma_regularizer',
  'beta_constraint',
  'gamma_constraint',
];
const DEFAULTS = {
  beta_initializer: 'zeros',
  gamma_initializer: 'ones',
  center: true,
  scale: true,
  epsilon: 0.001,
};

export const batchNormalizationRule = shapeOnlyRule({
  classes: ['BatchNormalization'],
  family: 'normalization',
  args: [
    shapeArg('axis', -1, 0),
    shapeArg('momentum', 0.99, 1),
    ...shapeArgs(
      ['epsilon', 'center', 'scale', ...SHARED, 'moving_mean_initializer', 'moving_variance_initializer'],
      {
        ...DEFAULTS,
        moving_mean_initializer: 'zeros',
        moving_variance_initializer: 'ones',
      },
    ),
    ...shapeArgs(['renorm', 'renorm_clipping', 'renorm_momentum', 'synchronized'], {
      renorm: false,
      renorm_momentum: 0.99,
      synchronized: false,
    }),
  ],
  outputShape: (input, config) =>
    featureShape(input, config)
      ? { ok: true, shape: input }
      : rankError('BatchNormalization', 'an axis within the input rank', input),
  weights(input, config) {
    const shape = featureShape(input, config) ?? [null];
    return [
      ...scaleAndCenter(input, config, ['gamma', 'beta']),
      { name: 'moving_mean', shape, initializer: { kind: 'zeros' }, trainable: false },
      { name: 'moving_variance', shape, initializer: { kind: 'ones' }, trainable: false },
    ];
  },
});

export const layerNormalizationRule = shapeOnlyRule({
  classes: ['LayerNormalization'],
  family: 'normalization',
  args: [shapeArg('axis', -1, 0), ...shapeArgs(['epsilon', 'center', 'scale', ...SHARED], DEFAULTS)],
  outputShape: (input, config) =>
    featureShape(input, config)
      ? { ok: true, shape: input }
      : rankError('LayerNormalization', 'an axis within the input rank', input),
  weights: (input, config) => scaleAndCenter(input, config, ['gamma', 'beta']),
});

export const groupNormalizationRule = shapeOnlyRule({
  classes: ['GroupNormalization'],
  family: 'normalization',
  args: [
    shapeArg('groups', 32, 0),
    shapeArg('axis', -1, 1),
    ...shapeArgs(['epsilon', 'center', 'scale', ...SHARED], DEFAULTS),
  ],
  outputShape: (input, config) =>
    featureShape(input, config)
      ? { ok: true, shape: input }
      : rankError('GroupNormalization', 'an axis within the input rank', input),
  weights: (input, config) => scaleAndCenter(input, config, ['gamma', 'beta']),
});

export const unitNormalizationRule = shapeOnlyRule({
  classes: ['UnitNormalization'],
  family: 'normalization',
  args: [shapeArg('axis', -1, 0)],
  outputShape: (input) => ({ ok: true, shape: input }),
});

export const NORMALIZATION_RULES: LayerRule[] = [
  batchNormalizationRule,
  layerNormalizationRule,
  groupNormalizationRule,
  unitNormalizationRule,
];
