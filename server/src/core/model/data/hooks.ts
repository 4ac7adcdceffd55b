// The evaluator's entry points into eager data: calls (keras.datasets, NumPy, eager tf, keras.utils, tf.data),
// attributes and methods of arrays and datasets, indexing, arithmetic and the builtins that read them.
import type { Node } from 'web-tree-sitter';
import type { CallArguments } from '../../layers/config.ts';
import { callLayer } from '../building.ts';
import type { Evaluator } from '../evaluator.ts';
import type { LayerNode } from '../graph.ts';
import type { Scope } from '../scope.ts';
import { constantOfShape } from '../tensorOps.ts';
import { NONE, toShape, unknown, type Value } from '../values.ts';
import {
  array,
  arrayArithmetic,
  dtypeName,
  indexShape,
  knownSize,
  normalizeAxis,
  reshape,
  squeeze,
  type ArrayValue,
  type Index,
} from './arrays.ts';
import { loadDataset } from './datasets.ts';
import { kerasUtilsCall, labelBound, numpyCall, tensorflowCall } from './functions.ts';
import { datasetCall, datasetItems, datasetMethod, type DatasetValue } from './tfdata.ts';

export { datasetItems };

/** A call of a data function, or undefined when `path` is not one (then the evaluator goes on as before). */
export function dataCall(
  evaluator: Evaluator,
  path: string,
  call: Node,
  args: CallArguments,
): Value | undefined {
  const channelsFirst = evaluator.imageDataFormat === 'channels_first';
  const text = call.text.length > 60 ? `${call.text.slice(0, 57)}...` : call.text;
  if (path.startsWith('keras.datasets.')) return loadDataset(path, args, channelsFirst);
  if (path.startsWith('numpy.')) return numpyCall(path, args, text);
  if (path.startsWith('tf.') || path.startsWith('keras.'))
    return (
      datasetCall(path, args, channelsFirst, text) ??
      (path.startsWith('tf.') ? tensorflowCall(path, args, text) : kerasUtilsCall(path, args, text))
    );
  return undefined;
}

/** Whether a call argument is eager data (an array or dataset), so the call is one for this module. */
export function hasData(args: CallArguments): boolean {
  return [...args.positional, ...args.keywords.values()].some((arg) => isData(arg.value));
}

function isData(value: Value): boolean {
  if (value.kind === 'array' || value.kind === 'dataset') return true;
  return value.kind === 'sequence' && value.items.some(isData);
}

/** `x.shape`, `x.ndim`, `x.dtype`, `ds.element_spec`; other names are methods. */
export function dataAttribute(base: ArrayValue | DatasetValue, name: string): Value {
  if (base.kind === 'dataset') {
    if (name === 'element_spec') return base.element;
    // image_dataset_from_directory's class names are the folder's subdirectories, only known on disk.
    if (name === 'class_names' || name === 'file_paths')
      return unknown(`the dataset's \`${name}\` come from the files on disk, read when the program runs`);
    return { kind: 'method', self: base, name };
  }
  switch (name) {
    case 'shape':
      return { kind: 'sequence', list: false, items: base.shape.map(dimOf) };
    case 'ndim':
      return { kind: 'number', value: base.shape.length, isInt: true };
    case 'dtype':
      return { kind: 'string', value: base.dtype };
    case 'size': {
      const size = knownSize(base.shape);
      return size === undefined
        ? unknown('the array size is only known at run time')
        : { kind: 'number', value: size, isInt: true };
    }
    case 'T':
      return array([...base.shape].reverse(), base.dtype);
    default:
      return { kind: 'method', self: base, name };
  }
}

/** A dim as the Python value `x.shape[i]` is: an int, a named size, or unknown (never a guess). */
function dimOf(dim: number | string | null): Value {
  if (typeof dim === 'number') return { kind: 'number', value: dim, isInt: true };
  if (typeof dim === 'string') return { kind: 'named', name: dim };
  return unknown('this size is only known when the program runs');
}

/** Calls another value (a lambda or function given to `Dataset.map`), supplied by calls.ts. */
export type Invoke = (callee: Value, args: Value[]) => Value;

