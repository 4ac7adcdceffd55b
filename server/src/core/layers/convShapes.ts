// Convolutions other than Conv2D (keras/src/layers/convolutional/): shapes and parameters only.
import { rankError, unreadable } from '../shapes/checks.ts';
import {
  convOutputLength,
  convTransposeOutputLength,
  formatShape,
  joinChannels,
  splitChannels,
} from '../shapes/spatial.ts';
import type { Dim, Shape } from '../types.ts';
import { shapeArg, shapeArgs } from './common.ts';
import type { ArgSpec, LayerConfig } from './config.ts';
import { shapeOnlyRule, type LayerRule, type ShapeResult, type WeightSpec } from './rule.ts';

const REGULARIZERS = ['activity_regularizer', 'bias_constraint', 'bias_regularizer'];

function geometry(config: LayerConfig, rank: number, kernelArg = 'kernel_size') {
  const kernel = config.intTuple(kernelArg);
  const strides = config.intTuple('strides');
  const dilation = config.intTuple('dilation_rate');
  const padding = config.string('padding')?.toLowerCase();
  return kernel && strides && dilation && padding && kernel.length === rank
    ? { kernel, strides, dilation, padding }
    : undefined;
}

function convArgs(rank: number, extra: ArgSpec[], kernelName = 'kernel_size'): ArgSpec[] {
  const ones = rank === 1 ? 1 : Array(rank).fill(1);
  return [
    shapeArg(kernelName, { required: true }, undefined, 'intTuple', rank),
    shapeArg('strides', ones, undefined, 'intTuple', rank),
    shapeArg('padding', 'valid', undefined, 'string'),
    shapeArg('data_format', null, undefined, 'dataFormat'),
    shapeArg('dilation_rate', ones, undefined, 'intTuple', rank),
    shapeArg('activation', null, undefined, 'activation'),
    shapeArg('use_bias', true, undefined, 'bool'),
    shapeArg('bias_initializer', 'zeros'),
    ...shapeArgs(REGULARIZERS),
    ...extra,
  ];
}

function positional(specs: ArgSpec[], order: string[]): ArgSpec[] {
  return specs.map((spec) =>
    order.includes(spec.name) ? { ...spec, position: order.indexOf(spec.name) } : spec,
  );
}

function biasWeight(config: LayerConfig, size: Dim): WeightSpec[] {
  return config.bool('use_bias') === false
    ? []
    : [{ name: 'bias', shape: [size], initializer: { kind: 'zeros' }, trainable: true }];
}

/** compute_conv_output_shape for a whole input: rank check, every spatial dim, channels in either format. */
export function convOutputShape(
  className: string,
  rank: number,
  input: Shape,
  config: LayerConfig,
): ShapeResult {
  if (input.length !== rank + 2) return rankError(className, `a rank-${rank + 2} input`, input);
  const g = geometry(config, rank);
  const filters = config.dim('filters');
  if (!g || filters === undefined) return unreadable(className);
  const format = config.dataFormat();
  const out = splitChannels(input, format).spatial.map((length, i) =>
    convOutputLength(
      length,
      g.kernel[i]!,
      g.strides[i]!,
      g.dilation[i]!,
      g.padding === 'causal' ? 'same' : g.padding,
    ),
  );
  if (out.some((length) => typeof length === 'number' && length <= 0))
    return {
      ok: false,
      kind: 'error',
      message: `${className} with kernel ${formatShape(g.kernel)} on input ${formatShape(input)} gives a non-positive output size ${formatShape(out)}`,
    };
  return { ok: true, shape: joinChannels(input[0] ?? null, out, filters, format) };
}

function convND(className: string, rank: number): LayerRule {
  return shapeOnlyRule({
    classes: [className],
    family: 'conv',
    args: positional(
      convArgs(rank, [
        shapeArg('filters', { required: true }, undefined, 'int'),
        shapeArg('groups', 1, undefined, 'int'),
        ...shapeArgs(['kernel_initializer', 'kernel_regularizer', 'kernel_constraint'], {
          kernel_initializer: 'glorot_uniform',
        }),
      ]),
      [
        'filters',
        'kernel_size',
        'strides',
        'padding',
        'data_format',
        'dilation_rate',
        'groups',
        'activation',
        'use_bias',
      ],
    ),
    outputShape: (input, config) => convOutputShape(className, rank, input, config),
    weights(input, config) {
      const kernel = config.intTuple('kernel_size') ?? [];
      const filters = config.dim('filters') ?? null;
      const channels = splitChannels(input, config.dataFormat()).channels;
      const groups = config.number('groups') ?? 1;
      const perGroup = typeof channels === 'number' ? channels / groups : null;
      return [
        {
          name: 'kernel',
          shape: [...kernel, perGroup, filters],
          initializer: { kind: 'glorot_uniform' },
          trainable: true,
        },
        ...biasWeight(config, filters),
      ];
    },
  });
}

