// What every convolution rule shares: Keras's argument lists, the geometry they read, the TF data-format
// strings, the bias Keras adds by reshaping (base_conv.py & co.), and the refusals common to the family.
import type { Dim, Reason, Shape } from '../types.ts';
import { activationLowering } from './activationFunctions.ts';
import { constraintArgs, initializerArg, regularizerArgs } from './common.ts';
import type { ArgSpec, LayerConfig } from './config.ts';
import type { OpsContext } from './rule.ts';

export type DataFormat = 'channels_last' | 'channels_first';

export interface Geometry {
  kernel: number[];
  strides: number[];
  dilation: number[];
  padding: string;
}

/** Kernel, strides, dilation and padding, or undefined when any of them is unreadable. */
export function geometry(config: LayerConfig, rank: number): Geometry | undefined {
  const kernel = config.intTuple('kernel_size');
  const strides = config.intTuple('strides');
  const dilation = config.intTuple('dilation_rate');
  const padding = config.string('padding')?.toLowerCase();
  return kernel && strides && dilation && padding && kernel.length === rank
    ? { kernel, strides, dilation, padding }
    : undefined;
}

/** `(k - 1) * d + 1`: the span a dilated kernel covers. */
export const effectiveKernel = (kernel: number, dilation: number): number => (kernel - 1) * dilation + 1;

/** TF's data_format string for a rank-`rank` convolution (`_convert_data_format`). */
export function tfDataFormat(rank: number, format: DataFormat): string {
  const spatial = ['W', 'HW', 'DHW'][rank - 1]!;
  return format === 'channels_last' ? `N${spatial}C` : `NC${spatial}`;
}

/** Keras's spelling of an int-or-tuple default: `1` for rank 1, `(1, 1)` above. */
const ones = (rank: number): number | number[] => (rank === 1 ? 1 : Array<number>(rank).fill(1));

interface ArgOptions {
  rank: number;
  paddings: string[];
}

/** The arguments the convolutions share, by name, as Keras declares them. */
function sharedArg(name: string, { rank, paddings }: ArgOptions): ArgSpec[] {
  switch (name) {
    case 'filters':
      return [{ name, default: { required: true }, kind: 'int', support: 'translated' }];
    case 'kernel_size':
      return [{ name, default: { required: true }, kind: 'intTuple', length: rank, support: 'translated' }];
    case 'strides':
    case 'dilation_rate':
      return [{ name, default: ones(rank), kind: 'intTuple', length: rank, support: 'translated' }];
    case 'padding':
      return [{ name, default: 'valid', kind: 'string', choices: paddings, support: 'translated' }];
    case 'output_padding':
      return [{ name, default: null, kind: 'intTuple', length: rank, support: 'translated' }];
    case 'data_format':
      return [{ name, default: null, kind: 'dataFormat', support: 'translated' }];
    case 'groups':
    case 'depth_multiplier':
      return [{ name, default: 1, kind: 'int', support: 'translated' }];
    case 'activation':
      return [{ name, default: null, kind: 'activation', support: 'translated' }];
    case 'use_bias':
      return [{ name, default: true, kind: 'bool', support: 'translated' }];
    case 'kernel_initializer':
    case 'depthwise_initializer':
    case 'pointwise_initializer':
      return [initializerArg(name, 'glorot_uniform')];
    case 'bias_initializer':
      return [initializerArg(name, 'zeros')];
    case 'activity_regularizer':
      // Declared by the base Layer's specs.
      return [];
    default:
      if (name.endsWith('_regularizer')) return regularizerArgs(name);
      if (name.endsWith('_constraint')) return constraintArgs(name);
      throw new Error(`no spec for convolution argument ${name}`);
  }
}

/**
 * Specs for `order` (Keras's constructor signature, in order). Positions stop before
 * `activity_regularizer`, which the base Layer declares: later arguments must be passed by keyword.
 */
export function convArgs(order: string[], options: ArgOptions): ArgSpec[] {
  const positional = order.indexOf('activity_regularizer');
  return order.flatMap((name, index) =>
    sharedArg(name, options).map((spec) => (index < positional ? { ...spec, position: index } : spec)),
  );
}

