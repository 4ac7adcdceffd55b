// Keras initializers as keras-lower reads them (keras/src/initializers): every built-in one whose draws
// module mode reproduces (in distribution, or exactly with an integer seed), by name or as a
// `keras.initializers.X(...)` call with literal arguments. Anything else is refused at the argument.
import { nodeRange } from '../parse/ranges.ts';
import type { LayerNode } from '../model/graph.ts';
import type { CallArguments } from './config.ts';
import type { Value } from '../model/values.ts';
import type { Reason } from '../types.ts';
import type { LayerConfig } from './config.ts';
import type { FanAxes, InitializerSpec, VarianceScalingPreset, WeightSpec } from './rule.ts';

type InitializerClass =
  | 'Zeros'
  | 'Ones'
  | 'Constant'
  | 'Identity'
  | 'RandomUniform'
  | 'RandomNormal'
  | 'TruncatedNormal'
  | 'VarianceScaling'
  | 'GlorotUniform'
  | 'GlorotNormal'
  | 'HeUniform'
  | 'HeNormal'
  | 'LecunUniform'
  | 'LecunNormal'
  | 'Orthogonal'
  | 'STFT'
  | 'Initializer';

const PRESETS: Partial<Record<InitializerClass, VarianceScalingPreset>> = {
  GlorotUniform: 'glorot_uniform',
  GlorotNormal: 'glorot_normal',
  HeUniform: 'he_uniform',
  HeNormal: 'he_normal',
  LecunUniform: 'lecun_uniform',
  LecunNormal: 'lecun_normal',
};

/** Keras's lookup table (`ALL_OBJECTS_DICT`): class names, their snake_case forms and aliases. Case-sensitive. */
const CLASS_OF_NAME: Record<string, InitializerClass> = {
  Zeros: 'Zeros',
  zeros: 'Zeros',
  zero: 'Zeros',
  Ones: 'Ones',
  ones: 'Ones',
  one: 'Ones',
  Constant: 'Constant',
  constant: 'Constant',
  Identity: 'Identity',
  identity: 'Identity',
  IdentityInitializer: 'Identity',
  RandomUniform: 'RandomUniform',
  random_uniform: 'RandomUniform',
  uniform: 'RandomUniform',
  RandomNormal: 'RandomNormal',
  random_normal: 'RandomNormal',
  normal: 'RandomNormal',
  TruncatedNormal: 'TruncatedNormal',
  truncated_normal: 'TruncatedNormal',
  VarianceScaling: 'VarianceScaling',
  variance_scaling: 'VarianceScaling',
  GlorotUniform: 'GlorotUniform',
  glorot_uniform: 'GlorotUniform',
  GlorotNormal: 'GlorotNormal',
  glorot_normal: 'GlorotNormal',
  HeUniform: 'HeUniform',
  he_uniform: 'HeUniform',
  HeNormal: 'HeNormal',
  he_normal: 'HeNormal',
  LecunUniform: 'LecunUniform',
  lecun_uniform: 'LecunUniform',
  LecunNormal: 'LecunNormal',
  lecun_normal: 'LecunNormal',
  Orthogonal: 'Orthogonal',
  orthogonal: 'Orthogonal',
  OrthogonalInitializer: 'Orthogonal',
  STFT: 'STFT',
  stft: 'STFT',
  STFTInitializer: 'STFT',
  Initializer: 'Initializer',
  initializer: 'Initializer',
};

/** Every name Keras resolves as a string to an initializer we write out. */
export const INITIALIZER_NAMES = Object.keys(CLASS_OF_NAME).filter(
  (name) => !['STFT', 'Initializer', 'Constant'].includes(CLASS_OF_NAME[name]!),
);

