// The side-by-side panel: one webview (create-or-show) that shows the active Python file's (or notebook's)
// models row by row, follows the editor's cursor, updates after edits, previews and applies lowerings, and is
// restored by a serializer after a window reload. For a notebook it shows the notebook's program and maps
// positions between the program and the cells.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  LoweredTextRequest,
  PanelDataRequest,
  type FromWebview,
  type PanelData,
  type PanelRow,
  type PanelState,
  type ToWebview,
  type VerifyReport,
} from '../../../server/src/protocol.ts';
import { applyLowering } from '../lowering/applyLowering.ts';
import { applyNotebookLowering } from '../notebook/applyNotebookLowering.ts';
import { analysedUri, isPythonSource, notebookOf, openNotebook } from '../notebook/cells.ts';
import { newNonce } from './nonce.ts';
import { panelHtml } from './panelHtml.ts';
import { layerAt } from './layerAt.ts';

export const panelViewType = 'kerasLower.sideBySide';
const updateDelayMs = 300;

export interface PanelDeps {
  extensionUri: vscode.Uri;
  client: LanguageClient;
  log: vscode.LogOutputChannel;
}

export class SideBySidePanel implements vscode.Disposable {
  private static current: SideBySidePanel | undefined;

  static createOrShow(deps: PanelDeps, document: vscode.TextDocument): void {
    const uri = analysedUri(document);
    if (SideBySidePanel.current) {
      SideBySidePanel.current.panel.reveal(undefined, true);
      SideBySidePanel.current.follow(uri);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      panelViewType,
      panelTitle(uri),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(deps.extensionUri),
    );
    SideBySidePanel.current = new SideBySidePanel(panel, deps, uri);
  }

  /** Shows a verification report in the panel, if the panel is open on that file. */
  static showVerification(uri: vscode.Uri, report: VerifyReport, text: string): void {
    const panel = SideBySidePanel.current;
    if (panel && panel.uri.toString() === uri.toString()) panel.post({ type: 'verification', report, text });
  }

