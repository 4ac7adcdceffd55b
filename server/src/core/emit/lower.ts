import type { Analysis } from '../analysis.ts';
import type { LowerMode, LowerTarget, LoweringOffer, LoweringResult, Range } from '../types.ts';

/** The lowerings offered at `range` (code actions): the layer under it, its model, and the whole file. */
export function loweringOffers(_analysis: Analysis, _range: Range): LoweringOffer[] {
  return [];
}

export function lower(analysis: Analysis, _target: LowerTarget, _mode: LowerMode): LoweringResult {
  return { ok: false, version: analysis.version, reasons: [] };
}
