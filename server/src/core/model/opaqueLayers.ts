// Layers and calls keras-lower does not understand (an imported layer class, a subclass of a Keras layer it
// cannot follow, a function from another module applied to Keras tensors, anything else in a Sequential) stay
// in the model as rows of unknown shape and parameters, with the reason at their range: a model is never
// silently missing a layer, and everything computed from such a row is unknown too.
import type { Node } from 'web-tree-sitter';
import type { CallArguments } from '../layers/config.ts';
import { callLayer } from './building.ts';
import type { Evaluator } from './evaluator.ts';
import { toSnakeCase, type LayerNode } from './graph.ts';
import { syntheticLayer } from './nodes.ts';
import { tensorsIn } from './tensorOps.ts';
import { describeValue, type Value } from './values.ts';

/** The row standing for each value not understood, so the same object used twice is one (shared) layer. */
const opaqueOfValue = new WeakMap<Value, LayerNode>();

/** The call that made each value not understood (`TCN(8)`), to name its row after the class called. */
const origins = new WeakMap<Value, Node>();

/** `value` (unknown) came from `call`: a row made for it later is named after the callee there. */
export function madeBy(value: Value, call: Node): Value {
  origins.set(value, call);
  return value;
}

/** The opaque row already made for `value`, if any (a subclassed model counts its tracked attributes). */
export function opaqueLayerOf(value: Value): LayerNode | undefined {
  return opaqueOfValue.get(value);
}

/** A row for `value`, which a model uses as a layer though keras-lower does not know what it computes. */
export function opaqueLayer(
  evaluator: Evaluator,
  value: Value | undefined,
  node: Node,
  reason: string,
): LayerNode {
  const cached = value ? opaqueOfValue.get(value) : undefined;
  if (cached) return cached;
  const origin = value ? origins.get(value) : undefined;
  const className = value?.kind === 'userObject' ? value.cls.name : calleeName(origin ?? node);
  // An object keeps the name its `super().__init__` took; a class takes one from Keras's counters as a
  // layer would; a function's name takes none.
  const ownName = value?.kind === 'userObject' ? value.attributes.get('__keras_name__') : undefined;
  const layer = syntheticLayer(evaluator, {
    className,
    name:
      ownName?.kind === 'string'
        ? ownName.value
        : /^[A-Z]/.test(className)
          ? evaluator.counters.next(toSnakeCase(className))
          : className,
    call: node,
    unknownReason: reason,
  });
  evaluator.layers.push(layer);
  if (value) opaqueOfValue.set(value, layer);
  return layer;
}

/** `TCN(64)(x)`, `blocks.residual(x, 64)`: a call on Keras tensors keras-lower cannot follow. */
export function opaqueCall(
  evaluator: Evaluator,
  callee: Value | undefined,
  call: Node,
  args: CallArguments,
  reason: string,
): Value {
  const layer = opaqueLayer(evaluator, callee, call, reason);
  return { kind: 'tensor', tensor: callLayer(layer, tensorsIn(args), call) };
}

/** Why a value in a Sequential is not a layer keras-lower knows. */
export function notALayerReason(value: Value): string {
  if (value.kind === 'unknown') return value.reason;
  if (value.kind === 'userObject')
    return `${value.cls.name} is not a Keras layer keras-lower can follow (it subclasses ${superclassesText(value.cls.node)})`;
  return `${describeValue(value)} is not a Keras layer keras-lower knows`;
}

function superclassesText(classNode: Node): string {
  const bases = classNode.childForFieldName('superclasses');
  return bases && bases.namedChildren.length > 0 ? bases.text.replace(/^\(|\)$/g, '') : 'object';
}

/** `TCN` for `TCN(64)(x)` or `tcn.TCN(64)`, `residual` for `blocks.residual(x)`; else the node's text. */
function calleeName(node: Node): string {
  let current: Node | null = node;
  for (let depth = 0; current && depth < 16; depth++) {
    if (current.type === 'call') current = current.childForFieldName('function');
    else if (current.type === 'attribute')
      return current.childForFieldName('attribute')?.text ?? current.text;
    else if (current.type === 'identifier') return current.text;
    else break;
  }
  const text = node.text.replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
