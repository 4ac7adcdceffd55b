// What the side-by-side panel and the diff views need, built from one analysis: rows with their Keras
// source and TF ops, the lowerings on offer, and a lowering's resulting text.
import {
  applyEdits,
  layerOpsPreview,
  lowerWhereParsed,
  loweringOffersWhereParsed,
  toSummaryJson,
  type Analysis,
  type LowerMode,
  type LowerTarget,
  type Range,
} from '../core/index.ts';
import type { LoweredText, LoweringChoice, PanelData } from '../protocol.ts';
import { presented } from './offerTitles.ts';

export function panelData(analysis: Analysis, uri: string): PanelData {
  const lines = analysis.text.split(/\r?\n/);
  const models = toSummaryJson(analysis).models.map((model) => {
    // A stale model's rows come from the last good analysis, and so do their ops.
    const source = model.stale !== undefined && analysis.stale ? analysis.stale.lastGood : analysis;
    return {
      ...model,
      layers: model.layers.map((row) => ({
        ...row,
        source: sliceLines(lines, row.range),
        ops: layerOpsPreview(source, row.id) ?? '',
      })),
    };
  });
  return { uri, version: analysis.version, models, choices: loweringChoices(analysis) };
}

/** Every lowering the code actions would offer somewhere in the file, once each: the file, models, layers. */
function loweringChoices(analysis: Analysis): LoweringChoice[] {
  const byKey = new Map<string, LoweringChoice>();
  const add = (range: Range) => {
    for (const offer of loweringOffersWhereParsed(analysis, range).map((o) => presented(analysis, o))) {
      const key = choiceKey(offer.target, offer.mode);
      if (byKey.has(key)) continue;
      const { title, target, mode, safe, disabledReason } = offer;
      byKey.set(key, { title, target, mode, safe, ...(disabledReason ? { disabledReason } : {}) });
    }
  };
  for (const model of analysis.models) {
    add(model.range);
    for (const layer of model.layers) add(layer.range);
  }
  const choices = [...byKey.values()];
  const order = { file: 0, model: 1, layer: 2 } as const;
  return choices.sort((a, b) => order[a.target.kind] - order[b.target.kind]);
}

function choiceKey(target: LowerTarget, mode: LowerMode): string {
  const name = target.kind === 'layer' ? target.layerId : target.kind === 'model' ? target.variable : '';
  return `${target.kind}:${name}:${mode}`;
}

export function loweredText(analysis: Analysis, target: LowerTarget, mode: LowerMode): LoweredText {
  const result = lowerWhereParsed(analysis, target, mode);
  if (!result.ok) return result;
  return {
    ok: true,
    version: result.version,
    original: analysis.text,
    lowered: applyEdits(analysis.text, result.edits),
    safe: result.safe,
    notes: result.notes,
  };
}

/** The text of `range` in a document split into lines (UTF-16 characters, like LSP positions). */
function sliceLines(lines: string[], range: Range): string {
  const { start, end } = range;
  if (start.line === end.line) return (lines[start.line] ?? '').slice(start.character, end.character);
  return [
    (lines[start.line] ?? '').slice(start.character),
    ...lines.slice(start.line + 1, end.line),
    (lines[end.line] ?? '').slice(0, end.character),
  ].join('\n');
}
