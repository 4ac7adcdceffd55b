// "Keras Lower: Preview Diff": VS Code's diff editor between the file (at its current version) and its
// lowered text, for the whole file or one model.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PanelDataRequest, type LoweringChoice } from '../../../server/src/protocol.ts';
import { loweredUri } from './loweredDocuments.ts';

/** Opens the diff for `choice`, or asks which lowering to show; resolves once the diff editor is open. */
export async function previewDiff(client: LanguageClient, choice?: LoweringChoice): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document || document.languageId !== 'python') {
    void vscode.window.showInformationMessage(
      'Keras Lower: open a Python file that builds a Keras model first.',
    );
    return;
  }
  const picked = choice ?? (await pickLowering(client, document));
  if (!picked) return;
  if (picked.disabledReason) {
    void vscode.window.showWarningMessage(`${picked.title}: ${picked.disabledReason}`);
    return;
  }
  const title = `${path.basename(document.uri.path)} ↔ ${picked.title}`;
  await vscode.commands.executeCommand(
    'vscode.diff',
    loweredUri(document, picked, 'original'),
    loweredUri(document, picked, 'lowered'),
    title,
    { preview: true },
  );
}

async function pickLowering(
  client: LanguageClient,
  document: vscode.TextDocument,
): Promise<LoweringChoice | undefined> {
  const data = await client.sendRequest(PanelDataRequest, { uri: document.uri.toString() });
  const choices = data.choices.filter((choice) => choice.target.kind !== 'layer');
  if (choices.length === 0) {
    void vscode.window.showInformationMessage('Keras Lower: nothing in this file can be lowered.');
    return undefined;
  }
  if (choices.length === 1) return choices[0];
  const item = await vscode.window.showQuickPick(
    choices.map((choice) => ({
      label: choice.title,
      description: choice.safe ? 'exact' : 'numerics or training can differ',
      detail: choice.disabledReason,
      choice,
    })),
    { placeHolder: 'Which lowering should the diff show?' },
  );
  return item?.choice;
}
