// Models a program saves and loads back: `model.save("m.keras")` or fit's
// `keras.callbacks.ModelCheckpoint("m.keras")`, then `keras.models.load_model("m.keras")`. The loaded model is
// a new model with the saved one's architecture: its rows are the saved model's (names, shapes, params, as
// Keras's `.keras` format restores them); it is lowered through the model that built it. A path this file
// did not save (a model trained elsewhere) stays unknown, with that reason.
import type { Node } from 'web-tree-sitter';
import type { CallArguments } from '../layers/config.ts';
import type { Evaluator } from './evaluator.ts';
import { iterate } from './iteration.ts';
import type { ModelNode } from './graph.ts';
import { newModel } from './nodes.ts';
import { NONE, unknown, type Value } from './values.ts';

export const LOAD_MODEL_PATHS = new Set(['keras.models.load_model', 'keras.saving.load_model']);

/** Per evaluated file: the model last saved at each path. */
const saved = new WeakMap<Evaluator, Map<string, ModelNode>>();

function savedIn(evaluator: Evaluator): Map<string, ModelNode> {
  let paths = saved.get(evaluator);
  if (!paths) saved.set(evaluator, (paths = new Map()));
  return paths;
}

/** Only the `.keras` format keeps the whole model (`.h5` is legacy; other suffixes hold weights only). */
function modelFile(value: Value | undefined): string | undefined {
  return value?.kind === 'string' && value.value.endsWith('.keras') ? value.value : undefined;
}

/** `model.save(path)`. */
export function saveModel(evaluator: Evaluator, model: ModelNode, args: CallArguments): Value {
  const path = modelFile((args.positional[0] ?? args.keywords.get('filepath'))?.value);
  if (path && model.kind !== 'Subclassed') savedIn(evaluator).set(path, model);
  return NONE;
}

/** `model.fit(..., callbacks=[keras.callbacks.ModelCheckpoint("m.keras"), ...])` saves the whole model. */
export function checkpointedBy(evaluator: Evaluator, model: ModelNode, args: CallArguments): void {
  const callbacks = args.keywords.get('callbacks')?.value;
  if (model.kind === 'Subclassed' || !callbacks) return;
  for (const callback of iterate(callbacks) ?? []) {
    if (callback.kind !== 'kerasObject' || callback.path !== 'keras.callbacks.ModelCheckpoint') continue;
    const weightsOnly = callback.args.keywords.get('save_weights_only')?.value;
    if (weightsOnly?.kind === 'bool' && weightsOnly.value) continue;
    const path = modelFile((callback.args.positional[0] ?? callback.args.keywords.get('filepath'))?.value);
    if (path) savedIn(evaluator).set(path, model);
  }
}

/** `keras.models.load_model(path)`: the model this file saved there, as a model of its own. */
export function loadModel(evaluator: Evaluator, call: Node, args: CallArguments): Value {
  const pathValue = (args.positional[0] ?? args.keywords.get('filepath'))?.value;
  const path = pathValue?.kind === 'string' ? pathValue.value : undefined;
  const source = path ? savedIn(evaluator).get(path) : undefined;
  if (!source)
    return unknown(
      path
        ? `\`load_model("${path}")\` reads a model this file does not save there: keras-lower cannot know its layers`
        : '`load_model(...)` reads a path keras-lower cannot compute',
    );
  const model = newModel(evaluator, {
    kind: source.kind,
    className: source.className,
    name: source.name,
    call,
    inputLayers: source.inputLayers,
    layers: source.layers,
    outputs: source.outputs,
    ...(source.nodes ? { nodes: source.nodes } : {}),
    ...(source.summaryOrder ? { summaryOrder: source.summaryOrder } : {}),
    loadedFrom: source,
  });
  evaluator.models.push(model);
  return { kind: 'model', model };
}
