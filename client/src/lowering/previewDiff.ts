// "Keras Lower: Preview Diff": VS Code's diff editor between the file (at its current version) and its
// lowered text, for the whole file or one model. In a notebook cell: the notebook's code cells as one program.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PanelDataRequest, type LoweringChoice, type PanelData } from '../../../server/src/protocol.ts';
import { activeSource, isPythonSource, notebookOf } from '../notebook/cells.ts';
import { loweredUri } from './loweredDocuments.ts';

/** Opens the diff for `choice`, or asks which lowering to show; resolves once the diff editor is open. */
export async function previewDiff(client: LanguageClient, choice?: LoweringChoice): Promise<void> {
  const document = activeSource();
  if (!document || !isPythonSource(document)) {
    void vscode.window.showInformationMessage(
      'Keras Lower: open a Python file that builds a Keras model first.',
    );
    return;
  }
  const notebook = notebookOf(document);
  const uri = notebook?.uri ?? document.uri;
  // A notebook's program has the server's version, which only the server knows.
  const data =
    choice && !notebook ? undefined : await client.sendRequest(PanelDataRequest, { uri: uri.toString() });
  const picked = choice ?? (data && (await pickLowering(data)));
  if (!picked) return;
  if (picked.disabledReason) {
    void vscode.window.showWarningMessage(`${picked.title}: ${picked.disabledReason}`);
    return;
  }
  const analysed = { uri, version: notebook && data ? data.version : document.version };
  const title = `${path.basename(uri.path)} ↔ ${picked.title}`;
  await vscode.commands.executeCommand(
    'vscode.diff',
    loweredUri(analysed, picked, 'original'),
    loweredUri(analysed, picked, 'lowered'),
    title,
    { preview: true },
  );
}

async function pickLowering(data: PanelData): Promise<LoweringChoice | undefined> {
  const choices = data.choices.filter((choice) => choice.target.kind !== 'layer');
  if (choices.length === 0) {
    void vscode.window.showInformationMessage('Keras Lower: nothing in this file can be lowered.');
    return undefined;
  }
  if (choices.length === 1) return choices[0];
  const item = await vscode.window.showQuickPick(
    choices.map((choice) => ({
      label: choice.title,
      // The grade is in the title; a refused lowering says why, as the Quick Fix menu does.
      ...(choice.disabledReason ? { description: 'cannot be lowered', detail: choice.disabledReason } : {}),
      choice,
    })),
    { placeHolder: 'Which lowering should the diff show?' },
  );
  return item?.choice;
}