/** Each class's constructor parameters in order, with Keras's defaults. */
const PARAMETERS: Record<InitializerClass, Array<[string, Value]>> = {
  Zeros: [],
  Ones: [],
  Constant: [['value', num(0)]],
  Identity: [['gain', num(1)]],
  RandomUniform: [
    ['minval', num(-0.05)],
    ['maxval', num(0.05)],
    ['seed', { kind: 'none' }],
  ],
  RandomNormal: [
    ['mean', num(0)],
    ['stddev', num(0.05)],
    ['seed', { kind: 'none' }],
  ],
  TruncatedNormal: [
    ['mean', num(0)],
    ['stddev', num(0.05)],
    ['seed', { kind: 'none' }],
  ],
  VarianceScaling: [
    ['scale', num(1)],
    ['mode', { kind: 'string', value: 'fan_in' }],
    ['distribution', { kind: 'string', value: 'truncated_normal' }],
    ['seed', { kind: 'none' }],
    ['input_axes', { kind: 'none' }],
    ['output_axes', { kind: 'none' }],
  ],
  GlorotUniform: presetParameters(),
  GlorotNormal: presetParameters(),
  HeUniform: presetParameters(),
  HeNormal: presetParameters(),
  LecunUniform: presetParameters(),
  LecunNormal: presetParameters(),
  Orthogonal: [
    ['gain', num(1)],
    ['seed', { kind: 'none' }],
  ],
  STFT: [],
  Initializer: [],
};

function num(value: number): Value {
  return { kind: 'number', value, isInt: Number.isInteger(value) };
}

function presetParameters(): Array<[string, Value]> {
  return [
    ['seed', { kind: 'none' }],
    ['input_axes', { kind: 'none' }],
    ['output_axes', { kind: 'none' }],
  ];
}

/** Thrown while reading one initializer's arguments; becomes the refusal's message. */
class Unsupported extends Error {}

/** The initializer a string names, or undefined when Keras does not know the name or we cannot draw it. */
export function initializerNamed(name: string | undefined): InitializerSpec | undefined {
  const spec = name === undefined ? undefined : readInitializer({ kind: 'string', value: name });
  return typeof spec === 'object' ? spec : undefined;
}

/** What an initializer argument's value stands for, or why it cannot be written out. */
export function readInitializer(value: Value): InitializerSpec | string {
  if (value.kind === 'string') {
    const cls = Object.hasOwn(CLASS_OF_NAME, value.value) ? CLASS_OF_NAME[value.value] : undefined;
    // Keras deserializes a name with an empty config, and Constant.from_config then lacks its value.
    if (cls === 'Constant')
      return `Keras raises on "${value.value}" (Constant needs a value): use keras.initializers.Constant(value)`;
    return cls
      ? build(cls, () => new Map())
      : `"${value.value}" is not an initializer name Keras knows (names are case-sensitive)`;
  }
  // `keras.initializers.GlorotUniform` uninstantiated: Keras's `get` instantiates a class with defaults.
  const path = value.kind === 'ref' || value.kind === 'kerasObject' ? value.path : undefined;
  const className = /^keras\.initializers\.(\w+)$/.exec(path ?? '')?.[1];
  const cls = className && Object.hasOwn(CLASS_OF_NAME, className) ? CLASS_OF_NAME[className] : undefined;
  if (!cls)
    return value.kind === 'none'
      ? 'None leaves the initializer to add_weight; name one (e.g. "glorot_uniform")'
      : "only Keras's built-in initializers (a name, or keras.initializers.X(...) with literal arguments) are written out; callables and custom classes are not";
  return build(cls, () =>
    value.kind === 'kerasObject' ? bindInitializerArguments(cls, value.args) : new Map<string, Value>(),
  );
}

