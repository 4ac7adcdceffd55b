// Opens one hostile input in the server and asks for everything an editor would; reports how long it took,
// what the server said and whether it still answers on another document.
import {
  CodeActionRequest,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InlayHintRequest,
} from 'vscode-languageserver-protocol/node';
import type { HostileInput } from './hostileInputs.ts';
import type { LspServer } from './lspServer.ts';
import { TextModel } from './textModel.ts';

export interface HostileOutcome {
  name: string;
  bytes: number;
  /** From didOpen until every request below was answered and diagnostics were published. */
  totalMs: number;
  slowestRequestMs: number;
  models: number | 'failed';
  diagnostics: number | 'none published';
  firstDiagnostic: string | undefined;
  /** What the server told the user or logged while handling the input. */
  messages: string[];
  alive: boolean;
  answersElsewhere: boolean;
}

const probeUri = 'file:///hostile/probe.py';

export async function probeHostile(
  server: LspServer,
  input: HostileInput,
  index: number,
): Promise<HostileOutcome> {
  const text = input.text();
  const uri = `file:///hostile/input-${index}.py`;
  const model = new TextModel(text);
  const logStart = server.messages.length;
  const started = performance.now();
  let slowest = 0;
  const timed = async <R>(method: string, params: unknown): Promise<R> => {
    const before = performance.now();
    try {
      return await server.request<R>(method, params);
    } finally {
      slowest = Math.max(slowest, performance.now() - before);
    }
  };
  await server.notify(DidOpenTextDocumentNotification.method, {
    textDocument: { uri, languageId: 'python', version: 1, text },
  });
  const summary = await timed<{ models: unknown[] }>('kerasLower/summary', { uri }).catch(() => null);
  const positions = [0, 0.5, 1, ...[1, 2, 3].map((n) => nthIndex(text, 'Dense', n) / text.length)]
    .filter((fraction) => fraction >= 0)
    .map((fraction) => model.positionAt(Math.floor(fraction * text.length)));
  for (const position of positions) {
    await timed(HoverRequest.method, { textDocument: { uri }, position });
    await timed(CodeActionRequest.method, {
      textDocument: { uri },
      range: { start: position, end: position },
      context: { diagnostics: [] },
    });
  }
  await timed(InlayHintRequest.method, { textDocument: { uri }, range: model.wholeRange });
  const diagnostics = await publishedDiagnostics(server, uri);
  const totalMs = performance.now() - started;
  await server.notify(DidCloseTextDocumentNotification.method, { textDocument: { uri } });
  return {
    name: input.name,
    bytes: Buffer.byteLength(text),
    totalMs,
    slowestRequestMs: slowest,
    models: summary ? summary.models.length : 'failed',
    diagnostics,
    firstDiagnostic: server.diagnostics.get(uri)?.diagnostics[0]?.message,
    messages: server.messages.slice(logStart),
    alive: server.alive,
    answersElsewhere: server.alive && (await answersElsewhere(server)),
  };
}

function nthIndex(text: string, needle: string, n: number): number {
  let index = -1;
  for (let found = 0; found < n; found++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) return -1;
  }
  return index;
}

/** Diagnostics for version 1, polled for up to 5 s after the last answer (the debounce is 200 ms). */
async function publishedDiagnostics(server: LspServer, uri: string): Promise<number | 'none published'> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline && server.alive) {
    const published = server.diagnostics.get(uri);
    if (published) return published.diagnostics.length;
    await new Promise((poll) => setTimeout(poll, 10));
  }
  return 'none published';
}

async function answersElsewhere(server: LspServer): Promise<boolean> {
  const text = 'import keras\nmodel = keras.Sequential([keras.layers.Dense(3, input_shape=(2,))])\n';
  await server.notify(DidOpenTextDocumentNotification.method, {
    textDocument: { uri: probeUri, languageId: 'python', version: 1, text },
  });
  try {
    const hover = await server.request(HoverRequest.method, {
      textDocument: { uri: probeUri },
      position: { line: 1, character: 45 },
    });
    return hover !== null;
  } catch {
    return false;
  } finally {
    await server.notify(DidCloseTextDocumentNotification.method, { textDocument: { uri: probeUri } });
  }
}
