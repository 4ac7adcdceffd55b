// The hints and hover of stale models (staleness.ts): their last good analysis, mapped onto the current
// lines and saying so.
import type { Analysis } from '../analysis.ts';
import { containsPosition } from '../parse/ranges.ts';
import type { Position, Range } from '../types.ts';
import { hoverAt, type Hover } from './hover.ts';
import { inlayHints, type InlayHint } from './inlayHints.ts';

/** The stale models' hints, on the lines that did not change since the last good version. */
export function staleInlayHints(analysis: Analysis, range?: Range): InlayHint[] {
  const stale = analysis.stale;
  if (!stale) return [];
  const hints: InlayHint[] = [];
  for (const hint of inlayHints({ ...stale.lastGood, modelNodes: stale.nodes })) {
    const position = stale.lines.positionToNew(hint.position);
    if (!position || (range && !containsPosition(range, position))) continue;
    hints.push({
      position,
      label: `${hint.label} (last good)`,
      tooltip: `${hint.tooltip}; ${stale.note}`,
    });
  }
  return hints;
}

/** Hover on a stale model's layer: its last good analysis, saying so first. */
export function staleHoverAt(analysis: Analysis, position: Position): Hover | null {
  const stale = analysis.stale;
  const old = stale?.lines.positionToOld(position);
  if (!stale || !old) return null;
  const layers = stale.nodes.flatMap((model) => [...model.inputLayers, ...model.layers]);
  const hover = hoverAt({ ...stale.lastGood, layers, modelNodes: stale.nodes }, old);
  if (!hover) return null;
  const range = stale.lines.rangeToNew(hover.range) ?? { start: position, end: position };
  const note = stale.note.charAt(0).toUpperCase() + stale.note.slice(1);
  return { markdown: `*${note}.*\n\n${hover.markdown}`, range };
}
