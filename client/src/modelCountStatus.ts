// A language status item for Python files: how many Keras models the server found in the active file.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DocumentStatusNotification } from '../../server/src/protocol.ts';

export class ModelCountStatus implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('kerasLower.models', {
    language: 'python',
  });
  private readonly modelCounts = new Map<string, number>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(client: LanguageClient) {
    this.item.name = 'Keras Lower';
    this.item.command = { command: 'kerasLower.showLogs', title: 'Show Logs' };
    this.subscriptions = [
      client.onNotification(DocumentStatusNotification, ({ uri, modelCount }) => {
        this.modelCounts.set(uri, modelCount);
        this.render();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.workspace.onDidCloseTextDocument((document) => this.modelCounts.delete(document.uri.toString())),
    ];
    this.render();
  }

  private render(): void {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const count = uri === undefined ? undefined : this.modelCounts.get(uri);
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
