// keras.layers.Embedding (keras/src/layers/core/embedding.py): shapes and parameters only.
import { unreadable } from '../shapes/checks.ts';
import { shapeArg, shapeArgs } from './common.ts';
import { shapeOnlyRule, type LayerRule } from './rule.ts';

export const EMBEDDING_RULES: LayerRule[] = [
  shapeOnlyRule({
    classes: ['Embedding'],
    family: 'embedding',
    args: [
      shapeArg('input_dim', { required: true }, 0, 'int'),
      shapeArg('output_dim', { required: true }, 1, 'int'),
      shapeArg('embeddings_initializer', 'uniform', 2),
      ...shapeArgs([
        'embeddings_regularizer',
        'embeddings_constraint',
        'weights',
        'lora_rank',
        'lora_alpha',
        'quantization_config',
      ]),
      shapeArg('mask_zero', false, undefined, 'bool'),
      shapeArg('input_length', null, undefined, 'int'),
    ],
    outputShape(input, config) {
      const outputDim = config.dim('output_dim');
      return outputDim === undefined ? unreadable('Embedding') : { ok: true, shape: [...input, outputDim] };
    },
    weights: (_input, config) => [
      {
        name: 'embeddings',
        shape: [config.dim('input_dim') ?? null, config.dim('output_dim') ?? null],
        initializer: { kind: 'zeros' },
        trainable: true,
      },
    ],
  }),
  shapeOnlyRule({
    classes: ['Masking'],
    family: 'embedding',
    args: [shapeArg('mask_value', 0, 0)],
    outputShape: (input) => ({ ok: true, shape: input }),
  }),
];
