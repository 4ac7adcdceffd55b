// Weight regularizers (keras/src/regularizers/regularizers.py) as the penalty they add to the training loss:
// l1 * sum(|w|) + l2 * sum(w²). Only L1, L2 and L1L2, by name or constructed with literal factors.
import type { Value } from '../model/values.ts';
import type { Reason } from '../types.ts';
import type { LayerConfig } from './config.ts';
import type { WeightSpec } from './rule.ts';

export interface RegularizerSpec {
  l1: number;
  l2: number;
}

/** `keras.regularizers.get(name)`: the class names and their snake_case forms ("l1l2", not "l1_l2"). */
const BY_NAME: Record<string, RegularizerSpec> = {
  L1: { l1: 0.01, l2: 0 },
  l1: { l1: 0.01, l2: 0 },
  L2: { l1: 0, l2: 0.01 },
  l2: { l1: 0, l2: 0.01 },
  L1L2: { l1: 0, l2: 0 },
  l1l2: { l1: 0, l2: 0 },
};

/** Constructors by their exported names, with their parameters and defaults in order. */
const CONSTRUCTORS: Record<string, Array<[keyof RegularizerSpec, number]>> = {
  L1: [['l1', 0.01]],
  l1: [['l1', 0.01]],
  L2: [['l2', 0.01]],
  l2: [['l2', 0.01]],
  L1L2: [
    ['l1', 0],
    ['l2', 0],
  ],
  l1_l2: [
    ['l1', 0],
    ['l2', 0],
  ],
};

/** What a `*_regularizer` argument adds to the loss; a string says why it cannot be written out. */
export function readRegularizer(value: Value): RegularizerSpec | null | string {
  if (value.kind === 'none') return null;
  if (value.kind === 'string') {
    return Object.hasOwn(BY_NAME, value.value)
      ? BY_NAME[value.value]!
      : `"${value.value}" is not a regularizer keras-lower writes out (l1, l2, l1l2 and their classes)`;
  }
  const path = value.kind === 'ref' || value.kind === 'kerasObject' ? value.path : '';
  const name = /^keras\.regularizers\.(\w+)$/.exec(path)?.[1];
  const parameters = name && Object.hasOwn(CONSTRUCTORS, name) ? CONSTRUCTORS[name]! : undefined;
  if (!parameters)
    return 'only keras.regularizers.L1/L2/L1L2 (by name or with literal factors) are written out; custom regularizers and OrthogonalRegularizer are not';
  const spec: RegularizerSpec = { l1: 0, l2: 0 };
  for (const [key, fallback] of parameters) spec[key] = fallback;
  if (value.kind !== 'kerasObject') return spec;
  const given: Array<[string, Value]> = [
    ...value.args.positional.map((arg, index): [string, Value] => [parameters[index]?.[0] ?? '', arg.value]),
    ...[...value.args.keywords].map(([key, arg]): [string, Value] => [key, arg.value]),
  ];
  for (const [key, factor] of given) {
    if (!parameters.some(([parameter]) => parameter === key))
      return `keras.regularizers.${name} takes ${parameters.map(([p]) => p).join(' and ')} only`;
    if (factor.kind === 'none') continue;
    if (factor.kind !== 'number') return `the ${key} factor is not a number keras-lower can read`;
    spec[key as keyof RegularizerSpec] = factor.value;
  }
  return spec;
}

/** The penalty of one weight as a Python expression over `weight`, as Keras sums it (L1 term first). */
export function penaltyExpression(spec: RegularizerSpec, weight: string): string | undefined {
  const terms = [
    spec.l1 !== 0 ? `${spec.l1} * tf.reduce_sum(tf.abs(${weight}))` : undefined,
    spec.l2 !== 0 ? `${spec.l2} * tf.reduce_sum(tf.square(${weight}))` : undefined,
  ].filter((term): term is string => term !== undefined);
  return terms.length > 0 ? terms.join(' + ') : undefined;
}

/** The argument that regularizes a weight, by the weight's name (`query_kernel` is a kernel). */
const ARGUMENT_OF_WEIGHT: Array<[RegExp, string[]]> = [
  [/recurrent_kernel$/, ['recurrent_regularizer']],
  [/depthwise_kernel$/, ['depthwise_regularizer']],
  [/pointwise_kernel$/, ['pointwise_regularizer']],
  // DepthwiseConv*D calls its kernel `kernel` and regularizes it with depthwise_regularizer.
  [/kernel$/, ['kernel_regularizer', 'depthwise_regularizer']],
  [/bias$/, ['bias_regularizer']],
  [/^embeddings$/, ['embeddings_regularizer']],
  [/^gamma$/, ['gamma_regularizer']],
  [/^beta$/, ['beta_regularizer']],
  [/^alpha$/, ['alpha_regularizer']],
];

export interface WeightPenalty {
  weight: string;
  spec: RegularizerSpec;
}

/** A layer's regularized weights, or why its regularizers cannot be lowered. */
export function weightPenalties(
  config: LayerConfig,
  weights: WeightSpec[],
): { penalties: WeightPenalty[]; problems: Reason[] } {
  const given = regularizersOf(config);
  const used = new Set<string>();
  const penalties: WeightPenalty[] = [];
  for (const weight of weights) {
    const candidates = ARGUMENT_OF_WEIGHT.find(([pattern]) => pattern.test(weight.name))?.[1] ?? [];
    const argument = candidates.find((name) => given.has(name));
    if (!argument) continue;
    used.add(argument);
    // Keras adds penalties for trainable weights only.
    if (!weight.trainable) continue;
    penalties.push({ weight: weight.name, spec: given.get(argument)! });
  }
  const problems = [...given.keys()]
    .filter((name) => !used.has(name))
    .map((name) => ({
      message: `\`${name}\` regularizes no weight keras-lower can name, so its penalty is not lowered`,
      range: config.rangeOf(name),
    }));
  for (const [name, arg] of config.values)
    if (arg.value.kind === 'layer' && regularizersOf(arg.value.layer.config).size > 0)
      problems.push({
        message: `the regularizers of the wrapped layer in \`${name}\` are not lowered yet`,
        range: config.rangeOf(name),
      });
  return { penalties, problems };
}

/** The weight regularizers a layer is given (None and zero factors left out). */
export function regularizersOf(config: LayerConfig): Map<string, RegularizerSpec> {
  const found = new Map<string, RegularizerSpec>();
  for (const [name, arg] of config.values) {
    if (arg.spec.kind !== 'regularizer') continue;
    const spec = readRegularizer(arg.value);
    if (spec && typeof spec === 'object' && (spec.l1 !== 0 || spec.l2 !== 0)) found.set(name, spec);
  }
  return found;
}
