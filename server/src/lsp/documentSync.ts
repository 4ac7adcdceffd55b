// Incremental text sync: each change edits the document's tree and reparses it (engine `applyChanges`).
import type { ServerContext } from './context.ts';
import type { Debouncer } from './debouncer.ts';
import { guardedNotification } from './guard.ts';

export function registerDocumentSync(context: ServerContext, diagnostics: Debouncer): void {
  const { connection, store, log } = context;

  connection.onDidOpenTextDocument(
    guardedNotification(log, 'didOpen', ({ textDocument }) => {
      if (textDocument.languageId !== 'python') return;
      store.open(textDocument.uri, textDocument.text, textDocument.version);
      diagnostics.schedule(textDocument.uri);
    }),
  );

  connection.onDidChangeTextDocument(
    guardedNotification(log, 'didChange', ({ textDocument, contentChanges }) => {
      if (!store.has(textDocument.uri)) return;
      store.change(textDocument.uri, contentChanges, textDocument.version);
      diagnostics.schedule(textDocument.uri);
    }),
  );

  connection.onDidCloseTextDocument(
    guardedNotification(log, 'didClose', ({ textDocument }) => {
      if (!store.has(textDocument.uri)) return;
      diagnostics.cancel(textDocument.uri);
      store.close(textDocument.uri);
      void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
    }),
  );
}
