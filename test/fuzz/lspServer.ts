// The built language server (dist/server.js) over JSON-RPC on stdio, instrumented for fuzzing and load: every
// request is timed and bounded (a hang detector, not a timing claim), the server's log and stderr are kept, and
// its resident memory can be read.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  createProtocolConnection,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  ShowMessageNotification,
  ShowMessageRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export const root = resolve(__dirname, '../..');
export const distDir = resolve(root, 'dist');

export const clientCapabilities: ClientCapabilities = {
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

export class HangError extends Error {}

export class LspServer {
  /** Log and show-message notifications and stderr lines, in arrival order. */
  readonly messages: string[] = [];
  /** The latest diagnostics per URI. */
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every diagnostics publication, in order. */
  readonly publications: { uri: string; version: number | undefined }[] = [];
  private exitCode: number | null | undefined;
  /** Rejects once the server process exits, so no request waits on a dead server. */
  private readonly exit: Promise<never>;

  private constructor(
    readonly connection: ProtocolConnection,
    private readonly child: ChildProcess,
    private readonly requestLimitMs: number,
    /** Request latencies in ms by method; may be shared by the servers of one campaign. */
    readonly latencies: Map<string, number[]>,
  ) {
    connection.onNotification(LogMessageNotification.type, ({ message }) => this.messages.push(message));
    connection.onNotification(ShowMessageNotification.type, ({ message }) => this.messages.push(message));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.diagnostics.set(params.uri, params);
      this.publications.push({ uri: params.uri, version: params.version });
    });
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) =>
      params.items.map(() => null),
    );
    // Like an editor whose user dismisses the message.
    connection.onRequest(ShowMessageRequest.type, ({ message }) => {
      this.messages.push(message);
      return null;
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => this.messages.push(`stderr: ${chunk}`));
    this.exit = new Promise<never>((_, reject) =>
      child.on('exit', (code, signal) => {
        this.exitCode = code;
        reject(new Error(`the server exited (code ${code}, signal ${signal})`));
      }),
    );
    this.exit.catch(() => undefined);
  }

  static async start(options: { requestLimitMs?: number; latencies?: Map<string, number[]> } = {}) {
    const command = [resolve(distDir, 'server.js'), '--stdio'];
    const child = spawn(process.execPath, command, { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    connection.onError(() => undefined);
    connection.listen();
    const server = new LspServer(
      connection,
      child,
      options.requestLimitMs ?? 2000,
      options.latencies ?? new Map(),
    );
    await server.request(InitializeRequest.method, {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      capabilities: clientCapabilities,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return server;
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The server process's resident set size in bytes (Linux). */
  rssBytes(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kilobytes = /^VmRSS:\s+(\d+) kB$/m.exec(status);
    if (!kilobytes) throw new Error('no VmRSS in /proc status');
    return Number(kilobytes[1]) * 1024;
  }

  /** Sends a request, records its latency under `method`, and fails with HangError past the limit. */
  async request<R>(method: string, params: unknown, limitMs = this.requestLimitMs): Promise<R> {
    const source = new CancellationTokenSource();
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        source.cancel();
        reject(new HangError(`${method} took longer than ${limitMs} ms`));
      }, limitMs);
    });
    try {
      const result = await Promise.race([
        this.connection.sendRequest<R>(method, params, source.token),
        hang,
        this.exit,
      ]);
      this.record(method, performance.now() - started);
      return result;
    } finally {
      clearTimeout(timer);
      source.dispose();
    }
  }

  record(method: string, ms: number): void {
    const list = this.latencies.get(method) ?? [];
    list.push(ms);
    this.latencies.set(method, list);
  }

  async notify(method: string, params: unknown): Promise<void> {
    if (!this.alive) throw new Error(`the server exited (code ${this.exitCode})`);
    await this.connection.sendNotification(method, params);
  }

  /** Writes one JSON-RPC message with a body of raw bytes, as a broken client might (invalid UTF-8). */
  sendRaw(body: Buffer): void {
    this.child.stdin!.write(
      Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]),
    );
  }

  /** Messages that report a handler failure or an exception. */
  failures(fromIndex = 0): string[] {
    return this.messages.slice(fromIndex).filter(isFailure);
  }

  async stop(): Promise<void> {
    try {
      if (this.alive) {
        await this.request(ShutdownRequest.method, undefined, 5000);
        await this.connection.sendNotification(ExitNotification.type);
        await Promise.race([this.exit.catch(() => undefined), new Promise((done) => setTimeout(done, 5000))]);
      }
    } finally {
      this.connection.dispose();
      if (this.alive) this.child.kill('SIGKILL');
    }
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}

/** A log line that reports an exception: "<handler> failed: <stack>", "unhandled rejection: …", stderr output. */
export function isFailure(message: string): boolean {
  return /\bfailed\b|exception|unhandled|\n\s+at .+:\d+:\d+/i.test(message) || message.startsWith('stderr: ');
}
