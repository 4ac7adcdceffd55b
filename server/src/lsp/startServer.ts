// Wires the language server onto a connection: capabilities, settings and every handler.
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { initParser } from '../core/index.ts';
import type { InitializationOptions } from '../protocol.ts';
import { lowerFileKind } from './codeActions.ts';
import type { ServerContext } from './context.ts';
import { registerCustomRequests } from './customRequests.ts';
import { diagnosticsPublisher } from './diagnostics.ts';
import { DocumentStore } from './documentStore.ts';
import { registerDocumentSync } from './documentSync.ts';
import { registerFeatures } from './features.ts';
import { describe, guardedNotification } from './guard.ts';
import { NotebookCells } from './notebook/cells.ts';
import { notebookAware } from './notebook/aware.ts';
import { notebookDocumentSync, registerNotebookSync } from './notebook/sync.ts';
import { Settings } from './settings.ts';

/** Starts serving on `connection`; `wasmDir` holds web-tree-sitter.wasm and tree-sitter-python.wasm. */
export function startServer(rawConnection: Connection, wasmDir: string): void {
  // Notebook cells are analysed as their notebook's program; the handlers below see plain documents.
  const notebookCells = new NotebookCells();
  const connection = notebookAware(rawConnection, notebookCells);
  const log = (message: string) => connection.console.error(message);
  const context: ServerContext = {
    connection,
    log,
    store: new DocumentStore(log),
    settings: new Settings(connection),
    client: {
      configurationPull: false,
      configurationRegistration: false,
      inlayHintRefresh: false,
      codeActions: { resolveEdit: false, disabled: false, newFile: false },
    },
  };
  const diagnostics = diagnosticsPublisher(context);

  connection.onInitialize(async (params) => {
    await initParser(wasmDir);
    context.client = clientSupport(params);
    context.settings.canPull = context.client.configurationPull;
    return serverCapabilities();
  });

  connection.onInitialized(async () => {
    if (context.client.configurationRegistration) {
      await connection.client.register(DidChangeConfigurationNotification.type, undefined);
    }
    await updateSettings(context, null);
  });

  connection.onDidChangeConfiguration(
    guardedNotification(
      log,
      'didChangeConfiguration',
      ({ settings }) => void updateSettings(context, settings),
    ),
  );

  registerDocumentSync(context, diagnostics);
  registerNotebookSync(rawConnection, context, notebookCells, diagnostics);
  registerFeatures(context);
  registerCustomRequests(context);
  connection.onShutdown(() => diagnostics.dispose());
  connection.listen();
}

async function updateSettings(context: ServerContext, pushed: unknown): Promise<void> {
  try {
    await context.settings.update(pushed);
    if (context.client.inlayHintRefresh) await context.connection.languages.inlayHint.refresh();
  } catch (error) {
    context.log(`reading settings failed: ${describe(error)}`);
  }
}

function clientSupport({ capabilities, initializationOptions }: InitializeParams): ServerContext['client'] {
  const codeAction = capabilities.textDocument?.codeAction;
  const options = (initializationOptions ?? {}) as InitializationOptions;
  return {
    configurationPull: capabilities.workspace?.configuration === true,
    configurationRegistration: capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    inlayHintRefresh: capabilities.workspace?.inlayHint?.refreshSupport === true,
    codeActions: {
      resolveEdit: codeAction?.resolveSupport?.properties.includes('edit') === true,
      disabled: codeAction?.disabledSupport === true,
      newFile: options.lowerToNewFile === true,
    },
  };
}

function serverCapabilities(): InitializeResult {
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      notebookDocumentSync,
      hoverProvider: true,
      inlayHintProvider: { resolveProvider: false },
      codeActionProvider: {
        codeActionKinds: [CodeActionKind.RefactorRewrite, lowerFileKind, CodeActionKind.QuickFix],
        resolveProvider: true,
      },
    },
    serverInfo: { name: 'keras-lower' },
  };
}
