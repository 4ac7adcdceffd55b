// keras.layers.DepthwiseConv1D/2D and SeparableConv1D/2D (keras/src/layers/convolutional/
// base_depthwise_conv.py, base_separable_conv.py; the TF backend's nn.depthwise_conv / separable_conv):
// 1D runs as 2D over a height of one, channels_first is transposed to channels_last around the op (TF's
// CPU kernels are channels_last only), strides > 1 with dilation > 1 run at stride 1 and are subsampled
// (`same` padding written out first), then the bias reshaped onto the channel axis and the activation.
import type { Dim, Reason, Shape } from '../types.ts';
import { splitChannels } from '../shapes/spatial.ts';
import type { LayerConfig } from './config.ts';
import {
  classParameters,
  classTail,
  convArgs,
  convCaveats,
  convTail,
  effectiveKernel,
  geometry,
  geometryRefusals,
  positiveIntRefusal,
  pyOnes,
  pyTupleOf,
  type Geometry,
  weightArgs,
} from './convCommon.ts';
import { depthwiseOutputShape, times } from './convShapes.ts';
import type { LayerRule, OpsContext, WeightSpec } from './rule.ts';
import { initializerOf } from './weights.ts';

interface Variant {
  separable: boolean;
  rank: number;
}

const className = ({ separable, rank }: Variant): string =>
  `${separable ? 'SeparableConv' : 'DepthwiseConv'}${rank}D`;

function argOrder({ separable }: Variant): string[] {
  return separable
    ? [
        'filters',
        'kernel_size',
        'strides',
        'padding',
        'data_format',
        'dilation_rate',
        'depth_multiplier',
        'activation',
        'use_bias',
        ...weightArgs(['depthwise', 'pointwise']),
      ]
    : [
        'kernel_size',
        'strides',
        'padding',
        'depth_multiplier',
        'data_format',
        'dilation_rate',
        'activation',
        'use_bias',
        ...weightArgs(['depthwise']),
      ];
}

/** Keras decomposes a strided dilated depthwise convolution, which TF cannot run. */
const decomposed = (g: Geometry): boolean => g.strides.some((s) => s > 1) && g.dilation.some((d) => d > 1);

const tuple = (items: Array<number | string>): string =>
  items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;

