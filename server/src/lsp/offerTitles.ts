// What the editor shows for an engine offer: one title and one reason, the same in the light bulb, the
// panel's Diff tab and the Preview Diff picker. Titles name the layer as Keras prints it (`conv2d_1
// (Conv2D)`) and carry the grade; menus show plain text, so reasons lose the backticks Markdown renders.
import { isUserLayer, layerId } from '../core/analysis.ts';
import type { Analysis, LoweringOffer, LowerMode, LowerTarget } from '../core/index.ts';

export const gradeLabels = { exact: 'exact', differs: 'training differs from Keras' } as const;

/** The offer as the editor shows it. */
export function presented(analysis: Analysis, offer: LoweringOffer): LoweringOffer {
  const disabled = offer.disabledReason !== undefined;
  const grade = offer.target.kind === 'file' ? ' (exact ones; the rest stay Keras)' : gradeSuffix(offer.safe);
  const title = `${actionTitle(analysis, offer.target, offer.mode)}${disabled ? '' : grade}`;
  return disabled
    ? { ...offer, title, disabledReason: plainReason(offer.disabledReason) }
    : { ...offer, title };
}

export function gradeSuffix(safe: boolean): string {
  return ` (${safe ? gradeLabels.exact : gradeLabels.differs})`;
}

/** What the action does, in words, without its grade. */
export function actionTitle(analysis: Analysis, target: LowerTarget, mode: LowerMode): string {
  if (target.kind === 'file') return 'Keras: Lower all layers in file to tf.nn';
  if (target.kind === 'model') {
    const model = modelByKey(analysis, target.variable);
    const shown = model?.variable ?? target.variable;
    if (mode === 'module') return `Keras: Lower model “${shown}” to a tf.Module beside it`;
    return `Keras: Lower class ${model?.class ?? shown} to tf.nn`;
  }
  for (const model of analysis.modelNodes)
    for (const layer of model.layers)
      if (layerId(model, layer) === target.layerId)
        return isUserLayer(layer)
          ? `Keras: Lower class ${layer.className} to tf.nn`
          : `Keras: Lower ${layer.name} (${layer.className}) to tf.nn`;
  return `Keras: Lower ${target.layerId} to tf.nn`;
}

/** The module-mode lowering written to a file of its own, the way `keras-lower lower -o` writes it. */
export function newFileTitle(analysis: Analysis, key: string): string {
  return `Keras: Lower model “${modelByKey(analysis, key)?.variable ?? key}” to a new file…`;
}

/** A model by its lowering key (`model#2` for the second model bound to `model`); titles show its variable. */
function modelByKey(analysis: Analysis, key: string): Analysis['models'][number] | undefined {
  return analysis.models.find((candidate) => (candidate.key ?? candidate.variable) === key);
}

/** A reason as plain text (what Markdown shows of it), never empty. */
export function plainReason(reason: string | undefined): string {
  const plain = (reason ?? '').replace(/`/g, '').trim();
  return plain === '' ? 'keras-lower recorded no reason for this refusal (a bug: please report it)' : plain;
}
