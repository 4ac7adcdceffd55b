// keras.layers.SimpleRNN, LSTM and GRU (keras/src/layers/rnn/) as they run on CPU: the generic step loop
// over their cells (recurrentCells.ts), with return_sequences, return_state, go_backwards, initial_state.
import type { Reason } from '../types.ts';
import { constraintArgs, initializerArg, regularizerArgs } from './common.ts';
import type { ArgSpec, LayerConfig } from './config.ts';
import { classPositionalParameters, rnnLayerClass, rnnOps, type CellKind } from './recurrentCells.ts';
import { rnnOutputShape, rnnWeights } from './recurrentShapes.ts';
import { RECURRENT_WRAPPER_RULES } from './recurrentWrappers.ts';
import type { LayerRule } from './rule.ts';

const translated = (name: string, defaultValue: ArgSpec['default'], kind: ArgSpec['kind']): ArgSpec => ({
  name,
  default: defaultValue,
  kind,
  support: 'translated',
});

const REFUSED_STATEFUL: ArgSpec = {
  name: 'stateful',
  default: false,
  kind: 'bool',
  support: 'default-only',
  why: 'stateful RNNs carry their states across batches in variables, which is not lowered',
};

/** Every constructor argument of the three layers, in each one's positional order. */
function rnnArgs(kind: CellKind): ArgSpec[] {
  const gated = kind !== 'SimpleRNN';
  const head: ArgSpec[] = [
    { name: 'units', default: { required: true }, kind: 'int', support: 'translated' },
    translated('activation', 'tanh', 'activation'),
    ...(gated ? [translated('recurrent_activation', 'sigmoid', 'activation')] : []),
    translated('use_bias', true, 'bool'),
    initializerArg('kernel_initializer', 'glorot_uniform'),
    initializerArg('recurrent_initializer', 'orthogonal'),
    initializerArg('bias_initializer', 'zeros'),
    ...(kind === 'LSTM' ? [translated('unit_forget_bias', true, 'bool')] : []),
    ...regularizerArgs('kernel_regularizer', 'recurrent_regularizer', 'bias_regularizer'),
    {
      name: 'activity_regularizer',
      default: null,
      kind: 'any',
      support: 'default-only',
      why: 'activity regularizers add a loss that is not lowered yet',
    },
    ...constraintArgs('kernel_constraint', 'recurrent_constraint', 'bias_constraint'),
    translated('dropout', 0, 'float'),
    translated('recurrent_dropout', 0, 'float'),
  ];
  const seed = translated('seed', null, 'any');
  const loop: ArgSpec[] = [
    translated('return_sequences', false, 'bool'),
    translated('return_state', false, 'bool'),
    translated('go_backwards', false, 'bool'),
    REFUSED_STATEFUL,
    translated('unroll', false, 'bool'),
  ];
  const tail: ArgSpec[] =
    kind === 'SimpleRNN'
      ? [...loop, seed]
      : [
          seed,
          ...loop,
          ...(kind === 'GRU' ? [translated('reset_after', true, 'bool')] : []),
          translated('use_cudnn', 'auto', 'any'),
        ];
  const positional = [...head, ...tail].map((spec, position) => ({ ...spec, position }));
  // `implementation` is popped from **kwargs by LSTMCell and GRUCell: keyword only.
  return gated ? [...positional, translated('implementation', 2, 'int')] : positional;
}

