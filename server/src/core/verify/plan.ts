// What `verify` runs, per model: the slice of the file that builds it (nothing that loads data, trains,
// saves or draws), that slice with the model's layers lowered (layer mode, compared layer by layer) and
// the standalone tf.Module (module mode, compared at the outputs).
import { analyzeText, type Analysis } from '../analysis.ts';
import { lower } from '../emit/lower.ts';
import { moduleClassName } from '../emit/pythonText.ts';
import { applyEdits } from '../emit/textEdits.ts';
import type { ModelNode } from '../model/graph.ts';
import type { Reason, TextEdit } from '../types.ts';
import { Slicer } from './slice.ts';
import { editsOutside, sliceEdits, slicedLines } from './sliceText.ts';
import type { VerifyLowering, VerifyModelPlan, VerifyPlan } from './types.ts';

/** The plan for every model bound to a module-level name (`model#2`: the second a name holds), or `variable`. */
export function verifyPlan(analysis: Analysis, variable?: string): VerifyPlan {
  const models = analysis.modelNodes.filter(
    (model) => model.variable !== undefined && (variable === undefined || model.variable === variable),
  );
  const slicer = models.length > 0 ? new Slicer(analysis) : undefined;
  return { models: models.map((model) => modelPlan(analysis, slicer!, model)) };
}

function modelPlan(analysis: Analysis, slicer: Slicer, model: ModelNode): VerifyModelPlan {
  const key = model.variable!;
  // The Python name the slice binds the model to (the key carries `#k` when the name is rebound).
  const pythonName = model.pythonName ?? key;
  const seeds = model.statements;
  const inputs = inputsOf(model);
  // A model keras-lower knows no input shape for may be built by an eager call (`_ = model(tf.zeros(...))`).
  const builders = inputs.length === 0 && seeds[0] ? slicer.callsOf(pythonName, seeds[0]) : [];
  const built = builders.length > 0 ? slicer.decide([...seeds, ...builders], pythonName) : undefined;
  const decision = built && !built.failure ? built : slicer.decide(seeds, pythonName);
  const line = (seeds[0] ?? model.call).startPosition.row;
  const base = { variable: key, pythonName, line: line + 1, inputs };
  if (decision.failure) return { ...base, unverifiable: decision.failure };
  const edits = sliceEdits(decision);
  const slice = applyEdits(analysis.text, edits);
  let layerMode = layerModeText(analysis, key, edits);
  let moduleMode = { ...moduleModeText(analysis, key), className: moduleClassName(key) };
  // A size the file reads at run time refuses the lowering; in the slice it is the stand-in's literal.
  const sliced =
    decision.standIns.size > 0 && (layerMode.refused || moduleMode.refused) ? analyzeText(slice) : undefined;
  const slicedKey =
    sliced &&
    sliced.modelNodes.find(
      (node) =>
        (node.pythonName ?? node.variable) === pythonName && node.statements[0]?.startPosition.row === line,
    )?.variable;
  if (sliced && slicedKey !== undefined) {
    const layer = lower(sliced, { kind: 'model', variable: slicedKey }, 'layer');
    if (layerMode.refused && layer.ok) layerMode = { text: applyEdits(slice, layer.edits) };
    const module = moduleModeText(sliced, slicedKey);
    if (moduleMode.refused && module.text) moduleMode = { ...module, className: moduleClassName(slicedKey) };
  }
  return {
    ...base,
    slice,
    slicedLines: slicedLines(decision, edits),
    ...(decision.assumed.length > 0 ? { assumed: decision.assumed } : {}),
    layerMode,
    moduleMode,
  };
}

/** The shapes the engine inferred for the model's inputs (a subclassed model is built from them). */
function inputsOf(model: ModelNode): VerifyModelPlan['inputs'] {
  // A Sequential with no input shape is built by its first fit/evaluate/predict, from the data's shape.
  if (model.inputLayers.length === 0) {
    const data = model.trainingCalls
      .filter((call) => call.method !== 'compile')
      .map((call) => (call.args.keywords.get('x') ?? call.args.positional[0])?.value)
      .find((value) => value?.kind === 'array');
    if (data?.kind === 'array' && data.shape.length > 1) return [{ shape: [null, ...data.shape.slice(1)] }];
  }
  return model.inputLayers.map((input) => ({ shape: input.outputShape ?? null }));
}

function layerModeText(analysis: Analysis, variable: string, slice: TextEdit[]): VerifyLowering {
  const result = lower(analysis, { kind: 'model', variable }, 'layer');
  if (!result.ok) return { refused: reasonText(result.reasons) };
  return { text: applyEdits(analysis.text, [...slice, ...editsOutside(analysis.text, slice, result.edits)]) };
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
