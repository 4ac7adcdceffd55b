// A layer's TensorFlow as a short Python block: what hover shows and the panel's right-hand column.
import type { Analysis } from '../analysis.ts';
import { layerId } from '../analysis.ts';
import type { LayerNode } from '../model/graph.ts';
import { isLowerable } from '../layers/rule.ts';
import { formatShape } from '../shapes/spatial.ts';
import type { Shape } from '../types.ts';

/** `# x: (None, 784)` then the ops with the output shape on the last line; empty when shapes are unknown. */
export function opsPreviewLines(layer: LayerNode): string[] {
  if (!isLowerable(layer.rule) || !layer.inputShape || !layer.outputShape) return [];
  const inputs = layer.calls[0]?.inputs.map((tensor) => tensor.shape ?? []) ?? [layer.inputShape];
  const inputExprs = inputs.length === 1 ? ['x'] : inputs.map((_, index) => `x${index}`);
  const ops = layer.rule.ops({
    config: layer.config,
    input: layer.inputShape,
    output: layer.outputShape,
    inputExpr: inputExprs[0]!,
    inputExprs,
    inputs,
    outputVar: 'y',
    weight: (name) => name,
    training: 'training',
  });
  return [
    ...inputExprs.map((name, index) => `# ${name}: ${formatShape(inputs[index]!)}`),
    ...ops.slice(0, -1),
    `${ops[ops.length - 1]}  # ${formatShape(layer.outputShape as Shape)}`,
  ];
}

/** The preview of a layer by its id (`model/dense_1`), as Python text; null when there is no such layer. */
export function layerOpsPreview(analysis: Analysis, id: string): string | null {
  for (const model of analysis.modelNodes)
    for (const layer of model.layers)
      if (layerId(model, layer) === id) return opsPreviewLines(layer).join('\n');
  return null;
}