export function dataMethod(
  self: ArrayValue | DatasetValue,
  name: string,
  call: Node,
  args: CallArguments,
  invoke: Invoke,
): Value {
  const text = call.text.length > 60 ? `${call.text.slice(0, 57)}...` : call.text;
  if (self.kind === 'dataset') {
    if (name === 'map') return mapDataset(self, args, invoke, text);
    return datasetMethod(self, name, args, text);
  }
  const first = args.positional[0]?.value;
  switch (name) {
    case 'astype': {
      const dtype = dtypeName(first ?? args.keywords.get('dtype')?.value);
      return dtype ? { ...self, dtype } : unknown(`\`${text}\`: the dtype is not one keras-lower reads`);
    }
    case 'reshape': {
      const shape =
        args.positional.length === 1
          ? toShape(first!)
          : toShape({ kind: 'sequence', list: false, items: args.positional.map((arg) => arg.value) });
      return shape ? reshape(self, shape, text) : unknown(`\`${text}\`: the new shape is not a constant`);
    }
    case 'flatten':
    case 'ravel':
      return reshape(self, [-1], text);
    case 'squeeze':
      return squeeze(self, axisList(first ?? args.keywords.get('axis')?.value), text);
    case 'copy':
    case 'numpy':
      return { ...self };
    case 'transpose':
      return args.positional.length === 0
        ? array([...self.shape].reverse(), self.dtype)
        : unknown(`\`${text}\` with axes is not evaluated`);
    case 'max':
    case 'min':
      if (args.positional.length === 0 && args.keywords.size === 0 && self.classes !== undefined)
        return labelBound(
          name === 'max',
          { positional: [{ value: self, node: call }], keywords: new Map() },
          text,
        );
      return reduce(self, name, args, text);
    case 'mean':
    case 'sum':
    case 'std':
    case 'var':
      return reduce(self, name, args, text);
    default:
      return unknown(`\`.${name}()\` on an array is not evaluated by keras-lower`);
  }
}

function axisList(value: Value | undefined): number[] | undefined {
  if (!value || value.kind === 'none') return undefined;
  if (value.kind === 'number' && value.isInt) return [value.value];
  const shape = toShape(value);
  return shape?.every((dim) => typeof dim === 'number') ? (shape as number[]) : undefined;
}

/** `x.mean(axis=0)`: the axes go away (or stay as 1 with keepdims); no axis gives a 0-d array. */
function reduce(self: ArrayValue, name: string, args: CallArguments, text: string): Value {
  const axisValue = args.keywords.get('axis')?.value ?? args.positional[0]?.value;
  const keep = args.keywords.get('keepdims')?.value;
  const keepdims = keep?.kind === 'bool' && keep.value;
  const dtype =
    name === 'mean' || name === 'std' || name === 'var'
      ? self.dtype.startsWith('float')
        ? self.dtype
        : 'float64'
      : self.dtype;
  const axes = axisList(axisValue);
  if (axisValue && axisValue.kind !== 'none' && !axes)
    return unknown(`\`${text}\`: the axis is not a constant`);
  const positions = (axes ?? self.shape.map((_, index) => index)).map((axis) =>
    normalizeAxis(axis, self.shape.length),
  );
  if (positions.some((position) => position === undefined)) return unknown(`\`${text}\`: axis out of range`);
  const shape = self.shape.flatMap((dim, index) =>
    positions.includes(index) ? (keepdims ? [1] : []) : [dim],
  );
  return array(shape, dtype);
}

/** `ds.map(lambda x, y: (resize(x), y))`: the function runs on the element, its tuple unpacked as tf.data does. */
function mapDataset(self: DatasetValue, args: CallArguments, invoke: Invoke, text: string): Value {
  const fn = args.positional[0]?.value ?? args.keywords.get('map_func')?.value;
  if (!fn) return unknown(`\`${text}\` without a function`);
  const element = self.element;
  const parameters = element.kind === 'sequence' && !element.list ? element.items : [element];
  const result = toData(invoke(fn, parameters));
  return result.kind === 'unknown'
    ? result
    : { kind: 'dataset', element: result, count: self.count, taken: self.taken };
}

/** What a mapped function returns as data: Keras tensors (a layer applied to the element) become arrays. */
function toData(value: Value): Value {
  if (value.kind === 'tensor')
    return value.tensor.shape
      ? array(value.tensor.shape, 'float32')
      : unknown(value.tensor.unknownReason ?? 'the mapped shape is unknown');
  if (value.kind === 'sequence') {
    const items = value.items.map(toData);
    return items.find((item) => item.kind === 'unknown') ?? { ...value, items };
  }
  if (value.kind === 'dict') {
    const entries = value.entries.map(([key, item]): [string, Value] => [key, toData(item)]);
    return entries.find(([, item]) => item.kind === 'unknown')?.[1] ?? { ...value, entries };
  }
  if (value.kind === 'array') return value;
  return value.kind === 'unknown'
    ? value
    : unknown('the mapped function returns something that is not data keras-lower follows');
}

/** `x[:1000]`, `x[..., None]`, `x[:, :, np.newaxis]`, `x[0]`, `x[mask]`. */
export function dataSubscript(evaluator: Evaluator, node: Node, container: ArrayValue, scope: Scope): Value {
  const indices: Index[] = [];
  for (const child of node.childrenForFieldName('subscript')) {
    if (!child) continue;
    const index = readIndex(evaluator, child, scope);
    if (!index) return unknown(`\`${node.text}\` indexes with a value keras-lower cannot read`);
    indices.push(index);
  }
  return indexShape(container, indices, node.text);
}

