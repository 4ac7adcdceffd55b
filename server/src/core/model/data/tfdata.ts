// tf.data pipelines and Keras's `*_dataset_from_*` utilities: what one element of the dataset is (arrays nested
// in tuples or dicts), through batch/map/shuffle/prefetch/cache/take, `next(iter(ds))` and `ds.element_spec`.
// Element shapes come from the utilities' arguments as keras/src/utils/{image,text,timeseries}_dataset_utils.py
// document them; what depends on the files on disk (how many classes a folder has) is a named dimension.
import type { CallArguments } from '../../layers/config.ts';
import { toDim, toShape, unknown, type Value } from '../values.ts';
import { array, type ArrayValue } from './arrays.ts';
import { argument, asArray } from './functions.ts';

export type DatasetValue = Extract<Value, { kind: 'dataset' }>;

function dataset(element: Value, count?: number): DatasetValue {
  return { kind: 'dataset', element, count };
}

/** Maps every array in a nested element (tuple, list, dict) through `change`; undefined when one is not known. */
export function mapArrays(value: Value, change: (item: ArrayValue) => Value): Value {
  if (value.kind === 'array') return change(value);
  if (value.kind === 'sequence')
    return { ...value, items: value.items.map((item) => mapArrays(item, change)) };
  if (value.kind === 'dict')
    return { ...value, entries: value.entries.map(([key, item]) => [key, mapArrays(item, change)]) };
  return value;
}

/** `Dataset.from_tensor_slices(x)`: each element is one row of every array; their first dims must agree. */
function fromTensorSlices(value: Value | undefined, text: string): Value {
  if (!value) return unknown(`\`${text}\` without data`);
  const counts = new Set<number | string | null>();
  let failed: string | undefined;
  const element = mapArrays(
    value.kind === 'sequence' && !value.list ? value : (asArray(value) ?? value),
    (item) => {
      if (item.shape.length === 0) failed = 'a scalar cannot be sliced';
      counts.add(item.shape[0] ?? null);
      return array(item.shape.slice(1), item.dtype, {
        ragged: item.ragged && item.shape.length > 2 ? true : undefined,
      });
    },
  );
  if (failed) return unknown(`\`${text}\`: ${failed}`);
  if (!containsArrays(element)) return unknown(`\`${text}\`: the data is not something keras-lower can read`);
  const known = [...counts].filter((count): count is number => typeof count === 'number');
  if (new Set(known).size > 1)
    return unknown(`\`${text}\`: the arrays have different first dims (${known.join(', ')})`);
  return dataset(element, counts.size === 1 && known.length === 1 ? known[0] : undefined);
}

function containsArrays(value: Value): boolean {
  if (value.kind === 'array') return true;
  if (value.kind === 'sequence') return value.items.length > 0 && value.items.every(containsArrays);
  if (value.kind === 'dict')
    return value.entries.length > 0 && value.entries.every(([, item]) => containsArrays(item));
  return false;
}

/** The labels a directory utility yields for `label_mode`, or undefined for none (`label_mode=None`). */
function labelsFor(args: CallArguments, text: string): Value | undefined | string {
  const labels = argument(args, 'labels', 1);
  const mode = argument(args, 'label_mode', 2) ?? { kind: 'string', value: 'int' };
  if (labels?.kind === 'none' || mode.kind === 'none') return undefined;
  if (mode.kind !== 'string') return `\`${text}\`: \`label_mode\` is not a constant keras-lower can read`;
  const classNames = argument(args, 'class_names', 3);
  // How many classes: the literal `class_names`, otherwise one per subdirectory, known only on disk.
  const classes = classNames?.kind === 'sequence' ? classNames.items.length : 'num_classes';
  if (mode.value === 'int') return array([], 'int32');
  if (mode.value === 'binary') return array([1], 'float32');
  if (mode.value === 'categorical') return array([classes], 'float32');
  return `\`${text}\`: unknown label_mode "${mode.value}"`;
}

/** Batches an element as `.batch(batch_size)` does: a leading dim of `null` (the last batch may be smaller). */
function batched(element: Value, size: number | null): Value {
  return mapArrays(element, (item) => array([size, ...item.shape], item.dtype, { ragged: item.ragged }));
}

