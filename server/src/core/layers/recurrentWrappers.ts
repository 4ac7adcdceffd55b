// keras.layers.Bidirectional and TimeDistributed (keras/src/layers/rnn/): wrappers around another layer's rule.
import type { LayerNode } from '../model/graph.ts';
import type { SeveralOutputs } from '../model/graph.ts';
import { rankError, unreadable } from '../shapes/checks.ts';
import { formatShape } from '../shapes/spatial.ts';
import type { Dim, Reason, Shape } from '../types.ts';
import type { ArgSpec, LayerConfig } from './config.ts';
import { bidirectionalLayerClass, CELLS, mergeLines, rnnOps, type CellKind } from './recurrentCells.ts';
import { rnnOutputShape, rnnWeights } from './recurrentShapes.ts';
import { isLowerable, type LayerRule, type ShapeResult, type WeightSpec } from './rule.ts';
import { loweringRefusals } from './validate.ts';

const layerArg = (name: string, position: number, required: boolean): ArgSpec => ({
  name,
  position,
  default: required ? { required: true } : null,
  kind: 'any',
  support: 'translated',
});

/** The layer a wrapper's argument holds (`Bidirectional(LSTM(...))`), when it is one with a rule. */
function layerIn(config: LayerConfig, name: string): LayerNode | undefined {
  const value = config.arg(name).value;
  return value.kind === 'layer' && value.layer.rule ? value.layer : undefined;
}

const isCell = (className: string): className is CellKind => className in CELLS;

/** The recurrent layers a Bidirectional runs, or why it cannot be followed. */
function directions(
  config: LayerConfig,
): { forward: LayerNode; backward: LayerNode | undefined; kind: CellKind } | string {
  const forward = layerIn(config, 'layer');
  if (!forward) return 'the wrapped layer is not one keras-lower can read';
  if (!isCell(forward.className))
    return `Bidirectional is followed around SimpleRNN, LSTM and GRU only, not ${forward.className}`;
  const backwardValue = config.arg('backward_layer').value;
  if (backwardValue.kind === 'none') return { forward, backward: undefined, kind: forward.className };
  const backward = layerIn(config, 'backward_layer');
  if (!backward) return 'the backward layer is not one keras-lower can read';
  if (
    backward.className !== forward.className ||
    backward.config.dim('units') !== forward.config.dim('units')
  )
    return 'a backward layer of another class or size than the forward one: Keras reports the forward shapes twice, which its outputs do not have';
  return { forward, backward, kind: forward.className };
}

/** The merge mode's name; null for None; undefined when unreadable. */
function mergeMode(config: LayerConfig): string | null | undefined {
  const value = config.arg('merge_mode').value;
  if (value.kind === 'none') return null;
  return value.kind === 'string' ? value.value : undefined;
}

const MERGE_MODES = ['concat', 'sum', 'mul', 'ave'];

function bidirectionalShape(input: Shape, config: LayerConfig, inputs: Shape[]): ShapeResult {
  const found = directions(config);
  if (typeof found === 'string') return { ok: false, kind: 'unknown', message: found };
  const { forward, backward, kind } = found;
  const mode = mergeMode(config);
  if (mode === undefined) return unreadable('Bidirectional');
  if (mode !== null && !MERGE_MODES.includes(mode))
    return { ok: false, kind: 'error', message: `Invalid merge mode "${mode}" (Keras raises)` };
  const forwardBackwards = forward.config.bool('go_backwards') === true;
  const backwardBackwards = backward ? backward.config.bool('go_backwards') === true : true;
  if (forwardBackwards === backwardBackwards)
    return {
      ok: false,
      kind: 'error',
      message: 'the forward and backward layers must have different go_backwards values (Keras raises)',
    };
  if (backward)
    for (const name of ['return_sequences', 'return_state', 'stateful'])
      if (backward.config.bool(name) !== forward.config.bool(name))
        return {
          ok: false,
          kind: 'error',
          message: `the forward and backward layers must have the same ${name} (Keras raises)`,
        };
  const states = inputs.slice(1);
  if (states.length > 0 && states.length !== 2 * CELLS[kind].states)
    return {
      ok: false,
      kind: 'error',
      message: `Bidirectional(${kind}) takes ${2 * CELLS[kind].states} initial states, got ${states.length}`,
    };
  const inner = rnnOutputShape(kind, input, forward.config, [input]);
  if (!inner.ok) return inner;
  const innerOutputs = 'outputs' in inner ? (inner as SeveralOutputs).outputs : [inner.shape];
  const [output, ...stateShapes] = innerOutputs as [Shape, ...Shape[]];
  const last: Dim = output[output.length - 1] ?? null;
  const merged: Shape[] =
    mode === null
      ? [output, output]
      : [mode === 'concat' ? [...output.slice(0, -1), typeof last === 'number' ? 2 * last : null] : output];
  const all = [...merged, ...stateShapes, ...stateShapes];
  if (all.length === 1) return { ok: true, shape: all[0]! };
  const result: SeveralOutputs = { ok: true, shape: all[0]!, outputs: all };
  return result;
}

