// Building models as Keras does: Sequential's add/rebuild (with the InputLayer and Functional it creates,
// which take names from Keras's counters too), layer calls with shape inference, and functional graphs.
import type { Node } from 'web-tree-sitter';
import { BASE_LAYER_ARGS, type CallArguments } from '../layers/config.ts';
import { nodeRange } from '../parse/ranges.ts';
import type { Shape } from '../types.ts';
import { annotatedShape, annotationIncomplete, PLACEHOLDER_DIM } from './annotations.ts';
import type { Evaluator } from './evaluator.ts';
import {
  callOutputs,
  severalOutputs,
  type LayerCall,
  type LayerNode,
  type ModelNode,
  type SymbolicTensor,
} from './graph.ts';
import { newModel, syntheticLayer } from './nodes.ts';
import { toDim, toShape, type Value } from './values.ts';

let callOrder = 0;

/** Orders layer calls and operations as the file makes them. */
export function nextCallOrder(): number {
  return callOrder++;
}

/** An InputLayer from `keras.Input(shape=...)` or `layers.InputLayer(...)`, already "called" once. */
export function createInputLayer(
  evaluator: Evaluator,
  call: Node,
  args: CallArguments,
  spelling: 'Input' | 'InputLayer',
): LayerNode {
  const shapeArg = args.keywords.get('shape') ?? args.keywords.get('input_shape') ?? args.positional[0];
  const batchShapeArg = args.keywords.get('batch_shape');
  const batchSizeArg = args.keywords.get('batch_size');
  const nameArg = args.keywords.get('name')?.value;
  let shape: Shape | null = null;
  let unknownReason: string | undefined;
  const batchShape = batchShapeArg ? toShape(batchShapeArg.value) : undefined;
  const inner = shapeArg ? toShape(shapeArg.value) : undefined;
  if (batchShape) shape = batchShape;
  else if (inner) shape = [(batchSizeArg && toDim(batchSizeArg.value)) ?? null, ...inner];
  else unknownReason = `the ${spelling}'s shape is not a constant tuple keras-lower can read`;
  // A shape the program only knows at run time (read from data): `# keras-lower: input_shape=(...)` states it.
  let shapeHint: Shape | undefined;
  if (!shape || shape.slice(1).some((dim) => typeof dim === 'string')) {
    const rows = [call.startPosition.row, evaluator.statement?.startPosition.row ?? call.startPosition.row];
    const annotated = annotatedShape(evaluator.sourceText, rows);
    if (annotated) [shape, unknownReason] = [annotated, undefined];
    else {
      const batch = (batchSizeArg && toDim(batchSizeArg.value)) ?? null;
      shapeHint =
        shape ?? (batchShapeArg ? hintFor(batchShapeArg.value, []) : hintFor(shapeArg?.value, [batch]));
      const given = batchShapeArg ?? shapeArg;
      if (!shape && given) unknownReason = `${unknownReason}: ${whyUnknown(given.value)}`;
      if (annotationIncomplete(evaluator.sourceText, rows))
        evaluator.report(
          call,
          'replace the `?` dims of the `# keras-lower: input_shape=(...)` comment with sizes',
          'information',
        );
    }
  }
  const layer = newInputLayer(evaluator, call, shape, nameArg?.kind === 'string' ? nameArg.value : undefined);
  layer.unknownReason = unknownReason;
  layer.shapeHint = shapeHint;
  return layer;
}

/** The dims of a shape tuple as far as they are known, `?` for the others, after `leading` (the batch dim). */
function hintFor(value: Value | undefined, leading: Shape): Shape | undefined {
  if (value?.kind !== 'sequence') return undefined;
  return [...leading, ...value.items.map((item) => toDim(item) ?? PLACEHOLDER_DIM)];
}

/** The first reason a shape tuple is not known: an unknown item's, or the value's own. */
function whyUnknown(value: Value): string {
  const items = value.kind === 'sequence' ? value.items : [value];
  const reason = items.find((item): item is Extract<Value, { kind: 'unknown' }> => item.kind === 'unknown');
  return reason ? reason.reason : 'it is not a tuple of sizes';
}

