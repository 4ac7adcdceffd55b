// Talks to the BUILT language server (dist/server.js) over real JSON-RPC on stdio, as an editor would.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { DocumentStatusNotification, type DocumentStatusParams } from '../../server/src/protocol.ts';

export const root = resolve(__dirname, '../..');
export const distDir = resolve(root, 'dist');

/** Capabilities like VS Code's for the features under test: lazy code action edits, disabled actions. */
export const editorCapabilities: ClientCapabilities = {
  textDocument: {
    hover: { contentFormat: ['markdown', 'plaintext'] },
    inlayHint: {},
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['refactor', 'source'] } },
      resolveSupport: { properties: ['edit'] },
      disabledSupport: true,
      dataSupport: true,
    },
    publishDiagnostics: { versionSupport: true },
  },
  workspace: { configuration: true },
};

export class ServerSession {
  readonly logs: string[] = [];
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly statuses: DocumentStatusParams[] = [];
  private exited = false;

  private constructor(
    readonly connection: ProtocolConnection,
    private readonly child: ChildProcess,
  ) {
    connection.onNotification(LogMessageNotification.type, ({ message }) => this.logs.push(message));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => this.diagnostics.push(params));
    connection.onNotification(DocumentStatusNotification, (params) => this.statuses.push(params));
    // Answer configuration pulls like an editor with default settings.
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) =>
      params.items.map(() => null),
    );
    child.on('exit', () => (this.exited = true));
  }

  static async start(capabilities: ClientCapabilities = editorCapabilities): Promise<ServerSession> {
    const server = resolve(distDir, 'server.js');
    assert.ok(existsSync(server), `${server} is missing: run \`npm run build\` first`);
    const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    connection.listen();
    const session = new ServerSession(connection, child);
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      capabilities,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return session;
  }

  get alive(): boolean {
    return !this.exited;
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'python', version, text },
    });
  }

  async stop(): Promise<void> {
    try {
      if (this.exited) return;
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
      await waitFor(() => this.exited, 5000, 'the server to exit');
    } finally {
      this.connection.dispose();
      if (!this.exited) this.child.kill();
    }
  }
}

/** Polls until `condition` holds; never a fixed sleep. */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolvePoll) => setTimeout(resolvePoll, 10));
  }
}

export function fixture(name: string): { uri: string; text: string } {
  const path = resolve(root, 'test/fixtures', name);
  return { uri: pathToFileURL(path).href, text: readFileSync(path, 'utf8') };
}

/** The LSP position of the `occurrence`-th `needle` in `text` (UTF-16 characters, as LSP counts them). */
export function positionOf(
  text: string,
  needle: string,
  occurrence = 1,
): { line: number; character: number } {
  let offset = -1;
  for (let found = 0; found < occurrence; found++) {
    offset = text.indexOf(needle, offset + 1);
    assert.ok(offset >= 0, `"${needle}" occurs fewer than ${occurrence} times`);
  }
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
