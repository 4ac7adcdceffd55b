// Attention layers (keras/src/layers/attention/): MultiHeadAttention (EinsumDense projections, scaled
// dot-product attention, output projection), Attention (dot or concat scores) and AdditiveAttention.
import { toShape } from '../model/values.ts';
import { formatShape } from '../shapes/spatial.ts';
import type { Dim, Shape } from '../types.ts';
import { callSiteRefusals } from './attentionCallSites.ts';
import { ADDITIVE_ATTENTION_CLASS, ATTENTION_CLASS, MULTI_HEAD_ATTENTION_CLASS } from './attentionClasses.ts';
import { attentionEquations } from './attentionEquations.ts';
import { constraintArgs, initializerArg, regularizerArgs } from './common.ts';
import type { ArgSpec, LayerConfig } from './config.ts';
import type { InitializerSpec, LayerRule, OpsContext, ShapeResult, WeightSpec } from './rule.ts';
import { initializerOf } from './weights.ts';

const translated = (
  name: string,
  position: number | undefined,
  defaultValue: ArgSpec['default'],
  kind: ArgSpec['kind'],
): ArgSpec => ({
  name,
  position,
  default: defaultValue,
  kind,
  support: 'translated',
});

const DROPOUT_DIFFERS =
  "in training, the attention-weight dropout mask comes from a different random stream than Keras's (same rate and scaling, other draws)";

const last = (shape: Shape | undefined): Dim => shape?.[shape.length - 1] ?? null;

/** `output_shape` as Keras keeps it: null (the query's last dimension), a tuple, or undefined if unreadable. */
function projectionShape(config: LayerConfig): Shape | null | undefined {
  const value = config.arg('output_shape').value;
  return value.kind === 'none' ? null : toShape(value);
}

function attentionAxes(config: LayerConfig): number[] | undefined {
  const axes = toShape(config.arg('attention_axes').value);
  return axes?.every((axis) => typeof axis === 'number') ? (axes as number[]) : undefined;
}

/** Python text of 1/sqrt(key_dim), as Keras computes it in float64 before casting to the tensor's dtype. */
function inverseSqrt(keyDim: Dim | undefined): string {
  return typeof keyDim === 'number' ? String(1 / Math.sqrt(keyDim)) : `(1.0 / ${keyDim} ** 0.5)`;
}

const VARIANCE_SCALING_KINDS = [
  'glorot_uniform',
  'glorot_normal',
  'he_uniform',
  'he_normal',
  'lecun_uniform',
  'lecun_normal',
  'variance_scaling',
];

function einsumKernelInitializer(config: LayerConfig, contracted: number, rank: number): InitializerSpec {
  const spec = initializerOf(config, 'kernel_initializer');
  if (!VARIANCE_SCALING_KINDS.includes(spec.kind) || ('axes' in spec && spec.axes)) return spec;
  const axes = Array.from({ length: rank }, (_, i) => i);
  return {
    ...spec,
    axes: { input: axes.slice(0, contracted), output: axes.slice(contracted) },
  } as InitializerSpec;
}

