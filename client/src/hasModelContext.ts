// The `kerasLower.activeFileHasModel` context key: the editor-title button and the context-menu entries for
// the panel and the diff preview appear only on Python files (or notebook cells) that build a Keras model.
import * as vscode from 'vscode';
import type { ModelCounts } from './modelCounts.ts';
import { activeSource, analysedUri } from './notebook/cells.ts';

export const hasModelKey = 'kerasLower.activeFileHasModel';

export function trackActiveFileHasModel(counts: ModelCounts): vscode.Disposable {
  const update = () => {
    const document = activeSource();
    const uri = document && analysedUri(document);
    const hasModel = uri !== undefined && (counts.get(uri) ?? 0) > 0;
    void vscode.commands.executeCommand('setContext', hasModelKey, hasModel);
  };
  update();
  return vscode.Disposable.from(
    counts.onDidChange(update),
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.window.onDidChangeActiveNotebookEditor(update),
  );
}
