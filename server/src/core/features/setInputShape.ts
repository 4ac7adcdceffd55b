// "Set input shape…": for a model input whose shape comes from data keras-lower cannot read, writes the
// `# keras-lower: input_shape=(...)` comment above it with the dims the engine knows and `?` for the rest.
import type { Node } from 'web-tree-sitter';
import type { Analysis } from '../analysis.ts';
import { annotationComment, PLACEHOLDER_DIM } from '../model/annotations.ts';
import type { Range, TextEdit } from '../types.ts';

export interface InputShapeAction {
  title: string;
  edits: TextEdit[];
}

export function setInputShapeActions(analysis: Analysis, range: Range): InputShapeAction[] {
  const actions: InputShapeAction[] = [];
  for (const layer of analysis.layers) {
    if (layer.className !== 'InputLayer' || layer.call.type !== 'call') continue;
    const shape = layer.outputShape ?? layer.shapeHint;
    const unresolved =
      !layer.outputShape || layer.outputShape.slice(1).some((dim) => typeof dim === 'string');
    if (!unresolved || !overlapsLines(layer.call, range)) continue;
    const dims = shape
      ? shape.map((dim) => (typeof dim === 'string' ? PLACEHOLDER_DIM : dim))
      : [null, PLACEHOLDER_DIM];
    const comment = annotationComment(dims);
    const row = insertionRow(analysis.text, layer.call);
    const lines = analysis.text.split('\n');
    const indent = /^[ \t]*/.exec(lines[row] ?? '')?.[0] ?? '';
    const eol = analysis.text.includes('\r\n') ? '\r\n' : '\n';
    actions.push({
      title: 'Set input shape…',
      edits: [
        {
          range: { start: { line: row, character: 0 }, end: { line: row, character: 0 } },
          newText: `${indent}${comment}${eol}`,
        },
      ],
    });
  }
  return actions;
}

function overlapsLines(node: Node, range: Range): boolean {
  return range.start.line <= node.endPosition.row && range.end.line >= node.startPosition.row;
}

/**
 * The line the comment goes above: the input call's own line, unless that line continues a backslashed one
 * (a comment cannot sit there), then the statement's first line.
 */
function insertionRow(text: string, call: Node): number {
  const lines = text.split('\n');
  const row = call.startPosition.row;
  if (!/\\\r?$/.test(lines[row - 1] ?? '')) return row;
  let statement: Node | null = call;
  while (statement?.parent && statement.parent.type !== 'module' && statement.parent.type !== 'block')
    statement = statement.parent;
  return statement?.startPosition.row ?? row;
}
