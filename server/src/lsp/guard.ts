// Half-typed code must never take the server down: every handler runs behind a guard that logs the error
// to the connection console and answers with an empty result instead.
import { ResponseError, type CancellationToken } from 'vscode-languageserver';

export type Log = (message: string) => void;

export function guarded<P, R>(
  log: Log,
  name: string,
  fallback: R,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
): (params: P, token: CancellationToken) => Promise<R> {
  return async (params, token) => {
    if (token.isCancellationRequested) return fallback;
    try {
      return await handler(params, token);
    } catch (error) {
      // Deliberate protocol errors (a stale document version) reach the client as they are.
      if (error instanceof ResponseError) throw error;
      log(`${name} failed: ${describe(error)}`);
      return fallback;
    }
  };
}

/** Like `guarded`, for notifications: nothing to answer, only the error to log. */
export function guardedNotification<P>(
  log: Log,
  name: string,
  handler: (params: P) => void,
): (params: P) => void {
  return (params) => {
    try {
      handler(params);
    } catch (error) {
      log(`${name} failed: ${describe(error)}`);
    }
  };
}

export function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
