// Operations on symbolic Keras tensors: Python operators (`x + y`, `x * 0.5`, `a @ b`, `-x`) and `keras.ops.*`.
// Keras records each as an operation node with a name from the shared counters (`add`, `multiply`, ...),
// which shows in model.summary() and takes names a later `layers.Add()` would otherwise get.
import type { Node } from 'web-tree-sitter';
import type { CallArguments } from '../layers/config.ts';
import { operationRule, type OperationSource } from '../ops/operationRule.ts';
import { broadcastShapes, operationShape } from '../shapes/operations.ts';
import type { Shape } from '../types.ts';
import { nextCallOrder } from './building.ts';
import type { Evaluator } from './evaluator.ts';
import { syntheticLayer } from './nodes.ts';
import { toSnakeCase, type SymbolicTensor } from './graph.ts';
import { dimValue, unknown, type Value } from './values.ts';

/** Keras's operation class for each Python operator on a KerasTensor. */
const OPERATOR_CLASSES: Record<string, string> = {
  '+': 'Add',
  '-': 'Subtract',
  '*': 'Multiply',
  '/': 'TrueDivide',
  '//': 'FloorDivide',
  '%': 'Mod',
  '**': 'Power',
  '@': 'Matmul',
  neg: 'Negative',
};

export function tensorOperator(evaluator: Evaluator, operator: string, operands: Value[], node: Node): Value {
  if (operator === '+' && operands.length === 1) return operands[0]!;
  const className = OPERATOR_CLASSES[operator];
  if (!className) return unknown(`the operator \`${operator}\` on Keras tensors is not evaluated`);
  const shapes = operands.map(operandShape);
  if (shapes.some((shape) => shape === undefined))
    return unknown(`\`${node.text}\` mixes Keras tensors with values keras-lower cannot read`);
  // An operand of unknown shape makes the result unknown (with a reason), never a crash or a guess.
  const shape = shapes.some((operand) => operand === null)
    ? undefined
    : className === 'Matmul'
      ? operationShape('matmul', shapes as Shape[], new Map())
      : broadcastShapes(shapes as Shape[]);
  return operationNode(evaluator, className, { operator }, operands, node, shape);
}

/** keras.ops functions whose Operation class is not the CamelCase of their name. */
const OP_CLASS_NAMES: Record<string, string> = {
  abs: 'Absolute',
  absolute: 'Absolute',
  max: 'Max',
  min: 'Min',
};

/** How many leading positional arguments are tensors (default 1). */
const TENSOR_OPERANDS: Record<string, number> = Object.fromEntries([
  ...['add', 'subtract', 'multiply', 'divide', 'true_divide', 'maximum', 'minimum', 'power', 'matmul'].map(
    (op) => [op, 2],
  ),
  ['where', 3],
]);

/** Names of the positional parameters that follow the tensor operands. */
const OP_PARAMETERS: Record<string, string[]> = {
  reshape: ['newshape'],
  repeat: ['repeats', 'axis'],
  transpose: ['axes'],
  expand_dims: ['axis'],
  concatenate: ['axis'],
  stack: ['axis'],
  ...Object.fromEntries(
    ['mean', 'sum', 'max', 'min', 'prod', 'std', 'var', 'any', 'all', 'logsumexp'].map((op) => [
      op,
      ['axis', 'keepdims'],
    ]),
  ),
};

/** `keras.ops.mean(x, axis=1)` and friends: shapes for the common ops, unknown with a reason for the rest. */
export function kerasOpCall(
  evaluator: Evaluator,
  op: string,
  call: Node,
  args: CallArguments,
  operationClass?: string,
): Value {
  const tensors = tensorsIn(args);
  // keras.ops.shape on a symbolic tensor is its static shape as a tuple: no operation node.
  if (op === 'shape' && tensors.length === 1 && tensors[0]!.shape)
    return { kind: 'sequence', list: false, items: tensors[0]!.shape.map(dimValue) };
  if (tensors.length === 0) return constantTensor(evaluator, op, call, args);
  const operands = args.positional.map((arg) => arg.value);
  const tensorOperands = operands.slice(0, TENSOR_OPERANDS[op] ?? 1);
  const shapes = tensorOperands.map((value) =>
    value.kind === 'sequence'
      ? value.items.map((item) => operandShape(item) ?? null)
      : (operandShape(value) ?? null),
  ) as Array<Shape | Array<Shape | null> | null>;
  const known = shapes.every(
    (shape, index) =>
      shape !== null && (tensorOperands[index]!.kind !== 'sequence' || !shape.includes(null as never)),
  );
  // Positional arguments after the tensors are the op's parameters: `ops.reshape(x, (4, 4))`, `ops.mean(x, 1)`.
  const keywords = new Map([...args.keywords].map(([name, evaluated]) => [name, evaluated.value]));
  const parameterNames = OP_PARAMETERS[op] ?? [];
  operands.slice(tensorOperands.length).forEach((value, index) => {
    const name = parameterNames[index];
    if (name && !keywords.has(name)) keywords.set(name, value);
  });
  const className =
    operationClass ??
    OP_CLASS_NAMES[op] ??
    op
      .split('_')
      .map((part) => part[0]!.toUpperCase() + part.slice(1))
      .join('');
  const shape = known ? operationShape(op, shapes as Array<Shape | Shape[]>, keywords) : undefined;
  return operationNode(evaluator, className, { op }, operands, call, shape);
}

