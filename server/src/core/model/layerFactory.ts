// Creating layer nodes: from `keras.layers.X(...)`, from the functional merge helpers (`layers.add([a, b])`),
// and for a model used as a layer.
import type { Node } from 'web-tree-sitter';
import { bindArguments, BASE_LAYER_ARGS, type CallArguments } from '../layers/config.ts';
import { canonicalClassName, ruleFor } from '../layers/registry.ts';
import { callLayer, createInputLayer } from './building.ts';
import { dtypeRefusals } from './dtypePolicy.ts';
import type { Evaluator } from './evaluator.ts';
import { syntheticLayer } from './nodes.ts';
import { toSnakeCase, type LayerNode, type ModelNode } from './graph.ts';
import { tensorsIn } from './tensorOps.ts';
import { unknown, type Value } from './values.ts';
import { nodeRange } from '../parse/ranges.ts';
import type { Reason } from '../types.ts';

export function createLayer(
  evaluator: Evaluator,
  spelledClassName: string,
  call: Node,
  args: CallArguments,
  /** A generated `Tf<Class>` standing for the Keras class: Keras names and counts it by this class. */
  generatedClass?: string,
): LayerNode {
  const className = canonicalClassName(spelledClassName);
  if (className === 'InputLayer') return createInputLayer(evaluator, call, args, 'InputLayer');
  const rule = ruleFor(className);
  const specs = rule ? [...rule.args, ...BASE_LAYER_ARGS] : BASE_LAYER_ARGS;
  const { config, problems, unreadable } = bindArguments(
    className,
    specs,
    rule ? args : { positional: [], keywords: new Map() },
    call,
    evaluator.imageDataFormat,
  );
  const nameArg = args.keywords.get('name')?.value;
  const layer: LayerNode = {
    uid: evaluator.uid(),
    className,
    rule,
    name:
      nameArg?.kind === 'string'
        ? nameArg.value
        : evaluator.counters.next(toSnakeCase(generatedClass ?? className)),
    call,
    config,
    calls: [],
    inputShape: null,
    outputShape: null,
    reasons: rule
      ? [...problems, ...unreadable, ...splatRefusals(args), ...dtypeRefusals(evaluator, config)]
      : [],
    kerasErrors: rule ? problems : [],
    unknownReason: rule ? undefined : `keras-lower has no rule for ${className} yet`,
    ...(generatedClass ? { generatedClass } : {}),
  };
  if (!rule) {
    // Still read the input shape, so a Sequential can be built from an unknown first layer's input_shape.
    const inputShape = args.keywords.get('input_shape');
    if (inputShape)
      config.values.set('input_shape', {
        spec: BASE_LAYER_ARGS[1]!,
        value: inputShape.value,
        node: inputShape.argument,
        positional: false,
      });
  }
  evaluator.layers.push(layer);
  return layer;
}

/**
 * Arguments passed through `**common` or `*shape` are read for shapes and parameters, but a rewrite would
 * have to spell each one out of the dict: refused until it does, at the splat.
 */
function splatRefusals(args: CallArguments): Reason[] {
  const splats = new Set<Node>();
  for (const { node } of [...args.positional, ...args.keywords.values()])
    if (node.type === 'dictionary_splat' || node.type === 'list_splat') splats.add(node);
  return [...splats].map((node) => ({
    message: `\`${node.text}\` is read, but the rewrite does not spell out its arguments yet (write them in the call)`,
    range: nodeRange(node),
  }));
}

const MERGE_CLASSES: Record<string, string> = {
  add: 'Add',
  subtract: 'Subtract',
  multiply: 'Multiply',
  average: 'Average',
  maximum: 'Maximum',
  minimum: 'Minimum',
  concatenate: 'Concatenate',
  dot: 'Dot',
};

/** `layers.concatenate([a, b], axis=-1)`: Keras builds the layer (same name counter) and calls it at once. */
export function createLayerFromFunction(
  evaluator: Evaluator,
  name: string,
  call: Node,
  args: CallArguments,
): Value {
  const className = MERGE_CLASSES[name]!;
  const inputs = tensorsIn({ positional: args.positional.slice(0, 1), keywords: new Map() });
  const layerArgs: CallArguments = { positional: args.positional.slice(1), keywords: args.keywords };
  const layer = createLayer(evaluator, className, call, layerArgs);
  if (inputs.length === 0) return unknown(`layers.${name}(...) needs a list of Keras tensors`);
  return { kind: 'tensor', tensor: callLayer(layer, inputs, call) };
}

/** A model called like a layer, or nested in a Sequential: one row, its rows nested under it. */
export function wrapModelAsLayer(evaluator: Evaluator, model: ModelNode, call: Node): LayerNode {
  const existing = evaluator.layers.find((layer) => layer.nestedModel === model);
  if (existing) return existing;
  const layer = syntheticLayer(evaluator, {
    className: model.className,
    name: model.name,
    call,
    nestedModel: model,
  });
  evaluator.layers.push(layer);
  return layer;
}