/** The keyword arguments of a generated class: Keras's order up to the last one the class takes. */
export function classParameters(order: string[]): string[] {
  return order
    .slice(0, order.indexOf('bias_initializer') + 1)
    .filter((name) => !name.endsWith('_regularizer'));
}

/** Keras's conv signature tail after `use_bias`, for a layer whose kernels are named `kernels`. */
export function weightArgs(kernels: string[]): string[] {
  return [
    ...kernels.map((kernel) => `${kernel}_initializer`),
    'bias_initializer',
    ...kernels.map((kernel) => `${kernel}_regularizer`),
    'bias_regularizer',
    'activity_regularizer',
    ...kernels.map((kernel) => `${kernel}_constraint`),
    'bias_constraint',
  ];
}

/** Refusals every convolution shares: unreadable geometry, zero sizes, a data_format Keras would not read. */
export function geometryRefusals(config: LayerConfig, rank: number, tupleArgs: string[]): Reason[] {
  const reasons: Reason[] = [];
  for (const name of ['kernel_size', 'strides', 'dilation_rate', ...tupleArgs]) {
    if (config.arg(name).value.kind === 'none' && name === 'output_padding') continue;
    const tuple = config.intTuple(name);
    if (!tuple)
      reasons.push({
        message: `\`${name}\` must be an int or a tuple of ${rank} ints keras-lower can read`,
        range: config.rangeOf(name),
      });
    else if (tuple.some((n) => n < (name === 'output_padding' ? 0 : 1)))
      reasons.push({
        message: `\`${name}\` ${name === 'output_padding' ? 'cannot be negative' : 'must be positive'} (Keras raises)`,
        range: config.rangeOf(name),
      });
  }
  const format = config.arg('data_format');
  if (format.node && format.value.kind === 'none') {
    // The generated class reads None as channels_last: it cannot see keras.config.
    if (config.imageDataFormat === 'channels_first')
      reasons.push({
        message:
          '`data_format=None` under a channels_first image format: write data_format="channels_first" to lower it',
        range: config.rangeOf('data_format'),
      });
  } else if (
    format.node &&
    !(format.value.kind === 'string' && ['channels_last', 'channels_first'].includes(format.value.value))
  )
    reasons.push({
      message: '`data_format` must be "channels_last", "channels_first" or None, spelled exactly',
      range: config.rangeOf('data_format'),
    });
  return reasons;
}

/** Keras raises on strides > 1 with dilation_rate > 1 for plain and transposed convolutions. */
export function stridedDilationRefusal(config: LayerConfig): Reason[] {
  const strides = config.intTuple('strides');
  const dilation = config.intTuple('dilation_rate');
  return strides?.some((s) => s > 1) && dilation?.some((d) => d > 1)
    ? [
        {
          message: 'Keras rejects strides > 1 together with dilation_rate > 1 for this layer',
          range: config.rangeOf('dilation_rate'),
        },
      ]
    : [];
}

/** A positive int argument (filters, groups, depth_multiplier) Keras validates at construction. */
export function positiveIntRefusal(config: LayerConfig, name: string): Reason[] {
  const value = config.dim(name);
  return typeof value === 'number' && (value <= 0 || !Number.isInteger(value))
    ? [{ message: `\`${name}\` must be a positive int (Keras raises)`, range: config.rangeOf(name) }]
    : [];
}

/** A Python tuple of the bias's broadcast shape: `(1, 1, 1, 8)` or `(1, 8, 1, 1)`. */
function biasShape(rank: number, size: Dim, format: DataFormat): string {
  const channels = typeof size === 'number' ? String(size) : '-1';
  const units = Array<string>(rank).fill('1');
  const dims = format === 'channels_last' ? ['1', ...units, channels] : ['1', channels, ...units];
  return `(${dims.join(', ')})`;
}

/**
 * Whether Keras adds a channels_first bias along the last axis. The layer adds the bias reshaped to
 * (1, size, 1, ...) with `keras.ops.add`, which the TF backend turns into `tf.nn.bias_add` and puts on the
 * last axis whenever that axis has `size` entries (its NHWC guess), else on axis 1.
 */