/** `batch_size=32` by default; `None` yields single elements. */
function batchSizeOf(args: CallArguments, position: number, fallback: number): number | null | undefined {
  const value = argument(args, 'batch_size', position);
  if (value === undefined) return fallback;
  if (value.kind === 'none') return null;
  const dim = toDim(value);
  return typeof dim === 'number' ? dim : undefined;
}

/** A directory utility's result: one dataset, or two for `subset="both"`. */
function fromDirectory(element: Value, args: CallArguments, batchPosition: number, text: string): Value {
  const batchSize = batchSizeOf(args, batchPosition, 32);
  if (batchSize === undefined)
    return unknown(`\`${text}\`: \`batch_size\` is not a constant keras-lower can read`);
  const result = dataset(batchSize === null ? element : batched(element, null));
  const subset = args.keywords.get('subset')?.value;
  return subset?.kind === 'string' && subset.value === 'both'
    ? { kind: 'sequence', list: false, items: [result, { ...result }] }
    : result;
}

function imageDataset(args: CallArguments, channelsFirst: boolean, text: string): Value {
  const size = argument(args, 'image_size', 6);
  const imageSize = size ? toShape(size) : [256, 256];
  if (!imageSize || imageSize.length !== 2)
    return unknown(`\`${text}\`: \`image_size\` is not a constant pair`);
  const color = argument(args, 'color_mode', 4);
  const mode = color === undefined ? 'rgb' : color.kind === 'string' ? color.value : undefined;
  const channels = mode === undefined ? undefined : { grayscale: 1, rgb: 3, rgba: 4 }[mode];
  if (channels === undefined)
    return unknown(`\`${text}\`: \`color_mode\` must be "grayscale", "rgb" or "rgba"`);
  const format = args.keywords.get('data_format')?.value;
  const first = format?.kind === 'string' ? format.value === 'channels_first' : channelsFirst;
  const images = array(first ? [channels, ...imageSize] : [...imageSize, channels], 'float32');
  const labels = labelsFor(args, text);
  if (typeof labels === 'string') return unknown(labels);
  return fromDirectory(
    labels ? { kind: 'sequence', list: false, items: [images, labels] } : images,
    args,
    5,
    text,
  );
}

function textDataset(args: CallArguments, text: string): Value {
  // NumPy's dtype for text (`str`): what a stand-in of these arrays must be built with.
  const strings = array([], 'str');
  const labels = labelsFor(args, text);
  if (typeof labels === 'string') return unknown(labels);
  return fromDirectory(
    labels ? { kind: 'sequence', list: false, items: [strings, labels] } : strings,
    args,
    4,
    text,
  );
}

/** Sliding windows: inputs `(sequence_length, *data.shape[1:])`, targets `targets.shape[1:]`, batches of 128. */
function timeseriesDataset(args: CallArguments, text: string): Value {
  const data = asArray(argument(args, 'data', 0));
  const targets = argument(args, 'targets', 1);
  const length = toDim(argument(args, 'sequence_length', 2) ?? { kind: 'none' });
  if (!data || data.shape.length === 0 || length === undefined || length === null)
    return unknown(`\`${text}\`: the data or \`sequence_length\` is not known`);
  const inputs = array([length, ...data.shape.slice(1)], data.dtype);
  const targetArray = targets && targets.kind !== 'none' ? asArray(targets) : undefined;
  if (targets && targets.kind !== 'none' && !targetArray)
    return unknown(`\`${text}\`: the targets are not known`);
  const element: Value = targetArray
    ? { kind: 'sequence', list: false, items: [inputs, array(targetArray.shape.slice(1), targetArray.dtype)] }
    : inputs;
  const batchSize = batchSizeOf(args, 5, 128);
  if (batchSize === undefined)
    return unknown(`\`${text}\`: \`batch_size\` is not a constant keras-lower can read`);
  return dataset(batchSize === null ? element : batched(element, null));
}

const UTILS =
  /^keras\.(?:utils|preprocessing)\.(image_dataset_from_directory|text_dataset_from_directory|timeseries_dataset_from_array)$/;

