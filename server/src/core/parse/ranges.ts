import type { Node } from 'web-tree-sitter';
import type { Range } from '../types.ts';

/** A node's range in LSP terms; web-tree-sitter columns are UTF-16 code units, as LSP's are. */
export function nodeRange(node: Node): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

export function containsPosition(range: Range, position: { line: number; character: number }): boolean {
  const afterStart =
    position.line > range.start.line ||
    (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd =
    position.line < range.end.line ||
    (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}

export function rangesOverlap(a: Range, b: Range): boolean {
  return containsPosition(a, b.start) || containsPosition(a, b.end) || containsPosition(b, a.start);
}
