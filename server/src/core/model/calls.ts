// Calls: the Keras API (layers, Input, Sequential, Model, keras.config, keras.ops, merge functions),
// methods on models and user objects, user functions and classes, and a few Python builtins.
import type { Node } from 'web-tree-sitter';
import type { CallArguments } from '../layers/config.ts';
import { callActivation } from './activationCalls.ts';
import { madeBy, notALayerReason, opaqueCall, opaqueLayer } from './opaqueLayers.ts';
import {
  callLayer,
  createInputLayer,
  finishFunctional,
  sequentialAdd,
  sequentialRebuild,
} from './building.ts';
import { dtypePolicyCall } from './dtypePolicy.ts';
import { MAX_CALL_DEPTH, codeChildren, type Evaluator } from './evaluator.ts';
import { iterate } from './iteration.ts';
import {
  toSnakeCase,
  type LayerNode,
  type ModelNode,
  type SymbolicTensor,
  type TrainingCall,
} from './graph.ts';
import type { Shape } from '../types.ts';
import { generatedLayerCall } from './generatedCode.ts';
import { tfOpInUserCall } from './tfOps.ts';
import { createLayer, createLayerFromFunction, wrapModelAsLayer } from './layerFactory.ts';
import { newModel } from './nodes.ts';
import { constantOfShape, kerasOpCall, tensorsIn } from './tensorOps.ts';
import {
  addWeight,
  buildSubclassed,
  callInstance,
  callOnShape,
  callUserFunction,
  instantiateClass,
  userLayerNode,
  userMethod,
} from './userCode.ts';
import { dimValue, NONE, toShape, unknown, type Value } from './values.ts';
import { checkpointedBy, LOAD_MODEL_PATHS, loadModel, saveModel } from './savedModels.ts';
import { dataInputShape, shapeValue, unbuilt } from './builtByData.ts';
import { adaptLayer, arraysAsTensors, dataBuiltin, dataCall, dataMethod } from './data/hooks.ts';

export function callKerasApi(evaluator: Evaluator, path: string, call: Node, args: CallArguments): Value {
  if (path === 'keras.config.set_image_data_format') {
    const format = args.positional[0]?.value ?? args.keywords.get('data_format')?.value;
    if (
      format?.kind === 'string' &&
      (format.value === 'channels_first' || format.value === 'channels_last')
    ) {
      evaluator.imageDataFormat = format.value;
      evaluator.imageDataFormatCall = call;
    }
    return NONE;
  }
  if (path === 'keras.config.image_data_format') return { kind: 'string', value: evaluator.imageDataFormat };
  const policy = dtypePolicyCall(evaluator, path, call, args);
  if (policy) return policy;
  if (path === 'keras.Input') {
    const layer = createInputLayer(evaluator, call, args, 'Input');
    return { kind: 'tensor', tensor: layer.calls[0]!.output };
  }
  if (path === 'keras.Sequential') return createSequential(evaluator, call, args);
  if (path === 'keras.Model') return createFunctional(evaluator, call, args);
  if (LOAD_MODEL_PATHS.has(path)) return loadModel(evaluator, call, args);
  // Data loading and preparation (keras.datasets, NumPy, eager tf, tf.data, keras.utils) on eager values.
  const data = tensorsIn(args).length === 0 ? dataCall(evaluator, path, call, args) : undefined;
  if (data) return data;
  const layerClass = /^keras\.layers\.([A-Z]\w*)$/.exec(path)?.[1];
  if (layerClass) return { kind: 'layer', layer: createLayer(evaluator, layerClass, call, args) };
  const mergeFunction =
    /^keras\.layers\.(add|subtract|multiply|average|maximum|minimum|concatenate|dot)$/.exec(path)?.[1];
  if (mergeFunction) return createLayerFromFunction(evaluator, mergeFunction, call, args);
  const activation = /^keras\.activations\.(\w+)$/.exec(path)?.[1];
  if (activation) return callActivation(evaluator, activation, call, args);
  // keras.ops re-exports keras.ops.nn and keras.ops.numpy under the same names.
  const op = /^keras\.ops\.(?:nn\.|numpy\.)?(\w+)$/.exec(path)?.[1];
  // Arrays beside Keras tensors are converted as Keras does; ops on arrays alone run eagerly (no node).
  if (op)
    return kerasOpCall(
      evaluator,
      op,
      call,
      tensorsIn(args).length > 0 ? arraysAsTensors(evaluator, args, call) : args,
    );
  if (CONSTANT_FACTORIES.test(path) && tensorsIn(args).length === 0) {
    const shapeArg = args.positional[0]?.value ?? args.keywords.get('shape')?.value;
    const shape = shapeArg ? toShape(shapeArg) : undefined;
    if (shape && shape.every((dim) => typeof dim === 'number'))
      return constantOfShape(evaluator, call, shape);
  }
  const tfOp = tfOpInUserCall(evaluator, path, call, args);
  if (tfOp) return tfOp;
  if (/^tf\./.test(path) && tensorsIn(args).length > 0) {
    evaluator.report(
      call,
      `\`${path}\` is applied to a symbolic Keras tensor; Keras 3 raises on raw TensorFlow ops here (use keras.ops or a layer)`,
    );
    return unknown(`\`${path}\` on a Keras tensor fails at run time`);
  }
  // Optimizers, losses, metrics, schedules and callbacks keep their arguments for the training lowering.
  if (/^keras\.(?:optimizers(?:\.schedules)?|losses|metrics|callbacks)\.[A-Z]\w*$/.test(path))
    return { kind: 'kerasObject', path, call, args };
  // Initializers and regularizers keep their arguments for the layer rules (keras.initializers.RandomNormal(stddev=0.1)).
  if (/^keras\.(?:initializers|regularizers)\.\w+$/.test(path))
    return { kind: 'kerasObject', path, call, args };
  const why = `\`${path}(...)\` is not evaluated by keras-lower`;
  return tensorsIn(args).length > 0
    ? opaqueCall(evaluator, undefined, call, args, why)
    : madeBy(unknown(why), call);
}