/** Configurations that cannot be lowered exactly, at their argument. */
export function rnnRefusals(kind: CellKind, config: LayerConfig): Reason[] {
  const reasons: Reason[] = [];
  const initializer = config.string('bias_initializer');
  if (
    kind === 'LSTM' &&
    config.bool('use_bias') !== false &&
    config.bool('unit_forget_bias') !== false &&
    initializer !== undefined &&
    initializer.toLowerCase() !== 'zeros'
  )
    reasons.push({
      message:
        'with unit_forget_bias, only a zeros bias_initializer is lowered (its blocks around the forget gate)',
      range: config.rangeOf('bias_initializer'),
    });
  if (kind !== 'SimpleRNN') {
    const cudnn = config.arg('use_cudnn').value;
    if (!(cudnn.kind === 'string' && cudnn.value === 'auto') && !(cudnn.kind === 'bool' && !cudnn.value))
      reasons.push({
        message:
          'use_cudnn must be "auto" or False: True raises without a GPU, and cuDNN kernels round differently',
        range: config.rangeOf('use_cudnn'),
      });
    const implementation = config.number('implementation');
    if (implementation !== 1 && implementation !== 2)
      reasons.push({ message: '`implementation` must be 1 or 2', range: config.rangeOf('implementation') });
  }
  for (const name of ['dropout', 'recurrent_dropout']) {
    const rate = config.number(name);
    if (rate === undefined)
      reasons.push({
        message: `\`${name}\` must be a number keras-lower can read`,
        range: config.rangeOf(name),
      });
  }
  const seed = config.arg('seed').value;
  if (seed.kind !== 'none' && !(seed.kind === 'number' && seed.isInt))
    reasons.push({ message: '`seed` must be an int or None', range: config.rangeOf('seed') });
  return reasons;
}

export function rnnDiffers(config: LayerConfig): string | undefined {
  const active = ['dropout', 'recurrent_dropout'].filter((name) => {
    const rate = config.number(name) ?? 0;
    return rate > 0 && rate < 1;
  });
  return active.length > 0
    ? `in training, ${active.join(' and ')} masks come from a different random stream than Keras's (same rates, one mask per sequence)`
    : undefined;
}

function rnnRule(kind: CellKind): LayerRule {
  return {
    classes: [kind],
    family: 'recurrent',
    args: rnnArgs(kind),
    outputShape: (input, config, inputs) => rnnOutputShape(kind, input, config, inputs),
    weights: (input, config) => rnnWeights(kind, input, config),

    ops(context) {
      const { config, outputVar } = context;
      const run = rnnOps({
        kind,
        config,
        input: context.inputExpr,
        prefix: outputVar,
        weight: context.weight,
        training: context.training,
        goBackwards: config.bool('go_backwards') === true,
        initialStates: context.inputExprs.slice(1),
      });
      const result = config.bool('return_state') ? `(${[run.output, ...run.states].join(', ')})` : run.output;
      return [...run.lines, `${outputVar} = ${result}`];
    },

    layerClass: {
      name: `Tf${kind}`,
      source: rnnLayerClass(kind),
      parameters: classPositionalParameters(kind),
    },

    refusals: (config) => rnnRefusals(kind, config),
    differs: rnnDiffers,

    caveats(config) {
      const notes = [
        'On CPU Keras runs the generic step loop (never cuDNN); `unroll` computes the same steps; dropout is identity in inference.',
      ];
      if (kind === 'LSTM')
        notes.push('Gate order i, f, c, o; the forget-gate bias starts at ones (`unit_forget_bias`).');
      if (kind === 'GRU')
        notes.push(
          config.bool('reset_after') === false
            ? 'reset_after=False: the reset gate scales h before the recurrent matmul; bias shape (3*units,).'
            : 'reset_after=True (default): the reset gate scales h @ recurrent_kernel + recurrent bias; bias shape (2, 3*units).',
        );
      if (config.bool('go_backwards'))
        notes.push(
          'go_backwards: the returned sequence is in processing order (last input first), as Keras returns it.',
        );
      return notes;
    },
  };
}

export const RECURRENT_CELL_RULES: LayerRule[] = [rnnRule('SimpleRNN'), rnnRule('LSTM'), rnnRule('GRU')];

export const RECURRENT_RULES: LayerRule[] = [...RECURRENT_CELL_RULES, ...RECURRENT_WRAPPER_RULES];