const multiHeadAttention: LayerRule = {
  classes: ['MultiHeadAttention'],
  family: 'attention',
  args: [
    translated('num_heads', 0, { required: true }, 'int'),
    translated('key_dim', 1, { required: true }, 'int'),
    translated('value_dim', 2, null, 'int'),
    translated('dropout', 3, 0, 'float'),
    translated('use_bias', 4, true, 'bool'),
    translated('output_shape', 5, null, 'shape'),
    translated('attention_axes', 6, null, 'shape'),
    {
      name: 'sliding_window',
      position: 7,
      default: null,
      kind: 'int',
      support: 'default-only',
      why: 'sliding-window attention masks are not lowered yet',
    },
    {
      name: 'flash_attention',
      position: 8,
      default: null,
      kind: 'any',
      support: 'default-only',
      why: 'flash attention is not available on the TensorFlow backend',
    },
    initializerArg('kernel_initializer', 'glorot_uniform', 9),
    initializerArg('bias_initializer', 'zeros', 10),
    ...regularizerArgs('kernel_regularizer', 'bias_regularizer', 'activity_regularizer'),
    ...constraintArgs('kernel_constraint', 'bias_constraint'),
    {
      name: 'use_gate',
      default: false,
      kind: 'bool',
      support: 'default-only',
      why: 'the gated variant (a sigmoid gate projection) is not lowered yet',
    },
    translated('seed', undefined, null, 'int'),
  ],
  takesList: true,
  // _build_attention() creates a Softmax and a Dropout without names (the projections are named explicitly).
  namesTakenOnBuild: ['softmax', 'dropout'],

  outputShape(query, config, inputs): ShapeResult {
    const value = inputs[1];
    if (!value)
      return { ok: false, kind: 'error', message: 'MultiHeadAttention is called on (query, value[, key])' };
    const key = inputs[2] ?? value;
    if (JSON.stringify(value.slice(1, -1)) !== JSON.stringify(key.slice(1, -1)))
      return {
        ok: false,
        kind: 'error',
        message: `all dimensions of value and key but the last must be equal, got ${formatShape(value)} and ${formatShape(key)}`,
      };
    const projection = projectionShape(config);
    if (projection === undefined)
      return { ok: false, kind: 'unknown', message: '`output_shape` is not a constant keras-lower can read' };
    return { ok: true, shape: projection === null ? query : [...query.slice(0, -1), ...projection] };
  },

  weights(query, config, inputs = [query]): WeightSpec[] {
    const heads = config.dim('num_heads') ?? null;
    const keyDim = config.dim('key_dim') ?? null;
    const valueDim =
      config.arg('value_dim').value.kind === 'none' ? keyDim : (config.dim('value_dim') ?? null);
    const projection = projectionShape(config);
    const outputShape = projection === null ? [last(query)] : (projection ?? [null]);
    const value = inputs[1];
    const key = inputs[2] ?? value;
    const bias = initializerOf(config, 'bias_initializer');
    const useBias = config.bool('use_bias') !== false;
    // EinsumDense's fans: fan_in over the contracted kernel axes (one for the projections, heads and
    // value_dim for the output), fan_out over the rest.
    const dense = (name: string, kernelShape: Shape, biasShape: Shape): WeightSpec[] => [
      {
        name: `${name}_kernel`,
        shape: kernelShape,
        initializer: einsumKernelInitializer(config, name === 'attention_output' ? 2 : 1, kernelShape.length),
        trainable: true,
      },
      ...(useBias ? [{ name: `${name}_bias`, shape: biasShape, initializer: bias, trainable: true }] : []),
    ];
    return [
      ...dense('query', [last(query), heads, keyDim], [heads, keyDim]),
      ...dense('key', [last(key), heads, keyDim], [heads, keyDim]),
      ...dense('value', [last(value), heads, valueDim], [heads, valueDim]),
      ...dense('attention_output', [heads, valueDim, ...outputShape], outputShape),
    ];
  },

  ops(context: OpsContext): string[] {
    const { config, inputExprs, outputVar, weight } = context;
    const [query, value] = inputExprs as [string, string];
    const key = inputExprs[2] ?? value;
    const rank = context.inputs[0]!.length;
    const projection = projectionShape(config);
    const equations = attentionEquations(rank, projection ? projection.length : 1, attentionAxes(config));
    const useBias = config.bool('use_bias') !== false;
    const dropout = config.number('dropout') ?? 0;
    const scale = inverseSqrt(config.dim('key_dim'));
    const project = (name: string, input: string): string =>
      `${outputVar}_${name} = tf.einsum("${equations.projection}", ${input}, ${weight(`${name}_kernel`)})${useBias ? ` + ${weight(`${name}_bias`)}` : ''}`;
    const lines = [project('query', query), project('key', key), project('value', value)];
    if (dropout === 0 && rank === 3) {
      // Keras's fused path (ops.dot_product_attention): the logits are scaled, not the query.
      lines.push(
        `${outputVar}_logits = tf.einsum("BTNH,BSNH->BNTS", ${outputVar}_query, ${outputVar}_key) * ${scale}`,
        `${outputVar}_context = tf.einsum("BNTS,BSNH->BTNH", tf.nn.softmax(${outputVar}_logits, axis=-1), ${outputVar}_value)`,
      );
    } else {
      const scores = `${outputVar}_scores`;
      const axes = equations.softmaxAxes;
      lines.push(
        `${scores} = tf.einsum("${equations.score}", ${outputVar}_key, ${outputVar}_query * ${scale})`,
      );
      lines.push(
        axes.length === 1
          ? `${scores} = tf.nn.softmax(${scores}, axis=${axes[0]})`
          : `${scores} = tf.exp(${scores} - tf.reduce_logsumexp(${scores}, axis=${formatShape(axes)}, keepdims=True))`,
      );
      if (dropout > 0)
        lines.push(
          `${scores} = tf.nn.dropout(${scores}, rate=${dropout}) if ${context.training} else ${scores}`,
        );
      lines.push(`${outputVar}_context = tf.einsum("${equations.combine}", ${scores}, ${outputVar}_value)`);
    }
    lines.push(
      `${outputVar} = tf.einsum("${equations.output}", ${outputVar}_context, ${weight('attention_output_kernel')})${useBias ? ` + ${weight('attention_output_bias')}` : ''}`,
    );
    return lines;
  },

  layerClass: {
    name: 'TfMultiHeadAttention',
    source: MULTI_HEAD_ATTENTION_CLASS,
    parameters: [
      'num_heads',
      'key_dim',
      'value_dim',
      'dropout',
      'use_bias',
      'output_shape',
      'attention_axes',
      'kernel_initializer',
      'bias_initializer',
      'seed',
    ],
  },

  refusals(config) {
    return callSiteRefusals(config, (config.number('dropout') ?? 1) > 0);
  },

  differs(config) {
    return (config.number('dropout') ?? 1) > 0 ? DROPOUT_DIFFERS : undefined;
  },

  caveats(config) {
    const notes = [
      'Scores are scaled by 1/sqrt(key_dim); with rank-3 inputs and no dropout Keras takes its fused dot-product path (logits scaled after the product), otherwise the query is scaled first.',
    ];
    if ((config.number('dropout') ?? 0) > 0)
      notes.push('Dropout on the attention weights is training-only: identity in inference.');
    return notes;
  },
};

