// Constructors for graph nodes the evaluator makes itself (inputs, operations, wrappers, models), so every
// node starts from the same defaults.
import { LayerConfig } from '../layers/config.ts';
import type { Evaluator } from './evaluator.ts';
import type { LayerNode, ModelNode } from './graph.ts';

type LayerFields = Pick<LayerNode, 'className' | 'name' | 'call'> & Partial<LayerNode>;

/** A layer node without a rule or constructor arguments: InputLayers, operations, constants, wrappers. */
export function syntheticLayer(evaluator: Evaluator, fields: LayerFields): LayerNode {
  return {
    uid: evaluator.uid(),
    rule: undefined,
    config: new LayerConfig(fields.className, new Map(), fields.call, evaluator.imageDataFormat),
    calls: [],
    inputShape: null,
    outputShape: null,
    reasons: [],
    ...fields,
  };
}

type ModelFields = Pick<ModelNode, 'kind' | 'className' | 'name' | 'call'> & Partial<ModelNode>;

/** A model node; its statements start with the top-level statement being evaluated. */
export function newModel(evaluator: Evaluator, fields: ModelFields): ModelNode {
  return {
    variable: undefined,
    statements: evaluator.statement ? [evaluator.statement] : [],
    inputLayers: [],
    layers: [],
    outputs: [],
    trainingCalls: [],
    ...fields,
  };
}
