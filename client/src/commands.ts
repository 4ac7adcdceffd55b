// The panel and diff commands, the panel's serializer and the lowered-document provider.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { LoweringChoice, PanelState } from '../../server/src/protocol.ts';
import { LoweredDocumentProvider, loweredScheme } from './lowering/loweredDocuments.ts';
import { previewDiff } from './lowering/previewDiff.ts';
import { activeSource, isPythonSource } from './notebook/cells.ts';
import { panelViewType, SideBySidePanel, type PanelDeps } from './panel/sideBySidePanel.ts';
import { verifyLowering } from './verify/verifyCommand.ts';

export function registerPanelAndDiff(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  const deps: PanelDeps = { extensionUri: context.extensionUri, client, log };
  const lowered = new LoweredDocumentProvider(client);
  return vscode.Disposable.from(
    vscode.commands.registerCommand('kerasLower.openSideBySide', (uri?: vscode.Uri) =>
      openSideBySide(deps, uri),
    ),
    vscode.commands.registerCommand('kerasLower.previewDiff', (choice?: LoweringChoice) =>
      previewDiff(client, isChoice(choice) ? choice : undefined),
    ),
    vscode.commands.registerCommand('kerasLower.verify', (uri?: vscode.Uri) =>
      verifyLowering({ client, log, workerPath: context.asAbsolutePath('dist/verify_worker.py') }, uri),
    ),
    vscode.window.registerWebviewPanelSerializer(panelViewType, {
      deserializeWebviewPanel: (panel, state: PanelState | undefined) =>
        SideBySidePanel.revive(deps, panel, state),
    }),
    vscode.workspace.registerTextDocumentContentProvider(loweredScheme, lowered),
    vscode.workspace.onDidCloseTextDocument((document) => lowered.forget(document.uri)),
  );
}

/** From the palette, the editor title or the editor's context menu (which passes the file's or cell's uri). */
async function openSideBySide(deps: PanelDeps, uri?: vscode.Uri): Promise<void> {
  const document = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : activeSource();
  if (!document || !isPythonSource(document)) {
    void vscode.window.showInformationMessage(
      'Keras Lower: open a Python file that builds a Keras model first.',
    );
    return;
  }
  SideBySidePanel.createOrShow(deps, document);
}

/** Menus pass a uri as the first argument; only a lowering choice (from tests or other commands) is used. */
function isChoice(value: unknown): value is LoweringChoice {
  return typeof value === 'object' && value !== null && 'target' in value && 'mode' in value;
}
