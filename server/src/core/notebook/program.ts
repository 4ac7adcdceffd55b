// A notebook's code cells as one program: their texts in order (IPython lines blanked), one line break
// between cells, and the map between program positions and (cell, position in the cell) both ways.
import { LineIndex } from '../parse/lineIndex.ts';
import type { Position, Range } from '../types.ts';
import { blankMagics } from './magics.ts';

export interface ProgramCell {
  /** Which cell this is to the caller: its index in the notebook's `cells`, or an LSP cell's URI. */
  key: string;
  /** The first program line of the cell. */
  startLine: number;
  lineCount: number;
}

export interface CellPosition {
  cell: number;
  position: Position;
}

export class NotebookProgram {
  /** The program the engine analyses. */
  readonly text: string;
  readonly cells: readonly ProgramCell[];
  private readonly index: LineIndex;
  private readonly cellTexts: string[];

  /** `cells`: the code cells' keys and texts, in notebook order. */
  constructor(cells: readonly { key: string; text: string }[]) {
    let startLine = 0;
    this.cells = cells.map(({ key, text }) => {
      const lineCount = text.split('\n').length;
      const cell = { key, startLine, lineCount };
      startLine += lineCount;
      return cell;
    });
    this.cellTexts = cells.map(({ text }) => text);
    this.text = cells.map(({ text }) => blankMagics(text)).join('\n');
    this.index = new LineIndex(this.text);
  }

  /** The cell (index into `cells`) holding a program line; lines past the end belong to the last cell. */
  cellOfLine(line: number): number {
    const found = this.cells.findIndex((cell) => line < cell.startLine + cell.lineCount);
    return found >= 0 ? found : this.cells.length - 1;
  }

  /** A program position as a position in its cell. */
  toCell(position: Position): CellPosition {
    const cell = this.cellOfLine(position.line);
    const start = this.cells[cell]?.startLine ?? 0;
    return { cell, position: { line: position.line - start, character: position.character } };
  }

  /** A position in a cell as a program position; one past the cell's last line is the cell's end. */
  toProgram(cell: number, position: Position): Position {
    const { startLine, lineCount } = this.cells[cell]!;
    if (position.line < 0) return { line: startLine, character: 0 };
    if (position.line >= lineCount) {
      const lastLine = this.cellTexts[cell]!.split('\n')[lineCount - 1]!;
      return { line: startLine + lineCount - 1, character: lastLine.replace(/\r$/, '').length };
    }
    return { line: startLine + position.line, character: position.character };
  }

  /** A program range inside one cell, in that cell's positions; undefined when it spans cells. */
  rangeToCell(range: Range): { cell: number; range: Range } | undefined {
    const start = this.toCell(range.start);
    const end = this.toCell(range.end);
    if (start.cell !== end.cell) return undefined;
    return { cell: start.cell, range: { start: start.position, end: end.position } };
  }

  /** A range in a cell as a program range. */
  rangeToProgram(cell: number, range: Range): Range {
    return { start: this.toProgram(cell, range.start), end: this.toProgram(cell, range.end) };
  }

  /** A program offset as (cell, offset in the cell's text). */
  offsetToCell(offset: number): { cell: number; offset: number } {
    const { cell, position } = this.toCell(this.index.positionAt(offset));
    return { cell, offset: new LineIndex(this.cellTexts[cell] ?? '').offsetAt(position) };
  }

  /** An offset in a cell's text as a program offset. */
  offsetToProgram(cell: number, offset: number): number {
    const position = new LineIndex(this.cellTexts[cell]!).positionAt(offset);
    return this.index.offsetAt(this.toProgram(cell, position));
  }
}
