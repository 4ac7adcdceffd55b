// "Keras Lower: Verify Lowering": runs, with the user's Python, the slice of the saved file (or notebook: its
// code cells as one program) that builds each model (never its data loading, training or plotting) and the model's lowerings, and shows the per-layer
// worst errors (output channel, notification, and the side-by-side panel when it is open). It executes the
// user's code, so only on this explicit command, only in a trusted workspace, and Cancel kills the interpreter.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { verificationPassed, verifyReportText } from '../../../server/src/core/verify/report.ts';
import { VerifyPlanRequest, type VerifyReport } from '../../../server/src/protocol.ts';
import { runVerification } from '../../../server/src/verify/run.ts';
import { SideBySidePanel } from '../panel/sideBySidePanel.ts';
import { activeSource, isPythonSource, notebookOf } from '../notebook/cells.ts';
import { pythonFor } from './interpreter.ts';

export type VerifyOutcome =
  | { ran: true; passed: boolean; report: VerifyReport }
  | { ran: false; reason: 'untrusted' | 'noFile' | 'unsaved' };

export interface VerifyDeps {
  client: LanguageClient;
  workerPath: string;
  log: vscode.LogOutputChannel;
}

export async function verifyLowering(deps: VerifyDeps, uri?: vscode.Uri): Promise<VerifyOutcome> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(
      'Keras Lower: Verify Lowering runs your Python code, so it only runs in a trusted workspace.',
    );
    return { ran: false, reason: 'untrusted' };
  }
  const source = await savedSource(uri);
  if (!source) {
    void vscode.window.showInformationMessage(
      'Keras Lower: open a saved Python file that builds a Keras model.',
    );
    return { ran: false, reason: 'noFile' };
  }
  if (source.isDirty) {
    void vscode.window.showWarningMessage(
      'Keras Lower: Verify runs the file as saved on disk: save it first.',
    );
    return { ran: false, reason: 'unsaved' };
  }
  const plan = await deps.client.sendRequest(VerifyPlanRequest, { uri: source.uri.toString() });
  const python = await pythonFor(source.uri);
  const report = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Keras Lower: verifying with ${python}…`,
      cancellable: true,
    },
    (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      const options = { file: source.uri.fsPath, plan, python, workerPath: deps.workerPath };
      return runVerification({ ...options, signal: controller.signal });
    },
  );
  const text = verifyReportText(report);
  deps.log.info(`verify ${source.uri.fsPath}\n${text}`);
  SideBySidePanel.showVerification(source.uri, report, text);
  const passed = verificationPassed(report);
  if (report.error?.kind === 'cancelled')
    void vscode.window.showInformationMessage('Keras Lower: verification cancelled.');
  else if (report.error) void showVerifyError(report.error);
  else if (passed) void vscode.window.showInformationMessage('Keras Lower: every lowering matches Keras.');
  else
    void vscode.window.showWarningMessage(
      'Keras Lower: a lowering differs from Keras (see Keras Lower: Show Logs).',
    );
  return { ran: true, passed, report };
}

/** The file to verify: `uri`'s or the active editor's; for a notebook cell (or an .ipynb), the notebook. */
async function savedSource(uri?: vscode.Uri): Promise<{ uri: vscode.Uri; isDirty: boolean } | undefined> {
  if (uri instanceof vscode.Uri && /\.ipynb$/i.test(uri.path))
    return inFile(await vscode.workspace.openNotebookDocument(uri));
  const document = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : activeSource();
  if (!document || !isPythonSource(document)) return undefined;
  return inFile(notebookOf(document) ?? document);
}

function inFile(source: { uri: vscode.Uri; isDirty: boolean }) {
  return source.uri.scheme === 'file' ? source : undefined;
}

/** One sentence, naming the interpreter; when it lacks Python or TensorFlow, buttons to pick another. */
async function showVerifyError(error: NonNullable<VerifyReport['error']>): Promise<void> {
  const message = `Keras Lower: ${error.message.split('\n')[0]}`;
  if (error.kind !== 'missingPython' && error.kind !== 'missingTensorflow') {
    void vscode.window.showErrorMessage(message);
    return;
  }
  const selectInterpreter = 'Select Interpreter';
  const openSettings = 'Open Settings';
  const buttons = vscode.extensions.getExtension('ms-python.python')
    ? [selectInterpreter, openSettings]
    : [openSettings];
  const choice = await vscode.window.showErrorMessage(message, ...buttons);
  if (choice === selectInterpreter) await vscode.commands.executeCommand('python.setInterpreter');
  else if (choice === openSettings)
    await vscode.commands.executeCommand('workbench.action.openSettings', 'kerasLower.verify.pythonPath');
}