/**
 * `keras.ops.arange(...)` with constant arguments is a concrete tensor, not a symbolic one: layers applied to it
 * run eagerly (they are built, but are no graph node) and it broadcasts into symbolic operations.
 */
function constantTensor(evaluator: Evaluator, op: string, call: Node, args: CallArguments): Value {
  const number = (name: string, index: number): number | undefined => {
    const value = args.keywords.get(name)?.value ?? args.positional[index]?.value;
    return value?.kind === 'number' ? value.value : undefined;
  };
  if (op !== 'arange')
    return unknown(`keras.ops.${op}(...) on values that are not Keras tensors is not evaluated`);
  const first = number('start', 0);
  const stop = number('stop', 1);
  const [start, end] = stop === undefined ? [0, first] : [first ?? 0, stop];
  const step = number('step', 2) ?? 1;
  if (end === undefined || step === 0)
    return unknown('keras.ops.arange(...) with arguments keras-lower cannot read');
  return constantOfShape(evaluator, call, [Math.max(0, Math.ceil((end - start) / step))]);
}

/** A user layer's weight from `self.add_weight(...)`: a variable of its shape, computed with in `call()`. */
export function weightVariable(evaluator: Evaluator, call: Node, shape: Shape): Value {
  return constantOfShape(evaluator, call, shape, 'Variable');
}

function isWeightVariable(tensor: SymbolicTensor): boolean {
  return tensor.producer.constant === true && tensor.producer.className === 'Variable';
}

/** A concrete tensor of a known shape (`tf.zeros((1, 784))`, `keras.ops.arange(10)`): not part of any graph. */
export function constantOfShape(
  evaluator: Evaluator,
  call: Node,
  shape: Shape,
  className: 'Constant' | 'Variable' = 'Constant',
): Value {
  const layer = syntheticLayer(evaluator, {
    className,
    name: 'constant',
    call,
    outputShape: shape,
    constant: true,
  });
  const output: SymbolicTensor = { shape, producer: layer };
  layer.calls.push({ order: nextCallOrder(), inputs: [], output });
  return { kind: 'tensor', tensor: output };
}

function operationNode(
  evaluator: Evaluator,
  className: string,
  source: OperationSource,
  operands: Value[],
  node: Node,
  shape: Shape | string | undefined,
): Value {
  // A layer's own weights (`self.w` from add_weight) are variables, not graph inputs of the operation.
  const inputs = operands.flatMap(tensorsOf).filter((tensor) => !isWeightVariable(tensor));
  const layer = syntheticLayer(evaluator, {
    className,
    // Inside a user layer's or subclassed model's call(), Keras traces backend tensors: no named operations.
    name:
      evaluator.tracingUserCall > 0
        ? toSnakeCase(className)
        : evaluator.counters.next(toSnakeCase(className)),
    call: node,
    // Module mode writes the operation from the ops table; refusals (an op it has no entry for) come with it.
    rule: operationRule(
      source,
      node,
      inputs.map((input) => input.shape),
    ),
    inputShape: inputs[0]?.shape ?? null,
    outputShape: Array.isArray(shape) ? shape : null,
    operation: true,
    unknownReason: Array.isArray(shape)
      ? undefined
      : (shape ?? `keras-lower has no shape rule for the ${className} operation`),
  });
  if (typeof shape === 'string') layer.shapeError = { message: shape, node };
  const output: SymbolicTensor = {
    shape: layer.outputShape,
    producer: layer,
    unknownReason: layer.unknownReason,
  };
  layer.calls.push({ order: nextCallOrder(), inputs, output });
  evaluator.layers.push(layer);
  return { kind: 'tensor', tensor: output };
}

/** A tensor's shape, or `[]` for a Python scalar; undefined for anything else. */
function operandShape(value: Value): Shape | null | undefined {
  if (value.kind === 'tensor') return value.tensor.shape;
  if (value.kind === 'number' || value.kind === 'bool') return [];
  return undefined;
}

function tensorsOf(value: Value): SymbolicTensor[] {
  if (value.kind === 'tensor') return [value.tensor];
  if (value.kind === 'sequence') return value.items.flatMap(tensorsOf);
  if (value.kind === 'dict') return value.entries.flatMap(([, item]) => tensorsOf(item));
  return [];
}

/** Every Keras tensor among a call's arguments, in order (lists and dicts included). */
export function tensorsIn(args: CallArguments): SymbolicTensor[] {
  return [
    ...args.positional.map((arg) => arg.value),
    ...[...args.keywords.values()].map((arg) => arg.value),
  ].flatMap(tensorsOf);
}
