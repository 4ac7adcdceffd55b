// What `verify` runs beside the user's own file: per model, the file with that model's layers lowered
// (layer mode, compared layer by layer) and the standalone tf.Module (module mode, compared at the outputs).
import type { Analysis } from '../analysis.ts';
import { lower } from '../emit/lower.ts';
import { moduleClassName } from '../emit/pythonText.ts';
import { applyEdits } from '../emit/textEdits.ts';
import type { Reason } from '../types.ts';
import type { VerifyLowering, VerifyPlan } from './types.ts';

/** The plan for every model bound to a variable, or only for `variable`. */
export function verifyPlan(analysis: Analysis, variable?: string): VerifyPlan {
  const variables = analysis.modelNodes
    .map((model) => model.variable)
    .filter((name): name is string => name !== undefined && (variable === undefined || name === variable));
  return {
    models: [...new Set(variables)].map((name) => ({
      variable: name,
      layerMode: layerModeText(analysis, name),
      moduleMode: { ...moduleModeText(analysis, name), className: moduleClassName(name) },
    })),
  };
}

function layerModeText(analysis: Analysis, variable: string): VerifyLowering {
  const result = lower(analysis, { kind: 'model', variable }, 'layer');
  return result.ok
    ? { text: applyEdits(analysis.text, result.edits) }
    : { refused: reasonText(result.reasons) };
}

function moduleModeText(analysis: Analysis, variable: string): VerifyLowering {
  const result = lower(analysis, { kind: 'model', variable }, 'module');
  if (!result.ok) return { refused: reasonText(result.reasons) };
  return result.standalone ? { text: result.standalone } : { refused: 'no standalone module was generated' };
}

function reasonText(reasons: Reason[]): string {
  return reasons
    .map((reason) => `${reason.range.start.line + 1}:${reason.range.start.character + 1}: ${reason.message}`)
    .join('; ');
}