/** Calls that make a concrete tensor of a constant shape, e.g. to build a subclassed model eagerly. */
const CONSTANT_FACTORIES = /^(?:tf|keras\.ops|numpy)\.(?:zeros|ones|random\.(?:normal|uniform))$/;

function createSequential(evaluator: Evaluator, call: Node, args: CallArguments): Value {
  const layersArg = args.keywords.get('layers')?.value ?? args.positional[0]?.value;
  const nameArg = args.keywords.get('name')?.value;
  const model = newModel(evaluator, {
    kind: 'Sequential',
    className: 'Sequential',
    name: nameArg?.kind === 'string' ? nameArg.value : evaluator.counters.next('sequential'),
    call,
  });
  evaluator.models.push(model);
  if (layersArg?.kind === 'sequence') {
    const listNode = args.keywords.get('layers')?.node ?? args.positional[0]?.node;
    const nodes = itemNodes(listNode, layersArg.items.length, call);
    layersArg.items.forEach((item, index) =>
      sequentialAdd(evaluator, model, layerOf(evaluator, item, call, nodes[index]!)),
    );
    sequentialRebuild(evaluator, model);
  } else if (layersArg && layersArg.kind !== 'none') {
    // A list keras-lower cannot read: the model is unknown from its input on, with the reason.
    sequentialAdd(evaluator, model, opaqueLayer(evaluator, layersArg, call, notALayerReason(layersArg)));
    sequentialRebuild(evaluator, model);
  }
  return { kind: 'model', model };
}

function createFunctional(evaluator: Evaluator, call: Node, args: CallArguments): Value {
  const inputs = args.keywords.get('inputs')?.value ?? args.positional[0]?.value;
  const outputs = args.keywords.get('outputs')?.value ?? args.positional[1]?.value;
  const nameArg = args.keywords.get('name')?.value;
  if (!inputs || !outputs)
    return unknown('keras.Model(...) without inputs and outputs is not a functional model');
  const model = finishFunctional(
    evaluator,
    call,
    inputs,
    outputs,
    nameArg?.kind === 'string' ? nameArg.value : undefined,
  );
  if (!model) {
    // Never a model vanishing without a word: say which side could not be followed, and why.
    const reasons = [inputs, outputs].map((value) =>
      value.kind === 'unknown'
        ? value.reason
        : value.kind === 'named'
          ? evaluator.unresolvedNames.get(value.name)
          : undefined,
    );
    const lost = reasons.find((reason) => reason !== undefined);
    const why = `the model's inputs or outputs are not Keras tensors keras-lower could follow${lost ? ` (${lost})` : ''}`;
    if (!evaluator.diagnostics.some((diagnostic) => diagnostic.range.start.line === call.startPosition.row))
      evaluator.report(call, `keras.Model(...) is not analysed: ${why}`, 'information');
    return unknown(why);
  }
  model.statements = evaluator.statement ? [evaluator.statement] : [];
  evaluator.models.push(model);
  return { kind: 'model', model };
}

