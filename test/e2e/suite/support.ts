// Helpers for the tests inside the extension host: open fixtures, poll until a condition holds.
import * as vscode from 'vscode';

export const extensionId = 'keras-lower.keras-lower';

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the e2e workspace folder is not open');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function openFixture(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(name));
  return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One });
}

/** Calls `probe` until it returns a value `accept`s, or fails after `timeoutMs` with the last value seen. */
export async function pollFor<T>(
  what: string,
  probe: () => Thenable<T> | T,
  accept: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
    const probed = await settled(probe);
    if (probed.ok) {
      last = probed.value;
      if (accept(last)) return last;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** A probe's value, or not yet when VS Code cancelled its request (it cancels a provider call when the
 * document changes under it, e.g. while the server's re-analysis of an applied edit lands). */
async function settled<T>(probe: () => Thenable<T> | T): Promise<{ ok: true; value: T } | { ok: false }> {
  try {
    return { ok: true, value: await probe() };
  } catch (error) {
    if (error instanceof vscode.CancellationError || (error as Error).name === 'Canceled')
      return { ok: false };
    throw error;
  }
}

export function positionOf(document: vscode.TextDocument, text: string): vscode.Position {
  const offset = document.getText().indexOf(text);
  if (offset < 0) throw new Error(`${text} not found in ${document.uri.toString()}`);
  return document.positionAt(offset);
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

export function inlayLabels(hints: vscode.InlayHint[]): string[] {
  return hints.map((hint) =>
    typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join(''),
  );
}

/** Polls the hover on seed_cnn.py's Conv2D until it shows the convolution (the server may be starting). */
export async function conv2dHover(editor: vscode.TextEditor, timeoutMs = 20_000): Promise<string> {
  const position = positionOf(editor.document, 'Conv2D').translate(0, 2);
  return pollFor(
    'the Conv2D hover',
    async () =>
      hoverText(
        await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          editor.document.uri,
          position,
        ),
      ),
    (value) => value.includes('tf.nn.convolution'),
    timeoutMs,
  );
}
