// The file's own functions and classes: helper functions called with constant arguments (residual blocks,
// `make_model(...)` builders), and subclassed `keras.Model` / `keras.layers.Layer` classes, whose `__init__`
// creates sublayers and whose `call()` wires them.
import type { Node } from 'web-tree-sitter';
import type { CallArguments } from '../layers/config.ts';
import { weightsOf } from '../layers/weights.ts';
import type { Shape } from '../types.ts';
import { annotatedShape } from './annotations.ts';
import { nextCallOrder } from './building.ts';
import { codeChildren, type Evaluator } from './evaluator.ts';
import { toSnakeCase, type LayerNode, type ModelNode, type SymbolicTensor } from './graph.ts';
import { wrapModelAsLayer } from './layerFactory.ts';
import { newModel, syntheticLayer } from './nodes.ts';
import { Scope } from './scope.ts';
import { notALayerReason, opaqueCall, opaqueLayerOf } from './opaqueLayers.ts';
import { tensorsIn, weightVariable } from './tensorOps.ts';
import { dimValue, NONE, toShape, unknown, type Value } from './values.ts';

type FunctionValue = Extract<Value, { kind: 'function' }>;
type ClassValue = Extract<Value, { kind: 'class' }>;
type InstanceValue = Extract<Value, { kind: 'userObject' }>;
export type UserObject = InstanceValue;

/** Calls a function the file defines: binds arguments (positional, keyword, defaults) and runs its body. */
export function callUserFunction(
  evaluator: Evaluator,
  fn: FunctionValue,
  args: CallArguments,
  self?: Value,
): Value {
  const scope = new Scope(fn.closure);
  const parameters = codeChildren(fn.node.childForFieldName('parameters') ?? fn.node);
  const positional = [...(self ? [self] : []), ...args.positional.map((arg) => arg.value)];
  let index = 0;
  for (const parameter of parameters) {
    const name = parameterName(parameter);
    if (!name) continue;
    if (parameter.type === 'list_splat_pattern' || parameter.type === 'dictionary_splat_pattern') {
      scope.set(name, collectedArguments(parameter.type, parameters, positional.slice(index), args));
      if (parameter.type === 'list_splat_pattern') index = positional.length;
      continue;
    }
    const keyword = args.keywords.get(name)?.value;
    const defaultNode = parameter.childForFieldName('value');
    const value =
      index < positional.length
        ? positional[index]
        : (keyword ?? (defaultNode ? evaluator.evaluate(defaultNode, fn.closure) : undefined));
    index++;
    scope.set(name, value ?? unknown(`the argument \`${name}\` is missing`));
  }
  evaluator.callDepth++;
  try {
    // A lambda's body is one expression, its value.
    const body = fn.node.childForFieldName('body');
    if (fn.node.type === 'lambda') return body ? evaluator.evaluate(body, scope) : NONE;
    const flow = evaluator.executeBlock(body, scope);
    return flow.kind === 'return' ? flow.value : NONE;
  } finally {
    evaluator.callDepth--;
  }
}

/**
 * What `*args` (the positionals left over, as a tuple) or `**kwargs` (the keywords no parameter names, as a
 * dict) collect. A caller's `*x`/`**x` that was not expanded leaves an unknown positional: then neither is known.
 */
function collectedArguments(
  kind: 'list_splat_pattern' | 'dictionary_splat_pattern',
  parameters: Node[],
  rest: Value[],
  args: CallArguments,
): Value {
  const unexpanded = args.positional.some(
    (arg) =>
      (arg.node.type === 'list_splat' || arg.node.type === 'dictionary_splat') &&
      arg.value.kind === 'unknown',
  );
  if (unexpanded) return unknown('`*args`/`**kwargs` passed on from a value keras-lower did not expand');
  if (kind === 'list_splat_pattern') return { kind: 'sequence', list: false, items: rest };
  const named = new Set(
    parameters
      .filter((parameter) => parameter.type !== 'list_splat_pattern' && parameter.type !== kind)
      .map(parameterName),
  );
  const entries: Array<[string, Value]> = [...args.keywords]
    .filter(([keyword]) => !named.has(keyword))
    .map(([keyword, arg]) => [keyword, arg.value]);
  return { kind: 'dict', entries };
}

function parameterName(parameter: Node): string | undefined {
  if (parameter.type === 'identifier') return parameter.text;
  const name = parameter.childForFieldName('name');
  if (name) return name.text;
  return parameter.namedChildren.find((child) => child?.type === 'identifier')?.text;
}

