// Offset <-> (line, UTF-16 character) conversion. Lines end at "\n"; a "\r" before it stays part of the line,
// which keeps CRLF text byte for byte.
import type { Position } from '../types.ts';

export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const lineStart = this.lineStarts[position.line]!;
    const nextLineStart =
      position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1]! : this.text.length;
    return Math.min(lineStart + Math.max(0, position.character), nextLineStart);
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
