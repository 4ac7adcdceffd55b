// keras.layers.EinsumDense (keras/src/layers/core/einsum_dense.py): `_analyze_einsum_string` ported for
// output, kernel and bias shapes; the call is tf.einsum, then tf.add of the bias, then the activation.
// A VarianceScaling kernel initializer takes its fans over the kernel's input and output axes, as in Keras.
import { unreadable } from '../shapes/checks.ts';
import type { Dim, Reason, Shape } from '../types.ts';
import { toShape } from '../model/values.ts';
import { activationLowering } from './activationFunctions.ts';
import { constraintArgs, initializerArg, LORA_ARGS, regularizerArgs, shapeArg } from './common.ts';
import type { LayerConfig } from './config.ts';
import type { InitializerSpec, LayerRule, OpsContext, ShapeResult, WeightSpec } from './rule.ts';
import { VARIANCE_SCALING_METHOD, VARIANCE_SCALING_PRESETS } from './varianceScaling.ts';
import { INITIALIZER_NAMES, initializerNamed, initializerOf } from './weights.ts';

interface EinsumAnalysis {
  kernel: Dim[];
  bias: Dim[] | null;
  output: Shape;
  /** Kernel axes named in the input (fan_in) and in the output (fan_out). */
  inputAxes: number[];
  outputAxes: number[];
}