/** A method defined in the class body (or a base class the file defines), bound to `instance`. */
export function userMethod(instance: InstanceValue, name: string): FunctionValue | undefined {
  let cls: ClassValue | undefined = instance.cls;
  for (let depth = 0; cls && depth < 16; depth++) {
    for (const statement of codeChildren(cls.node.childForFieldName('body') ?? cls.node)) {
      const definition =
        statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
      if (definition?.type === 'function_definition' && definition.childForFieldName('name')?.text === name)
        return { kind: 'function', name, node: definition, closure: cls.closure };
    }
    const base: Node | null | undefined = cls.node.childForFieldName('superclasses')?.namedChildren[0];
    const baseValue: Value | undefined = base ? cls.closure.get(base.text) : undefined;
    cls = baseValue?.kind === 'class' ? baseValue : undefined;
  }
  return undefined;
}

export function instantiateClass(
  evaluator: Evaluator,
  cls: ClassValue,
  args: CallArguments,
  call: Node,
): Value {
  const instance: InstanceValue = { kind: 'userObject', cls, attributes: new Map() };
  if (cls.base === 'model') {
    const model = newModel(evaluator, { kind: 'Subclassed', className: cls.name, name: '', call });
    instance.model = model;
    evaluator.models.push(model);
  }
  const init = userMethod(instance, '__init__');
  if (init && evaluator.callDepth < 32) callUserFunction(evaluator, init, args, instance);
  if (cls.base !== 'other' && !instance.attributes.has('__keras_name__'))
    instance.attributes.set('__keras_name__', {
      kind: 'string',
      value: evaluator.counters.next(toSnakeCase(cls.name)),
    });
  if (instance.model) {
    instance.model.name = kerasName(instance);
    instance.model.layers = trackedLayers(evaluator, instance);
  }
  return instance;
}

function kerasName(instance: InstanceValue): string {
  const name = instance.attributes.get('__keras_name__');
  return name?.kind === 'string' ? name.value : toSnakeCase(instance.cls.name);
}

/** Layers assigned to attributes, in assignment order, as Keras tracks them (lists of layers too). */
function trackedLayers(evaluator: Evaluator, instance: InstanceValue): LayerNode[] {
  const layers: LayerNode[] = [];
  const visit = (value: Value): void => {
    if (value.kind === 'layer') layers.push(value.layer);
    else if (value.kind === 'sequence') value.items.forEach(visit);
    else if (value.kind === 'userObject' && value.cls.base === 'layer')
      layers.push(customLayerNode(evaluator, value));
    else if (value.kind === 'model' || (value.kind === 'userObject' && value.model)) {
      const model = value.kind === 'model' ? value.model : value.model!;
      layers.push(wrapModelAsLayer(evaluator, model, model.call));
    } else {
      // An attribute keras-lower could not follow that call() used as a layer: its weights are unknown.
      const opaque = opaqueLayerOf(value);
      if (opaque) layers.push(opaque);
    }
  };
  for (const [name, value] of instance.attributes) if (!name.startsWith('__')) visit(value);
  return layers;
}

/** Calling a user Layer or Model instance on Keras tensors runs its `call()` (and `build()` for layers). */
export function callInstance(
  evaluator: Evaluator,
  instance: InstanceValue,
  args: CallArguments,
  call: Node,
): Value {
  const inputs = tensorsIn(args);
  const name = instance.cls.name;
  if (instance.cls.base === 'other') {
    // A plain Python class with `__call__` (a block builder object) runs as a function would.
    const dunderCall = userMethod(instance, '__call__');
    if (dunderCall) return callUserFunction(evaluator, dunderCall, args, instance);
    if (inputs.length > 0) return opaqueCall(evaluator, instance, call, args, notALayerReason(instance));
    return unknown(`\`${name}\` objects are not callable as far as keras-lower can see`);
  }
  if (inputs.length === 0) return unknown(`\`${name}\` is called on something keras-lower cannot follow`);
  const callMethod = userMethod(instance, 'call');
  if (instance.model)
    return callMethod
      ? runModelCall(evaluator, instance, callMethod, args)
      : opaqueCall(evaluator, instance, call, args, `${name} defines no call() keras-lower can run`);
  return invokeUserLayer(evaluator, instance, inputs, args, call);
}

/**
 * Runs a user layer's `build()` (once) and `call()` on Keras tensors and records the call on its row; a
 * `call()` returning a tuple of tensors gives the row several outputs (`x, attention = block(x)`).
 */