function layerClass(variant: Variant): string {
  const { separable, rank } = variant;
  const name = className(variant);
  const signature = separable
    ? `filters, kernel_size, strides=${pyOnes(rank)}, padding="valid", data_format="channels_last",
                 dilation_rate=${pyOnes(rank)}, depth_multiplier=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
                 bias_initializer="zeros", **kwargs`
    : `kernel_size, strides=${pyOnes(rank)}, padding="valid", depth_multiplier=1, data_format="channels_last",
                 dilation_rate=${pyOnes(rank)}, activation=None, use_bias=True, depthwise_initializer="glorot_uniform",
                 bias_initializer="zeros", **kwargs`;
  const weights = separable
    ? `        self.depthwise_kernel = self.add_weight(shape=self.kernel_size + (channels, self.depth_multiplier),
                                                initializer=self.depthwise_initializer, name="depthwise_kernel")
        self.pointwise_kernel = self.add_weight(shape=(1,) * ${rank} + (channels * self.depth_multiplier, self.filters),
                                                initializer=self.pointwise_initializer, name="pointwise_kernel")
        if self.use_bias:
            self.bias = self.add_weight(shape=(self.filters,), initializer=self.bias_initializer, name="bias")
`
    : `        self.kernel = self.add_weight(shape=self.kernel_size + (channels, self.depth_multiplier),
                                      initializer=self.depthwise_initializer, name="kernel")
        if self.use_bias:
            self.bias = self.add_weight(shape=(channels * self.depth_multiplier,), initializer=self.bias_initializer,
                                        name="bias")
`;
  const [toLast, toFirst] = rank === 1 ? ['(0, 2, 1)', '(0, 2, 1)'] : ['(0, 2, 3, 1)', '(0, 3, 1, 2)'];
  const kernels = separable ? ['depthwise', 'pointwise'] : ['depthwise'];
  const kernelAttr = (kernel: string): string => (separable ? `self.${kernel}_kernel` : 'self.kernel');
  const setup =
    rank === 1
      ? `        # Keras runs 1D as 2D over a height of one, striding that height like the width.
        inputs = tf.expand_dims(inputs, 1)
${kernels.map((kernel) => `        ${kernel} = tf.expand_dims(${kernelAttr(kernel)}, 0)`).join('\n')}
        strides, dilations = (1,) + self.strides, (1,) + self.dilation_rate
        op_strides = (1,) + self.strides * 2 + (1,)
`
      : `${kernels.map((kernel) => `        ${kernel} = ${kernelAttr(kernel)}`).join('\n')}
        strides, dilations = self.strides, self.dilation_rate
        op_strides = (1,) + self.strides + (1,)
`;
  const direct = separable
    ? `            outputs = tf.nn.separable_conv2d(inputs, depthwise, pointwise, op_strides, self.padding,
                                             data_format="NHWC", dilations=dilations)`
    : `            outputs = tf.nn.depthwise_conv2d(inputs, depthwise, op_strides, self.padding, data_format="NHWC",
                                             dilations=dilations)`;
  const pointwise = separable
    ? `
            outputs = tf.nn.conv2d(outputs, pointwise, strides=(1, 1, 1, 1), padding="VALID", data_format="NHWC")`
    : '';
  return `class Tf${name}(keras.layers.Layer):
    """keras.layers.${name} as explicit TensorFlow ops (generated by keras-lower)."""

    def __init__(self, ${signature}):
        super().__init__(**kwargs)
${separable ? '        self.filters = filters\n' : ''}        self.kernel_size = ${pyTupleOf('kernel_size', rank)}
        self.strides = ${pyTupleOf('strides', rank)}
        self.padding = padding.upper()
        self.depth_multiplier = depth_multiplier
        self.data_format = data_format or "channels_last"
        self.dilation_rate = ${pyTupleOf('dilation_rate', rank)}
        self.activation = activation
        self.use_bias = use_bias
        self.depthwise_initializer = depthwise_initializer
${separable ? '        self.pointwise_initializer = pointwise_initializer\n' : ''}        self.bias_initializer = bias_initializer

    def build(self, input_shape):
        channels = input_shape[-1] if self.data_format == "channels_last" else input_shape[1]
${weights}
    @staticmethod
    def pad_same(inputs, kernel_size, strides, dilations):
        """padding="same" as explicit zeros (the odd one after), so the convolution can run "valid". A size known
        statically pads by a Python int, so the output keeps its static shape (as Keras's compute_output_shape)."""
        paddings = [[0, 0]]
        for axis, (kernel, stride, dilation) in enumerate(zip(kernel_size, strides, dilations)):
            size = inputs.shape[axis + 1]
            if size is None:
                size = tf.shape(inputs)[axis + 1]
            span = (kernel - 1) * dilation + 1
            total = ((size + stride - 1) // stride - 1) * stride + span - size
            total = max(total, 0) if isinstance(total, int) else tf.maximum(total, 0)
            paddings.append([total // 2, total - total // 2])
        paddings.append([0, 0])
        return tf.pad(inputs, paddings)

    def call(self, inputs):
        if self.data_format == "channels_first":
            # TF's CPU depthwise kernels are channels_last only: Keras transposes around them.
            inputs = tf.transpose(inputs, ${toLast})
${setup}        if any(s > 1 for s in strides) and any(d > 1 for d in dilations):
            # TF cannot stride a dilated depthwise convolution: Keras runs it at stride 1 and subsamples.
            if self.padding == "SAME":
                inputs = self.pad_same(inputs, depthwise.shape[:2], strides, dilations)
            outputs = tf.nn.depthwise_conv2d(inputs, depthwise, strides=(1, 1, 1, 1), padding="VALID",
                                             data_format="NHWC", dilations=dilations)
            outputs = outputs[:, ::strides[0], ::strides[1], :]${pointwise}
        else:
${direct}
${rank === 1 ? '        outputs = tf.squeeze(outputs, [1])\n' : ''}        if self.data_format == "channels_first":
            outputs = tf.transpose(outputs, ${toFirst})
${classTail(rank, separable ? 'self.filters' : 'self.bias.shape[0]')}`;
}