const bidirectional: LayerRule = {
  classes: ['Bidirectional'],
  family: 'recurrent',
  args: [
    layerArg('layer', 0, true),
    { name: 'merge_mode', position: 1, default: 'concat', kind: 'any', support: 'translated' },
    {
      name: 'weights',
      position: 2,
      default: null,
      kind: 'any',
      support: 'default-only',
      why: 'initial weight lists are not lowered (load them with set_weights instead)',
    },
    layerArg('backward_layer', 3, false),
  ],
  outputShape: bidirectionalShape,

  weights(input, config) {
    const found = directions(config);
    if (typeof found === 'string')
      return [{ name: 'unknown', shape: [null], initializer: { kind: 'zeros' }, trainable: true }];
    const { forward, backward, kind } = found;
    const prefixed = (prefix: string, weights: WeightSpec[]): WeightSpec[] =>
      weights.map((weight) => ({ ...weight, name: `${prefix}_${weight.name}` }));
    return [
      ...prefixed('forward', rnnWeights(kind, input, forward.config)),
      ...prefixed('backward', rnnWeights(kind, input, (backward ?? forward).config)),
    ];
  },

  ops(context) {
    const { config, outputVar } = context;
    const { forward, backward, kind } = directions(config) as Exclude<ReturnType<typeof directions>, string>;
    const states = context.inputExprs.slice(1);
    const half = states.length / 2;
    const run = (direction: 'forward' | 'backward', layer: LayerNode, goBackwards: boolean) =>
      rnnOps({
        kind,
        config: layer.config,
        input: context.inputExpr,
        prefix: `${outputVar}_${direction}`,
        weight: (name) => context.weight(`${direction}_${name}`),
        training: context.training,
        goBackwards,
        initialStates: direction === 'forward' ? states.slice(0, half) : states.slice(half),
      });
    const fw = run('forward', forward, forward.config.bool('go_backwards') === true);
    const bw = run(
      'backward',
      backward ?? forward,
      backward ? backward.config.bool('go_backwards') === true : true,
    );
    const y = `${outputVar}_y`;
    const yRev = `${outputVar}_y_rev`;
    const mode = mergeMode(config) ?? null;
    const lines = [...fw.lines, '', ...bw.lines, '', `${y} = ${fw.output}`];
    // The backward sequence comes out in processing order: flip it back to the input's order.
    lines.push(
      forward.config.bool('return_sequences')
        ? `${yRev} = tf.reverse(${bw.output}, [1])`
        : `${yRev} = ${bw.output}`,
    );
    if (!forward.config.bool('return_state')) return [...lines, mergeLines(mode, y, yRev, outputVar)];
    const merged = mode === null ? [y, yRev] : [`${outputVar}_merged`];
    if (mode !== null) lines.push(mergeLines(mode, y, yRev, merged[0]!));
    return [...lines, `${outputVar} = (${[...merged, ...fw.states, ...bw.states].join(', ')})`];
  },

  layerClass: {
    name: 'TfBidirectional',
    source: bidirectionalLayerClass(),
    parameters: ['layer', 'merge_mode', 'weights', 'backward_layer'],
  },

  refusals(config) {
    const found = directions(config);
    if (typeof found === 'string') return [{ message: found, range: config.rangeOf('layer') }];
    const reasons: Reason[] = [];
    for (const [name, layer] of [
      ['layer', found.forward],
      ['backward_layer', found.backward],
    ] as const)
      if (layer)
        reasons.push(
          ...loweringRefusals(layer.rule!, layer.config).map((reason) => ({
            ...reason,
            message: `the wrapped ${layer.className}: ${reason.message}`,
          })),
          ...[...layer.reasons, ...(layer.kerasErrors ?? [])].map((reason) => ({
            message: `the wrapped ${layer.className}: ${reason.message}`,
            range: config.rangeOf(name),
          })),
        );
    return reasons;
  },

  differs(config) {
    const found = directions(config);
    if (typeof found === 'string') return undefined;
    return [found.forward, found.backward].map((layer) => layer?.rule?.differs?.(layer.config)).find(Boolean);
  },

  caveats(config) {
    const mode = mergeMode(config);
    return [
      `merge_mode=${mode === null ? 'None (two outputs)' : `"${mode}"`}; the backward layer runs with go_backwards=True and its sequence is flipped back before the merge.`,
    ];
  },
};