/** What Sequential accepts as a layer: a layer, the tensor of a `keras.Input`, or a model (nested). */
/**
 * What Sequential accepts as a layer: a layer, the tensor of a `keras.Input`, a model (nested) or a user
 * layer (its `call()` runs). Anything else is a row of unknown shape with the reason, never dropped.
 */
function layerOf(evaluator: Evaluator, value: Value, call: Node, node: Node): LayerNode {
  if (value.kind === 'layer') return value.layer;
  if (value.kind === 'tensor' && value.tensor.producer.className === 'InputLayer')
    return value.tensor.producer;
  if (value.kind === 'model') return wrapModelAsLayer(evaluator, value.model, call);
  if (value.kind === 'userObject' && value.model) return wrapModelAsLayer(evaluator, value.model, call);
  if (value.kind === 'userObject' && value.cls.base === 'layer') return userLayerNode(evaluator, value);
  return opaqueLayer(evaluator, value, node, notALayerReason(value));
}

/** The expression of each item of a Sequential's layer list, when the list is written out. */
function itemNodes(list: Node | undefined, count: number, call: Node): Node[] {
  const items = list && (list.type === 'list' || list.type === 'tuple') ? codeChildren(list) : [];
  return items.length === count && items.every((item) => item.type !== 'list_splat')
    ? items
    : Array.from({ length: count }, () => call);
}

const TRAINING_METHODS = new Set(['compile', 'fit', 'evaluate', 'predict']);

export function callMethod(
  evaluator: Evaluator,
  method: Extract<Value, { kind: 'method' }>,
  call: Node,
  args: CallArguments,
): Value {
  const self = method.self;
  const model = self.kind === 'model' ? self.model : self.kind === 'userObject' ? self.model : undefined;
  if (self.kind === 'userObject') {
    const defined = userMethod(self, method.name);
    if (defined) return callUserFunction(evaluator, defined, args, self);
  }
  if (self.kind === 'sequence' || self.kind === 'dict') return containerMethod(self, method.name, args);
  if (self.kind === 'array' || self.kind === 'dataset')
    return dataMethod(self, method.name, call, args, (callee, values) =>
      callValue(
        evaluator,
        callee,
        call,
        { positional: values.map((value) => ({ value, node: call })), keywords: new Map() },
        callee.kind === 'function' ? callee.name : 'the function',
      ),
    );
  if (model && model.kind === 'Sequential' && (method.name === 'build' || method.name === 'pop')) {
    if (evaluator.statement) model.statements.push(evaluator.statement);
    if (method.name === 'pop') model.layers.pop();
    else sequentialBuild(evaluator, model, args, call);
    sequentialRebuild(evaluator, model);
    return NONE;
  }
  if (model && model.kind === 'Sequential' && method.name === 'add') {
    const added = args.positional[0] ?? args.keywords.get('layer');
    if (evaluator.statement) model.statements.push(evaluator.statement);
    if (added) {
      sequentialAdd(evaluator, model, layerOf(evaluator, added.value, call, added.node));
      sequentialRebuild(evaluator, model);
    }
    return NONE;
  }
  if (model && method.name === 'save') return saveModel(evaluator, model, args);
  if (model && TRAINING_METHODS.has(method.name)) {
    if (method.name === 'fit') checkpointedBy(evaluator, model, args);
    const batch = unbuilt(self, model)
      ? dataInputShape(method.name as TrainingCall['method'], args)
      : undefined;
    if (batch && self.kind === 'userObject') callOnShape(evaluator, self, batch, call);
    else if (batch) {
      sequentialBuild(evaluator, model, { positional: [shapeValue(batch, call)], keywords: new Map() }, call);
      sequentialRebuild(evaluator, model);
    }
    model.trainingCalls.push({ method: method.name as TrainingCall['method'], call, args });
    return unknown(`\`.${method.name}()\` runs training or inference, which keras-lower does not evaluate`);
  }
  if (self.kind === 'userObject' && method.name === 'build' && model) return buildSubclassed();
  if (self.kind === 'userObject' && method.name === 'add_weight')
    return addWeight(evaluator, self, args, call);
  if (self.kind === 'super') return superCall(evaluator, self.instance, method.name, args);
  if (self.kind === 'layer' && method.name === 'adapt') return adaptLayer(evaluator, self.layer, call, args);
  if (method.name === 'summary') return NONE;
  const why = `\`.${method.name}()\` is not evaluated by keras-lower`;
  return tensorsIn(args).length > 0 ? opaqueCall(evaluator, undefined, call, args, why) : unknown(why);
}

