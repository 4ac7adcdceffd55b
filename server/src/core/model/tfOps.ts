// Raw TensorFlow inside a user layer's or subclassed model's call(): Keras runs call() on backend tensors,
// so `tf.*` ops are legal there (only on symbolic Keras tensors in functional code are they not). The class
// lowering writes keras.ops calls as these TF functions; read back as the keras.ops they compute, the lowered
// class keeps the shapes it had.
import type { Node } from 'web-tree-sitter';
import type { CallArguments } from '../layers/config.ts';
import type { Evaluator } from './evaluator.ts';
import { kerasOpCall } from './tensorOps.ts';
import type { Value } from './values.ts';

interface TfFunction {
  op: string;
  /** TF keyword names that keras.ops spells otherwise. */
  keywords?: Record<string, string>;
}

const SAME_NAME = ['relu', 'gelu', 'sigmoid', 'tanh', 'softmax', 'log_softmax', 'silu', 'elu', 'selu'];
const MATH = ['exp', 'sqrt', 'abs', 'square', 'sigmoid', 'tanh', 'rsqrt', 'erf', 'sign', 'floor', 'ceil'];
const REDUCTIONS: Record<string, string> = {
  mean: 'mean',
  sum: 'sum',
  max: 'max',
  min: 'min',
  prod: 'prod',
  variance: 'var',
  std: 'std',
};

const TF_FUNCTIONS = new Map<string, TfFunction>([
  ...SAME_NAME.map((name) => [`tf.nn.${name}`, { op: name }] as const),
  ['tf.nn.swish', { op: 'silu' }],
  ['tf.nn.leaky_relu', { op: 'leaky_relu' }],
  ...MATH.flatMap((name) => [
    [`tf.math.${name}`, { op: name }] as const,
    [`tf.${name}`, { op: name }] as const,
  ]),
  ['tf.cast', { op: 'cast' }],
  ['tf.stop_gradient', { op: 'stop_gradient' }],
  ...Object.entries(REDUCTIONS).flatMap(([tf, op]) =>
    [`tf.reduce_${tf}`, `tf.math.reduce_${tf}`].map(
      (path) => [path, { op, keywords: { input_tensor: 'x' } }] as const,
    ),
  ),
  ['tf.add', { op: 'add' }],
  ['tf.subtract', { op: 'subtract' }],
  ['tf.multiply', { op: 'multiply' }],
  ['tf.maximum', { op: 'maximum' }],
  ['tf.minimum', { op: 'minimum' }],
  ['tf.matmul', { op: 'matmul' }],
  ['tf.concat', { op: 'concatenate', keywords: { values: 'xs' } }],
  ['tf.transpose', { op: 'transpose', keywords: { perm: 'axes' } }],
  ['tf.reshape', { op: 'reshape', keywords: { shape: 'newshape' } }],
  ['tf.expand_dims', { op: 'expand_dims' }],
  ['tf.range', { op: 'arange', keywords: { limit: 'stop', delta: 'step' } }],
]);

/** A `tf.*` call evaluated inside a user call(), or undefined when it is not one the engine reads. */
export function tfOpInUserCall(
  evaluator: Evaluator,
  path: string,
  call: Node,
  args: CallArguments,
): Value | undefined {
  if (evaluator.tracingUserCall === 0) return undefined;
  if (path === 'tf.tensordot') return lastAxisTensordot(evaluator, call, args);
  const tf = TF_FUNCTIONS.get(path);
  if (!tf) return undefined;
  const keywords = new Map(
    [...args.keywords].map(([name, value]) => [tf.keywords?.[name] ?? name, value] as const),
  );
  return kerasOpCall(evaluator, tf.op, call, { positional: args.positional, keywords });
}

/** `tf.tensordot(x, kernel, axes=[[-1], [0]])` with a rank-2 kernel (how Dense's kernel applies) is a matmul. */
function lastAxisTensordot(evaluator: Evaluator, call: Node, args: CallArguments): Value | undefined {
  const axes = args.keywords.get('axes')?.argument.childForFieldName('value')?.text.replace(/\s/g, '');
  const kernel = args.positional[1]?.value;
  if (args.positional.length !== 2 || axes !== '[[-1],[0]]') return undefined;
  if (kernel?.kind !== 'tensor' || kernel.tensor.shape?.length !== 2) return undefined;
  return kerasOpCall(evaluator, 'matmul', call, { positional: args.positional, keywords: new Map() });
}

/**
 * A conditional the engine cannot decide inside a user call() (`x if x.dtype.is_floating else tf.cast(x, ...)`,
 * as the lowering writes dtype promotions): when both branches are tensors of one shape, that is its shape.
 */
export function undecidedConditional(
  evaluator: Evaluator,
  consequence: () => Value,
  alternative: () => Value,
): Value | undefined {
  if (evaluator.tracingUserCall === 0) return undefined;
  const [a, b] = [consequence(), alternative()];
  if (a.kind !== 'tensor' || b.kind !== 'tensor' || !a.tensor.shape || !b.tensor.shape) return undefined;
  const same =
    a.tensor.shape.length === b.tensor.shape.length &&
    a.tensor.shape.every((dim, index) => dim === b.tensor.shape![index]);
  return same ? a : undefined;
}

/** `tuple(tf.shape(x)[i] if d is None else d for i, d in enumerate(x.shape.as_list()))`: how the lowering writes ops.shape. */
const SHAPE_TUPLE =
  /^tuple\(tf\.shape\((.+)\)\[i\] if d is None else d for i, d in enumerate\(\1\.shape\.as_list\(\)\)\)$/s;

/** The lowered `ops.shape(x)` inside a user call(): x's static shape as a tuple, as keras.ops.shape gives it. */
export function loweredShapeTuple(
  evaluator: Evaluator,
  call: Node,
  evaluate: (node: Node) => Value,
): Value | undefined {
  if (evaluator.tracingUserCall === 0 || !SHAPE_TUPLE.test(call.text)) return undefined;
  const generator = call.childForFieldName('arguments');
  const shapeCall = generator?.descendantsOfType('call').find((node) => node?.text.startsWith('tf.shape('));
  const operand = shapeCall?.childForFieldName('arguments')?.namedChildren[0];
  if (!operand) return undefined;
  const value = evaluate(operand);
  if (value.kind !== 'tensor' || !value.tensor.shape) return undefined;
  return kerasOpCall(evaluator, 'shape', call, {
    positional: [{ value, node: operand }],
    keywords: new Map(),
  });
}
