// Values of the partial evaluator: what a Python expression is known to be, statically.
import type { Node } from 'web-tree-sitter';
import type { CallArguments } from '../layers/config.ts';
import type { Shape } from '../types.ts';
import type { LayerNode, ModelNode, SymbolicTensor } from './graph.ts';
import type { Scope } from './scope.ts';

export type Value =
  | { kind: 'number'; value: number; isInt: boolean }
  | { kind: 'string'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'none' }
  | { kind: 'sequence'; items: Value[]; list: boolean }
  /** An unresolved Python name: it becomes a named dimension when it flows into a shape. */
  | { kind: 'named'; name: string }
  | { kind: 'unknown'; reason: string }
  /** A module, class or function the file imported, by canonical path (`keras.layers.Dense`). */
  | { kind: 'ref'; path: string }
  /** A bound method of a known object, e.g. `model.add`. */
  | { kind: 'method'; self: Value; name: string }
  | { kind: 'layer'; layer: LayerNode }
  | { kind: 'tensor'; tensor: SymbolicTensor }
  | { kind: 'model'; model: ModelNode }
  /** A Keras optimizer, loss, metric, schedule or callback object, kept with its arguments for training. */
  | { kind: 'kerasObject'; path: string; call: Node; args: CallArguments }
  | { kind: 'dict'; entries: Array<[string, Value]> }
  /** A function the file defines; called with constant arguments, its body is evaluated. */
  | { kind: 'function'; name: string; node: Node; closure: Scope }
  /** A class the file defines; `base` says whether it subclasses keras.Model or keras.layers.Layer. */
  | { kind: 'class'; name: string; node: Node; closure: Scope; base: 'model' | 'layer' | 'other' }
  /** An object of a class the file defines; a subclassed model carries its graph node. */
  | {
      kind: 'userObject';
      cls: Extract<Value, { kind: 'class' }>;
      attributes: Map<string, Value>;
      model?: ModelNode;
    }
  /** `super()` inside a method of `instance`. */
  | { kind: 'super'; instance: Value }
  /**
   * Eager data: a NumPy array or an eager (non-symbolic) tf tensor, known by shape and dtype only.
   * Dims are ints, `null` (unknown size) or a name (a size the program reads at run time, e.g. a vocabulary).
   * `ragged` marks object arrays of variable-length lists (keras.datasets.imdb sequences); `classes` marks
   * integer labels 0..classes-1 that all occur (so `len(np.unique(y))` and `int(y.max()) + 1` are known).
   * `value` is the one value of a 0-d array when it is known (`np.max(y)` of such labels): a NumPy scalar, which
   * `int()` makes a Python int (Keras layers reject NumPy ints as sizes).
   */
  | { kind: 'array'; shape: Shape; dtype: string; ragged?: boolean; classes?: number; value?: number }
  /**
   * A tf.data.Dataset (or a Keras `*_dataset_from_*` result): `element` is what one iteration yields, arrays
   * nested in tuples or dicts (batched datasets have a leading `null` dim); `count` is its cardinality when
   * known, and `taken` the bound a `.take(n)` puts on how many elements a loop sees.
   */
  | { kind: 'dataset'; element: Value; count?: number; taken?: number };

export const NONE: Value = { kind: 'none' };

export function unknown(reason: string): Value {
  return { kind: 'unknown', reason };
}

/** An evaluated expression together with the node it came from, for argument ranges. */
export interface Evaluated {
  value: Value;
  node: Node;
}

/** The dimension a value stands for in a shape: an int, `null` for None, a name for an unresolved name. */
export function toDim(value: Value): number | null | string | undefined {
  if (value.kind === 'number' && value.isInt) return value.value;
  if (value.kind === 'none') return null;
  if (value.kind === 'named') return value.name;
  return undefined;
}

/** A shape tuple such as `(28, 28, 1)` or `(timesteps, features)`; undefined when it is not one. */
export function toShape(value: Value): Shape | undefined {
  if (value.kind === 'number' && value.isInt) return [value.value];
  if (value.kind !== 'sequence') return undefined;
  const dims: Shape = [];
  for (const item of value.items) {
    const dim = toDim(item);
    if (dim === undefined) return undefined;
    dims.push(dim);
  }
  return dims;
}

export function describeValue(value: Value): string {
  switch (value.kind) {
    case 'number':
      return String(value.value);
    case 'string':
      return JSON.stringify(value.value);
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'sequence': {
      const inner = value.items.map(describeValue).join(', ');
      return value.list ? `[${inner}]` : value.items.length === 1 ? `(${inner},)` : `(${inner})`;
    }
    case 'named':
      return value.name;
    case 'unknown':
      return `<unknown: ${value.reason}>`;
    case 'ref':
      return value.path;
    case 'method':
      return `<method ${value.name}>`;
    case 'layer':
      return `<${value.layer.className} layer ${value.layer.name}>`;
    case 'tensor':
      return '<KerasTensor>';
    case 'model':
      return `<model ${value.model.name}>`;
    case 'kerasObject':
      return `${value.path}(...)`;
    case 'dict':
      return `{${value.entries.map(([key, item]) => `${JSON.stringify(key)}: ${describeValue(item)}`).join(', ')}}`;
    case 'function':
      return `<function ${value.name}>`;
    case 'class':
      return `<class ${value.name}>`;
    case 'userObject':
      return `<${value.cls.name} object>`;
    case 'super':
      return '<super>';
    case 'dataset':
      return `<Dataset of ${describeValue(value.element)}>`;
    case 'array':
      return `<array shape=(${value.shape.map((dim) => (dim === null ? 'None' : String(dim))).join(', ')}${value.shape.length === 1 ? ',' : ''}) dtype=${value.dtype}>`;
  }
}

/** A dimension as a Python value: an int, None, or a named unknown. */
export function dimValue(dim: number | string | null): Value {
  if (dim === null) return NONE;
  return typeof dim === 'number' ? { kind: 'number', value: dim, isInt: true } : { kind: 'named', name: dim };
}