/** `list.append(x)`, `dict.items()`, ...: Python containers mutate in place, as they do in Python. */
function containerMethod(
  self: Extract<Value, { kind: 'sequence' | 'dict' }>,
  name: string,
  args: CallArguments,
): Value {
  const first = args.positional[0]?.value;
  if (self.kind === 'sequence') {
    if (name === 'append' && first) self.items.push(first);
    else if (name === 'extend' && first && iterate(first)) self.items.push(...iterate(first)!);
    else return unknown(`\`list.${name}()\` is not evaluated by keras-lower`);
    return NONE;
  }
  const key = (text: string): Value => ({ kind: 'string', value: text });
  if (name === 'items') return sequence(self.entries.map(([k, v]) => sequence([key(k), v], false)));
  if (name === 'keys') return sequence(self.entries.map(([k]) => key(k)));
  if (name === 'values') return sequence(self.entries.map(([, v]) => v));
  if (name === 'get' && first?.kind === 'string')
    return self.entries.find(([k]) => k === first.value)?.[1] ?? args.positional[1]?.value ?? NONE;
  return unknown(`\`dict.${name}()\` is not evaluated by keras-lower`);
}

/** `Sequential.build(input_shape)`: the InputLayer it creates takes a name from Keras's counters. */
function sequentialBuild(evaluator: Evaluator, model: ModelNode, args: CallArguments, call: Node): void {
  if (model.inputLayers.length > 0) return;
  const shape = args.positional[0] ?? args.keywords.get('input_shape');
  if (!shape) return;
  const input = createInputLayer(
    evaluator,
    call,
    { positional: [], keywords: new Map([['batch_shape', { ...shape, argument: shape.node }]]) },
    'InputLayer',
  );
  model.inputLayers.push(input);
}

/** `super().__init__(name=...)` names a subclassed model or layer the moment Keras would. */
function superCall(evaluator: Evaluator, instance: Value, name: string, args: CallArguments): Value {
  if (name === '__init__' && instance.kind === 'userObject') {
    const nameArg = args.keywords.get('name')?.value;
    if (nameArg?.kind === 'string') instance.attributes.set('__keras_name__', nameArg);
    if (!instance.attributes.has('__keras_name__'))
      instance.attributes.set('__keras_name__', {
        kind: 'string',
        value: evaluator.counters.next(toSnakeCase(instance.cls.name)),
      });
    if (instance.model)
      instance.model.name = (instance.attributes.get('__keras_name__') as { value: string }).value;
  }
  return NONE;
}

