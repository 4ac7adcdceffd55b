// Recurrent layers other than LSTM, and the RNN wrappers (keras/src/layers/rnn/): shapes and parameters only.
import { formatShape } from '../shapes/spatial.ts';
import { rankError, unreadable } from '../shapes/checks.ts';
import type { Dim, Shape } from '../types.ts';
import { shapeArg, shapeArgs } from './common.ts';
import type { LayerConfig } from './config.ts';
import type { LayerNode } from '../model/graph.ts';
import { shapeOnlyRule, type LayerRule, type ShapeResult, type WeightSpec } from './rule.ts';

const RNN_SHARED = [
  'kernel_regularizer',
  'recurrent_regularizer',
  'bias_regularizer',
  'activity_regularizer',
  'kernel_constraint',
  'recurrent_constraint',
  'bias_constraint',
  'seed',
];

function rnnOutput(className: string, input: Shape, config: LayerConfig): ShapeResult {
  if (input.length !== 3) return rankError(className, 'a rank-3 input (batch, timesteps, features)', input);
  const units = config.dim('units');
  if (units === undefined) return unreadable(className);
  if (config.bool('return_state'))
    return {
      ok: false,
      kind: 'unknown',
      message: 'return_state gives several outputs, which keras-lower does not follow yet',
    };
  return {
    ok: true,
    shape: config.bool('return_sequences')
      ? [input[0] ?? null, input[1] ?? null, units]
      : [input[0] ?? null, units],
  };
}

const times = (n: number, dim: Dim): Dim => (typeof dim === 'number' ? n * dim : null);

function rnnArgs(extra: string[], defaults: Record<string, unknown>) {
  return [
    shapeArg('units', { required: true }, 0, 'int'),
    ...shapeArgs(
      [
        'activation',
        ...extra,
        'use_bias',
        'kernel_initializer',
        'recurrent_initializer',
        'bias_initializer',
        ...RNN_SHARED,
        'dropout',
        'recurrent_dropout',
        'return_sequences',
        'return_state',
        'go_backwards',
        'stateful',
        'unroll',
      ],
      {
        activation: 'tanh',
        use_bias: true,
        dropout: 0,
        recurrent_dropout: 0,
        return_sequences: false,
        return_state: false,
        go_backwards: false,
        stateful: false,
        unroll: false,
        kernel_initializer: 'glorot_uniform',
        recurrent_initializer: 'orthogonal',
        bias_initializer: 'zeros',
        ...(defaults as Record<string, never>),
      },
    ).map((spec) =>
      spec.name.startsWith('return_') || spec.name === 'use_bias' ? { ...spec, kind: 'bool' as const } : spec,
    ),
  ];
}

const gru = shapeOnlyRule({
  classes: ['GRU'],
  family: 'recurrent',
  args: [
    ...rnnArgs(['recurrent_activation', 'reset_after', 'use_cudnn'], {
      recurrent_activation: 'sigmoid',
      reset_after: true,
      use_cudnn: 'auto',
    }),
  ],
  outputShape: (input, config) => rnnOutput('GRU', input, config),
  weights(input, config): WeightSpec[] {
    const units = config.dim('units') ?? null;
    const gates = times(3, units);
    const bias = config.bool('reset_after') === false ? [gates] : [2, gates];
    return [
      {
        name: 'kernel',
        shape: [input[2] ?? null, gates],
        initializer: { kind: 'glorot_uniform' },
        trainable: true,
      },
      {
        name: 'recurrent_kernel',
        shape: [units, gates],
        initializer: { kind: 'orthogonal' },
        trainable: true,
      },
      ...(config.bool('use_bias') === false
        ? []
        : [{ name: 'bias', shape: bias, initializer: { kind: 'zeros' }, trainable: true } as WeightSpec]),
    ];
  },
});

const simpleRnn = shapeOnlyRule({
  classes: ['SimpleRNN'],
  family: 'recurrent',
  args: rnnArgs([], {}),
  outputShape: (input, config) => rnnOutput('SimpleRNN', input, config),
  weights(input, config): WeightSpec[] {
    const units = config.dim('units') ?? null;
    return [
      {
        name: 'kernel',
        shape: [input[2] ?? null, units],
        initializer: { kind: 'glorot_uniform' },
        trainable: true,
      },
      {
        name: 'recurrent_kernel',
        shape: [units, units],
        initializer: { kind: 'orthogonal' },
        trainable: true,
      },
      ...(config.bool('use_bias') === false
        ? []
        : [{ name: 'bias', shape: [units], initializer: { kind: 'zeros' }, trainable: true } as WeightSpec]),
    ];
  },
});

/** The layer a wrapper (`Bidirectional(LSTM(...))`, `TimeDistributed(Dense(...))`) wraps. */
function wrapped(config: LayerConfig): LayerNode | undefined {
  const value = config.arg('layer').value;
  return value.kind === 'layer' && value.layer.rule ? value.layer : undefined;
}

const bidirectional = shapeOnlyRule({
  classes: ['Bidirectional'],
  family: 'recurrent',
  args: [
    shapeArg('layer', { required: true }, 0),
    shapeArg('merge_mode', 'concat', 1, 'string'),
    shapeArg('weights', null, 2),
    shapeArg('backward_layer', null, 3),
  ],
  outputShape(input, config): ShapeResult {
    const inner = wrapped(config);
    if (!inner || config.arg('backward_layer').value.kind !== 'none') return unreadable('Bidirectional');
    const result = inner.rule!.outputShape(input, inner.config, [input]);
    if (!result.ok) return result;
    const mode = config.arg('merge_mode').value;
    if (mode.kind === 'none')
      return {
        ok: false,
        kind: 'unknown',
        message: 'merge_mode=None gives two outputs, which keras-lower does not follow yet',
      };
    if (mode.kind !== 'string') return unreadable('Bidirectional');
    const last = result.shape[result.shape.length - 1] ?? null;
    return {
      ok: true,
      shape: mode.value === 'concat' ? [...result.shape.slice(0, -1), times(2, last)] : result.shape,
    };
  },
  weights(input, config) {
    const inner = wrapped(config);
    if (!inner) return [{ name: 'unknown', shape: [null], initializer: { kind: 'zeros' }, trainable: true }];
    const weights = inner.rule!.weights(input, inner.config);
    return [
      ...weights.map((w) => ({ ...w, name: `forward_${w.name}` })),
      ...weights.map((w) => ({ ...w, name: `backward_${w.name}` })),
    ];
  },
});

const timeDistributed = shapeOnlyRule({
  classes: ['TimeDistributed'],
  family: 'recurrent',
  args: [shapeArg('layer', { required: true }, 0)],
  outputShape(input, config): ShapeResult {
    const inner = wrapped(config);
    if (!inner) return unreadable('TimeDistributed');
    if (input.length < 3) return rankError('TimeDistributed', 'an input of rank >= 3', input);
    const step = [input[0] ?? null, ...input.slice(2)];
    const result = inner.rule!.outputShape(step, inner.config, [step]);
    if (!result.ok)
      return { ...result, message: `${result.message} (each timestep of ${formatShape(input)})` };
    return { ok: true, shape: [input[0] ?? null, input[1] ?? null, ...result.shape.slice(1)] };
  },
  weights(input, config) {
    const inner = wrapped(config);
    return inner
      ? inner.rule!.weights([input[0] ?? null, ...input.slice(2)], inner.config)
      : [{ name: 'unknown', shape: [null], initializer: { kind: 'zeros' }, trainable: true }];
  },
});

export const RECURRENT_SHAPE_RULES: LayerRule[] = [gru, simpleRnn, bidirectional, timeDistributed];
