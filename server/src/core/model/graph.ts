// The model graph the evaluator builds: layer instances, symbolic tensors and models.
import type { Node } from 'web-tree-sitter';
import type { CallArguments, LayerConfig } from '../layers/config.ts';
import type { LayerRule } from '../layers/rule.ts';
import type { Reason, Shape } from '../types.ts';

/** A Keras tensor flowing through a functional graph. `shape` is null when it cannot be known. */
export interface SymbolicTensor {
  shape: Shape | null;
  producer: LayerNode;
  /** Why the shape is unknown, when it is. */
  unknownReason?: string;
  /** The layer whose Keras mask may ride on this tensor (`Embedding(mask_zero=True)`, `Masking`). */
  maskedBy?: LayerNode;
}

export interface LayerCall {
  /** Position among all layer calls in the file, in evaluation order. */
  order: number;
  inputs: SymbolicTensor[];
  /** The call's (first) output. */
  output: SymbolicTensor;
  /** Every output, `output` first, when the call gives several (an RNN's `return_state`). */
  outputs?: SymbolicTensor[];
}

/**
 * A rule's ShapeResult for a layer call with several outputs (`out, h, c = LSTM(8, return_state=True)(x)`,
 * Bidirectional's `merge_mode=None`): `shape` is the first output's, `outputs` lists them all.
 */
export interface SeveralOutputs {
  ok: true;
  shape: Shape;
  outputs: Shape[];
}

/** The output shapes of a rule's result, when it reports several. */
export function severalOutputs(result: { ok: boolean }): Shape[] | undefined {
  return result.ok && 'outputs' in result ? (result as SeveralOutputs).outputs : undefined;
}

/** Every tensor a call gives, in order. */
export function callOutputs(call: LayerCall): SymbolicTensor[] {
  return call.outputs ?? [call.output];
}

export interface LayerNode {
  uid: number;
  className: string;
  /** Undefined for classes the engine has no rule for: their shapes are unknown, with a reason. */
  rule: LayerRule | undefined;
  /** The name Keras gives the layer in a fresh process running the file top to bottom. */
  name: string;
  /** The constructor call, e.g. `layers.Dense(10)`; for `keras.Input` the Input call. */
  call: Node;
  config: LayerConfig;
  calls: LayerCall[];
  /** Input shape of the first call; the shape weights are built for. */
  inputShape: Shape | null;
  /** The first call's (first) output shape. */
  outputShape: Shape | null;
  /** Every output shape of the first call, when it gives several (Keras's summary lists them all). */
  outputShapes?: Shape[];
  /** Refusals and reasons for unknown results, found while reading the config or computing shapes. */
  reasons: Reason[];
  /** Arguments Keras itself rejects (an unknown keyword): reported as diagnostics. */
  kerasErrors?: Reason[];
  unknownReason?: string;
  /** An input whose shape depends on data: its dims as far as known, `?` for the rest ("Set input shape…"). */
  shapeHint?: Shape;
  /** A real shape error (Keras would raise), and the call it happens at. */
  shapeError?: { message: string; node: Node };
  /** Set by `layer.trainable = ...` after construction (trainable.ts); null when the value is not known. */
  trainable?: boolean | null;
  /** A model used as a layer: its rows nest under this one. */
  nestedModel?: ModelNode;
  /** An operation node (`x + y`, `keras.ops.mean(x)`) rather than a layer object. */
  operation?: boolean;
  /** A concrete (non-symbolic) tensor's source, such as `keras.ops.arange(10)`. */
  constant?: boolean;
  /** Set when the layer is an instance of a class layer mode generated (`TfDense`) for `className`. */
  generatedClass?: string;
  /** A subclassed layer's parameter count, from its sublayers and `add_weight` calls (null if unknown). */
  customParams?: number | null;
  /** How a Sequential calls a layer that has no rule but runs code (a user layer's `call()`). */
  invoke?: (inputs: SymbolicTensor[], call: Node) => SymbolicTensor;
}

export interface ModelNode {
  kind: 'Sequential' | 'Functional' | 'Subclassed';
  /** `Sequential`, `Functional`, or the user's class name for a subclassed model. */
  className: string;
  name: string;
  /** The model's id: the module-level name it was first bound to, `name#k` for the k-th model a name holds. */
  variable: string | undefined;
  /** The Python name itself (the same for every model the name holds in turn). */
  pythonName?: string;
  /** The call that creates the model (`keras.Sequential([...])`, `keras.Model(inputs, outputs)`). */
  call: Node;
  /** The statements that build the model: its assignment and any `.add()` calls. */
  statements: Node[];
  /** Sequential: the implicit or explicit InputLayer; Functional: the Input layers. */
  inputLayers: LayerNode[];
  /** Layers in `model.layers` order, InputLayers excluded. */
  layers: LayerNode[];
  outputs: SymbolicTensor[];
  /** A functional model built with a dict of outputs: its keys, in `outputs`' (sorted) order. */
  outputKeys?: string[];
  /** Functional models: the layer calls ("nodes") that belong to the network, for `Connected to`. */
  nodes?: Set<LayerCall>;
  /** Functional models: every row of `model.summary()` in Keras's order, InputLayers included. */
  summaryOrder?: LayerNode[];
  /** `compile()`, `fit()`, `evaluate()` and `predict()` calls on the model, in file order. */
  trainingCalls: TrainingCall[];
  /** Set by `model.trainable = ...` (trainable.ts); null when the value is not known. */
  trainable?: boolean | null;
  /** `load_model(path)` of a model this file saved there (savedModels.ts): its rows are that model's. */
  loadedFrom?: ModelNode;
}

export interface TrainingCall {
  method: 'compile' | 'fit' | 'evaluate' | 'predict';
  call: Node;
  args: CallArguments;
}

/** Keras's global name counters (`keras.src.utils.naming.uniquify`): one per snake-cased prefix. */
export class NameCounters {
  private readonly counts = new Map<string, number>();
  /** Every prefix taken, in order: replayed for statements that do not parse yet (partialProgram.ts). */
  readonly taken: string[] = [];

  next(prefix: string): string {
    this.taken.push(prefix);
    const count = this.counts.get(prefix) ?? 0;
    this.counts.set(prefix, count + 1);
    return count === 0 ? prefix : `${prefix}_${count}`;
  }
}

/** `keras.src.utils.naming.to_snake_case`. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}
