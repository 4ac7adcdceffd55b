// `keras.activations.relu(x)` and `keras.activations.get("gelu")(x)` on Keras tensors: each records the
// operation Keras records for it (checked against Keras 3 running `keras.Model(i, activations.<name>(i))`).
import type { Node } from 'web-tree-sitter';
import type { CallArguments } from '../layers/config.ts';
import { nodeRange } from '../parse/ranges.ts';
import type { Evaluator } from './evaluator.ts';
import type { LayerNode } from './graph.ts';
import { kerasOpCall, tensorsIn } from './tensorOps.ts';
import { unknown, type Value } from './values.ts';

/** The keras.ops function each activation applies to a symbolic tensor, where it is not the same name. */
const OP_OF_ACTIVATION: Record<string, string> = { exponential: 'exp', swish: 'silu' };

/** Activations that call the op with no argument but the tensor: more arguments are not evaluated. */
const SAME_AS_OP = new Set([
  'celu',
  'elu',
  'exponential',
  'gelu',
  'glu',
  'hard_shrink',
  'hard_sigmoid',
  'hard_tanh',
  'leaky_relu',
  'log_sigmoid',
  'log_softmax',
  'relu6',
  'selu',
  'sigmoid',
  'silu',
  'soft_shrink',
  'softmax',
  'softplus',
  'softsign',
  'sparse_plus',
  'sparse_sigmoid',
  'squareplus',
  'swish',
  'tanh',
  'tanh_shrink',
]);

/** These run raw TensorFlow on the tensor, which Keras 3 rejects for a symbolic KerasTensor. */
const FAIL_ON_KERAS_TENSORS = new Set(['hard_silu', 'hard_swish', 'mish', 'sparsemax']);

const KNOWN = new Set([...SAME_AS_OP, ...FAIL_ON_KERAS_TENSORS, 'relu', 'linear']);

export function callActivation(evaluator: Evaluator, name: string, call: Node, args: CallArguments): Value {
  if (name === 'get') return getActivation(args);
  if (tensorsIn(args).length === 0)
    return unknown(`keras.activations.${name}(...) on values that are not Keras tensors is not evaluated`);
  const keywords = [...args.keywords.keys()];
  // gelu's `approximate=` is read from the call itself by the operation's lowering.
  const extra =
    args.positional.length > 1 || keywords.some((keyword) => !(name === 'gelu' && keyword === 'approximate'));
  if (name === 'linear' && !extra) return args.positional[0]!.value;
  if (FAIL_ON_KERAS_TENSORS.has(name)) {
    evaluator.report(
      call,
      `keras.activations.${name} runs TensorFlow ops on a symbolic Keras tensor, which Keras 3 rejects (use layers.Activation("${name}"))`,
    );
    return unknown(`keras.activations.${name} on a Keras tensor fails at run time`);
  }
  if (extra || !(SAME_AS_OP.has(name) || name === 'relu'))
    return unknown(`keras.activations.${name}(...) with these arguments is not evaluated by keras-lower`);
  // relu is its own Operation class in keras.src.activations (`ReLU`, named `re_lu`); the rest are the ops'.
  const result = kerasOpCall(
    evaluator,
    OP_OF_ACTIVATION[name] ?? name,
    call,
    args,
    name === 'relu' ? 'ReLU' : undefined,
  );
  if (name === 'gelu' && !args.keywords.has('approximate') && result.kind === 'tensor')
    refuseDefaultGelu(result.tensor.producer, call);
  return result;
}

/**
 * keras.activations.gelu defaults to the exact form (`approximate=False`), keras.ops.gelu, whose lowering the
 * operation uses, to the tanh approximation: without the argument written out, the lowering would differ.
 */
function refuseDefaultGelu(operation: LayerNode, call: Node): void {
  const rule = operation.rule;
  if (!rule) return;
  const reason = {
    message:
      'keras.activations.gelu defaults to approximate=False, keras.ops.gelu to True: write `approximate=False` to lower it',
    range: nodeRange(call),
  };
  operation.rule = { ...rule, refusals: () => [reason], ops: undefined };
}

/** `keras.activations.get("relu")` is the function; `get(None)` is linear; a callable comes back as it is. */
function getActivation(args: CallArguments): Value {
  const identifier = args.positional[0]?.value ?? args.keywords.get('identifier')?.value;
  if (!identifier || identifier.kind === 'none') return { kind: 'ref', path: 'keras.activations.linear' };
  if (identifier.kind === 'string' && KNOWN.has(identifier.value))
    return { kind: 'ref', path: `keras.activations.${identifier.value}` };
  if (identifier.kind === 'ref' || identifier.kind === 'function') return identifier;
  return unknown('keras.activations.get(...) of a value keras-lower cannot read');
}
