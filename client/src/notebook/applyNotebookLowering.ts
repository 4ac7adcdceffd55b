// Applies a previewed lowering to a notebook: the server's edits split into its cells (as the code actions'
// are), each pinned to the cell's version, and applied only while every such cell is still at that version.
import * as vscode from 'vscode';
import { LSPErrorCodes, ResponseError, type LanguageClient } from 'vscode-languageclient/node';
import { LowerRequest, type LoweringChoice } from '../../../server/src/protocol.ts';
import type { ApplyOutcome } from '../lowering/applyLowering.ts';

export async function applyNotebookLowering(
  client: LanguageClient,
  notebook: vscode.NotebookDocument,
  choice: LoweringChoice,
  version: number,
): Promise<ApplyOutcome> {
  const stale: ApplyOutcome = {
    ok: false,
    message: `Not applied: the notebook changed since this diff was computed (version ${version}). Review the new diff first.`,
  };
  const params = { uri: notebook.uri.toString(), version, target: choice.target, mode: choice.mode };
  let result;
  try {
    result = await client.sendRequest(LowerRequest, params);
  } catch (error) {
    if (error instanceof ResponseError && error.code === LSPErrorCodes.ContentModified) return stale;
    throw error;
  }
  if (!result.ok)
    return {
      ok: false,
      message: `Not applied: ${result.reasons.map((reason) => reason.message).join('; ')}`,
    };
  if (!result.cellEdits)
    return { ok: false, message: `Not applied: the lowering's edits do not fit the notebook's cells` };
  const cells = new Map(notebook.getCells().map((cell) => [cell.document.uri.toString(), cell.document]));
  const edit = new vscode.WorkspaceEdit();
  for (const { uri, version: cellVersion, edits } of result.cellEdits) {
    const document = cells.get(uri);
    if (!document || document.version !== cellVersion) return stale;
    for (const { range, newText } of edits)
      edit.replace(document.uri, client.protocol2CodeConverter.asRange(range), newText);
  }
  const applied = await vscode.workspace.applyEdit(edit);
  return applied
    ? { ok: true, message: `Applied: ${choice.title}` }
    : { ok: false, message: `Not applied: VS Code refused the edit for ${choice.title}` };
}