function analyze(config: LayerConfig, input: Shape): EinsumAnalysis | string | undefined {
  const equation = config.string('equation');
  const outputArg = config.arg('output_shape').value;
  const partial = outputArg.kind === 'number' ? [outputArg.value] : toShape(outputArg);
  const biasAxes = config.arg('bias_axes').value;
  if (!equation || !partial || (biasAxes.kind !== 'none' && biasAxes.kind !== 'string')) return undefined;
  const dotted = equation.replace(/\.\.\./g, '0');
  const plain = /^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$/.exec(dotted);
  const left = /^0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)$/.exec(dotted);
  const right = /^([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0$/.exec(dotted);
  const match = plain ?? left ?? right;
  if (!match) return `invalid einsum equation '${equation}'`;
  const leftElided = !plain && !!left;
  const [, inputSpec, weightSpec, outputSpec] = match as unknown as [string, string, string, string];
  const elided = input.length - inputSpec.length;
  const output: Dim[] = [input[0] ?? null, ...partial];
  if (elided > 0 && leftElided) for (let i = 1; i < elided; i++) output.splice(1, 0, input[i] ?? null);
  else if (elided > 0)
    for (let i = input.length - elided; i < input.length; i++) output.push(input[i] ?? null);
  const inputIndex = (i: number): number => (leftElided ? i + elided - input.length : i);
  const inputDims = new Map([...inputSpec].map((dim, i) => [dim, inputIndex(i)]));
  const outputDims = new Map([...outputSpec].map((dim, i) => [dim, leftElided ? i + elided : i]));
  const at = (shape: Shape, index: number): Dim => shape.at(index) ?? null;
  for (const [dim, index] of inputDims) {
    const outputIndex = outputDims.get(dim);
    if (outputIndex === undefined) continue;
    const expected = at(output, outputIndex);
    if (expected !== null && expected !== at(input, index))
      return `input and output shapes differ at the shared dimension '${dim}': ${String(at(input, index))} vs ${String(expected)}`;
  }
  const kernel: Dim[] = [];
  const inputAxes: number[] = [];
  const outputAxes: number[] = [];
  for (const [axis, dim] of [...weightSpec].entries()) {
    if (outputDims.has(dim)) {
      kernel.push(at(output, outputDims.get(dim)!));
      outputAxes.push(axis);
    } else if (inputDims.has(dim)) {
      kernel.push(at(input, inputDims.get(dim)!));
      inputAxes.push(axis);
    } else return `weight dimension '${dim}' matches neither the input nor the output`;
  }
  let bias: Dim[] | null = null;
  if (biasAxes.kind === 'string') {
    const leftOffset = leftElided ? elided : 0;
    const first = Math.min(...[...biasAxes.value].map((char) => outputSpec.indexOf(char)));
    if (first < 0) return `bias axes '${biasAxes.value}' are not all in the output '${outputSpec}'`;
    bias = [...outputSpec.slice(first)].map((char) =>
      biasAxes.value.includes(char) ? at(output, outputSpec.indexOf(char) + leftOffset) : 1,
    );
    if (!leftElided) for (let i = 0; i < elided; i++) bias.push(1);
    if (bias.includes(null))
      return `bias axes '${biasAxes.value}' include an output axis of unknown size; Keras needs it in output_shape`;
  }
  return { kernel, bias, output, inputAxes, outputAxes };
}

/**
 * Equations Keras's TF einsum runs as a single tf.matmul once letters are renamed in order of appearance;
 * the same op keeps graph rewrites alike (oneDNN fuses MatMul + BiasAdd + Relu, mapping NaN to 0).
 */
const MATMUL_EQUATIONS = ['ab,bc->ac', 'abc,cd->abd', 'abcd,abde->abce'];

function normalizedEquation(equation: string): string {
  const renamed = new Map<string, string>();
  return [...equation]
    .map((char) => {
      if (!/[a-zA-Z]/.test(char)) return char;
      if (!renamed.has(char)) renamed.set(char, String.fromCharCode(97 + renamed.size));
      return renamed.get(char)!;
    })
    .join('');
}

/** The names Keras resolves to VarianceScaling initializers, with their (scale, mode, distribution). */
function varianceScalingTable(): string[] {
  return INITIALIZER_NAMES.flatMap((name) => {
    const spec = initializerNamed(name);
    if (!spec) return [];
    const parameters =
      spec.kind === 'variance_scaling'
        ? spec
        : spec.kind in VARIANCE_SCALING_PRESETS
          ? VARIANCE_SCALING_PRESETS[spec.kind as keyof typeof VARIANCE_SCALING_PRESETS]
          : undefined;
    if (!parameters) return [];
    return [
      `        "${name}": (${parameters.scale.toFixed(1)}, "${parameters.mode}", "${parameters.distribution}"),`,
    ];
  });
}

const LAYER_CLASS = `class TfEinsumDense(keras.layers.Layer):
    """keras.layers.EinsumDense as explicit TensorFlow ops (generated by keras-lower)."""

    # The initializer names Keras resolves to VarianceScaling: (scale, mode, distribution).
    VARIANCE_SCALING = {
${varianceScalingTable().join('\n')}
    }

    def __init__(self, equation, output_shape, activation=None, bias_axes=None,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", **kwargs):
        super().__init__(**kwargs)
        self.equation = equation
        # Keras's TF einsum runs these equations, letters renamed in order of appearance, as one matmul.
        letters = {}
        renamed = "".join(letters.setdefault(char, "abcdefghijklmnopqrstuvwxyz"[len(letters)]) if char.isalpha() else char
                          for char in equation)
        self.as_matmul = renamed in (${MATMUL_EQUATIONS.map((equation) => `"${equation}"`).join(', ')})
        self.partial_output_shape = (output_shape,) if isinstance(output_shape, int) else tuple(output_shape)
        self.activation = activation
        self.bias_axes = bias_axes
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer

    def build(self, input_shape):
        kernel_shape, bias_shape, input_axes, output_axes = self._weight_shapes(tuple(input_shape))
        self.kernel = self.add_weight(shape=kernel_shape, initializer=self._kernel_initializer(input_axes, output_axes),
                                      name="kernel")
        self.bias = None
        if bias_shape is not None:
            self.bias = self.add_weight(shape=bias_shape, initializer=self.bias_initializer, name="bias")

    def _weight_shapes(self, input_shape):
        """Kernel and bias shapes: each kernel letter takes its size from the output, else from the input."""
        input_spec, kernel_spec, output_spec = self.equation.replace("...", "0").replace("->", ",").split(",")
        left_elided = input_spec.startswith("0")
        input_spec, output_spec = input_spec.strip("0"), output_spec.strip("0")
        elided = len(input_shape) - len(input_spec)
        output_shape = [input_shape[0], *self.partial_output_shape]
        if left_elided:
            for i in range(1, elided):
                output_shape.insert(1, input_shape[i])
        elif elided > 0:
            output_shape += input_shape[len(input_shape) - elided:]
        offset = elided if left_elided else 0
        input_dims = {letter: input_shape[i + offset] for i, letter in enumerate(input_spec)}
        output_dims = {letter: output_shape[i + offset] for i, letter in enumerate(output_spec)}
        kernel_shape, input_axes, output_axes = [], [], []
        for axis, letter in enumerate(kernel_spec):
            if letter in output_dims:
                kernel_shape.append(output_dims[letter])
                output_axes.append(axis)
            else:
                kernel_shape.append(input_dims[letter])
                input_axes.append(axis)
        bias_shape = None
        if self.bias_axes is not None:
            first = min(output_spec.find(letter) for letter in self.bias_axes)
            bias_shape = [output_dims[letter] if letter in self.bias_axes else 1 for letter in output_spec[first:]]
            if not left_elided:
                bias_shape += [1] * elided
        return kernel_shape, bias_shape, input_axes, output_axes

    def _kernel_initializer(self, input_axes, output_axes):
        """Keras draws a VarianceScaling kernel with fans over the einsum's input and output axes."""
        initializer = self.kernel_initializer
        if isinstance(initializer, str) and initializer in self.VARIANCE_SCALING:
            (scale, mode, distribution), seed = self.VARIANCE_SCALING[initializer], None
        elif hasattr(initializer, "mode") and (initializer.input_axes is None or initializer.output_axes is None):
            # Keras re-creates the initializer with the instance's seed (drawn at random when none was given).
            scale, mode, distribution = initializer.scale, initializer.mode, initializer.distribution
            seed = (initializer.seed % 2147483646, 0)
        else:
            return initializer

        def initialize(shape, dtype=None):
            fan_in, fan_out = 1, 1
            for axis in input_axes:
                fan_in *= shape[axis]
            for axis in output_axes:
                fan_out *= shape[axis]
            return self._variance_scaling(shape, fan_in, fan_out, scale, mode, distribution, seed)

        return initialize

    def _add_bias(self, outputs):
        """keras.ops.add on TensorFlow: a bias that squeezes to a vector as long as the output's axis 1 or
        last axis goes through bias_add on that axis (the last one first); any other bias broadcasts."""
        sizes = [dim for dim in self.bias.shape if dim > 1]
        if len(sizes) == 1 and len(outputs.shape) > 1 and sizes[0] in (outputs.shape[1], outputs.shape[-1]):
            data_format = "NHWC" if outputs.shape[-1] == sizes[0] else "NCHW"
            return tf.nn.bias_add(outputs, tf.reshape(self.bias, [sizes[0]]), data_format=data_format)
        return tf.add(outputs, self.bias)

${VARIANCE_SCALING_METHOD.map((line) => `    ${line}`).join('\n')}

    def call(self, inputs):
        if self.as_matmul:
            outputs = tf.matmul(inputs, self.kernel)
        else:
            outputs = tf.einsum(self.equation, inputs, self.kernel)
        if self.bias is not None:
            outputs = self._add_bias(outputs)
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs
`;

/**
 * keras.ops.add on the TF backend: a bias that squeezes to one axis whose size equals the output's axis 1
 * or last axis is applied with tf.nn.bias_add on that axis (the last one first), whichever axis the bias
 * was built for; any other bias broadcasts with tf.add. Decided at trace time when a size is unknown here.
 */
function biasAdd(outputVar: string, bias: string, biasShape: Dim[], output: Shape): string {
  const sizes = biasShape.filter((dim) => dim !== 1);
  const size = sizes[0];
  const broadcast = `tf.add(${outputVar}, ${bias})`;
  if (sizes.length !== 1 || typeof size !== 'number' || output.length < 2) return broadcast;
  const vector = biasShape.length > 1 ? `tf.reshape(${bias}, [${size}])` : bias;
  const [second, last] = [output[1], output[output.length - 1]];
  if (typeof second === 'number' && typeof last === 'number') {
    if (last === size) return `tf.nn.bias_add(${outputVar}, ${vector})`;
    if (second === size) return `tf.nn.bias_add(${outputVar}, ${vector}, data_format="NCHW")`;
    return broadcast;
  }
  return `(tf.nn.bias_add(${outputVar}, ${vector}, data_format="NHWC" if ${outputVar}.shape[-1] == ${size} else "NCHW") if ${size} in (${outputVar}.shape[1], ${outputVar}.shape[-1]) else ${broadcast})`;
}

/** Keras gives a VarianceScaling kernel initializer without its own axes the einsum's axes. */
function kernelInitializer(config: LayerConfig, analysis: EinsumAnalysis): InitializerSpec {
  const spec = initializerOf(config, 'kernel_initializer');
  const varianceScaling = spec.kind === 'variance_scaling' || spec.kind in VARIANCE_SCALING_PRESETS;
  return varianceScaling && !('axes' in spec && spec.axes)
    ? ({ ...spec, axes: { input: analysis.inputAxes, output: analysis.outputAxes } } as InitializerSpec)
    : spec;
}

const DEFAULT_ONLY_QUANTIZATION = (name: string) => ({
  name,
  default: null,
  kind: 'any' as const,
  support: 'default-only' as const,
  why: 'quantized EinsumDense kernels are not lowered',
});

export const einsumDenseRule: LayerRule = {
  classes: ['EinsumDense'],
  family: 'dense',
  args: [
    shapeArg('equation', { required: true }, 0, 'string'),
    shapeArg('output_shape', { required: true }, 1, 'shape'),
    { name: 'activation', position: 2, default: null, kind: 'activation', support: 'translated' },
    shapeArg('bias_axes', null, 3),
    initializerArg('kernel_initializer', 'glorot_uniform', 4),
    initializerArg('bias_initializer', 'zeros', 5),
    ...regularizerArgs('kernel_regularizer', 'bias_regularizer'),
    ...constraintArgs('kernel_constraint', 'bias_constraint'),
    ...LORA_ARGS,
    DEFAULT_ONLY_QUANTIZATION('gptq_unpacked_column_size'),
    DEFAULT_ONLY_QUANTIZATION('quantization_config'),
  ],

  outputShape(input, config): ShapeResult {
    const result = analyze(config, input);
    if (result === undefined) return unreadable('EinsumDense');
    if (typeof result === 'string') return { ok: false, kind: 'error', message: `EinsumDense: ${result}` };
    return { ok: true, shape: result.output };
  },

  weights(input, config): WeightSpec[] {
    const result = analyze(config, input);
    if (!result || typeof result === 'string')
      return [{ name: 'kernel', shape: [null], initializer: { kind: 'glorot_uniform' }, trainable: true }];
    const weights: WeightSpec[] = [
      {
        name: 'kernel',
        shape: result.kernel,
        initializer: kernelInitializer(config, result),
        trainable: true,
      },
    ];
    if (result.bias)
      weights.push({
        name: 'bias',
        shape: result.bias,
        initializer: initializerOf(config, 'bias_initializer'),
        trainable: true,
      });
    return weights;
  },

  ops(context: OpsContext): string[] {
    const { config, input, output, inputExpr, outputVar } = context;
    const equation = JSON.stringify(config.string('equation'));
    const kernel = context.weight('kernel');
    const lines = [
      MATMUL_EQUATIONS.includes(normalizedEquation(config.string('equation') ?? ''))
        ? `${outputVar} = tf.matmul(${inputExpr}, ${kernel})`
        : `${outputVar} = tf.einsum(${equation}, ${inputExpr}, ${kernel})`,
    ];
    const bias = analyze(config, input);
    if (bias && typeof bias === 'object' && bias.bias)
      lines.push(`${outputVar} = ${biasAdd(outputVar, context.weight('bias'), bias.bias, output)}`);
    const activation = activationLowering(config.activation() ?? 'linear');
    if (activation?.callable) lines.push(`${outputVar} = ${activation.apply(outputVar)}`);
    return lines;
  },

  layerClass: {
    name: 'TfEinsumDense',
    source: LAYER_CLASS,
    parameters: [
      'equation',
      'output_shape',
      'activation',
      'bias_axes',
      'kernel_initializer',
      'bias_initializer',
    ],
  },

  refusals(config: LayerConfig): Reason[] {
    const biasAxes = config.arg('bias_axes').value.kind;
    return biasAxes === 'none' || biasAxes === 'string'
      ? []
      : [
          {
            message: '`bias_axes` must be a string of output letters or None',
            range: config.rangeOf('bias_axes'),
          },
        ];
  },

  caveats: () => [],
};

export const EINSUM_DENSE_RULES: LayerRule[] = [einsumDenseRule];