/** Dataset sources; undefined when the path is not one. */
export function datasetCall(
  path: string,
  args: CallArguments,
  channelsFirst: boolean,
  text: string,
): Value | undefined {
  if (path === 'tf.data.Dataset.from_tensor_slices')
    return fromTensorSlices(argument(args, 'tensors', 0), text);
  if (path === 'tf.data.Dataset.from_tensors') {
    const source = argument(args, 'tensors', 0);
    const element = source ? mapArrays(asArray(source) ?? source, (item) => item) : undefined;
    return element && containsArrays(element)
      ? dataset(element, 1)
      : unknown(`\`${text}\`: the data is not known`);
  }
  if (path === 'tf.data.Dataset.zip') return zipDatasets(args, text);
  if (path === 'tf.data.Dataset.range') {
    const stop = args.positional.length === 1 ? toDim(args.positional[0]!.value) : undefined;
    return dataset(array([], 'int64'), typeof stop === 'number' ? Math.max(0, stop) : undefined);
  }
  const utility = UTILS.exec(path)?.[1];
  if (utility === 'image_dataset_from_directory') return imageDataset(args, channelsFirst, text);
  if (utility === 'text_dataset_from_directory') return textDataset(args, text);
  if (utility === 'timeseries_dataset_from_array') return timeseriesDataset(args, text);
  return undefined;
}

/** `Dataset.zip((images, labels))` or `zip(a, b)`: elements side by side, as long as the shortest. */
function zipDatasets(args: CallArguments, text: string): Value {
  const first = args.positional[0]?.value ?? args.keywords.get('datasets')?.value;
  const parts =
    args.positional.length === 1 && first?.kind === 'sequence'
      ? first.items
      : args.positional.map((arg) => arg.value);
  if (parts.length === 0 || parts.some((part) => part.kind !== 'dataset'))
    return unknown(`\`${text}\`: the zipped values are not datasets keras-lower follows`);
  const datasets = parts as DatasetValue[];
  const counts = datasets.map((part) => part.count);
  const count = counts.every((n): n is number => n !== undefined) ? Math.min(...counts) : undefined;
  return dataset({ kind: 'sequence', list: false, items: datasets.map((part) => part.element) }, count);
}

/** Methods that keep a dataset's element as it is. */
const SAME_ELEMENT = new Set([
  'shuffle',
  'prefetch',
  'cache',
  'repeat',
  'skip',
  'filter',
  'as_numpy_iterator',
  'with_options',
  'apply',
]);

/** `ds.batch(32)`, `ds.take(1)`, ...: the dataset they return; `map` is evaluated by the caller. */
export function datasetMethod(self: DatasetValue, name: string, args: CallArguments, text: string): Value {
  if (SAME_ELEMENT.has(name))
    return {
      ...self,
      count: name === 'shuffle' || name === 'prefetch' || name === 'cache' ? self.count : undefined,
    };
  if (name === 'batch') {
    const size = toDim(argument(args, 'batch_size', 0) ?? { kind: 'none' });
    if (typeof size !== 'number') return unknown(`\`${text}\`: \`batch_size\` is not a constant`);
    const drop = argument(args, 'drop_remainder', 1);
    const exact = drop?.kind === 'bool' && drop.value;
    const count =
      self.count === undefined
        ? undefined
        : exact
          ? Math.floor(self.count / size)
          : Math.ceil(self.count / size);
    return dataset(batched(self.element, exact ? size : null), count);
  }
  if (name === 'unbatch') {
    const element = mapArrays(self.element, (item) => array(item.shape.slice(1), item.dtype));
    return dataset(element);
  }
  if (name === 'take') {
    const count = toDim(argument(args, 'count', 0) ?? { kind: 'none' });
    if (typeof count !== 'number') return unknown(`\`${text}\`: the count is not a constant`);
    const bounded =
      count < 0 ? self.count : self.count === undefined ? undefined : Math.min(count, self.count);
    return { ...dataset(self.element, bounded), taken: count < 0 ? self.taken : count };
  }
  if (name === 'cardinality')
    return self.count === undefined
      ? unknown('the cardinality is only known at run time')
      : array([], 'int64');
  return unknown(`\`Dataset.${name}()\` is not evaluated by keras-lower`);
}

/** What a `for` loop over a dataset sees: elements up to a `.take(n)` bound (the last batch may be smaller). */
export function datasetItems(value: DatasetValue): Value[] | undefined {
  const bound = value.count ?? value.taken;
  if (bound === undefined || bound > 64) return undefined;
  return Array.from({ length: bound }, () => value.element);
}
