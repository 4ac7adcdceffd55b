// Attention layers (keras/src/layers/attention/): shapes and parameters only.
import { rankError, unreadable } from '../shapes/checks.ts';
import type { Dim } from '../types.ts';
import { shapeArg, shapeArgs } from './common.ts';
import { shapeOnlyRule, type LayerRule, type ShapeResult, type WeightSpec } from './rule.ts';

const dense = (name: string, shape: Dim[]): WeightSpec => ({
  name,
  shape,
  initializer: { kind: 'glorot_uniform' },
  trainable: true,
});

const multiHeadAttention = shapeOnlyRule({
  classes: ['MultiHeadAttention'],
  family: 'attention',
  args: [
    shapeArg('num_heads', { required: true }, 0, 'int'),
    shapeArg('key_dim', { required: true }, 1, 'int'),
    shapeArg('value_dim', null, 2, 'int'),
    shapeArg('dropout', 0, 3),
    shapeArg('use_bias', true, 4, 'bool'),
    shapeArg('output_shape', null, 5),
    ...shapeArgs(
      [
        'attention_axes',
        'sliding_window',
        'flash_attention',
        'kernel_initializer',
        'bias_initializer',
        'kernel_regularizer',
        'bias_regularizer',
        'activity_regularizer',
        'kernel_constraint',
        'bias_constraint',
        'use_gate',
        'seed',
      ],
      { kernel_initializer: 'glorot_uniform', bias_initializer: 'zeros', use_gate: false },
    ),
  ],
  takesList: true,
  // _build_attention() creates a Softmax and a Dropout without names (the projections are named explicitly).
  namesTakenOnBuild: ['softmax', 'dropout'],
  outputShape(query, config, inputs): ShapeResult {
    if (inputs.length < 2)
      return { ok: false, kind: 'error', message: 'MultiHeadAttention is called on (query, value[, key])' };
    const outputShape = config.arg('output_shape').value;
    if (outputShape.kind === 'none') return { ok: true, shape: query };
    if (outputShape.kind === 'number') return { ok: true, shape: [...query.slice(0, -1), outputShape.value] };
    return unreadable('MultiHeadAttention');
  },
  weights(query, config, inputs = [query]) {
    const heads = config.dim('num_heads') ?? null;
    const keyDim = config.dim('key_dim') ?? null;
    const valueDim =
      config.arg('value_dim').value.kind === 'none' ? keyDim : (config.dim('value_dim') ?? null);
    const bias = config.bool('use_bias') !== false;
    const outputDim =
      config.arg('output_shape').value.kind === 'none'
        ? (query[query.length - 1] ?? null)
        : (config.dim('output_shape') ?? null);
    const last = (shape: Dim[] | undefined): Dim => shape?.[shape.length - 1] ?? null;
    const value = inputs[1];
    const key = inputs[2] ?? value;
    const projection = (name: string, inDim: Dim, dim: Dim): WeightSpec[] => [
      dense(`${name}/kernel`, [inDim, heads, dim]),
      ...(bias
        ? [{ ...dense(`${name}/bias`, [heads, dim]), initializer: { kind: 'zeros' } } as WeightSpec]
        : []),
    ];
    return [
      ...projection('query', last(query), keyDim),
      ...projection('key', last(key), keyDim),
      ...projection('value', last(value), valueDim),
      dense('attention_output/kernel', [heads, valueDim, outputDim]),
      ...(bias
        ? [{ ...dense('attention_output/bias', [outputDim]), initializer: { kind: 'zeros' } } as WeightSpec]
        : []),
    ];
  },
});

function dotAttention(className: string, args: ReturnType<typeof shapeArg>[]): LayerRule {
  return shapeOnlyRule({
    classes: [className],
    family: 'attention',
    args,
    takesList: true,
    outputShape(query, _config, inputs): ShapeResult {
      const value = inputs[1];
      if (!value)
        return {
          ok: false,
          kind: 'error',
          message: `${className} is called on [query, value] or [query, value, key]`,
        };
      if (query.length !== 3 || value.length !== 3)
        return rankError(className, 'rank-3 query and value', query);
      return { ok: true, shape: [...query.slice(0, -1), value[value.length - 1] ?? null] };
    },
    weights(query, config) {
      if (className === 'AdditiveAttention')
        return config.bool('use_scale') === false
          ? []
          : [
              {
                name: 'scale',
                shape: [query[query.length - 1] ?? null],
                initializer: { kind: 'glorot_uniform' },
                trainable: true,
              },
            ];
      const weights: WeightSpec[] = [];
      if (config.bool('use_scale'))
        weights.push({ name: 'scale', shape: [], initializer: { kind: 'ones' }, trainable: true });
      if (config.string('score_mode') === 'concat')
        weights.push({
          name: 'concat_score_weight',
          shape: [],
          initializer: { kind: 'ones' },
          trainable: true,
        });
      return weights;
    },
  });
}

export const ATTENTION_RULES: LayerRule[] = [
  multiHeadAttention,
  dotAttention('Attention', [
    shapeArg('use_scale', false, 0, 'bool'),
    shapeArg('score_mode', 'dot', 1, 'string'),
    shapeArg('dropout', 0, 2),
    shapeArg('seed', null, 3),
  ]),
  dotAttention('AdditiveAttention', [shapeArg('use_scale', true, 0, 'bool'), shapeArg('dropout', 0, 1)]),
];