function convTransposeND(className: string, rank: number): LayerRule {
  return shapeOnlyRule({
    classes: [className],
    family: 'conv',
    args: positional(
      convArgs(rank, [
        shapeArg('filters', { required: true }, undefined, 'int'),
        shapeArg('output_padding', null, undefined, 'intTuple', rank),
        ...shapeArgs(['kernel_initializer', 'kernel_regularizer', 'kernel_constraint'], {
          kernel_initializer: 'glorot_uniform',
        }),
      ]),
      [
        'filters',
        'kernel_size',
        'strides',
        'padding',
        'output_padding',
        'data_format',
        'dilation_rate',
        'activation',
        'use_bias',
      ],
    ),
    outputShape(input, config): ShapeResult {
      if (input.length !== rank + 2) return rankError(className, `a rank-${rank + 2} input`, input);
      const g = geometry(config, rank);
      const filters = config.dim('filters');
      const outputPadding =
        config.arg('output_padding').value.kind === 'none' ? null : config.intTuple('output_padding');
      if (!g || filters === undefined || outputPadding === undefined) return unreadable(className);
      const format = config.dataFormat();
      const out = splitChannels(input, format).spatial.map((length, i) =>
        convTransposeOutputLength(
          length,
          g.strides[i]!,
          g.kernel[i]!,
          g.padding,
          outputPadding ? outputPadding[i]! : null,
          g.dilation[i]!,
        ),
      );
      return { ok: true, shape: joinChannels(input[0] ?? null, out, filters, format) };
    },
    weights(input, config) {
      const kernel = config.intTuple('kernel_size') ?? [];
      const filters = config.dim('filters') ?? null;
      const channels = splitChannels(input, config.dataFormat()).channels;
      return [
        {
          name: 'kernel',
          shape: [...kernel, filters, channels],
          initializer: { kind: 'glorot_uniform' },
          trainable: true,
        },
        ...biasWeight(config, filters),
      ];
    },
  });
}

function depthwiseOutput(
  className: string,
  rank: number,
  input: Shape,
  config: LayerConfig,
  channelsOut: (channels: Dim) => Dim | undefined,
): ShapeResult {
  if (input.length !== rank + 2) return rankError(className, `a rank-${rank + 2} input`, input);
  const g = geometry(config, rank);
  const format = config.dataFormat();
  const { spatial, channels } = splitChannels(input, format);
  const outChannels = channelsOut(channels);
  if (!g || outChannels === undefined) return unreadable(className);
  const out = spatial.map((length, i) =>
    convOutputLength(length, g.kernel[i]!, g.strides[i]!, g.dilation[i]!, g.padding),
  );
  return { ok: true, shape: joinChannels(input[0] ?? null, out, outChannels, format) };
}

const times = (a: Dim, b: Dim | undefined): Dim | undefined =>
  b === undefined ? undefined : typeof a === 'number' && typeof b === 'number' ? a * b : null;

function depthwiseND(className: string, rank: number): LayerRule {
  return shapeOnlyRule({
    classes: [className],
    family: 'conv',
    args: positional(
      convArgs(rank, [
        shapeArg('depth_multiplier', 1, undefined, 'int'),
        ...shapeArgs(['depthwise_initializer', 'depthwise_regularizer', 'depthwise_constraint'], {
          depthwise_initializer: 'glorot_uniform',
        }),
      ]),
      [
        'kernel_size',
        'strides',
        'padding',
        'depth_multiplier',
        'data_format',
        'dilation_rate',
        'activation',
        'use_bias',
      ],
    ),
    outputShape: (input, config) =>
      depthwiseOutput(className, rank, input, config, (channels) =>
        times(channels, config.dim('depth_multiplier')),
      ),
    weights(input, config) {
      const kernel = config.intTuple('kernel_size') ?? [];
      const multiplier = config.dim('depth_multiplier') ?? null;
      const channels = splitChannels(input, config.dataFormat()).channels;
      return [
        {
          name: 'kernel',
          shape: [...kernel, channels, multiplier],
          initializer: { kind: 'glorot_uniform' },
          trainable: true,
        },
        ...biasWeight(config, times(channels, multiplier) ?? null),
      ];
    },
  });
}

function separableND(className: string, rank: number): LayerRule {
  return shapeOnlyRule({
    classes: [className],
    family: 'conv',
    args: positional(
      convArgs(rank, [
        shapeArg('filters', { required: true }, undefined, 'int'),
        shapeArg('depth_multiplier', 1, undefined, 'int'),
        ...shapeArgs(
          [
            'depthwise_initializer',
            'pointwise_initializer',
            'depthwise_regularizer',
            'pointwise_regularizer',
            'depthwise_constraint',
            'pointwise_constraint',
          ],
          {
            depthwise_initializer: 'glorot_uniform',
            pointwise_initializer: 'glorot_uniform',
          },
        ),
      ]),
      [
        'filters',
        'kernel_size',
        'strides',
        'padding',
        'data_format',
        'dilation_rate',
        'depth_multiplier',
        'activation',
        'use_bias',
      ],
    ),
    outputShape: (input, config) =>
      depthwiseOutput(className, rank, input, config, () => config.dim('filters')),
    weights(input, config) {
      const kernel = config.intTuple('kernel_size') ?? [];
      const multiplier = config.dim('depth_multiplier') ?? null;
      const filters = config.dim('filters') ?? null;
      const channels = splitChannels(input, config.dataFormat()).channels;
      return [
        {
          name: 'depthwise_kernel',
          shape: [...kernel, channels, multiplier],
          initializer: { kind: 'glorot_uniform' },
          trainable: true,
        },
        {
          name: 'pointwise_kernel',
          shape: [...kernel.map(() => 1), times(channels, multiplier) ?? null, filters],
          initializer: { kind: 'glorot_uniform' },
          trainable: true,
        },
        ...biasWeight(config, filters),
      ];
    },
  });
}

export const CONV_SHAPE_RULES: LayerRule[] = [
  convND('Conv1D', 1),
  convND('Conv3D', 3),
  convTransposeND('Conv1DTranspose', 1),
  convTransposeND('Conv2DTranspose', 2),
  convTransposeND('Conv3DTranspose', 3),
  depthwiseND('DepthwiseConv1D', 1),
  depthwiseND('DepthwiseConv2D', 2),
  separableND('SeparableConv1D', 1),
  separableND('SeparableConv2D', 2),
];
