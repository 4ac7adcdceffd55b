// Load through the built server: cancellation honoured, analysis debounced while typing, memory with 100 open
// Keras files (reported, goal <= 100 MB), and a server that goes away when its client does.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import {
  CancellationTokenSource,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  type Hover,
} from 'vscode-languageserver-protocol/node';
import { distDir, LspServer } from '../fuzz/lspServer.ts';
import { kerasProgram } from '../fuzz/programs.ts';
import { percentile } from '../fuzz/stats.ts';
import { TextModel } from '../fuzz/textModel.ts';
import { positionOf, waitFor } from './harness.ts';

let server: LspServer;

before(async () => {
  server = await LspServer.start({ requestLimitMs: 20_000 });
});

after(async () => {
  assert.deepEqual(server.failures(), [], 'the server logged failures');
  await server.stop();
});

async function open(uri: string, text: string): Promise<void> {
  await server.notify(DidOpenTextDocumentNotification.method, {
    textDocument: { uri, languageId: 'python', version: 1, text },
  });
}

test('a hover cancelled while the server is busy is not computed', async () => {
  const big = kerasProgram(12_000);
  const uri = 'file:///load/cancel.py';
  await open(uri, big);
  const position = positionOf(big, 'layers.Dense(NUM_CLASSES');
  // The summary keeps the server busy analysing; the hover and its cancellation queue up behind it.
  const busy = server.request('kerasLower/summary', { uri });
  const source = new CancellationTokenSource();
  const cancelled = server.connection.sendRequest<Hover | null>(
    HoverRequest.method,
    { textDocument: { uri }, position },
    source.token,
  );
  source.cancel();
  await busy;
  const answer = await cancelled.catch((error: unknown) => error);
  assert.ok(
    answer === null || (answer instanceof Error && /cancel/i.test(answer.message)),
    `got ${JSON.stringify(answer)}`,
  );
  assert.ok(
    await server.request<Hover | null>(HoverRequest.method, { textDocument: { uri }, position }),
    'no hover uncancelled',
  );
});

test('typing is debounced: one analysis and one diagnostics publication per pause', async (t) => {
  const big = kerasProgram(3000);
  const uri = 'file:///load/typing.py';
  await open(uri, big);
  await waitFor(() => server.diagnostics.get(uri)?.version === 1, 20_000, 'diagnostics for version 1');
  const firstPublication = server.publications.length;
  const published = () =>
    server.publications
      .slice(firstPublication)
      .flatMap((params) => (params.uri === uri ? [params.version] : []));
  const small = 'import keras\nm = keras.Sequential([keras.layers.Dense(3, input_shape=(2,))])\n';
  await open('file:///load/other.py', small);
  const end = new TextModel(big).wholeRange.end;
  const keystrokes = 40;
  const hoverMs: number[] = [];
  for (let version = 2; version <= keystrokes + 1; version++) {
    const at = { line: end.line, character: version - 2 };
    await server.notify(DidChangeTextDocumentNotification.method, {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: at, end: at }, text: '#' }],
    });
    const started = performance.now();
    await server.request(HoverRequest.method, {
      textDocument: { uri: 'file:///load/other.py' },
      position: { line: 1, character: 30 },
    });
    hoverMs.push(performance.now() - started);
  }
  await waitFor(() => published().includes(keystrokes + 1), 20_000, 'diagnostics for the last keystroke');
  const sorted = hoverMs.sort((a, b) => a - b);
  t.diagnostic(
    `hover on another document while typing into a ${big.split('\n').length}-line file: ` +
      `p50 ${percentile(sorted, 0.5).toFixed(2)} ms, max ${sorted[sorted.length - 1]!.toFixed(2)} ms; ` +
      `diagnostics published for versions ${JSON.stringify(published())}`,
  );
  assert.ok(
    published().length <= 2,
    `diagnostics published for ${published().length} versions in one burst of typing`,
  );
});

test('100 open Keras files: resident memory reported', async (t) => {
  const fresh = await LspServer.start({ requestLimitMs: 20_000 });
  try {
    const idle = fresh.rssBytes();
    for (let index = 0; index < 100; index++) {
      const uri = `file:///load/many-${index}.py`;
      await fresh.notify(DidOpenTextDocumentNotification.method, {
        textDocument: { uri, languageId: 'python', version: 1, text: kerasProgram(100 + (index % 10) * 40) },
      });
      await fresh.request('kerasLower/summary', { uri });
    }
    await waitFor(
      () => fresh.diagnostics.has('file:///load/many-99.py'),
      20_000,
      'diagnostics for the last file',
    );
    const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
    t.diagnostic(
      `RSS with 100 open Keras files (100-460 lines each): ${mb(fresh.rssBytes())} MB ` +
        `(${mb(idle)} MB idle; goal <= 100 MB)`,
    );
    assert.deepEqual(fresh.failures(), []);
  } finally {
    await fresh.stop();
  }
});

test('the server exits when its client goes away', async () => {
  const child = spawn(process.execPath, [resolve(distDir, 'server.js'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  let exited = false;
  child.on('exit', () => (exited = true));
  child.stdin.end();
  await waitFor(() => exited, 5000, 'the orphaned server to exit');
});
