// The open notebooks as the server sees them: each notebook's Python code cells in order (their texts and
// versions), the program the engine analyses under the notebook's URI, and which notebook a cell belongs to.
import { LineIndex } from '../../core/parse/lineIndex.ts';
import { NotebookProgram, type TextChange } from '../../core/index.ts';

export interface OpenCell {
  uri: string;
  text: string;
  version: number;
}

export interface OpenNotebook {
  uri: string;
  /** The program's version in the document store: one more at every change of the notebook or its cells. */
  version: number;
  cells: OpenCell[];
  program: NotebookProgram;
}

export class NotebookCells {
  private readonly notebooks = new Map<string, OpenNotebook>();
  private readonly notebookOfCell = new Map<string, string>();

  open(uri: string, cells: OpenCell[]): OpenNotebook {
    this.close(uri);
    const notebook = { uri, version: 1, cells, program: programOf(cells) };
    this.notebooks.set(uri, notebook);
    for (const cell of cells) this.notebookOfCell.set(cell.uri, uri);
    return notebook;
  }

  /** Replaces the cell list (cells added, removed or moved); texts of kept cells stay. */
  setCells(uri: string, cells: OpenCell[]): void {
    const notebook = this.notebooks.get(uri);
    if (!notebook) return;
    for (const cell of notebook.cells) this.notebookOfCell.delete(cell.uri);
    notebook.cells = cells;
    for (const cell of cells) this.notebookOfCell.set(cell.uri, uri);
  }

  changeCell(cellUri: string, changes: TextChange[], version: number): void {
    const cell = this.cell(cellUri);
    if (!cell) return;
    for (const change of changes) {
      if (!change.range) {
        cell.text = change.text;
        continue;
      }
      const index = new LineIndex(cell.text);
      const [start, end] = [index.offsetAt(change.range.start), index.offsetAt(change.range.end)];
      cell.text = cell.text.slice(0, start) + change.text + cell.text.slice(end);
    }
    cell.version = version;
  }

  /** After changes: the notebook's new program and version. */
  rebuild(uri: string): OpenNotebook | undefined {
    const notebook = this.notebooks.get(uri);
    if (!notebook) return undefined;
    notebook.version += 1;
    notebook.program = programOf(notebook.cells);
    return notebook;
  }

  close(uri: string): OpenNotebook | undefined {
    const notebook = this.notebooks.get(uri);
    if (!notebook) return undefined;
    for (const cell of notebook.cells) this.notebookOfCell.delete(cell.uri);
    this.notebooks.delete(uri);
    return notebook;
  }

  notebook(uri: string): OpenNotebook | undefined {
    return this.notebooks.get(uri);
  }

  /** The notebook holding a cell and the cell's index in its program. */
  ofCell(cellUri: string): { notebook: OpenNotebook; index: number } | undefined {
    const notebook = this.notebooks.get(this.notebookOfCell.get(cellUri) ?? '');
    const index = notebook?.cells.findIndex((cell) => cell.uri === cellUri) ?? -1;
    return notebook && index >= 0 ? { notebook, index } : undefined;
  }

  private cell(cellUri: string): OpenCell | undefined {
    const found = this.ofCell(cellUri);
    return found?.notebook.cells[found.index];
  }
}

function programOf(cells: OpenCell[]): NotebookProgram {
  return new NotebookProgram(cells.map(({ uri, text }) => ({ key: uri, text })));
}