function readIndex(evaluator: Evaluator, node: Node, scope: Scope): Index | undefined {
  if (node.type === 'ellipsis') return { kind: 'ellipsis' };
  if (node.type === 'slice') {
    const parts = sliceParts(node, (child) => evaluator.evaluate(child, scope));
    return parts ? { kind: 'slice', ...parts } : undefined;
  }
  const value = evaluator.evaluate(node, scope);
  if (value.kind === 'none' || (value.kind === 'ref' && /^(?:numpy|tf)\.newaxis$/.test(value.path)))
    return { kind: 'newaxis' };
  if (value.kind === 'number' && value.isInt) return { kind: 'int', value: value.value };
  if (value.kind === 'array') return { kind: 'array', shape: value.shape, boolean: value.dtype === 'bool' };
  return undefined;
}

/** The constant bounds of `start:stop:step` (tree-sitter gives the slice's parts without field names). */
export function sliceParts(
  node: Node,
  evaluate: (child: Node) => Value,
): { start?: number; stop?: number; step?: number } | undefined {
  const parts: Array<number | undefined> = [undefined, undefined, undefined];
  let position = 0;
  for (const child of node.children) {
    if (!child || child.type === 'comment') continue;
    if (child.type === ':') {
      position++;
      continue;
    }
    const value = evaluate(child);
    if (value.kind === 'none') continue;
    if (value.kind !== 'number' || !value.isInt || position > 2) return undefined;
    parts[position] = value.value;
  }
  if (parts[2] === 0) return undefined;
  return { start: parts[0], stop: parts[1], step: parts[2] };
}

/** `x / 255.0`, `x - x.mean()`: elementwise arithmetic with arrays. */
export function dataArithmetic(left: Value, operator: string, right: Value, text: string): Value | undefined {
  if (left.kind !== 'array' && right.kind !== 'array') return undefined;
  return arrayArithmetic(left, operator, right, text);
}

/**
 * `len(x)`, `next(iter(ds))`, `iter(ds)`; undefined when none of them applies. `len()` of something read at
 * run time (a vocabulary from a file) is a named dimension, `len(vocab)`.
 */
export function dataBuiltin(name: string, args: CallArguments): Value | undefined {
  const first = args.positional[0]?.value;
  if (
    name === 'len' &&
    args.positional.length === 1 &&
    (first?.kind === 'unknown' || first?.kind === 'named')
  )
    return { kind: 'named', name: `len(${args.positional[0]!.node.text})` };
  if (!first || (first.kind !== 'array' && first.kind !== 'dataset')) return undefined;
  if (name === 'len') {
    if (first.kind === 'dataset')
      return first.count === undefined
        ? unknown('the number of batches is only known at run time')
        : { kind: 'number', value: first.count, isInt: true };
    if (first.shape.length === 0) return unknown('len() of a 0-d array raises TypeError');
    const dim = first.shape[0]!;
    return typeof dim === 'number' ? { kind: 'number', value: dim, isInt: true } : dimOf(dim);
  }
  if (name === 'iter') return first;
  if (name === 'next' && first.kind === 'dataset') return first.element;
  if (name === 'list' && first.kind === 'dataset') {
    const items = datasetItems(first);
    return items
      ? { kind: 'sequence', list: true, items }
      : unknown('how many elements the dataset has is only known at run time');
  }
  return undefined;
}

/** An array where Keras takes a tensor is a concrete tensor of its shape; anything else stays as it is. */
export function asTensor(evaluator: Evaluator, value: Value, node: Node): Value {
  return value.kind === 'array' ? constantOfShape(evaluator, node, value.shape) : value;
}

/** Arrays passed where Keras takes tensors (a model or layer called eagerly) are concrete tensors of their shape. */
export function arraysAsTensors(evaluator: Evaluator, args: CallArguments, call: Node): CallArguments {
  if (!hasData(args)) return args;
  const convert = (value: Value): Value =>
    value.kind === 'sequence'
      ? { ...value, items: value.items.map(convert) }
      : asTensor(evaluator, value, call);
  return {
    positional: args.positional.map((arg) => ({ ...arg, value: convert(arg.value) })),
    keywords: new Map([...args.keywords].map(([name, arg]) => [name, { ...arg, value: convert(arg.value) }])),
  };
}

/**
 * `normalizer.adapt(x_train)` builds the layer on the data's full shape, as Keras does (an unbuilt Sequential's
 * summary shows that shape and the weights); data keras-lower does not know leaves the layer as it was.
 */
export function adaptLayer(evaluator: Evaluator, layer: LayerNode, call: Node, args: CallArguments): Value {
  const data = args.positional[0]?.value ?? args.keywords.get('data')?.value;
  const tensor = data?.kind === 'array' ? constantOfShape(evaluator, call, data.shape) : undefined;
  if (tensor?.kind === 'tensor' && layer.calls.length === 0) {
    callLayer(layer, [tensor.tensor], call);
    // An eager call makes no graph node: a later symbolic call still sets the shapes Keras shows.
    layer.calls = [];
  }
  return NONE;
}