export function callValue(
  evaluator: Evaluator,
  callee: Value,
  call: Node,
  args: CallArguments,
  text: string,
): Value {
  if (['layer', 'model', 'userObject'].includes(callee.kind)) args = arraysAsTensors(evaluator, args, call);
  switch (callee.kind) {
    case 'layer': {
      const first = args.positional[0]?.value ?? args.keywords.get('inputs')?.value;
      const items =
        first?.kind === 'sequence'
          ? first.items
          : first?.kind === 'dict'
            ? first.entries.map(([, item]) => item)
            : [first];
      const lost = items.findIndex((item) => item?.kind !== 'tensor');
      // Positional tensors, the named inputs of attention layers (`mha(query, value, key=...)`) and an
      // RNN's `initial_state=[h, c]`, in that order.
      const inputKeywords = new Map(
        [...args.keywords].filter(([name]) =>
          ['inputs', 'query', 'value', 'key', 'initial_state'].includes(name),
        ),
      );
      const followed = tensorsIn({ positional: args.positional, keywords: inputKeywords });
      if (!first || followed.length === 0)
        return unknown(`${callee.layer.name} is called on something that is not a Keras tensor`);
      if (lost >= 0) {
        // Keep the layer in the graph, but never guess its shape from the inputs we could follow.
        const why = `input ${lost + 1} of ${callee.layer.name} is not a Keras tensor keras-lower can follow`;
        const tensor = callLayer(callee.layer, followed, call);
        tensor.shape = null;
        tensor.unknownReason = why;
        callee.layer.calls.at(-1)!.outputs = undefined;
        if (callee.layer.calls.length === 1) {
          callee.layer.outputShape = null;
          callee.layer.outputShapes = undefined;
          callee.layer.unknownReason = why;
        }
        return { kind: 'tensor', tensor };
      }
      if (callee.layer.calls.length === 0)
        for (const name of callee.layer.rule?.namesTakenOnBuild ?? []) evaluator.counters.next(name);
      const output = callLayer(callee.layer, followed, call);
      const outputs = callee.layer.calls.at(-1)?.outputs;
      // Several outputs come back as a tuple, unpacked by the caller (`out, h, c = lstm(x)`).
      return outputs
        ? { kind: 'sequence', list: false, items: outputs.map((tensor) => ({ kind: 'tensor', tensor })) }
        : { kind: 'tensor', tensor: output };
    }
    case 'model': {
      const inputs = tensorsIn(args);
      if (inputs.length === 0)
        return unknown(`model ${callee.model.name} is called on something that is not a Keras tensor`);
      const model = callee.model;
      // A Sequential without an input builds on its first call, as Sequential.build does (InputLayer, Functional).
      if (model.kind === 'Sequential' && model.inputLayers.length === 0 && inputs[0]!.shape) {
        const shape = {
          value: { kind: 'sequence', list: false, items: inputs[0]!.shape.map(dimValue) } as Value,
          node: call,
        };
        sequentialBuild(evaluator, model, { positional: [shape], keywords: new Map() }, call);
        sequentialRebuild(evaluator, model);
      }
      // Called on data (`model(image_batch)`), Keras runs it eagerly: a result, no node in any graph.
      if (inputs.every((tensor) => tensor.producer.constant)) return eagerModelCall(model, inputs[0]!);
      const wrapper = wrapModelAsLayer(evaluator, model, call);
      const output = callLayer(wrapper, inputs, call);
      const outputs = wrapper.calls.at(-1)?.outputs?.map((tensor): Value => ({ kind: 'tensor', tensor }));
      if (!outputs) return { kind: 'tensor', tensor: output };
      // Keras returns the outputs in the structure the model was built with: a dict by key, else a list.
      return model.outputKeys
        ? { kind: 'dict', entries: model.outputKeys.map((key, index) => [key, outputs[index]!]) }
        : { kind: 'sequence', list: true, items: outputs };
    }
    case 'function':
      return evaluator.callDepth >= MAX_CALL_DEPTH
        ? unknown(`calls nest deeper than ${MAX_CALL_DEPTH} levels (recursion?)`)
        : callUserFunction(evaluator, callee, args);
    case 'class':
      return (
        generatedLayerCall(evaluator, callee.node, args, call) ??
        instantiateClass(evaluator, callee, args, call)
      );
    case 'userObject':
      return callInstance(evaluator, callee, args, call);
    case 'named':
      return callBuiltin(callee.name, args) ?? notFollowed(evaluator, callee, call, args, text);
    default:
      return notFollowed(evaluator, callee, call, args, text);
  }
}

/** An eager call of a built model: arrays of its outputs' shapes, the batch the data's. */
function eagerModelCall(model: ModelNode, input: SymbolicTensor): Value {
  const shapes = model.outputs.map((tensor) => tensor.shape);
  if (shapes.length === 0 || shapes.some((shape) => shape === null) || !input.shape)
    return unknown(`model ${model.name}'s output shape is unknown`);
  const arrays = (shapes as Shape[]).map((shape): Value => ({
    kind: 'array',
    shape: shape[0] === null ? [input.shape![0] ?? null, ...shape.slice(1)] : shape,
    dtype: 'float32',
  }));
  if (arrays.length === 1) return arrays[0]!;
  return model.outputKeys
    ? { kind: 'dict', entries: model.outputKeys.map((key, index) => [key, arrays[index]!]) }
    : { kind: 'sequence', list: true, items: arrays };
}

/** A call keras-lower does not evaluate: on Keras tensors it is a row of unknown shape, else unknown. */
function notFollowed(
  evaluator: Evaluator,
  callee: Value,
  call: Node,
  args: CallArguments,
  text: string,
): Value {
  const why = callee.kind === 'unknown' ? callee.reason : `\`${text}(...)\` is not evaluated by keras-lower`;
  return tensorsIn(args).length > 0
    ? opaqueCall(evaluator, callee, call, args, why)
    : madeBy(unknown(why), call);
}

