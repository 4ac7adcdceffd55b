// Shapes and weights of SimpleRNN, LSTM and GRU (keras/src/layers/rnn/), shared with their wrappers.
import type { SeveralOutputs } from '../model/graph.ts';
import { formatShape } from '../shapes/spatial.ts';
import type { Dim, Shape } from '../types.ts';
import type { LayerConfig } from './config.ts';
import { CELLS, type CellKind } from './recurrentCells.ts';
import type { ShapeResult, WeightSpec } from './rule.ts';
import { initializerOf } from './weights.ts';

/** Keras's output shapes: the output (sequence or last step), then one (batch, units) per state. */
export function rnnOutputShape(
  kind: CellKind,
  input: Shape,
  config: LayerConfig,
  inputs: Shape[],
): ShapeResult {
  if (input.length !== 3)
    return {
      ok: false,
      kind: 'error',
      message: `${kind} expects a rank-3 input (batch, timesteps, features), got ${formatShape(input)}`,
    };
  const units = config.dim('units');
  if (units === undefined)
    return { ok: false, kind: 'unknown', message: '`units` is not a constant keras-lower can read' };
  if (typeof units === 'number' && units <= 0)
    return { ok: false, kind: 'error', message: `${kind} units must be positive, got ${units}` };
  if (config.bool('unroll') && input[1] === null)
    return {
      ok: false,
      kind: 'error',
      message: `${kind} cannot unroll a sequence whose time dimension is undefined (Keras raises)`,
    };
  const { states } = CELLS[kind];
  const given = inputs.slice(1);
  if (given.length > 0 && given.length !== states)
    return {
      ok: false,
      kind: 'error',
      message: `${kind} takes ${states} initial state${states === 1 ? '' : 's'}, got ${given.length}`,
    };
  const state: Shape = [input[0] ?? null, units];
  const output = config.bool('return_sequences') ? [input[0] ?? null, input[1] ?? null, units] : state;
  if (config.bool('return_state') !== true) return { ok: true, shape: output };
  const result: SeveralOutputs = {
    ok: true,
    shape: output,
    outputs: [output, ...Array<Shape>(states).fill(state)],
  };
  return result;
}

export function rnnWeights(kind: CellKind, input: Shape, config: LayerConfig): WeightSpec[] {
  const units = config.dim('units') ?? null;
  const width: Dim = typeof units === 'number' ? CELLS[kind].gates * units : null;
  const weights: WeightSpec[] = [
    {
      name: 'kernel',
      shape: [input[input.length - 1] ?? null, width],
      initializer: initializerOf(config, 'kernel_initializer'),
      trainable: true,
    },
    {
      name: 'recurrent_kernel',
      shape: [units, width],
      initializer: initializerOf(config, 'recurrent_initializer'),
      trainable: true,
    },
  ];
  if (config.bool('use_bias') === false) return weights;
  const forgetOnes = kind === 'LSTM' && config.bool('unit_forget_bias') !== false;
  weights.push({
    name: 'bias',
    shape: kind === 'GRU' && config.bool('reset_after') !== false ? [2, width] : [width],
    initializer: forgetOnes
      ? { kind: 'lstm_bias', units: typeof units === 'number' ? units : 0 }
      : initializerOf(config, 'bias_initializer'),
    trainable: true,
  });
  return weights;
}