function newInputLayer(evaluator: Evaluator, call: Node, shape: Shape | null, name?: string): LayerNode {
  const layer = syntheticLayer(evaluator, {
    className: 'InputLayer',
    name: name ?? evaluator.counters.next('input_layer'),
    call,
    inputShape: shape,
    outputShape: shape,
  });
  layer.calls.push({ order: callOrder++, inputs: [], output: { shape, producer: layer } });
  evaluator.layers.push(layer);
  return layer;
}

/** `Sequential.add(layer, rebuild=False)`: a first layer with `input_shape=` brings its own InputLayer. */
export function sequentialAdd(evaluator: Evaluator, model: ModelNode, layer: LayerNode): void {
  if (layer.nestedModel && containsModel(layer.nestedModel, model)) {
    evaluator.report(
      layer.call,
      `a model cannot contain itself (Keras raises): ${model.name} is nested in ${layer.nestedModel.name}`,
    );
    return;
  }
  if (layer.className === 'InputLayer') {
    if (model.inputLayers.length === 0 && model.layers.length === 0) model.inputLayers.push(layer);
    return;
  }
  if (model.inputLayers.length === 0 && model.layers.length === 0) {
    const inputShape = legacyInputShape(layer);
    // Sequential._maybe_rebuild also builds from a first layer that has an `input_shape`: a built model.
    const nestedInput =
      layer.nestedModel?.inputLayers.length === 1 ? layer.nestedModel.inputLayers[0] : undefined;
    const batchShape = inputShape ? [null, ...inputShape] : (nestedInput?.outputShape ?? undefined);
    if (batchShape) model.inputLayers.push(newInputLayer(evaluator, layer.call, batchShape));
  }
  model.layers.push(layer);
}

function legacyInputShape(layer: LayerNode): Shape | undefined {
  const inputShape = layer.config.values.get('input_shape');
  if (inputShape?.node) return toShape(inputShape.value);
  const inputDim = layer.config.values.get('input_dim');
  // Embedding's own `input_dim` is its vocabulary size, not the legacy input shape.
  if (inputDim?.node && inputDim.spec === BASE_LAYER_ARGS[2]) {
    const dim = toDim(inputDim.value);
    return dim === undefined ? undefined : [dim];
  }
  return undefined;
}

/** Whether `outer` is `inner` or nests it at any depth (cycles make Keras raise). */
function containsModel(outer: ModelNode, inner: ModelNode, depth = 0): boolean {
  if (outer === inner) return true;
  if (depth > 64) return true;
  return outer.layers.some(
    (layer) => layer.nestedModel !== undefined && containsModel(layer.nestedModel, inner, depth + 1),
  );
}

/** `Sequential._maybe_rebuild`: once it has an input and a layer, it builds a Functional (named, too). */
export function sequentialRebuild(evaluator: Evaluator, model: ModelNode): void {
  const input = model.inputLayers[0]?.calls[0]?.output;
  if (!input || model.layers.length === 0) return;
  evaluator.counters.next('functional');
  let tensor: SymbolicTensor = input;
  for (const layer of model.layers) {
    layer.calls = [];
    layer.shapeError = undefined;
    tensor = layer.invoke ? layer.invoke([tensor], layer.call) : callLayer(layer, [tensor], layer.call);
  }
  const last = model.layers[model.layers.length - 1]!.calls.at(-1);
  model.outputs = last ? callOutputs(last) : [tensor];
}

/**
 * Calls a layer on symbolic tensors: infers the output shape, records the call and any shape error.
 * Returns the call's first output; a call with several outputs lists them all on the recorded call.
 */