export function biasOnLastAxis(output: Shape, size: Dim, format: DataFormat): boolean {
  return (
    format === 'channels_first' && typeof size === 'number' && size > 1 && output[output.length - 1] === size
  );
}

/**
 * Keras's tail: the bias added as `keras.ops.add` adds it (see biasOnLastAxis; a bias of one entry is a
 * broadcast add), then the activation.
 */
export function convTail(context: OpsContext, rank: number, biasSize: Dim): string[] {
  const { config, outputVar, output } = context;
  const format = config.dataFormat();
  const lines: string[] = [];
  if (config.bool('use_bias') !== false) {
    const bias = context.weight('bias');
    const last = output[output.length - 1];
    if (biasSize === 1)
      lines.push(`${outputVar} = ${outputVar} + tf.reshape(${bias}, ${biasShape(rank, biasSize, format)})`);
    else if (format === 'channels_last') lines.push(`${outputVar} = tf.nn.bias_add(${outputVar}, ${bias})`);
    else if (biasOnLastAxis(output, biasSize, format))
      lines.push(
        `# As Keras: keras.ops.add guesses NHWC for this bias, the last axis having ${String(biasSize)} entries too.`,
        `${outputVar} = tf.nn.bias_add(${outputVar}, ${bias})`,
      );
    else if (typeof last === 'number' && typeof biasSize === 'number')
      lines.push(`${outputVar} = tf.nn.bias_add(${outputVar}, ${bias}, data_format="NCHW")`);
    else
      lines.push(
        `${outputVar} = tf.nn.bias_add(${outputVar}, ${bias}, data_format="NHWC" if ${outputVar}.shape[-1] == ${bias}.shape[0] else "NCHW")`,
      );
  }
  const activation = activationLowering(config.activation() ?? 'linear');
  if (activation?.callable) lines.push(`${outputVar} = ${activation.apply(outputVar)}`);
  return lines;
}

/** The layer-class lines after the convolution: the same bias and activation, channels either side. */
export function classTail(rank: number, biasSize: string): string {
  return `        if self.use_bias:
            if self.data_format == "channels_last":
                bias_shape = (1,) * ${rank + 1} + (${biasSize},)
            else:
                bias_shape = (1, ${biasSize}) + (1,) * ${rank}
            outputs = self.add_bias(outputs, tf.reshape(self.bias, bias_shape))
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs

    @staticmethod
    def add_bias(outputs, bias):
        """keras.ops.add on a bias: tf.nn.bias_add, on the last axis whenever its static size is the bias's
        (channels_first outputs included), else on axis 1; a bias of one entry is a broadcast add."""
        size = bias.shape.num_elements()
        if size > 1 and size in (outputs.shape[1], outputs.shape[-1]):
            data_format = "NHWC" if outputs.shape[-1] == size else "NCHW"
            return tf.nn.bias_add(outputs, tf.squeeze(bias), data_format=data_format)
        return tf.add(outputs, bias)
`;
}

/** Python that normalises an int-or-tuple constructor argument to a `rank`-tuple. */
export function pyTupleOf(name: string, rank: number): string {
  return `tuple(${name}) if isinstance(${name}, (tuple, list)) else (${name},) * ${rank}`;
}

/** Python for the default of an int-or-tuple argument: `1` or `(1, 1)`. */
export function pyOnes(rank: number): string {
  return rank === 1 ? '1' : `(${Array<string>(rank).fill('1').join(', ')})`;
}

export function convCaveats(config: LayerConfig): string[] {
  const notes: string[] = [];
  if (!config.values.get('padding')?.node)
    notes.push('Keras pads `valid` by default (no padding), unlike hand translations that use `SAME`.');
  if (!config.values.get('data_format')?.node)
    notes.push(
      `\`data_format\` follows \`keras.config.image_data_format()\`: "${config.dataFormat()}" here.`,
    );
  return notes;
}

/** A Python list of ints: `[1, 2]`. */
export const pyList = (items: number[]): string => `[${items.join(', ')}]`;