const TIME_DISTRIBUTED_CLASS = `class TfTimeDistributed(keras.layers.Layer):
    """keras.layers.TimeDistributed as explicit TensorFlow ops (generated by keras-lower): the wrapped layer
    runs once per timestep and the results are stacked, as Keras does; with an unknown number of timesteps
    the time axis is folded into the batch for one call instead."""

    def __init__(self, layer, **kwargs):
        super().__init__(**kwargs)
        self.layer = layer

    def call(self, inputs, training=None):
        steps = tf.transpose(inputs, [1, 0, *range(2, len(inputs.shape))])
        if inputs.shape[1] is not None:
            outputs = tf.stack([self.layer(steps[t], training=training) for t in range(inputs.shape[1])])
        else:
            dims = [dim if dim is not None else tf.shape(steps)[axis] for axis, dim in enumerate(steps.shape)]
            folded = self.layer(tf.reshape(steps, [-1, *dims[2:]]), training=training)
            out_dims = [dim if dim is not None else tf.shape(folded)[axis] for axis, dim in enumerate(folded.shape)]
            outputs = tf.reshape(folded, [dims[0], -1, *out_dims[1:]])
        return tf.transpose(outputs, [1, 0, *range(2, len(outputs.shape))])
`;

/** The permutation swapping the batch and time axes of a tensor of this rank. */
function swapOf(rank: number): string {
  return `[1, 0${Array.from({ length: rank - 2 }, (_, index) => `, ${index + 2}`).join('')}]`;
}

/** A reshape target: static dims as written, unknown ones read from `tf.shape(expr)`. */
function shapeList(dims: Dim[], expr: string, offset: number): string[] {
  return dims.map((dim, index) =>
    typeof dim === 'number' ? String(dim) : `tf.shape(${expr})[${index + offset}]`,
  );
}

/** Layers whose training-mode statistics span the batch: one call on batch * time is not T calls. */
const BATCH_STATISTICS = new Set(['BatchNormalization']);

