// The VS Code side of keras-lower, kept thin: it starts the language server and wires a few commands.
import * as vscode from 'vscode';
import {
  LanguageClient,
  RevealOutputChannelOn,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { InitializationOptions } from '../../server/src/protocol.ts';
import { registerPanelAndDiff } from './commands.ts';
import { registerLowerToNewFile } from './lowering/lowerToNewFile.ts';
import { refusalsInQuickFix, registerExplainRefusal } from './lowering/refusalsInQuickFix.ts';
import { trackActiveFileHasModel } from './hasModelContext.ts';
import { ModelCounts } from './modelCounts.ts';
import { ModelCountStatus } from './modelCountStatus.ts';
import { RestartPolicy } from './restartPolicy.ts';

/** What the extension exports: only what the end-to-end tests observe. */
export interface KerasLowerExports {
  /** Messages shown about server crashes so far. */
  crashNotices(): number;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<KerasLowerExports> {
  const log = vscode.window.createOutputChannel('Keras Lower', { log: true });
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const restartPolicy = new RestartPolicy(log);
  const clientOptions: LanguageClientOptions = {
    errorHandler: restartPolicy,
    documentSelector: [
      { language: 'python', scheme: 'file' },
      { language: 'python', scheme: 'untitled' },
      // Jupyter notebooks' Python cells, synced as notebooks (LSP 3.17) and served per cell.
      { notebook: 'jupyter-notebook', language: 'python' },
    ],
    outputChannel: log,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    synchronize: { configurationSection: 'kerasLower' },
    middleware: { provideCodeActions: refusalsInQuickFix },
    initializationOptions: { lowerToNewFile: true } satisfies InitializationOptions,
  };
  client = new LanguageClient('kerasLower', 'Keras Lower', serverOptions, clientOptions);
  const counts = new ModelCounts(client);

  context.subscriptions.push(
    log,
    counts,
    new ModelCountStatus(counts),
    trackActiveFileHasModel(counts),
    registerPanelAndDiff(context, client, log),
    registerExplainRefusal(),
    registerLowerToNewFile(client),
    vscode.commands.registerCommand('kerasLower.restartServer', async () => {
      log.info('restarting the language server');
      restartPolicy.reset();
      await client?.restart();
    }),
    vscode.commands.registerCommand('kerasLower.showLogs', () => log.show(true)),
  );
  await client.start();
  return { crashNotices: () => restartPolicy.notices };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
