// LSP 3.17 notebook document sync: the client sends a notebook's cells (not didOpen per cell); the server
// keeps the Python code cells in order and analyses them as one program stored under the notebook's URI.
import {
  NotebookCellKind,
  type Connection,
  type NotebookCell,
  type ServerCapabilities,
  type TextDocumentItem,
} from 'vscode-languageserver';
import type { ServerContext } from '../context.ts';
import type { Debouncer } from '../debouncer.ts';
import { guardedNotification } from '../guard.ts';
import type { NotebookCells, OpenCell } from './cells.ts';

/** Jupyter notebooks' Python cells (VS Code's built-in .ipynb serializer names its type 'jupyter-notebook'). */
export const notebookDocumentSync: ServerCapabilities['notebookDocumentSync'] = {
  notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }] }],
};

interface Layout {
  /** Every cell's document URI, in notebook order. */
  order: string[];
  /** Which of them are code cells. */
  code: Set<string>;
  /** The opened Python cell documents. */
  documents: Map<string, OpenCell>;
}

export function registerNotebookSync(
  connection: Connection,
  context: ServerContext,
  cells: NotebookCells,
  diagnostics: Debouncer,
): void {
  const { store, log } = context;
  const layouts = new Map<string, Layout>();
  const sync = connection.notebooks.synchronization;

  const publish = (uri: string) => {
    const layout = layouts.get(uri)!;
    cells.setCells(uri, programCells(layout));
    const notebook = cells.rebuild(uri);
    if (!notebook) return;
    if (store.has(uri)) store.change(uri, [{ text: notebook.program.text }], notebook.version);
    else store.open(uri, notebook.program.text, notebook.version);
    diagnostics.schedule(uri);
  };

  sync.onDidOpenNotebookDocument(
    guardedNotification(log, 'notebookDocument/didOpen', ({ notebookDocument, cellTextDocuments }) => {
      const layout: Layout = { order: [], code: new Set(), documents: new Map() };
      arrange(layout, 0, 0, notebookDocument.cells);
      opened(layout, cellTextDocuments);
      layouts.set(notebookDocument.uri, layout);
      cells.open(notebookDocument.uri, []);
      publish(notebookDocument.uri);
    }),
  );

  sync.onDidChangeNotebookDocument(
    guardedNotification(log, 'notebookDocument/didChange', ({ notebookDocument, change }) => {
      const layout = layouts.get(notebookDocument.uri);
      if (!layout) return;
      const structure = change.cells?.structure;
      if (structure) {
        const { start, deleteCount, cells: added } = structure.array;
        arrange(layout, start, deleteCount, added ?? []);
        for (const { uri } of structure.didClose ?? []) layout.documents.delete(uri);
        opened(layout, structure.didOpen ?? []);
      }
      // The layout's cell objects are the program's: changing one changes the other.
      for (const { document, changes } of change.cells?.textContent ?? [])
        cells.changeCell(document.uri, changes, document.version);
      publish(notebookDocument.uri);
    }),
  );

  sync.onDidCloseNotebookDocument(
    guardedNotification(log, 'notebookDocument/didClose', ({ notebookDocument, cellTextDocuments }) => {
      const { uri } = notebookDocument;
      layouts.delete(uri);
      cells.close(uri);
      diagnostics.cancel(uri);
      store.close(uri);
      for (const cell of cellTextDocuments)
        void connection.sendDiagnostics({ uri: cell.uri, diagnostics: [] });
    }),
  );
}

function arrange(layout: Layout, start: number, deleteCount: number, added: NotebookCell[]): void {
  const removed = layout.order.splice(start, deleteCount, ...added.map((cell) => cell.document));
  for (const uri of removed) layout.code.delete(uri);
  for (const cell of added) if (cell.kind === NotebookCellKind.Code) layout.code.add(cell.document);
}

function opened(layout: Layout, documents: TextDocumentItem[]): void {
  for (const { uri, languageId, text, version } of documents)
    if (languageId === 'python') layout.documents.set(uri, { uri, text, version });
}

function programCells(layout: Layout): OpenCell[] {
  return layout.order.flatMap((uri) => {
    const cell = layout.code.has(uri) ? layout.documents.get(uri) : undefined;
    return cell ? [cell] : [];
  });
}
