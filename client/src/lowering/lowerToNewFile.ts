// "Keras: Lower model … to a new file…": the standalone module (with its training loop when the file
// compiles the model) written next to the source, as `keras-lower lower -o` writes it, and opened beside it.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LowerRequest, lowerToNewFileCommand, type LowerParams } from '../../../server/src/protocol.ts';

export function registerLowerToNewFile(client: LanguageClient): vscode.Disposable {
  return vscode.commands.registerCommand(lowerToNewFileCommand, (params: LowerParams) =>
    lowerToNewFile(client, params),
  );
}

/** Resolves to the new file, or undefined when the lowering cannot be written (the user is told why). */
async function lowerToNewFile(client: LanguageClient, params: LowerParams): Promise<vscode.Uri | undefined> {
  const result = await client.sendRequest(LowerRequest, params);
  const what = params.target.kind === 'model' ? `model “${params.target.variable}”` : 'the file';
  if (!result.ok || result.standalone === undefined) {
    const why = result.ok
      ? 'no standalone module was generated'
      : result.reasons.map((r) => r.message).join('; ');
    void vscode.window.showWarningMessage(`Keras Lower: ${what} cannot be written to a new file: ${why}`);
    return undefined;
  }
  const target = await freshSibling(vscode.Uri.parse(params.uri));
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.standalone));
  await vscode.window.showTextDocument(target, { viewColumn: vscode.ViewColumn.Beside });
  return target;
}

/** `model.py` → `model_tf.py`, or `model_tf_2.py`… when that exists: never overwrites a file. */
async function freshSibling(source: vscode.Uri): Promise<vscode.Uri> {
  const directory = vscode.Uri.joinPath(source, '..');
  const stem = source.path
    .split('/')
    .pop()!
    .replace(/\.(py|ipynb)$/, '');
  for (let index = 1; ; index += 1) {
    const candidate = vscode.Uri.joinPath(directory, `${stem}_tf${index === 1 ? '' : `_${index}`}.py`);
    try {
      await vscode.workspace.fs.stat(candidate);
    } catch {
      return candidate;
    }
  }
}
