// What the handlers share: the connection, the open documents, the settings and what the client supports.
import type { Connection } from 'vscode-languageserver';
import type { CodeActionSupport } from './codeActions.ts';
import type { DocumentStore } from './documentStore.ts';
import type { Log } from './guard.ts';
import type { Settings } from './settings.ts';

export interface ClientSupport {
  configurationPull: boolean;
  configurationRegistration: boolean;
  inlayHintRefresh: boolean;
  codeActions: CodeActionSupport;
}

export interface ServerContext {
  connection: Connection;
  store: DocumentStore;
  settings: Settings;
  log: Log;
  /** Filled in by `initialize`. */
  client: ClientSupport;
}
