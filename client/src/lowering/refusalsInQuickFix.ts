// VS Code lists disabled code actions only when the user asks for a kind (Refactor…), and then shows their
// title, not their reason; on a plain Ctrl+. it drops them and says "No code actions available". So on an
// explicit request each refusal's title says why: greyed out in Refactor…, and in Ctrl+. an entry that,
// picked, says it again with a way to the panel. The server still sends `CodeAction.disabled` (what other
// editors show); the automatic light bulb and code actions on save are left alone.
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';

export const explainRefusalCommand = 'kerasLower.explainRefusal';

export const refusalsInQuickFix: Middleware['provideCodeActions'] = async (
  document,
  range,
  context,
  token,
  next,
) => {
  const actions = await next(document, range, context, token);
  if (context.triggerKind !== vscode.CodeActionTriggerKind.Invoke || !actions) return actions;
  return actions.map((action) => {
    if (!(action instanceof vscode.CodeAction) || action.disabled === undefined) return action;
    const { reason } = action.disabled;
    const shown = new vscode.CodeAction(`${action.title} — refused: ${reason}`, action.kind);
    if (context.only !== undefined) {
      shown.disabled = action.disabled;
      return shown;
    }
    shown.command = {
      command: explainRefusalCommand,
      title: 'Why it cannot be lowered',
      arguments: [action.title, reason, document.uri],
    };
    return shown;
  });
};

export function registerExplainRefusal(): vscode.Disposable {
  return vscode.commands.registerCommand(
    explainRefusalCommand,
    async (title: string, reason: string, uri: vscode.Uri) => {
      const open = 'Open Side-by-Side';
      const picked = await vscode.window.showWarningMessage(`${title}: ${reason}`, open);
      if (picked === open) await vscode.commands.executeCommand('kerasLower.openSideBySide', uri);
    },
  );
}
