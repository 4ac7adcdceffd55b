// Inlay hints: each layer's output shape after its call, Keras-style: `(None, 26, 26, 32)`.
import type { Node } from 'web-tree-sitter';
import type { Analysis } from '../analysis.ts';
import { containsPosition, nodeRange } from '../parse/ranges.ts';
import { formatShape } from '../shapes/spatial.ts';
import type { Position, Range } from '../types.ts';

export interface InlayHint {
  position: Position;
  label: string;
  tooltip: string;
}

/** One hint per layer call with a known output shape, within `range` if given. */
export function inlayHints(analysis: Analysis, range?: Range): InlayHint[] {
  const hints: InlayHint[] = [];
  const seen = new Set<string>();
  for (const model of analysis.modelNodes) {
    for (const layer of model.layers) {
      if (!layer.outputShape) continue;
      const anchor = applicationOf(layer.call);
      const position = nodeRange(anchor).end;
      const key = `${position.line}:${position.character}`;
      if (seen.has(key) || (range && !containsPosition(range, position))) continue;
      seen.add(key);
      hints.push({
        position,
        label: formatShape(layer.outputShape),
        tooltip: `${layer.name} (${layer.className}) output shape, as Keras computes it`,
      });
    }
  }
  return hints;
}

/** For `layers.Dense(10)(x)` the hint goes after the application, not after the constructor. */
function applicationOf(constructorCall: Node): Node {
  const parent = constructorCall.parent;
  return parent?.type === 'call' && parent.childForFieldName('function')?.id === constructorCall.id
    ? parent
    : constructorCall;
}