function bindInitializerArguments(cls: InitializerClass, args: CallArguments): Map<string, Value> {
  const parameters = PARAMETERS[cls].map(([name]) => name);
  const bound = new Map<string, Value>();
  args.positional.forEach((evaluated, index) => {
    const name = parameters[index];
    if (!name) throw new Unsupported(`keras.initializers.${cls} takes ${parameters.length} arguments`);
    bound.set(name, evaluated.value);
  });
  for (const [name, evaluated] of args.keywords) {
    if (!parameters.includes(name))
      throw new Unsupported(
        `\`${name}\` is not an argument of keras.initializers.${cls} (Keras raises on it)`,
      );
    bound.set(name, evaluated.value);
  }
  return bound;
}

function build(cls: InitializerClass, bindArguments: () => Map<string, Value>): InitializerSpec | string {
  try {
    const given = bindArguments();
    return buildSpec(cls, (name) => given.get(name) ?? PARAMETERS[cls].find(([n]) => n === name)![1]);
  } catch (error) {
    if (error instanceof Unsupported) return error.message;
    throw error;
  }
}

function buildSpec(cls: InitializerClass, arg: (name: string) => Value): InitializerSpec {
  const number = (name: string): number => {
    const value = arg(name);
    if (value.kind === 'number') return value.value;
    throw new Unsupported(`\`${name}\` of ${cls} must be a number literal`);
  };
  const seeded = <T extends object>(spec: T): T & { seed?: number } => {
    const seed = readSeed(arg('seed'));
    return seed === undefined ? spec : { ...spec, seed };
  };
  const withAxes = <T extends object>(spec: T): T & { axes?: FanAxes } => {
    const axes = readAxes(arg('input_axes'), arg('output_axes'));
    return axes ? { ...spec, axes } : spec;
  };
  const preset = PRESETS[cls];
  if (preset) return withAxes(seeded({ kind: preset }));
  switch (cls) {
    case 'Zeros':
      return { kind: 'zeros' };
    case 'Ones':
      return { kind: 'ones' };
    case 'Constant':
      return { kind: 'constant', value: number('value') };
    case 'Identity':
      return { kind: 'identity', gain: number('gain') };
    case 'RandomUniform':
      return seeded({ kind: 'random_uniform', minval: number('minval'), maxval: number('maxval') });
    case 'RandomNormal':
    case 'TruncatedNormal':
      return seeded({
        kind: cls === 'RandomNormal' ? 'random_normal' : 'truncated_normal',
        mean: number('mean'),
        stddev: number('stddev'),
      });
    case 'Orthogonal':
      return seeded({ kind: 'orthogonal', gain: number('gain') });
    case 'VarianceScaling':
      return withAxes(seeded(varianceScaling(number('scale'), arg('mode'), arg('distribution'))));
    case 'STFT':
      throw new Unsupported('STFT kernels (scipy windows) are not written out');
    default:
      throw new Unsupported('keras.initializers.Initializer is abstract; Keras cannot draw from it');
  }
}

function varianceScaling(scale: number, modeValue: Value, distributionValue: Value): InitializerSpec {
  if (scale <= 0)
    throw new Unsupported(`VarianceScaling's scale must be positive (Keras raises on ${scale})`);
  const mode = modeValue.kind === 'string' ? modeValue.value : undefined;
  if (mode !== 'fan_in' && mode !== 'fan_out' && mode !== 'fan_avg')
    throw new Unsupported('VarianceScaling\'s mode must be "fan_in", "fan_out" or "fan_avg"');
  // Keras lower-cases the distribution and reads "normal" as "truncated_normal".
  const named = distributionValue.kind === 'string' ? distributionValue.value.toLowerCase() : undefined;
  const distribution = named === 'normal' ? 'truncated_normal' : named;
  if (
    distribution !== 'uniform' &&
    distribution !== 'truncated_normal' &&
    distribution !== 'untruncated_normal'
  )
    throw new Unsupported(
      'VarianceScaling\'s distribution must be "uniform", "truncated_normal", "normal" or "untruncated_normal"',
    );
  return { kind: 'variance_scaling', scale, mode, distribution };
}

