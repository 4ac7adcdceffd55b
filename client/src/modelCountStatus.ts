// A language status item for Python files: how many Keras models the server found in the active file.
import * as vscode from 'vscode';
import type { ModelCounts } from './modelCounts.ts';

export class ModelCountStatus implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('kerasLower.models', {
    language: 'python',
  });
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly counts: ModelCounts) {
    this.item.name = 'Keras Lower';
    this.item.command = { command: 'kerasLower.showLogs', title: 'Show Logs' };
    this.subscriptions = [
      counts.onDidChange(() => this.render()),
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
    ];
    this.render();
  }

  private render(): void {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const count = uri === undefined ? undefined : this.counts.get(uri);
    if (count === undefined) {
      this.item.text = 'Keras Lower';
      this.item.detail = 'not analysed yet';
    } else {
      this.item.text = `$(symbol-class) ${count === 1 ? '1 Keras model' : `${count} Keras models`}`;
      this.item.detail =
        count === 0 ? 'this file builds no Keras model' : 'hover a layer to see its TensorFlow ops';
    }
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.item.dispose();
  }
}
