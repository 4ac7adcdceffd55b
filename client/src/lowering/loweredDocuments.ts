// Read-only documents on the `keras-lower-lowered` scheme: a file's text at one version and its text after a
// lowering, both from one `kerasLower/loweredText` answer. They feed VS Code's diff editor, and being neither
// `file` nor `untitled` documents they get no inlay hints or diagnostics.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  LoweredTextRequest,
  type LowerParams,
  type LoweredText,
  type LoweringChoice,
} from '../../../server/src/protocol.ts';

export const loweredScheme = 'keras-lower-lowered';

type Side = 'original' | 'lowered';

interface Query extends LowerParams {
  side: Side;
}

/** What the server analysed: a file, or a notebook's program (then `version` is the server's). */
export interface Analysed {
  uri: vscode.Uri;
  version: number;
}

/** The virtual document for one side of `choice` on `analysed` at `version`. */
export function loweredUri(analysed: Analysed, choice: LoweringChoice, side: Side): vscode.Uri {
  const query: Query = {
    uri: analysed.uri.toString(),
    version: analysed.version,
    target: choice.target,
    mode: choice.mode,
    side,
  };
  // The path keeps the file's name (and `.py`) so the diff editor titles and highlights it like the file; a
  // notebook's program is Python too.
  const path = analysed.uri.path.replace(/\.ipynb$/i, '.ipynb.py');
  return vscode.Uri.from({ scheme: loweredScheme, path, query: JSON.stringify(query) });
}

export class LoweredDocumentProvider implements vscode.TextDocumentContentProvider {
  /** One request serves both sides of a diff. */
  private readonly answers = new Map<string, Promise<LoweredText>>();

  constructor(private readonly client: LanguageClient) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const { side, params } = parse(uri);
    const key = JSON.stringify(params);
    let answer = this.answers.get(key);
    if (!answer) {
      answer = Promise.resolve(this.client.sendRequest(LoweredTextRequest, params));
      this.answers.set(key, answer);
      answer.catch(() => this.answers.delete(key));
    }
    const result = await answer;
    if (!result.ok)
      throw new Error(`Cannot lower: ${result.reasons.map((reason) => reason.message).join('; ')}`);
    return side === 'original' ? result.original : result.lowered;
  }

  /** Forgets an answer once neither side of its diff is open. */
  forget(closed: vscode.Uri): void {
    if (closed.scheme !== loweredScheme) return;
    const key = JSON.stringify(parse(closed).params);
    const stillOpen = vscode.workspace.textDocuments.some(
      ({ uri }) => uri.scheme === loweredScheme && JSON.stringify(parse(uri).params) === key,
    );
    if (!stillOpen) this.answers.delete(key);
  }
}

function parse(uri: vscode.Uri): { side: Side; params: LowerParams } {
  const { side, uri: documentUri, version, target, mode } = JSON.parse(uri.query) as Query;
  return { side, params: { uri: documentUri, version, target, mode } };
}