function readSeed(value: Value): number | undefined {
  if (value.kind === 'none') return undefined;
  if (value.kind === 'number' && value.isInt && Number.isSafeInteger(value.value)) return value.value;
  throw new Unsupported(
    'only integer literal seeds are honoured (a SeedGenerator draws a stream keras-lower does not follow)',
  );
}

/** Keras uses `input_axes`/`output_axes` only when both are given. */
function readAxes(input: Value, output: Value): FanAxes | undefined {
  if (input.kind === 'none' || output.kind === 'none') return undefined;
  const ints = (value: Value): number[] => {
    const items = value.kind === 'sequence' ? value.items : value.kind === 'number' ? [value] : undefined;
    if (!items?.every((item) => item.kind === 'number' && item.isInt))
      throw new Unsupported('`input_axes` and `output_axes` must be literal lists of ints');
    return items.map((item) => (item as { value: number }).value);
  };
  return { input: ints(input), output: ints(output) };
}

/** The initializer an argument names. Unreadable ones are refused by validation before any lowering uses this. */
export function initializerOf(config: LayerConfig, argument: string): InitializerSpec {
  const spec = readInitializer(config.arg(argument).value);
  return typeof spec === 'object' ? spec : { kind: 'zeros' };
}

/** Why an initializer argument cannot be written out, at the argument; undefined when it can. */
export function initializerRefusal(config: LayerConfig, argument: string): Reason | undefined {
  const arg = config.arg(argument);
  const spec = readInitializer(arg.value);
  if (typeof spec === 'object') return undefined;
  return {
    message: `\`${argument}\`: ${spec}`,
    range: arg.node ? nodeRange(arg.node) : config.rangeOf(argument),
  };
}

/** Shared by hover and module mode's comments: `glorot_uniform`, `random_normal(mean=0.0, stddev=0.05)`. */
export function describeInitializer(spec: InitializerSpec): string {
  const seed = 'seed' in spec && spec.seed !== undefined ? `seed=${spec.seed}` : undefined;
  const axes =
    'axes' in spec && spec.axes
      ? `fans over kernel axes ${JSON.stringify(spec.axes.input)} -> ${JSON.stringify(spec.axes.output)}`
      : undefined;
  const withArgs = (name: string, ...args: Array<string | undefined>): string => {
    const present = args.filter((text): text is string => text !== undefined);
    return present.length > 0 ? `${name}(${present.join(', ')})` : name;
  };
  switch (spec.kind) {
    case 'lstm_bias':
      return 'zeros, ones for the forget gate (unit_forget_bias)';
    case 'zeros':
    case 'ones':
      return spec.kind;
    case 'constant':
      return `constant(${spec.value})`;
    case 'identity':
      return withArgs('identity', spec.gain === 1 ? undefined : `gain=${spec.gain}`);
    case 'orthogonal':
      return withArgs('orthogonal', (spec.gain ?? 1) === 1 ? undefined : `gain=${spec.gain}`, seed);
    case 'random_uniform':
      return withArgs('random_uniform', `minval=${spec.minval}`, `maxval=${spec.maxval}`, seed);
    case 'random_normal':
    case 'truncated_normal':
      return withArgs(spec.kind, `mean=${spec.mean}`, `stddev=${spec.stddev}`, seed);
    case 'variance_scaling':
      return withArgs(
        'variance_scaling',
        `scale=${spec.scale}`,
        `mode="${spec.mode}"`,
        `distribution="${spec.distribution}"`,
        seed,
        axes,
      );
    default:
      return withArgs(spec.kind, seed, axes);
  }
}

/** A layer's weights for the inputs of its first call (attention layers read key and value shapes). */
export function weightsOf(layer: LayerNode): WeightSpec[] {
  if (!layer.rule || !layer.inputShape) return [];
  const inputs = layer.calls[0]?.inputs.map((input) => input.shape ?? []) ?? [layer.inputShape];
  return layer.rule.weights(layer.inputShape, layer.config, inputs);
}
