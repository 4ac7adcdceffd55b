import type { Analysis } from '../analysis.ts';
import type { Position, Range } from '../types.ts';

export interface Hover {
  markdown: string;
  range: Range;
}

/** Hover for the layer whose constructor call contains `position`, or null. */
export function hoverAt(_analysis: Analysis, _position: Position): Hover | null {
  return null;
}
