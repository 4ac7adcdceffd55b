// Notebook cells on the client: the server analyses a notebook's Python code cells as one program under the
// notebook's URI, so the panel, Preview Diff and Verify ask about the notebook (the server's answers say which
// cell a row or an edit is in).
import * as vscode from 'vscode';

export const cellScheme = 'vscode-notebook-cell';

/** The notebook a cell's document belongs to; undefined for any other document. */
export function notebookOf(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
  if (document.uri.scheme !== cellScheme) return undefined;
  return vscode.workspace.notebookDocuments.find((notebook) =>
    notebook.getCells().some((cell) => cell.document === document),
  );
}

/** The URI the server analyses a document under: its notebook's for a cell, else its own. */
export function analysedUri(document: vscode.TextDocument): vscode.Uri {
  return notebookOf(document)?.uri ?? document.uri;
}

/** A Python file or a Python notebook cell: what the panel and the commands work on. */
export function isPythonSource(document: vscode.TextDocument): boolean {
  return (
    document.languageId === 'python' &&
    (document.uri.scheme === 'file' ||
      document.uri.scheme === 'untitled' ||
      notebookOf(document) !== undefined)
  );
}

export function openNotebook(uri: vscode.Uri): vscode.NotebookDocument | undefined {
  return vscode.workspace.notebookDocuments.find((notebook) => notebook.uri.toString() === uri.toString());
}

/**
 * The document a command works on: the active text editor's, or with a notebook's cells selected but none
 * being edited, the selected (else the first) Python code cell of the active notebook.
 */
export function activeSource(): vscode.TextDocument | undefined {
  const active = vscode.window.activeTextEditor?.document;
  if (active && isPythonSource(active)) return active;
  const editor = vscode.window.activeNotebookEditor;
  if (!editor) return active;
  const python = (cell: vscode.NotebookCell | undefined) =>
    cell?.kind === vscode.NotebookCellKind.Code && cell.document.languageId === 'python';
  const selected = editor.notebook.cellAt(editor.selection.start);
  if (python(selected)) return selected.document;
  return editor.notebook.getCells().find(python)?.document ?? active;
}