function invokeUserLayer(
  evaluator: Evaluator,
  instance: InstanceValue,
  inputs: SymbolicTensor[],
  args: CallArguments,
  call: Node,
): Value {
  const layer = customLayerNode(evaluator, instance);
  const build = userMethod(instance, 'build');
  if (build && !instance.attributes.has('__built__')) {
    instance.attributes.set('__built__', { kind: 'bool', value: true });
    const shape = inputs[0]!.shape;
    const shapeValue: Value = shape
      ? { kind: 'sequence', list: false, items: shape.map(dimValue) }
      : unknown('input shape unknown');
    callUserFunction(
      evaluator,
      build,
      { positional: [{ value: shapeValue, node: call }], keywords: new Map() },
      instance,
    );
  }
  const callMethod = userMethod(instance, 'call');
  const result = callMethod
    ? traced(evaluator, () => callUserFunction(evaluator, callMethod, args, instance))
    : unknown(`${instance.cls.name} defines no call()`);
  const returned = returnedTensors(result);
  const why = `the output of ${instance.cls.name}.call() could not be followed${result.kind === 'unknown' ? ` (${result.reason})` : ''}`;
  const outputs: SymbolicTensor[] = (returned ?? [undefined]).map((tensor) => ({
    shape: tensor?.shape ?? null,
    producer: layer,
    unknownReason: tensor?.shape ? undefined : (tensor?.unknownReason ?? why),
  }));
  layer.customParams = customParams(evaluator, instance);
  const output = outputs[0]!;
  if (layer.calls.length === 0) {
    layer.inputShape = inputs[0]!.shape;
    layer.outputShape = output.shape;
    const shapes = outputs.map((tensor) => tensor.shape);
    layer.outputShapes =
      outputs.length > 1 && shapes.every((shape) => shape !== null) ? (shapes as Shape[]) : undefined;
    layer.unknownReason = output.unknownReason;
  }
  layer.calls.push({ order: nextCallOrder(), inputs, output, ...(outputs.length > 1 ? { outputs } : {}) });
  if (outputs.length === 1) return { kind: 'tensor', tensor: output };
  const list = result.kind === 'sequence' && result.list;
  return { kind: 'sequence', list, items: outputs.map((tensor) => ({ kind: 'tensor', tensor })) };
}

/** The tensors a `call()` returned: one, or a tuple or list of them; undefined for anything else. */
function returnedTensors(result: Value): SymbolicTensor[] | undefined {
  if (result.kind === 'tensor') return [result.tensor];
  if (result.kind !== 'sequence' || result.items.length === 0) return undefined;
  const tensors = result.items.map((item) => (item.kind === 'tensor' ? item.tensor : undefined));
  return tensors.every((tensor) => tensor !== undefined) ? (tensors as SymbolicTensor[]) : undefined;
}

function runModelCall(
  evaluator: Evaluator,
  instance: InstanceValue,
  callMethod: FunctionValue,
  args: CallArguments,
): Value {
  const model = instance.model!;
  const inputs = tensorsIn(args);
  const result = traced(evaluator, () => callUserFunction(evaluator, callMethod, args, instance));
  if (model.outputs.length === 0) {
    model.inputLayers = inputs
      .map((tensor) => tensor.producer)
      .filter((layer) => layer.className === 'InputLayer');
    model.outputs = result.kind === 'tensor' ? [result.tensor] : [];
    model.layers = trackedLayers(evaluator, instance);
  }
  return result;
}

/**
 * `model.build((None, 784))` on a subclassed model: Keras 3 marks the model built without running `call()`,
 * so its sublayers stay unbuilt (no shapes, 0 params in model.summary()); calling it on `keras.Input` builds them.
 */
export function buildSubclassed(): Value {
  return unknown(
    "model.build() leaves a subclassed model's layers unbuilt in Keras 3; call the model on keras.Input(...) to build them",
  );
}

/**
 * `# keras-lower: input_shape=(None, 784)` on the statement's line or the line above: for a subclassed model
 * nothing else builds, the model is called on a symbolic input of that shape.
 */
export function applyShapeAnnotation(
  evaluator: Evaluator,
  instance: UserObject,
  statement: Node,
  text: string,
): void {
  if (!instance.model || instance.model.outputs.length > 0) return;
  const dims = annotatedShape(text, [statement.startPosition.row]);
  if (dims) callOnShape(evaluator, instance, dims, statement);
}

/** Builds a subclassed model by calling it on a symbolic input of `shape` (an annotation, fit's first batch). */
export function callOnShape(evaluator: Evaluator, instance: UserObject, shape: Shape, node: Node): void {
  const input: SymbolicTensor = symbolicInput(evaluator, node, shape);
  callInstance(
    evaluator,
    instance,
    { positional: [{ value: { kind: 'tensor', tensor: input }, node }], keywords: new Map() },
    node,
  );
}

