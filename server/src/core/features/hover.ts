// Hover on a Keras layer: the TensorFlow it runs, its weights, output shape, params and the caveats that matter.
import type { Analysis } from '../analysis.ts';
import { describeLayer, layerStatus } from '../analysis.ts';
import type { LayerNode, ModelNode } from '../model/graph.ts';
import { containsPosition, nodeRange } from '../parse/ranges.ts';
import { formatShape } from '../shapes/spatial.ts';
import type { Position, Range } from '../types.ts';
import { mdCode, mdCodeBlock, mdMessage, mdText } from './markdown.ts';
import { opsPreviewLines } from './opsPreview.ts';
import { trainingHoverAt } from '../training/hover.ts';

export interface Hover {
  markdown: string;
  range: Range;
}

/** Hover for the innermost layer constructor call containing `position`, else for a compile()/fit() call, or null. */
export function hoverAt(analysis: Analysis, position: Position): Hover | null {
  let best: LayerNode | undefined;
  for (const layer of analysis.layers) {
    // A Sequential's implicit InputLayer shares its first layer's call; hover shows that layer.
    if (
      layer.className === 'InputLayer' &&
      analysis.layers.some((other) => other !== layer && other.call.id === layer.call.id)
    )
      continue;
    const range = nodeRange(layer.call);
    if (!containsPosition(range, position)) continue;
    if (!best || layer.call.startIndex >= best.call.startIndex) best = layer;
  }
  if (!best) return trainingHoverAt(analysis, position);
  const model = analysis.modelNodes.find(
    (candidate) => candidate.layers.includes(best!) || candidate.inputLayers.includes(best!),
  );
  return { markdown: layerMarkdown(analysis, best, model), range: nodeRange(best.call) };
}

function layerMarkdown(analysis: Analysis, layer: LayerNode, model: ModelNode | undefined): string {
  const { status, reasons } = layerStatus(layer);
  const info = model ? describeLayer(model, layer) : undefined;
  const shape = layer.outputShape ? formatShape(layer.outputShape) : 'unknown';
  const params =
    info?.params === null || info?.params === undefined
      ? ''
      : ` · ${info.params.toLocaleString('en-US')} params`;
  const lines = [
    `**${mdText(layer.className)}** ${mdCode(layer.name)} → ${mdCode(shape)}${params} · *${status}*`,
    '',
  ];
  const preview = opsPreviewLines(layer);
  if (preview.length > 0) {
    lines.push(...mdCodeBlock('python', preview), '');
    const weights = info?.weights ?? [];
    if (weights.length > 0) {
      lines.push('| weight | shape | initializer |', '|---|---|---|');
      for (const weight of weights)
        lines.push(
          `| ${mdCode(weight.name, true)} | ${mdCode(formatShape(weight.shape), true)} | ${mdText(weight.initializer)} |`,
        );
      lines.push('');
      // Keras keys `.weights.h5` entries by the snake-cased class name (`dense`), ours is `tf_dense`.
      lines.push(
        '- Layer mode keeps these variables in this order (`set_weights(get_weights())` carries them over) but does not load a Keras `.weights.h5` file by key.',
      );
    }
  }
  for (const reason of reasons)
    lines.push(
      `- ${status === 'differs' ? 'Differs' : status === 'refused' ? 'Refused' : 'Unknown'}: ${mdMessage(reason.message)}`,
    );
  for (const caveat of layer.rule?.caveats(layer.config) ?? []) lines.push(`- ${mdMessage(caveat)}`);
  if (!analysis.imageDataFormatSet && layer.rule?.args.some((arg) => arg.kind === 'dataFormat'))
    lines.push(
      '- Assumes Keras\'s shipped defaults: `image_data_format()` is "channels_last" (the file does not set it).',
    );
  if (layer.className !== 'InputLayer' && !model)
    lines.push('- This layer is in no model keras-lower could follow, so its input shape is unknown.');
  return lines.join('\n').trimEnd();
}
