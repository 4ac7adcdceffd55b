// A model Keras builds on the first data it is given: a Sequential without an input, or a subclassed model
// never called on a Keras tensor, built by `fit(x)` / `evaluate(x)` / `predict(x)` on arrays. Keras traces its
// step on the batches of the data: their size is static only when every batch is full (the samples trained on
// a multiple of the batch size), else None, and the model is built for that. Data whose sample count or
// shape keras-lower does not know, and several inputs, leave the model unbuilt (its rows unknown).
import type { Node } from 'web-tree-sitter';
import type { CallArguments } from '../layers/config.ts';
import type { Shape } from '../types.ts';
import type { ModelNode, TrainingCall } from './graph.ts';
import { dimValue, type Value } from './values.ts';

/** Whether Keras would still build this model on its first data. */
export function unbuilt(self: Value, model: ModelNode): boolean {
  if (self.kind === 'userObject') return model.outputs.length === 0;
  return model.kind === 'Sequential' && model.inputLayers.length === 0 && model.layers.length > 0;
}

/** The input shape `fit`/`evaluate`/`predict` builds the model for, when keras-lower knows the data's. */
export function dataInputShape(method: TrainingCall['method'], args: CallArguments): Shape | undefined {
  if (method === 'compile') return undefined;
  const x = (args.keywords.get('x') ?? args.positional[0])?.value;
  if (x?.kind === 'array') {
    if (x.ragged || x.shape.length < 2) return undefined;
    const batch = arraysBatch(method, args, x.shape[0] ?? null);
    return batch === undefined ? undefined : [batch, ...x.shape.slice(1)];
  }
  // A batched tf.data.Dataset of (features, labels) or of features alone.
  const element = x?.kind === 'dataset' ? x.element : undefined;
  const features = element?.kind === 'sequence' ? element.items[0] : element;
  if (features?.kind !== 'array' || features.ragged || features.shape.length < 2) return undefined;
  return features.shape[0] === null ? features.shape : undefined;
}

/** The traced batch size for arrays of `samples`: the batch when every batch is full, else None. */
function arraysBatch(
  method: TrainingCall['method'],
  args: CallArguments,
  samples: Shape[number],
): number | null | undefined {
  if (typeof samples !== 'number') return undefined;
  // fit(x, y, batch_size) and evaluate(x, y, batch_size), but predict(x, batch_size).
  const batchArg = (args.keywords.get('batch_size') ?? args.positional[method === 'predict' ? 1 : 2])?.value;
  const batch =
    batchArg === undefined || batchArg.kind === 'none'
      ? 32
      : batchArg.kind === 'number' && batchArg.isInt && batchArg.value > 0
        ? batchArg.value
        : undefined;
  const split = method === 'fit' ? args.keywords.get('validation_split')?.value : undefined;
  const validation = method === 'fit' ? args.keywords.get('validation_data')?.value : undefined;
  if (batch === undefined || (split && split.kind !== 'number')) return undefined;
  // keras.src.trainers.data_adapters.array_slicing.train_validation_split keeps the first floor(n * (1 - s)).
  const fraction = split?.kind === 'number' && (!validation || validation.kind === 'none') ? split.value : 0;
  const trained = Math.floor(samples * (1 - fraction));
  return trained > 0 && trained % batch === 0 ? batch : null;
}

/** A shape as a tuple value, for Sequential.build. */
export function shapeValue(shape: Shape, node: Node): { value: Value; node: Node } {
  return { value: { kind: 'sequence', list: false, items: shape.map(dimValue) }, node };
}
