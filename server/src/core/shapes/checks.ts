// Small helpers for shape rules: rank checks and messages in Keras's terms.
import type { Dim, Shape } from '../types.ts';
import type { ShapeResult } from '../layers/rule.ts';
import { formatShape } from './spatial.ts';

export function rankError(className: string, expected: string, input: Shape): ShapeResult {
  return { ok: false, kind: 'error', message: `${className} expects ${expected}, got ${formatShape(input)}` };
}

export function unreadable(className: string): ShapeResult {
  return {
    ok: false,
    kind: 'unknown',
    message: `some ${className} arguments are not constants keras-lower can read`,
  };
}

export function product(dims: Dim[]): Dim {
  return dims.every((dim) => typeof dim === 'number') ? (dims as number[]).reduce((a, b) => a * b, 1) : null;
}

/** A negative axis counted from the end, as Keras normalises it. */
export function normalizeAxis(axis: number, rank: number): number | undefined {
  const normalized = axis < 0 ? axis + rank : axis;
  return normalized >= 0 && normalized < rank ? normalized : undefined;
}
