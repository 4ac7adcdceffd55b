// Where the lines of an earlier version of a document are now: the lines before the first change and after
// the last one are the same lines, shifted; the lines in between have no counterpart.
import type { Position, Range } from '../types.ts';

export class LineMap {
  private readonly prefix: number;
  private readonly suffix: number;
  private readonly oldCount: number;
  private readonly newCount: number;

  constructor(oldText: string, newText: string) {
    const oldLines = oldText.split('\n');
    const newLines = newText.split('\n');
    this.oldCount = oldLines.length;
    this.newCount = newLines.length;
    const shorter = Math.min(this.oldCount, this.newCount);
    let prefix = 0;
    while (prefix < shorter && oldLines[prefix] === newLines[prefix]) prefix++;
    let suffix = 0;
    while (
      suffix < shorter - prefix &&
      oldLines[this.oldCount - 1 - suffix] === newLines[this.newCount - 1 - suffix]
    )
      suffix++;
    this.prefix = prefix;
    this.suffix = suffix;
  }

  /** The old line's number now, or undefined when it lies in the changed lines. */
  toNew(line: number): number | undefined {
    if (line < this.prefix) return line;
    if (line >= this.oldCount - this.suffix && line < this.oldCount)
      return line + this.newCount - this.oldCount;
    return undefined;
  }

  /** The current line's number in the old text, or undefined when it lies in the changed lines. */
  toOld(line: number): number | undefined {
    if (line < this.prefix) return line;
    if (line >= this.newCount - this.suffix && line < this.newCount)
      return line + this.oldCount - this.newCount;
    return undefined;
  }

  /** An old range now, when both its ends lie on unchanged lines. */
  rangeToNew(range: Range): Range | undefined {
    const start = this.positionToNew(range.start);
    const end = this.positionToNew(range.end);
    return start && end ? { start, end } : undefined;
  }

  positionToNew(position: Position): Position | undefined {
    const line = this.toNew(position.line);
    return line === undefined ? undefined : { line, character: position.character };
  }

  positionToOld(position: Position): Position | undefined {
    const line = this.toOld(position.line);
    return line === undefined ? undefined : { line, character: position.character };
  }

  /** The old lines that `start..end` (current lines, inclusive) stand for; changed lines stand for all changed ones. */
  spanToOld(start: number, end: number): { start: number; end: number } {
    return {
      start: this.toOld(start) ?? this.prefix,
      end: this.toOld(end) ?? this.oldCount - this.suffix - 1,
    };
  }
}
