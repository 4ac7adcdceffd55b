// `# keras-lower: input_shape=(None, 28, 28, 1)`: the user's statement of a model input's shape (batch dim
// first), for inputs keras-lower cannot compute (a subclassed model nothing builds, a shape read from data).
import type { Shape } from '../types.ts';

const ANNOTATION = /#\s*keras-lower:\s*input_shape\s*=\s*\(([^)]*)\)/;

/** A dim the "Set input shape…" action could not fill in: the user replaces it with a size. */
export const PLACEHOLDER_DIM = '?';

/**
 * The annotated shape on one of `rows` (0-based lines) or the line above each, first match wins. An
 * annotation that still has `?` placeholders states nothing yet: undefined, and `incomplete` says so.
 */
export function annotatedShape(text: string, rows: number[]): Shape | undefined {
  const found = findAnnotation(text, rows);
  return found && !found.includes(PLACEHOLDER_DIM) ? found : undefined;
}

/** Whether the annotation on those rows still has `?` placeholders. */
export function annotationIncomplete(text: string, rows: number[]): boolean {
  return findAnnotation(text, rows)?.includes(PLACEHOLDER_DIM) ?? false;
}

function findAnnotation(text: string, rows: number[]): Shape | undefined {
  const lines = text.split('\n');
  for (const row of rows) {
    const match = ANNOTATION.exec(lines[row] ?? '') ?? ANNOTATION.exec(lines[row - 1] ?? '');
    if (match) return parseDims(match[1]!);
  }
  return undefined;
}

function parseDims(list: string): Shape {
  return list
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => (part === 'None' ? null : /^\d+$/.test(part) ? Number(part) : part));
}

/** The comment that states `shape`, as the "Set input shape…" action writes it. */
export function annotationComment(shape: Shape): string {
  const dims = shape.map((dim) => (dim === null ? 'None' : String(dim)));
  return `# keras-lower: input_shape=(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`;
}
