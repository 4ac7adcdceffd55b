// Offset <-> (line, UTF-16 character) conversion as LSP counts lines: "\n", "\r\n" and a lone "\r" each end
// one (Python agrees: its tokenizer reads all three as newlines). A character past the end of its line means
// the end of that line, before the terminator, as LSP specifies.
import type { Position } from '../types.ts';

export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) this.lineStarts.push(i + 1);
    }
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const lineStart = this.lineStarts[position.line]!;
    return Math.min(lineStart + Math.max(0, position.character), this.contentEnd(position.line));
  }

  /** The offset where the line's text ends, before its "\n", "\r\n" or "\r". */
  private contentEnd(line: number): number {
    if (line + 1 >= this.lineStarts.length) return this.text.length;
    const next = this.lineStarts[line + 1]!;
    if (this.text.charCodeAt(next - 1) !== 10) return next - 1;
    return this.text.charCodeAt(next - 2) === 13 && next - 2 >= this.lineStarts[line]! ? next - 2 : next - 1;
  }

  pointAt(offset: number): { row: number; column: number } {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { row: low, column: clamped - this.lineStarts[low]! };
  }

  positionAt(offset: number): Position {
    const point = this.pointAt(offset);
    return { line: point.row, character: point.column };
  }
}