/**
 * `same` padding written out: the statements computing the totals of unknown sizes (into `<output>_pad<axis>`)
 * and the `[[0, 0], [before, after], ..., [0, 0]]` paddings, the odd zero after as TF pads.
 */
function samePaddings(
  tensor: string,
  outputVar: string,
  sizes: Dim[],
  geometry2d: { kernel: number[]; strides: number[]; dilation: number[] },
): { lines: string[]; paddings: string } {
  const lines: string[] = [];
  const pairs = sizes.map((size, axis) => {
    const span = effectiveKernel(geometry2d.kernel[axis]!, geometry2d.dilation[axis]!);
    const stride = geometry2d.strides[axis]!;
    if (typeof size === 'number') {
      const total = Math.max((Math.ceil(size / stride) - 1) * stride + span - size, 0);
      return `[${Math.floor(total / 2)}, ${total - Math.floor(total / 2)}]`;
    }
    const n = `tf.shape(${tensor})[${axis + 1}]`;
    const total = `${outputVar}_pad${axis + 1}`;
    lines.push(
      `${total} = tf.maximum(((${n} + ${stride - 1}) // ${stride} - 1) * ${stride} + ${span} - ${n}, 0)`,
    );
    return `[${total} // 2, ${total} - ${total} // 2]`;
  });
  return { lines, paddings: `[[0, 0], ${pairs.join(', ')}, [0, 0]]` };
}

function ops(variant: Variant, context: OpsContext): string[] {
  const { separable, rank } = variant;
  const { config, inputExpr, outputVar } = context;
  const g = geometry(config, rank)!;
  const format = config.dataFormat();
  const lines: string[] = [];
  let current = inputExpr;
  const step = (expression: string): void => {
    lines.push(`${outputVar} = ${expression}`);
    current = outputVar;
  };
  const [toLast, toFirst] = rank === 1 ? ['(0, 2, 1)', '(0, 2, 1)'] : ['(0, 2, 3, 1)', '(0, 3, 1, 2)'];
  if (format === 'channels_first') step(`tf.transpose(${current}, ${toLast})`);
  if (rank === 1) step(`tf.expand_dims(${current}, 1)`);
  const kernel = (name: string): string =>
    rank === 1 ? `tf.expand_dims(${context.weight(name)}, 0)` : context.weight(name);
  const depthwise = kernel(separable ? 'depthwise_kernel' : 'kernel');
  // 1D as 2D: a leading height of one, unstrided and undilated in the decomposition.
  const kernel2d = rank === 1 ? [1, ...g.kernel] : g.kernel;
  const strides2d = rank === 1 ? [1, ...g.strides] : g.strides;
  const dilation2d = rank === 1 ? [1, ...g.dilation] : g.dilation;
  if (decomposed(g)) {
    if (g.padding === 'same') {
      const spatial = splitChannels(context.input, format).spatial;
      const sizes: Dim[] = rank === 1 ? [1, ...spatial] : spatial;
      const { lines: totals, paddings } = samePaddings(current, outputVar, sizes, {
        kernel: kernel2d,
        strides: strides2d,
        dilation: dilation2d,
      });
      lines.push(...totals);
      step(`tf.pad(${current}, ${paddings})`);
    }
    step(
      `tf.nn.depthwise_conv2d(${current}, ${depthwise}, strides=(1, 1, 1, 1), padding="VALID", data_format="NHWC", dilations=${tuple(dilation2d)})`,
    );
    step(`${current}[:, ::${strides2d[0]}, ::${strides2d[1]}, :]`);
    if (separable)
      step(
        `tf.nn.conv2d(${current}, ${kernel('pointwise_kernel')}, strides=(1, 1, 1, 1), padding="VALID", data_format="NHWC")`,
      );
  } else {
    // Keras strides a 1D convolution's height of one like its width (TF wants them equal).
    const opStrides = rank === 1 ? [1, g.strides[0]!, g.strides[0]!, 1] : [1, ...g.strides, 1];
    const rest = `strides=${tuple(opStrides)}, padding="${g.padding.toUpperCase()}", data_format="NHWC", dilations=${tuple(dilation2d)}`;
    step(
      separable
        ? `tf.nn.separable_conv2d(${current}, ${depthwise}, ${kernel('pointwise_kernel')}, ${rest})`
        : `tf.nn.depthwise_conv2d(${current}, ${depthwise}, ${rest})`,
    );
  }
  if (rank === 1) step(`tf.squeeze(${current}, [1])`);
  if (format === 'channels_first') step(`tf.transpose(${current}, ${toFirst})`);
  const channels = context.output[format === 'channels_last' ? rank + 1 : 1] ?? null;
  return [...lines, ...convTail(context, rank, channels)];
}

