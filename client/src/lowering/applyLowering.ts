// Applies a lowering the user previewed: the same `kerasLower/lower` edit the code action applies, computed
// for the version the preview showed, and refused when the document has changed since.
import * as vscode from 'vscode';
import { LSPErrorCodes, ResponseError, type LanguageClient } from 'vscode-languageclient/node';
import { LowerRequest, type LoweringChoice } from '../../../server/src/protocol.ts';

export interface ApplyOutcome {
  ok: boolean;
  message: string;
}

export async function applyLowering(
  client: LanguageClient,
  document: vscode.TextDocument,
  choice: LoweringChoice,
  version: number,
): Promise<ApplyOutcome> {
  const stale = (): ApplyOutcome => ({
    ok: false,
    message: `Not applied: the file changed since this diff was computed (version ${version}, now ${document.version}). Review the new diff first.`,
  });
  if (document.version !== version) return stale();
  const params = { uri: document.uri.toString(), version, target: choice.target, mode: choice.mode };
  let result;
  try {
    result = await client.sendRequest(LowerRequest, params);
  } catch (error) {
    if (error instanceof ResponseError && error.code === LSPErrorCodes.ContentModified) return stale();
    throw error;
  }
  if (!result.ok)
    return {
      ok: false,
      message: `Not applied: ${result.reasons.map((reason) => reason.message).join('; ')}`,
    };
  // The request is asynchronous: the user may have typed while it ran.
  if (document.version !== version) return stale();
  const edit = new vscode.WorkspaceEdit();
  for (const textEdit of result.edits)
    edit.replace(document.uri, client.protocol2CodeConverter.asRange(textEdit.range), textEdit.newText);
  const applied = await vscode.workspace.applyEdit(edit);
  return applied
    ? { ok: true, message: `Applied: ${choice.title}` }
    : { ok: false, message: `Not applied: VS Code refused the edit for ${choice.title}` };
}
