// Hover, inlay hints and code actions: each a thin call into the engine on the cached analysis.
import { MessageType, ShowMessageNotification, type CodeAction } from 'vscode-languageserver';
import { hoverAt, inlayHints, staleHoverAt, staleInlayHints } from '../core/index.ts';
import type { LowerParams } from '../protocol.ts';
import { codeActionsFor, withEdit, type PinnedTo } from './codeActions.ts';
import type { ServerContext } from './context.ts';
import { isEditorDocument, toLspHover, toLspInlayHint } from './convert.ts';
import { guarded } from './guard.ts';

export function registerFeatures(context: ServerContext): void {
  const { connection, store, settings, log } = context;

  connection.onHover(
    guarded(log, 'hover', null, ({ textDocument, position: asSent }) => {
      const analysis = store.analysis(textDocument.uri);
      const position = store.position(textDocument.uri, asSent);
      // A model whose lines do not parse yet shows its last good analysis, saying so.
      const hover = analysis && (staleHoverAt(analysis, position) ?? hoverAt(analysis, position));
      return hover ? toLspHover(hover) : null;
    }),
  );

  connection.languages.inlayHint.on(
    guarded(log, 'inlayHint', [], ({ textDocument, range: asSent }) => {
      if (!settings.inlayHintsEnabled || !isEditorDocument(textDocument.uri)) return [];
      const analysis = store.analysis(textDocument.uri);
      if (!analysis) return [];
      const range = store.range(textDocument.uri, asSent);
      const current = inlayHints(analysis, range);
      const taken = new Set(current.map(({ position }) => `${position.line}:${position.character}`));
      const stale = staleInlayHints(analysis, range).filter(
        ({ position }) => !taken.has(`${position.line}:${position.character}`),
      );
      return [...current, ...stale].map(toLspInlayHint);
    }),
  );

  connection.onCodeAction(
    guarded(log, 'codeAction', [], ({ textDocument, range, context: actionContext }) => {
      const analysis = store.analysis(textDocument.uri);
      if (!analysis) return [];
      const at = store.range(textDocument.uri, range);
      const document = { uri: textDocument.uri, opened: store.opened(textDocument.uri) };
      return codeActionsFor(analysis, document, at, actionContext, context.client.codeActions);
    }),
  );

  // On failure the action comes back as it was: without an edit, it changes nothing.
  connection.onCodeActionResolve((action, token) =>
    guarded(log, 'codeAction/resolve', action, () => resolve(context, action))(action, token),
  );
}

/** Computes a lazily offered action's edit, but only for the version the action was offered for. */
function resolve({ store, log, connection }: ServerContext, action: CodeAction): CodeAction {
  const data = action.data as (LowerParams & PinnedTo) | PinnedTo | undefined;
  // An action offered for an earlier opening of the document: its version number may be reused, its text not.
  if (data?.opened !== undefined && store.opened(data.uri) !== data.opened) {
    log(`"${action.title}" was offered before ${data.uri} was closed and reopened; not applied`);
    return { ...action, edit: undefined };
  }
  // An action offered with its edit (a quick fix) is still resolved only for the version it was made for.
  if (action.edit) return pinnedToCurrentVersions(store, action) ? action : { ...action, edit: undefined };
  if (!data || !('target' in data)) return action;
  const analysis = store.analysis(data.uri);
  if (!analysis || analysis.version !== data.version) {
    log(
      `"${action.title}" was offered for version ${data.version} of ${data.uri}, which has changed; not applied`,
    );
    return action;
  }
  const resolved = withEdit(action, analysis);
  if (resolved.disabled)
    // A notification, not window/showMessageRequest: nothing to await, nothing a client can reject.
    void connection.sendNotification(ShowMessageNotification.type, {
      type: MessageType.Warning,
      message: `${action.title}: ${resolved.disabled.reason}`,
    });
  return resolved;
}

/** Whether every document an action's edit changes is still at the version the edit was computed for. */
function pinnedToCurrentVersions(store: ServerContext['store'], action: CodeAction): boolean {
  return (action.edit?.documentChanges ?? []).every(
    (change) =>
      !('textDocument' in change) || store.version(change.textDocument.uri) === change.textDocument.version,
  );
}
