import { LineIndex } from '../parse/lineIndex.ts';
import type { TextEdit } from '../types.ts';

/** Applies non-overlapping edits to `text`; ranges refer to the original text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const index = new LineIndex(text);
  const ordered = edits
    .map((edit) => ({
      start: index.offsetAt(edit.range.start),
      end: index.offsetAt(edit.range.end),
      text: edit.newText,
    }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const edit of ordered) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}
