// compile()/fit() lowered into the module: loss, metrics, optimizer update rule, GradientTape step and loop.
import type { ModelNode } from '../model/graph.ts';

export interface TrainingLowering {
  /** Class-body lines (unindented) appended to the generated tf.Module. */
  lines: string[];
  /** What was left out or differs, for the lowering's notes. */
  notes: string[];
}

export function trainingLowering(model: ModelNode): TrainingLowering {
  const compiled = model.trainingCalls.some((call) => call.method === 'compile');
  return {
    lines: [],
    notes: compiled ? [`\`${model.variable ?? model.name}.compile()\`/\`fit()\` are not lowered yet`] : [],
  };
}
