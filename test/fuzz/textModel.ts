// The document as an LSP client sees it: lines end at "\n" or "\r\n" (the "\r" is part of the terminator, never
// addressable), characters are UTF-16 code units. Positions the server sends are checked, never clamped.
import type { Position, Range, TextEdit } from 'vscode-languageserver-protocol';

export class TextModel {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The line's length without its terminator ("\n" or "\r\n"). */
  lineLength(line: number): number {
    const start = this.lineStarts[line]!;
    if (line + 1 >= this.lineStarts.length) return this.text.length - start;
    const newline = this.lineStarts[line + 1]! - 1;
    return newline > start && this.text.charCodeAt(newline - 1) === 13
      ? newline - 1 - start
      : newline - start;
  }

  /** The position of `offset`; an offset inside a "\r\n" terminator maps to the end of its line. */
  positionAt(offset: number): Position {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: Math.min(offset - this.lineStarts[low]!, this.lineLength(low)) };
  }

  /** Why `position` is not one an LSP peer may send for this text, or undefined when it is valid. */
  invalidity(position: Position): string | undefined {
    if (!Number.isInteger(position.line) || !Number.isInteger(position.character)) return 'not integers';
    if (position.line < 0 || position.line >= this.lineCount)
      return `line ${position.line} of ${this.lineCount}`;
    const length = this.lineLength(position.line);
    if (position.character < 0 || position.character > length)
      return `character ${position.character} on line ${position.line} of length ${length}`;
    const offset = this.lineStarts[position.line]! + position.character;
    if (isHighSurrogate(this.text.charCodeAt(offset - 1)) && isLowSurrogate(this.text.charCodeAt(offset)))
      return `${position.line}:${position.character} splits a surrogate pair`;
    return undefined;
  }

  /** The offset of a position the client itself chose, which may deliberately split a surrogate pair. */
  clientOffset(position: Position): number {
    return this.lineStarts[position.line]! + position.character;
  }

  offsetAt(position: Position): number {
    const problem = this.invalidity(position);
    if (problem) throw new Error(`invalid position: ${problem}`);
    return this.lineStarts[position.line]! + position.character;
  }

  rangeInvalidity(range: Range): string | undefined {
    const problem = this.invalidity(range.start) ?? this.invalidity(range.end);
    if (problem) return problem;
    return this.offsetAt(range.start) > this.offsetAt(range.end) ? 'range ends before it starts' : undefined;
  }

  get wholeRange(): Range {
    return { start: { line: 0, character: 0 }, end: this.positionAt(this.text.length) };
  }
}

export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

export interface AppliedEdit {
  text: string;
  /** The spans of the original text the edits replaced, in order. */
  spans: { start: number; end: number; newText: string }[];
}

/** Applies TextEdits (all relative to `model`'s text) as an editor does; throws on invalid or overlapping ones. */
export function applyTextEdits(model: TextModel, edits: TextEdit[]): AppliedEdit {
  const spans = edits
    .map((edit, index) => {
      const problem = model.rangeInvalidity(edit.range);
      if (problem) throw new Error(`edit ${index} has an invalid range: ${problem}`);
      return {
        start: model.offsetAt(edit.range.start),
        end: model.offsetAt(edit.range.end),
        newText: edit.newText,
      };
    })
    .sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < spans.length; i++)
    if (spans[i]!.start < spans[i - 1]!.end) throw new Error(`edits ${i - 1} and ${i} overlap`);
  let text = '';
  let cursor = 0;
  for (const span of spans) {
    text += model.text.slice(cursor, span.start) + span.newText;
    cursor = span.end;
  }
  return { text: text + model.text.slice(cursor), spans };
}

/**
 * The didChange content changes that apply `spans` in one notification. LSP applies content changes one after
 * another, so they go last to first and every range stays valid in the text the server holds at that point.
 */
export function contentChangesFor(
  model: TextModel,
  spans: AppliedEdit['spans'],
): { range: Range; text: string }[] {
  return [...spans].reverse().map((span) => ({
    range: { start: model.positionAt(span.start), end: model.positionAt(span.end) },
    text: span.newText,
  }));
}

/** The spans that undo `applied`: each replaced region of the new text gets its old text back. */
export function inverseSpans(original: string, applied: AppliedEdit): AppliedEdit['spans'] {
  let shift = 0;
  return applied.spans.map((span) => {
    const start = span.start + shift;
    shift += span.newText.length - (span.end - span.start);
    return { start, end: start + span.newText.length, newText: original.slice(span.start, span.end) };
  });
}
