// The engine's edits of a notebook's program, split into edits of its cells.
//
// Where generated code goes: layer mode's classes (with the `import tensorflow as tf` they need) go to the
// top of the first cell that uses them, not after the imports in an earlier cell, and not into a new cell:
// re-running only the model's cell then still defines them, the cell stays self-explaining, and LSP 3.17's
// workspace edits can change a cell's text but cannot insert cells, so the editor and the CLI agree. Module
// mode's tf.Module goes where the engine puts it in a file: after the model's last statement, in that cell.
import { applyEdits } from '../emit/textEdits.ts';
import type { Position, TextEdit } from '../types.ts';
import type { NotebookProgram } from './program.ts';

export type CellEdits = { ok: true; cells: Map<number, TextEdit[]> } | { ok: false; reason: string };

export function toCellEdits(program: NotebookProgram, edits: TextEdit[]): CellEdits {
  const rewrites = edits.filter((edit) => !isInsertion(edit));
  const firstUse = Math.min(...rewrites.map((edit) => program.cellOfLine(edit.range.start.line)));
  const cells = new Map<number, TextEdit[]>();
  for (const edit of edits) {
    const placed = place(program, edit, firstUse);
    if (!placed) {
      const [from, to] = [edit.range.start, edit.range.end].map((at) => program.cellOfLine(at.line));
      return { ok: false, reason: `an edit spans cells ${from! + 1} to ${to! + 1} of the program` };
    }
    cells.set(placed.cell, [...(cells.get(placed.cell) ?? []), placed.edit]);
  }
  return { ok: true, cells };
}

/** The cells' texts after their edits, in program order. */
export function applyCellEdits(texts: readonly string[], cells: Map<number, TextEdit[]>): string[] {
  return texts.map((text, index) => {
    const edits = cells.get(index);
    return edits ? applyEdits(text, edits) : text;
  });
}

function place(
  program: NotebookProgram,
  edit: TextEdit,
  firstUse: number,
): { cell: number; edit: TextEdit } | undefined {
  const at = program.toCell(edit.range.start);
  if (isInsertion(edit) && /^class /m.test(edit.newText) && Number.isFinite(firstUse) && at.cell < firstUse) {
    // Two blank lines between the generated classes and the cell's own first line.
    const newText = `${edit.newText.replace(/^(\r?\n)+/, '').replace(/(\r?\n)*$/, '')}\n\n\n`;
    return { cell: firstUse, edit: { range: pointRange({ line: 0, character: 0 }), newText } };
  }
  if (
    isInsertion(edit) &&
    at.cell > 0 &&
    isCellStart(at.position) &&
    /^import [^\n]*\n$/.test(edit.newText)
  ) {
    // After the last line of the cell above (the imports' cell), not on top of the next cell.
    const previous = at.cell - 1;
    const lastLine = program.cells[previous]!.startLine + program.cells[previous]!.lineCount - 1;
    const end = program.toCell({ line: lastLine, character: lineLength(program.text, lastLine) });
    return {
      cell: previous,
      edit: { range: pointRange(end.position), newText: `\n${edit.newText.slice(0, -1)}` },
    };
  }
  const range = program.rangeToCell(edit.range);
  return range && { cell: range.cell, edit: { range: range.range, newText: edit.newText } };
}

function isInsertion(edit: TextEdit): boolean {
  const { start, end } = edit.range;
  return start.line === end.line && start.character === end.character;
}

function isCellStart(position: Position): boolean {
  return position.line === 0 && position.character === 0;
}

function pointRange(position: Position) {
  return { start: position, end: position };
}

function lineLength(text: string, line: number): number {
  return (text.split('\n')[line] ?? '').replace(/\r$/, '').length;
}