const timeDistributed: LayerRule = {
  classes: ['TimeDistributed'],
  family: 'recurrent',
  args: [layerArg('layer', 0, true)],

  outputShape(input, config): ShapeResult {
    const inner = layerIn(config, 'layer');
    if (!inner) return unreadable('TimeDistributed');
    if (input.length < 3) return rankError('TimeDistributed', 'an input of rank >= 3', input);
    const step = [input[0] ?? null, ...input.slice(2)];
    const result = inner.rule!.outputShape(step, inner.config, [step]);
    if (!result.ok)
      return { ...result, message: `${result.message} (each timestep of ${formatShape(input)})` };
    if ('outputs' in result)
      return { ok: false, kind: 'unknown', message: 'a wrapped layer with several outputs is not followed' };
    return { ok: true, shape: [input[0] ?? null, input[1] ?? null, ...result.shape.slice(1)] };
  },

  weights(input, config) {
    const inner = layerIn(config, 'layer');
    return inner
      ? inner.rule!.weights([input[0] ?? null, ...input.slice(2)], inner.config)
      : [{ name: 'unknown', shape: [null], initializer: { kind: 'zeros' }, trainable: true }];
  },

  ops(context) {
    const { input, output, inputExpr, outputVar } = context;
    const inner = layerIn(context.config, 'layer')!;
    const steps = `${outputVar}_steps`;
    const stepOutput = `${outputVar}_step`;
    const time = input[1] ?? null;
    // A known number of timesteps: one call per timestep, stacked, as Keras runs it (the same graph, so
    // TensorFlow's op fusions, and with them NaN handling, match). Unknown: the time axis folded into the batch.
    const stepInput = typeof time === 'number' ? `${steps}[${outputVar}_t]` : `${outputVar}_folded`;
    const stepShape = [null, ...input.slice(2)];
    const innerOps = inner.rule!.ops!({
      ...context,
      config: inner.config,
      input: stepShape,
      output: [null, ...output.slice(2)],
      inputExpr: stepInput,
      inputExprs: [stepInput],
      inputs: [stepShape],
      outputVar: stepOutput,
    });
    const lines = [`${steps} = tf.transpose(${inputExpr}, ${swapOf(input.length)})`];
    if (typeof time === 'number')
      return [
        ...lines,
        `${outputVar}_outputs = []`,
        `for ${outputVar}_t in range(${time}):`,
        ...innerOps.map((line) => (line ? `    ${line}` : line)),
        `    ${outputVar}_outputs.append(${stepOutput})`,
        `${outputVar} = tf.transpose(tf.stack(${outputVar}_outputs), ${swapOf(output.length)})`,
      ];
    return [
      ...lines,
      `${outputVar}_folded = tf.reshape(${steps}, [-1, ${shapeList(input.slice(2), inputExpr, 2).join(', ')}])`,
      ...innerOps,
      `${outputVar} = tf.transpose(tf.reshape(${stepOutput}, [tf.shape(${inputExpr})[1], -1, ${shapeList(output.slice(2), stepOutput, 1).join(', ')}]), ${swapOf(output.length)})`,
    ];
  },

  layerClass: { name: 'TfTimeDistributed', source: TIME_DISTRIBUTED_CLASS, parameters: ['layer'] },

  refusals(config) {
    const inner = layerIn(config, 'layer');
    const range = config.rangeOf('layer');
    if (!inner) return [{ message: 'the wrapped layer is not one keras-lower can read', range }];
    if (!isLowerable(inner.rule))
      return [{ message: `the wrapped ${inner.className} is not lowered yet`, range }];
    return [
      ...loweringRefusals(inner.rule, inner.config),
      ...[...inner.reasons, ...(inner.kerasErrors ?? [])].map((reason) => ({ ...reason, range })),
    ].map((reason) => ({ ...reason, message: `the wrapped ${inner.className}: ${reason.message}` }));
  },

  differs(config) {
    const inner = layerIn(config, 'layer');
    if (!inner) return undefined;
    if (BATCH_STATISTICS.has(inner.className))
      return `in training, ${inner.className} sees batch * time samples at once; Keras calls it once per timestep`;
    return inner.rule?.differs?.(inner.config);
  },

  caveats() {
    return [
      'Like Keras, the wrapped layer runs once per timestep and the results are stacked; with an unknown number of timesteps the time axis is folded into the batch for one call (the same numbers for layers that treat samples independently).',
      'With an unknown number of timesteps, Keras 3 inside a traced graph maps over the batch size instead of the timesteps (time_distributed.py reads the batch dimension after its transpose); the lowering computes every timestep.',
    ];
  },
};

export const RECURRENT_WRAPPER_RULES: LayerRule[] = [bidirectional, timeDistributed];
