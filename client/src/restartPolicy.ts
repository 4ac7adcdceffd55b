// What happens when the language server dies: restarted by the client, with one clear message per burst of
// crashes instead of one toast per crash, and given up (with a way back) after five crashes in three minutes.
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
} from 'vscode-languageclient/node';

const windowMs = 3 * 60 * 1000;
const maxRestarts = 4;

export class RestartPolicy implements ErrorHandler {
  private crashes: number[] = [];
  /** Messages shown to the user about crashes (tests read it through the extension's exports). */
  notices = 0;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** A restart the user asked for starts a fresh count. */
  reset(): void {
    this.crashes = [];
  }

  error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    // A broken pipe right before `closed()`: let closed() decide, unless the connection keeps failing.
    return count !== undefined && count > 3
      ? { action: ErrorAction.Shutdown, handled: true }
      : { action: ErrorAction.Continue, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.crashes = [...this.crashes.filter((time) => now - time < windowMs), now];
    const count = this.crashes.length;
    if (count > maxRestarts + 1) return { action: CloseAction.DoNotRestart, handled: true };
    if (count === maxRestarts + 1) {
      this.notify(
        'Keras Lower: the language server crashed 5 times in 3 minutes and was not restarted. Run "Keras Lower: Restart Server" to try again; "Keras Lower: Show Logs" has the details.',
      );
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    this.log.warn(`the language server stopped unexpectedly (${count} in the last 3 minutes); restarting it`);
    if (count === 1)
      this.notify(
        'Keras Lower: the language server stopped unexpectedly and was restarted. "Keras Lower: Show Logs" has the details.',
      );
    return { action: CloseAction.Restart, handled: true };
  }

  private notify(message: string): void {
    this.notices += 1;
    void vscode.window.showWarningMessage(message);
  }
}
