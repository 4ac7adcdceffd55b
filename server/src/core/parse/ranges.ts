import type { Node } from 'web-tree-sitter';
import type { Range } from '../types.ts';

/** A node's range in LSP terms; web-tree-sitter columns are UTF-16 code units, as LSP's are. */
export function nodeRange(node: Node): Range {
  // A comment swallows the "\r" of a CRLF line ending, and so does a half-typed node ending in one:
  // a position between "\r" and "\n" is not a place in the text, so such a range ends before the "\r".
  const endsInsideLineBreak = node.endPosition.column > 0 && node.text.endsWith('\r');
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column - (endsInsideLineBreak ? 1 : 0) },
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