function weights(variant: Variant, input: Shape, config: LayerConfig): WeightSpec[] {
  const { separable, rank } = variant;
  const kernel = config.intTuple('kernel_size') ?? Array<null>(rank).fill(null);
  const multiplier = config.dim('depth_multiplier') ?? null;
  const { channels } = splitChannels(input, config.dataFormat());
  const expanded = times(channels, multiplier) ?? null;
  const filters = separable ? (config.dim('filters') ?? null) : null;
  const depthwise = {
    name: separable ? 'depthwise_kernel' : 'kernel',
    shape: [...kernel, channels, multiplier],
    initializer: initializerOf(config, 'depthwise_initializer'),
    trainable: true,
  };
  const bias = {
    name: 'bias',
    shape: [separable ? filters : expanded],
    initializer: initializerOf(config, 'bias_initializer'),
    trainable: true,
  };
  const pointwise = (): WeightSpec => ({
    name: 'pointwise_kernel',
    shape: [...Array<number>(rank).fill(1), expanded, filters],
    initializer: initializerOf(config, 'pointwise_initializer'),
    trainable: true,
  });
  return [
    depthwise,
    ...(separable ? [pointwise()] : []),
    ...(config.bool('use_bias') === false ? [] : [bias]),
  ];
}

function depthwiseRule(variant: Variant): LayerRule {
  const { separable, rank } = variant;
  const name = className(variant);
  const order = argOrder(variant);
  return {
    classes: [name],
    family: 'conv',
    args: convArgs(order, { rank, paddings: ['valid', 'same'] }),

    outputShape: (input, config) =>
      depthwiseOutputShape(name, rank, input, config, (channels) =>
        separable ? config.dim('filters') : times(channels, config.dim('depth_multiplier')),
      ),

    weights: (input, config) => weights(variant, input, config),
    ops: (context) => ops(variant, context),

    layerClass: { name: `Tf${name}`, source: layerClass(variant), parameters: classParameters(order) },

    refusals(config: LayerConfig): Reason[] {
      return [
        ...geometryRefusals(config, rank, []),
        ...positiveIntRefusal(config, 'depth_multiplier'),
        ...(separable ? positiveIntRefusal(config, 'filters') : []),
      ];
    },

    caveats(config) {
      const notes = convCaveats(config);
      const g = geometry(config, rank);
      if (g && decomposed(g))
        notes.push(
          'TF cannot stride a dilated depthwise convolution: Keras (and the lowering) runs it at stride 1 and keeps every stride-th output.',
        );
      if (config.dataFormat() === 'channels_first')
        notes.push(
          'channels_first runs as channels_last between two transposes, as Keras does on CPU (on a GPU Keras calls the NCHW kernel).',
        );
      return notes;
    },
  };
}

export const CONV_DEPTHWISE_RULES: LayerRule[] = [
  depthwiseRule({ separable: false, rank: 1 }),
  depthwiseRule({ separable: false, rank: 2 }),
  depthwiseRule({ separable: true, rank: 1 }),
  depthwiseRule({ separable: true, rank: 2 }),
];
