// Hover on model.compile()/fit()/evaluate()/predict(): what the training lowering writes out, or why it refuses.
import type { Analysis } from '../analysis.ts';
import { containsPosition, nodeRange } from '../parse/ranges.ts';
import type { Position, Range } from '../types.ts';
import { mdCode } from '../features/markdown.ts';
import { trainingLowering } from './index.ts';

/** The training summary of the model whose compile()/fit()/... call contains `position`, or null. */
export function trainingHoverAt(
  analysis: Analysis,
  position: Position,
): { markdown: string; range: Range } | null {
  for (const model of analysis.modelNodes)
    for (const call of model.trainingCalls) {
      const range = nodeRange(call.call);
      if (!containsPosition(range, position)) continue;
      const summary = trainingLowering(model).summary;
      if (summary.length === 0)
        return {
          markdown: `${mdCode(`${call.method}()`)} of model ${mdCode(model.variable ?? model.name)}: training is lowered once the file calls \`compile()\`.`,
          range,
        };
      return { markdown: summary.join('\n'), range };
    }
  return null;
}