export function callLayer(layer: LayerNode, inputs: SymbolicTensor[], callNode: Node): SymbolicTensor {
  const input = inputs[0]!;
  let shape: Shape | null = null;
  let shapes: Shape[] | undefined;
  let unknownReason: string | undefined;
  if (layer.nestedModel) {
    const outputShapes = layer.nestedModel.outputs.map((tensor) => tensor.shape);
    // A model with several outputs gives them all, in its outputs' order (a feature extractor's skips).
    if (outputShapes.length > 0 && outputShapes.every((outputShape) => outputShape !== null)) {
      shape = outputShapes[0]!;
      if (outputShapes.length > 1) shapes = outputShapes as Shape[];
    } else unknownReason = `the nested model ${layer.nestedModel.name} has an output of unknown shape`;
  } else if (!layer.rule) unknownReason = layer.unknownReason;
  else if (!input.shape) unknownReason = input.unknownReason ?? 'its input shape is unknown';
  else {
    const inputShapes = inputs.map((tensor) => tensor.shape);
    const result = inputShapes.every((inputShape): inputShape is Shape => inputShape !== null)
      ? layer.rule.outputShape(input.shape, layer.config, inputShapes)
      : { ok: false as const, kind: 'unknown' as const, message: 'an input shape is unknown' };
    if (result.ok) {
      shape = result.shape;
      shapes = severalOutputs(result);
    } else if (result.kind === 'error') {
      layer.shapeError ??= { message: result.message, node: callNode };
      unknownReason = result.message;
    } else unknownReason = result.message;
  }
  const maskedBy = makesMask(layer) ? layer : inputs.find((tensor) => tensor.maskedBy)?.maskedBy;
  if (maskedBy && layer.rule && readsMask(layer)) refuseMask(layer, maskedBy, callNode);
  const output: SymbolicTensor = { shape, producer: layer, unknownReason, maskedBy };
  const outputs = shapes?.map((outputShape, index) =>
    index === 0 ? output : { shape: outputShape, producer: layer },
  );
  if (layer.calls.length === 0) {
    layer.inputShape = input.shape;
    layer.outputShape = shape;
    layer.outputShapes = shapes;
    if (unknownReason && !layer.shapeError) layer.unknownReason ??= unknownReason;
  }
  layer.calls.push({ order: callOrder++, inputs, output, ...(outputs ? { outputs } : {}) });
  return output;
}

/** Layers that attach a Keras mask to their output. */
function makesMask(layer: LayerNode): boolean {
  if (layer.className === 'Masking') return true;
  const maskZero = layer.className === 'Embedding' ? layer.config.values.get('mask_zero')?.value : undefined;
  return maskZero?.kind === 'bool' && maskZero.value;
}

/**
 * Layers whose values depend on the Keras mask (an RNN skips masked timesteps, a merge or attention layer
 * masks its inputs, Softmax and BatchNormalization leave masked entries out); their lowerings ignore it. Masks
 * are followed through every layer in between, so a mask some layer dropped still refuses: never a silent skip.
 */
const MASK_READING_FAMILIES = new Set(['recurrent', 'merging', 'attention']);
const MASK_READING_CLASSES = new Set(['BatchNormalization', 'GlobalAveragePooling1D', 'Softmax']);

function readsMask(layer: LayerNode): boolean {
  return MASK_READING_FAMILIES.has(layer.rule?.family ?? '') || MASK_READING_CLASSES.has(layer.className);
}

function refuseMask(layer: LayerNode, maskedBy: LayerNode, callNode: Node): void {
  const what = layer.rule?.family === 'recurrent' ? 'skipping masked timesteps' : 'applying the mask';
  const message = `receives the mask of ${maskedBy.name} (${maskedBy.className === 'Masking' ? 'Masking' : 'mask_zero=True'}): ${what} is not lowered`;
  if (!layer.reasons.some((reason) => reason.message === message))
    layer.reasons.push({ message, range: nodeRange(callNode) });
}

