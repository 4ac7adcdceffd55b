// Shapes and counts as Keras's model.summary() prints them.
import type { PanelRow } from '../../server/src/protocol.ts';

type Dim = number | string | null;

export function formatShape(shape: PanelRow['outputShape']): string {
  if (shape === null) return '?';
  if (shape.length > 0 && Array.isArray(shape[0])) return (shape as Dim[][]).map(formatOne).join(', ');
  return formatOne(shape as Dim[]);
}

function formatOne(shape: Dim[]): string {
  const dims = shape.map((dim) => (dim === null ? 'None' : String(dim)));
  return `(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`;
}

export function formatCount(count: number | null): string {
  return count === null ? '?' : count.toLocaleString('en-US');
}
