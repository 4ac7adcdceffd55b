// Applies LSP text edits the way an editor does, independently of the engine's own `applyEdits`.
import assert from 'node:assert/strict';
import type { Position, TextEdit } from 'vscode-languageserver-protocol';

export function offsetAt(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const newline = text.indexOf('\n', offset);
    assert.ok(newline >= 0, `line ${position.line} is past the end of the document`);
    offset = newline + 1;
  }
  return offset + position.character;
}

export interface AppliedEdits {
  text: string;
  /** Offsets in the original text: where the first edit starts and the last one ends. */
  firstStart: number;
  lastEnd: number;
}

export function applyTextEdits(text: string, edits: TextEdit[]): AppliedEdits {
  assert.ok(edits.length > 0, 'no edits');
  const spans = edits
    .map((edit) => ({
      start: offsetAt(text, edit.range.start),
      end: offsetAt(text, edit.range.end),
      newText: edit.newText,
    }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < spans.length; i++) assert.ok(spans[i]!.start >= spans[i - 1]!.end, 'overlapping edits');
  let result = text;
  for (const span of [...spans].reverse())
    result = result.slice(0, span.start) + span.newText + result.slice(span.end);
  return { text: result, firstStart: spans[0]!.start, lastEnd: Math.max(...spans.map((span) => span.end)) };
}
