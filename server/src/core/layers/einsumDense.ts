// keras.layers.EinsumDense (keras/src/layers/core/einsum_dense.py): `_analyze_einsum_string` ported for
// output, kernel and bias shapes. Shapes and parameters only; lowering comes with the catalog.
import { unreadable } from '../shapes/checks.ts';
import type { Dim, Shape } from '../types.ts';
import { toShape } from '../model/values.ts';
import { shapeArg, shapeArgs } from './common.ts';
import type { LayerConfig } from './config.ts';
import { shapeOnlyRule, type LayerRule, type ShapeResult, type WeightSpec } from './rule.ts';

interface EinsumAnalysis {
  kernel: Dim[];
  bias: Dim[] | null;
  output: Shape;
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
  for (const dim of weightSpec) {
    if (outputDims.has(dim)) kernel.push(at(output, outputDims.get(dim)!));
    else if (inputDims.has(dim)) kernel.push(at(input, inputDims.get(dim)!));
    else return `weight dimension '${dim}' matches neither the input nor the output`;
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
  }
  return { kernel, bias, output };
}

export const EINSUM_DENSE_RULES: LayerRule[] = [
  shapeOnlyRule({
    classes: ['EinsumDense'],
    family: 'dense',
    args: [
      shapeArg('equation', { required: true }, 0, 'string'),
      shapeArg('output_shape', { required: true }, 1, 'shape'),
      shapeArg('activation', null, 2, 'activation'),
      shapeArg('bias_axes', null, 3),
      ...shapeArgs(
        [
          'kernel_initializer',
          'bias_initializer',
          'kernel_regularizer',
          'bias_regularizer',
          'kernel_constraint',
          'bias_constraint',
          'lora_rank',
          'lora_alpha',
          'gptq_unpacked_column_size',
          'quantization_config',
        ],
        { kernel_initializer: 'glorot_uniform', bias_initializer: 'zeros' },
      ),
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
      return [
        { name: 'kernel', shape: result.kernel, initializer: { kind: 'glorot_uniform' }, trainable: true },
        ...(result.bias
          ? [
              {
                name: 'bias',
                shape: result.bias,
                initializer: { kind: 'zeros' },
                trainable: true,
              } as WeightSpec,
            ]
          : []),
      ];
    },
  }),
];