function attentionShape(className: string) {
  return (query: Shape, _config: LayerConfig, inputs: Shape[]): ShapeResult => {
    const value = inputs[1];
    if (!value)
      return {
        ok: false,
        kind: 'error',
        message: `${className} is called on [query, value] or [query, value, key]`,
      };
    if (query.length < 3 || value.length !== query.length)
      return {
        ok: false,
        kind: 'error',
        message: `${className} expects a query and value of the same rank >= 3, got ${formatShape(query)} and ${formatShape(value)}`,
      };
    return { ok: true, shape: [...query.slice(0, -1), last(value)] };
  };
}

/** The dropout on the attention weights and the final weighted sum, shared by both score modes. */
function applyScores(context: OpsContext, scores: string): string[] {
  const { config, inputExprs, outputVar } = context;
  const dropout = config.number('dropout') ?? 0;
  const weights = `${outputVar}_weights`;
  const lines = [`${weights} = tf.nn.softmax(${scores}, axis=-1)`];
  if (dropout > 0)
    lines.push(
      `${weights} = tf.nn.dropout(${weights}, rate=${dropout}) if ${context.training} else ${weights}`,
    );
  lines.push(`${outputVar} = tf.matmul(${weights}, ${inputExprs[1]})`);
  return lines;
}

const attention: LayerRule = {
  classes: ['Attention'],
  family: 'attention',
  args: [
    translated('use_scale', 0, false, 'bool'),
    { ...translated('score_mode', 1, 'dot', 'string'), choices: ['dot', 'concat'] },
    translated('dropout', 2, 0, 'float'),
    translated('seed', 3, null, 'int'),
  ],
  takesList: true,
  outputShape: attentionShape('Attention'),

  weights(_query, config): WeightSpec[] {
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

  ops(context) {
    const { config, inputExprs, outputVar, weight } = context;
    const [query, value] = inputExprs as [string, string];
    const key = inputExprs[2] ?? value;
    const useScale = config.bool('use_scale') === true;
    const scores = `${outputVar}_scores`;
    if (config.string('score_mode') === 'concat') {
      const pairs = `tf.expand_dims(${query}, -2) + tf.expand_dims(${key}, -3)`;
      const scaled = useScale ? `${weight('scale')} * (${pairs})` : pairs;
      return [
        `${scores} = ${weight('concat_score_weight')} * tf.reduce_sum(tf.tanh(${scaled}), axis=-1)`,
        ...applyScores(context, scores),
      ];
    }
    const rank = context.inputs[2]?.length ?? context.inputs[1]!.length;
    const swapped = [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];
    return [
      `${scores} = tf.matmul(${query}, tf.transpose(${key}, ${formatShape(swapped)}))${useScale ? ` * ${weight('scale')}` : ''}`,
      ...applyScores(context, scores),
    ];
  },

  layerClass: {
    name: 'TfAttention',
    source: ATTENTION_CLASS,
    parameters: ['use_scale', 'score_mode', 'dropout', 'seed'],
  },

  refusals(config) {
    return callSiteRefusals(config, (config.number('dropout') ?? 1) > 0);
  },

  differs(config) {
    return (config.number('dropout') ?? 1) > 0 ? DROPOUT_DIFFERS : undefined;
  },

  caveats(config) {
    return config.string('score_mode') === 'concat'
      ? ['Concat scores: concat_score_weight * sum(tanh(scale * (query + key))) over the features.']
      : ['Dot scores: query @ key^T, times `scale` when use_scale=True (no 1/sqrt(d) factor).'];
  },
};

const additiveAttention: LayerRule = {
  classes: ['AdditiveAttention'],
  family: 'attention',
  args: [translated('use_scale', 0, true, 'bool'), translated('dropout', 1, 0, 'float')],
  takesList: true,
  outputShape: attentionShape('AdditiveAttention'),

  weights(query, config): WeightSpec[] {
    return config.bool('use_scale') === false
      ? []
      : [{ name: 'scale', shape: [last(query)], initializer: { kind: 'glorot_uniform' }, trainable: true }];
  },

  ops(context) {
    const { config, inputExprs, outputVar, weight } = context;
    const [query, value] = inputExprs as [string, string];
    const key = inputExprs[2] ?? value;
    const pairs = `tf.tanh(tf.expand_dims(${query}, -2) + tf.expand_dims(${key}, -3))`;
    const scores = `${outputVar}_scores`;
    return [
      `${scores} = tf.reduce_sum(${config.bool('use_scale') === false ? pairs : `${weight('scale')} * ${pairs}`}, axis=-1)`,
      ...applyScores(context, scores),
    ];
  },

  layerClass: {
    name: 'TfAdditiveAttention',
    source: ADDITIVE_ATTENTION_CLASS,
    parameters: ['use_scale', 'dropout'],
  },

  refusals(config) {
    return callSiteRefusals(config, (config.number('dropout') ?? 1) > 0);
  },

  differs(config) {
    return (config.number('dropout') ?? 1) > 0 ? DROPOUT_DIFFERS : undefined;
  },

  caveats() {
    return ['Scores: sum(scale * tanh(query + key)) over the features (no scale when use_scale=False).'];
  },
};

export const ATTENTION_RULES: LayerRule[] = [multiHeadAttention, attention, additiveAttention];