  /** The serializer's half: a panel VS Code recreated after a reload, with the state the webview saved. */
  static async revive(
    deps: PanelDeps,
    panel: vscode.WebviewPanel,
    state: PanelState | undefined,
  ): Promise<void> {
    SideBySidePanel.current?.dispose();
    const uri = state?.uri ? vscode.Uri.parse(state.uri) : vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
      panel.dispose();
      return;
    }
    // The server only analyses open documents.
    if (isNotebookUri(uri)) await vscode.workspace.openNotebookDocument(uri);
    else await vscode.workspace.openTextDocument(uri);
    panel.webview.options = webviewOptions(deps.extensionUri);
    SideBySidePanel.current = new SideBySidePanel(panel, deps, uri);
  }

  private data: PanelData | undefined;
  private ready = false;
  private disposed = false;
  private updateTimer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[];

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: PanelDeps,
    private uri: vscode.Uri,
  ) {
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon.png');
    this.subscriptions = [
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: FromWebview) => void this.onMessage(message)),
      vscode.workspace.onDidChangeTextDocument(({ document }) => {
        if (this.isMine(document)) this.scheduleUpdate();
      }),
      vscode.window.onDidChangeTextEditorSelection(({ textEditor }) => {
        if (this.isMine(textEditor.document)) this.postCursor(textEditor);
      }),
      // In a notebook the active text editor is the active cell's.
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && isPythonSource(editor.document)) this.follow(analysedUri(editor.document));
      }),
    ];
    this.load();
  }

  /** A fresh HTML document (and nonce) for the webview; it answers with `ready`. */
  private load(): void {
    const { webview } = this.panel;
    const media = (...parts: string[]) =>
      webview.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, 'media', ...parts)).toString();
    this.ready = false;
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: media('dist', 'panel.js'),
      styleUri: media('panel.css'),
      codiconsUri: media('dist', 'codicons', 'codicon.css'),
      title: path.basename(this.uri.path),
    });
  }

  private follow(uri: vscode.Uri): void {
    if (uri.toString() === this.uri.toString()) return;
    this.uri = uri;
    this.panel.title = panelTitle(uri);
    void this.update();
  }

  private scheduleUpdate(): void {
    clearTimeout(this.updateTimer);
    this.updateTimer = setTimeout(() => void this.update(), updateDelayMs);
  }

  private async update(): Promise<void> {
    const uri = this.uri;
    try {
      const data = await this.deps.client.sendRequest(PanelDataRequest, { uri: uri.toString() });
      if (uri.toString() !== this.uri.toString()) return;
      this.data = data;
      this.post({ type: 'data', data, fileName: path.basename(uri.path) });
      const editor = this.editor();
      if (editor) this.postCursor(editor);
    } catch (error) {
      this.deps.log.warn(`side-by-side panel: no data for ${uri.toString()}: ${String(error)}`);
    }
  }

  private async onMessage(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        await this.update();
        return;
      case 'reveal':
        await this.reveal(message.layerId);
        return;
      case 'showDiff': {
        const { choice, version } = message;
        const params = { uri: this.uri.toString(), version, target: choice.target, mode: choice.mode };
        try {
          const result = await this.deps.client.sendRequest(LoweredTextRequest, params);
          this.post({ type: 'diff', choice, result });
        } catch (error) {
          this.post({ type: 'diff', choice, result: { ok: false, version, error: messageOf(error) } });
        }
        return;
      }
      case 'apply': {
        try {
          const { client } = this.deps;
          const notebook = openNotebook(this.uri);
          const outcome = notebook
            ? await applyNotebookLowering(client, notebook, message.choice, message.version)
            : await applyLowering(
                client,
                await vscode.workspace.openTextDocument(this.uri),
                message.choice,
                message.version,
              );
          this.post({ type: 'applied', ...outcome });
        } catch (error) {
          this.post({ type: 'applied', ok: false, message: `Not applied: ${messageOf(error)}` });
        }
        return;
      }
    }
  }

  /** Panel → editor: puts the cursor on the layer's source (in its cell), shows it and gives it the focus. */
  private async reveal(layerId: string): Promise<void> {
    const row = this.data?.models.flatMap((model) => model.layers).find((layer) => layer.id === layerId);
    if (!row) return;
    const { uri, position } = this.toEditor(row);
    const start = this.deps.client.protocol2CodeConverter.asPosition(position);
    const editor = await vscode.window.showTextDocument(uri, {
      viewColumn: this.editor()?.viewColumn ?? vscode.ViewColumn.One,
      preserveFocus: false,
      selection: new vscode.Range(start, start),
    });
    editor.revealRange(new vscode.Range(start, start), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** Editor → panel: the layer under the cursor. */
  private postCursor(editor: vscode.TextEditor): void {
    if (
      !this.data ||
      !vscode.workspace.getConfiguration('kerasLower').get<boolean>('panel.followCursor', true)
    )
      return;
    const { line, character } = editor.selection.active;
    this.post({
      type: 'cursor',
      layerId: layerAt(this.inEditor(this.data, editor.document), { line, character }),
    });
  }

  /** A notebook's rows as the cell's editor sees them: that cell's rows, at their places in the cell. */
  private inEditor(data: PanelData, document: vscode.TextDocument): PanelData {
    if (!notebookOf(document)) return data;
    const uri = document.uri.toString();
    const models = data.models.map((model) => ({
      ...model,
      layers: model.layers.flatMap((row) =>
        row.cell?.uri === uri ? [{ ...row, range: row.cell.range }] : [],
      ),
    }));
    return { ...data, models };
  }

  /** Where the editor shows a row: its cell's document and place for a notebook, else the file's. */
  private toEditor(row: PanelRow): { uri: vscode.Uri; position: PanelRow['range']['start'] } {
    if (!row.cell) return { uri: this.uri, position: row.range.start };
    const uri = this.deps.client.protocol2CodeConverter.asUri(row.cell.uri);
    return { uri, position: row.cell.range.start };
  }

  private isMine(document: vscode.TextDocument): boolean {
    return analysedUri(document).toString() === this.uri.toString();
  }

  /** The editor on this panel's file, or the active cell's editor of its notebook. */
  private editor(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active && this.isMine(active.document)) return active;
    return vscode.window.visibleTextEditors.find((editor) => this.isMine(editor.document));
  }

  private post(message: ToWebview): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (SideBySidePanel.current === this) SideBySidePanel.current = undefined;
    clearTimeout(this.updateTimer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.panel.dispose();
  }
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

function panelTitle(uri: vscode.Uri): string {
  return `Keras Lower: ${path.basename(uri.path)}`;
}

function isNotebookUri(uri: vscode.Uri): boolean {
  return /\.ipynb$/i.test(uri.path);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
