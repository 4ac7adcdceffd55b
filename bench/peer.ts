// Any language server over stdio, driven the same way for keras-lower and for Pyright: open one file, time
// the first hover, then rounds of one keystroke followed by hover (and inlay hints when asked).
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  InlayHintRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type Position,
} from 'vscode-languageserver-protocol/node';
import { clientCapabilities } from '../test/fuzz/lspServer.ts';
import { TextModel } from '../test/fuzz/textModel.ts';
import { samples } from './measure.ts';

export interface PeerTimings {
  /** From didOpen until the first hover on a layer is answered. */
  firstHoverMs: number;
  /** Hover after each keystroke, sorted. */
  hoverMs: number[];
  inlayMs: number[];
}

export interface Peer {
  command: string[];
  /** Answers to workspace/configuration, by section. */
  settings: Record<string, unknown>;
  inlayHints: boolean;
}

export async function timePeer(peer: Peer, file: string, text: string, rounds: number): Promise<PeerTimings> {
  const child = spawn(peer.command[0]!, peer.command.slice(1), { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
    params.items.map((item) => peer.settings[item.section ?? ''] ?? null),
  );
  for (const method of [
    'client/registerCapability',
    'client/unregisterCapability',
    'window/workDoneProgress/create',
  ])
    connection.onRequest(method, () => null);
  connection.listen();
  const uri = pathToFileURL(file).href;
  const folder = pathToFileURL(file.slice(0, file.lastIndexOf('/'))).href;
  try {
    await connection.sendRequest(InitializeRequest.method, {
      processId: process.pid,
      rootUri: folder,
      workspaceFolders: [{ uri: folder, name: 'bench' }],
      capabilities: clientCapabilities,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    const hoverPositions = layerPositions(text);
    const hover = (position: Position) =>
      connection.sendRequest(HoverRequest.method, { textDocument: { uri }, position });
    const opened = performance.now();
    await connection.sendNotification(DidOpenTextDocumentNotification.method, {
      textDocument: { uri, languageId: 'python', version: 1, text },
    });
    const first = await hover(hoverPositions[Math.floor(hoverPositions.length / 2)]!);
    if (!first) throw new Error(`${peer.command.join(' ')} gave no hover on a layer`);
    const firstHoverMs = performance.now() - opened;

    const model = new TextModel(text);
    const typedAt = model.positionAt(text.indexOf('layers.Dense(', text.length / 2) + 'layers.Dense('.length);
    let version = 1;
    const keystroke = () => {
      const typing = version % 2 === 1;
      const end = typing ? typedAt : { line: typedAt.line, character: typedAt.character + 1 };
      return connection.sendNotification(DidChangeTextDocumentNotification.method, {
        textDocument: { uri, version: ++version },
        contentChanges: [{ range: { start: typedAt, end }, text: typing ? '1' : '' }],
      });
    };
    const hoverMs: number[] = [];
    const inlayMs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const position = hoverPositions[round % hoverPositions.length]!;
      await keystroke();
      hoverMs.push(...(await samples(1, () => hover(position))));
      if (!peer.inlayHints) continue;
      await keystroke();
      const visible = {
        start: { line: Math.max(0, position.line - 30), character: 0 },
        end: { line: position.line + 30, character: 0 },
      };
      inlayMs.push(
        ...(await samples(1, () =>
          connection.sendRequest(InlayHintRequest.method, { textDocument: { uri }, range: visible }),
        )),
      );
    }
    return { firstHoverMs, hoverMs: hoverMs.sort((a, b) => a - b), inlayMs: inlayMs.sort((a, b) => a - b) };
  } finally {
    await connection.sendRequest(ShutdownRequest.method).catch(() => undefined);
    await connection.sendNotification(ExitNotification.type).catch(() => undefined);
    connection.dispose();
    child.kill();
  }
}

/** Positions on the `Dense` of every `layers.Dense(` call. */
function layerPositions(text: string): Position[] {
  const model = new TextModel(text);
  const positions: Position[] = [];
  for (let at = text.indexOf('layers.Dense('); at >= 0; at = text.indexOf('layers.Dense(', at + 1))
    positions.push(model.positionAt(at + 'layers.'.length + 1));
  return positions;
}