function sequence(items: Value[], list = true): Value {
  return { kind: 'sequence', list, items };
}

/** The few builtins model-building code uses with constants. */
function callBuiltin(name: string, args: CallArguments): Value | undefined {
  const values = args.positional.map((arg) => arg.value);
  const data = dataBuiltin(name, args);
  if (data) return data;
  const ints = values.map((value) => (value.kind === 'number' && value.isInt ? value.value : undefined));
  switch (name) {
    case 'range': {
      if (ints.some((n) => n === undefined) || ints.length === 0 || ints.length > 3) return undefined;
      const [start, stop, step] = ints.length === 1 ? [0, ints[0]!, 1] : [ints[0]!, ints[1]!, ints[2] ?? 1];
      if (step === 0) return undefined;
      const count = Math.max(0, Math.ceil((stop - start) / step));
      if (count > 10_000) return unknown(`range(...) of ${count} items is not unrolled`);
      return {
        kind: 'sequence',
        list: true,
        items: Array.from({ length: count }, (_, i) => ({
          kind: 'number',
          value: start + i * step,
          isInt: true,
        })),
      };
    }
    case 'len': {
      const items = values[0] ? iterate(values[0]) : undefined;
      return items ? { kind: 'number', value: items.length, isInt: true } : undefined;
    }
    case 'int':
    case 'float': {
      // A NumPy scalar whose value is known (`int(np.max(y))`) converts like a Python number.
      const source = values[0];
      const number =
        source?.kind === 'number'
          ? source.value
          : source?.kind === 'array' && source.shape.length === 0
            ? source.value
            : undefined;
      if (number === undefined) return undefined;
      return name === 'int'
        ? { kind: 'number', value: Math.trunc(number), isInt: true }
        : { kind: 'number', value: number, isInt: false };
    }
    case 'list':
    case 'tuple': {
      const items = values[0] ? iterate(values[0]) : [];
      return items ? { kind: 'sequence', list: name === 'list', items } : undefined;
    }
    case 'min':
    case 'max': {
      const numbers = (values.length === 1 ? (iterate(values[0]!) ?? []) : values).map((v) =>
        v.kind === 'number' ? v.value : NaN,
      );
      if (numbers.length === 0 || numbers.some(Number.isNaN)) return undefined;
      const value = name === 'min' ? Math.min(...numbers) : Math.max(...numbers);
      return { kind: 'number', value, isInt: Number.isInteger(value) };
    }
    case 'enumerate': {
      const items = values[0] ? iterate(values[0]) : undefined;
      const startValue = values[1] ?? args.keywords.get('start')?.value;
      const start = startValue?.kind === 'number' ? startValue.value : 0;
      return items
        ? sequence(
            items.map((item, index) =>
              sequence([{ kind: 'number', value: start + index, isInt: true }, item], false),
            ),
          )
        : undefined;
    }
    case 'zip': {
      const lists = values.map(iterate);
      if (lists.some((list) => list === undefined) || lists.length === 0) return undefined;
      const length = Math.min(...lists.map((list) => list!.length));
      return sequence(
        Array.from({ length }, (_, i) =>
          sequence(
            lists.map((list) => list![i]!),
            false,
          ),
        ),
      );
    }
    case 'reversed': {
      const items = values[0] ? iterate(values[0]) : undefined;
      return items ? sequence([...items].reverse()) : undefined;
    }
    case 'dict': {
      // `dict(padding="same", activation="relu")`, `dict(base, strides=2)`, `dict(pairs)`.
      const base = values[0] ? dictEntries(values[0]) : [];
      if (!base || values.length > 1) return undefined;
      const entries = new Map(base);
      for (const [key, evaluated] of args.keywords) entries.set(key, evaluated.value);
      return { kind: 'dict', entries: [...entries] };
    }
    case 'print':
      return NONE;
    default:
      return undefined;
  }
}

/** A dict's entries, or those of a list of (key, value) pairs with string keys. */
function dictEntries(value: Value): Array<[string, Value]> | undefined {
  if (value.kind === 'dict') return value.entries;
  const pairs = iterate(value)?.map((pair) =>
    pair.kind === 'sequence' && pair.items.length === 2 && pair.items[0]!.kind === 'string'
      ? ([pair.items[0]!.value, pair.items[1]!] as [string, Value])
      : undefined,
  );
  return pairs?.every((pair) => pair !== undefined) ? (pairs as Array<[string, Value]>) : undefined;
}