/** An input tensor for an annotated shape, outside Keras's name counters. */
function symbolicInput(evaluator: Evaluator, node: Node, shape: Shape): SymbolicTensor {
  const layer = syntheticLayer(evaluator, {
    className: 'InputLayer',
    name: 'input',
    call: node,
    inputShape: shape,
    outputShape: shape,
  });
  const output: SymbolicTensor = { shape, producer: layer };
  layer.calls.push({ order: nextCallOrder(), inputs: [], output });
  return output;
}

/** Runs a user `call()` the way Keras traces it: operations inside take no names from the counters. */
function traced<T>(evaluator: Evaluator, run: () => T): T {
  evaluator.tracingUserCall++;
  try {
    return run();
  } finally {
    evaluator.tracingUserCall--;
  }
}

/** The graph node standing for a user Layer instance (one per instance). */
function customLayerNode(evaluator: Evaluator, instance: InstanceValue): LayerNode {
  const existing = instance.attributes.get('__layer_node__');
  if (existing?.kind === 'layer') return existing.layer;
  const layer = syntheticLayer(evaluator, {
    className: instance.cls.name,
    name: kerasName(instance),
    call: instance.cls.node,
    customParams: null,
  });
  // In a Sequential, the layer is called on the previous layer's output as Keras calls it.
  layer.invoke = (inputs, node) => {
    const args = {
      positional: [{ value: { kind: 'tensor', tensor: inputs[0]! } as Value, node }],
      keywords: new Map(),
    };
    const result = invokeUserLayer(evaluator, instance, inputs, args, node);
    return layer.calls.at(-1)?.output ?? (result as Extract<Value, { kind: 'tensor' }>).tensor;
  };
  instance.attributes.set('__layer_node__', { kind: 'layer', layer });
  evaluator.layers.push(layer);
  return layer;
}

/** The row of a user Layer instance (a Sequential holds it like any layer). */
export function userLayerNode(evaluator: Evaluator, instance: InstanceValue): LayerNode {
  return customLayerNode(evaluator, instance);
}

/** Parameters of a user layer: its sublayers' weights plus what `add_weight` created, when all are known. */
function customParams(evaluator: Evaluator, instance: InstanceValue): number | null {
  let total = 0;
  for (const layer of trackedLayers(evaluator, instance)) {
    // A sublayer never called (a branch not taken) has no weights yet, as in Keras.
    if (layer.calls.length === 0 && layer.customParams === undefined) continue;
    if (layer.customParams !== undefined) {
      if (layer.customParams === null) return null;
      total += layer.customParams;
      continue;
    }
    if (layer.nestedModel) {
      const nested = modelParams(layer.nestedModel);
      if (nested === null) return null;
      total += nested;
      continue;
    }
    if (!layer.rule || !layer.inputShape) return null;
    for (const weight of weightsOf(layer)) {
      if (weight.shape.some((dim) => typeof dim !== 'number')) return null;
      total += (weight.shape as number[]).reduce((a, b) => a * b, 1);
    }
  }
  const added = instance.attributes.get('__added_weights__');
  if (added?.kind === 'sequence')
    for (const shape of added.items) {
      const dims = toShape(shape);
      if (!dims || dims.some((dim) => typeof dim !== 'number')) return null;
      total += (dims as number[]).reduce((a, b) => a * b, 1);
    }
  return total;
}

/** All weights of a model nested in a user layer (null when any shape is unknown). */
function modelParams(model: ModelNode): number | null {
  let total = 0;
  for (const layer of model.layers) {
    if (layer.nestedModel) {
      const nested = modelParams(layer.nestedModel);
      if (nested === null) return null;
      total += nested;
      continue;
    }
    for (const weight of weightsOf(layer)) {
      if (weight.shape.some((dim) => typeof dim !== 'number')) return null;
      total += (weight.shape as number[]).reduce((a, b) => a * b, 1);
    }
  }
  return total;
}

/**
 * `self.add_weight(shape=...)` inside a user layer: remembered for its parameter count; the variable is a
 * concrete tensor of that shape, so `call()` can compute with it (`x * self.gain`, `ops.matmul(x, self.w)`).
 */
export function addWeight(
  evaluator: Evaluator,
  instance: InstanceValue,
  args: CallArguments,
  call: Node,
): Value {
  const shape = args.keywords.get('shape')?.value ?? args.positional[0]?.value ?? unknown('no shape');
  const previous = instance.attributes.get('__added_weights__');
  const items = previous?.kind === 'sequence' ? previous.items : [];
  instance.attributes.set('__added_weights__', { kind: 'sequence', list: true, items: [...items, shape] });
  const dims = toShape(shape);
  return dims && dims.every((dim) => typeof dim === 'number')
    ? weightVariable(evaluator, call, dims)
    : unknown(`a weight variable of a shape keras-lower cannot read`);
}
