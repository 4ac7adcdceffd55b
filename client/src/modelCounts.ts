// How many Keras models the server found in each open document, from its `kerasLower/documentStatus`
// notifications; the language status item and the editor-title button's `when` clause read it.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DocumentStatusNotification } from '../../server/src/protocol.ts';

export class ModelCounts implements vscode.Disposable {
  private readonly counts = new Map<string, number>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(client: LanguageClient) {
    this.subscriptions = [
      this.changed,
      client.onNotification(DocumentStatusNotification, ({ uri, modelCount }) => {
        this.counts.set(uri, modelCount);
        this.changed.fire();
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.counts.delete(document.uri.toString())) this.changed.fire();
      }),
    ];
  }

  /** The count for `uri`, or undefined before the server has analysed it. */
  get(uri: vscode.Uri): number | undefined {
    return this.counts.get(uri.toString());
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