/** `keras.Model(inputs, outputs)`: the layers between them, in the order they were called. */
export function finishFunctional(
  evaluator: Evaluator,
  call: Node,
  inputsValue: Value,
  outputsValue: Value,
  name: string | undefined,
): ModelNode | undefined {
  const inputs = tensorsOf(inputsValue);
  const outputs = tensorsOf(outputsValue);
  if (!inputs || !outputs) return undefined;
  const inputLayers = inputs.map((tensor) => tensor.producer);
  const { layers, nodes } = kerasOperationOrder(inputs, outputs);
  const unreached = layers.find((layer) => layer.className === 'InputLayer' && !inputLayers.includes(layer));
  if (unreached) {
    evaluator.report(
      call,
      `Graph disconnected: the outputs need ${unreached.name}, which is not among the model's inputs (Keras raises)`,
    );
    return undefined;
  }
  return newModel(evaluator, {
    kind: 'Functional',
    className: 'Functional',
    name: name ?? evaluator.counters.next('functional'),
    call,
    ...(outputsValue.kind === 'dict' ? { outputKeys: outputsValue.entries.map(([key]) => key).sort() } : {}),
    inputLayers,
    layers: layers.filter((layer) => !inputLayers.includes(layer)),
    outputs,
    nodes,
    summaryOrder: layers,
  });
}

/** The call (Keras "node") that produced a tensor. */
export function producingCall(tensor: SymbolicTensor): LayerCall | undefined {
  return tensor.producer.calls.find((call) => callOutputs(call).includes(tensor));
}

/**
 * `keras.src.ops.function.map_graph`: operations ordered by decreasing depth (distance to the outputs),
 * ties broken by first visit in a depth-first walk from the outputs; plus the nodes of the network.
 */
function kerasOperationOrder(
  inputs: SymbolicTensor[],
  outputs: SymbolicTensor[],
): { layers: LayerNode[]; nodes: Set<LayerCall> } {
  const finished = new Set<LayerCall>();
  const inProgress = new Set<LayerCall>();
  const ordered: LayerCall[] = [];
  const indices = new Map<LayerNode, number>();
  const visit = (tensor: SymbolicTensor, depth: number): void => {
    const node = producingCall(tensor);
    if (!node || finished.has(node) || depth > 10_000) return;
    if (node.inputs.length > 0 && inputs.includes(tensor)) {
      finished.add(node);
      return;
    }
    if (inProgress.has(node)) return;
    if (!indices.has(tensor.producer)) indices.set(tensor.producer, indices.size);
    inProgress.add(node);
    for (const input of node.inputs) visit(input, depth + 1);
    finished.add(node);
    inProgress.delete(node);
    ordered.push(node);
  };
  outputs.forEach((tensor) => visit(tensor, 0));
  const inGraph = new Set(ordered);
  const nodeDepths = new Map<LayerCall, number>();
  const layerDepths = new Map<LayerNode, number>();
  const ownerOf = (node: LayerCall): LayerNode => node.output.producer;
  for (const node of [...ordered].reverse()) {
    let depth = nodeDepths.get(node) ?? 0;
    depth = Math.max(depth, layerDepths.get(ownerOf(node)) ?? 0);
    layerDepths.set(ownerOf(node), depth);
    nodeDepths.set(node, depth);
    for (const input of node.inputs) {
      const parent = producingCall(input);
      if (parent && inGraph.has(parent))
        nodeDepths.set(parent, Math.max(depth + 1, nodeDepths.get(parent) ?? 0));
    }
  }
  for (const input of inputs) {
    if (!layerDepths.has(input.producer) && input.producer.className === 'InputLayer') {
      layerDepths.set(input.producer, 0);
      indices.set(input.producer, -1);
      const node = producingCall(input);
      if (node) inGraph.add(node);
    }
  }
  const layers = [...layerDepths.keys()].sort(
    (a, b) => layerDepths.get(b)! - layerDepths.get(a)! || indices.get(a)! - indices.get(b)!,
  );
  return { layers, nodes: inGraph };
}

function tensorsOf(value: Value): SymbolicTensor[] | undefined {
  if (value.kind === 'tensor') return [value.tensor];
  // Keras flattens dicts of tensors in sorted key order (keras.tree.flatten).
  if (value.kind === 'dict')
    return tensorsOf({
      kind: 'sequence',
      list: true,
      items: [...value.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, item]) => item),
    });
  if (value.kind === 'sequence') {
    const tensors = value.items.map((item) => (item.kind === 'tensor' ? item.tensor : undefined));
    return tensors.every((tensor) => tensor !== undefined) ? (tensors as SymbolicTensor[]) : undefined;
  }
  return undefined;
}
