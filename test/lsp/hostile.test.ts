// Hostile inputs through the built server: each is answered in bounded time (the hang detector: 20 s for the
// megabyte inputs, 5 s for the rest; the times are printed, never asserted), logs no exception, and leaves the
// server answering on other documents.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CodeActionRequest,
  CodeActionResolveRequest,
  DidOpenTextDocumentNotification,
  ErrorCodes,
  ResponseError,
  ShowMessageNotification,
  ShowMessageRequest,
  type CodeAction,
} from 'vscode-languageserver-protocol/node';
import { hostileInputs } from '../fuzz/hostileInputs.ts';
import { probeHostile, type HostileOutcome } from '../fuzz/hostileProbe.ts';
import { LspServer } from '../fuzz/lspServer.ts';
import { waitFor } from './harness.ts';

const smallModel = 'import keras\nmodel = keras.Sequential([keras.layers.Dense(4, input_shape=(3,))])\n';

/** Parsing alone takes seconds on the megabyte inputs; the small ones have no excuse. */
function hangLimitMs(length: number): number {
  return length > 400_000 ? 20_000 : 5_000;
}

function row(outcome: HostileOutcome): string {
  const said =
    outcome.firstDiagnostic !== undefined
      ? `; first diagnostic: ${outcome.firstDiagnostic.split('\n')[0]}`
      : outcome.messages.length > 0
        ? `; said: ${outcome.messages[0]!.split('\n')[0]}`
        : '; no message';
  return (
    `| ${outcome.name} | ${(outcome.bytes / 1024).toFixed(0)} KB | ${outcome.totalMs.toFixed(0)} ms ` +
    `(slowest request ${outcome.slowestRequestMs.toFixed(0)} ms) | models: ${outcome.models}, ` +
    `diagnostics: ${outcome.diagnostics}, alive: ${outcome.alive}${said} |`
  );
}

for (const [index, input] of hostileInputs.entries()) {
  test(input.name, async (t) => {
    const server = await LspServer.start({ requestLimitMs: hangLimitMs(input.text().length) });
    try {
      const outcome = await probeHostile(server, input, index);
      t.diagnostic(row(outcome));
      assert.ok(outcome.alive, 'the server exited');
      assert.ok(outcome.answersElsewhere, 'the server no longer answers hover on another document');
      assert.deepEqual(server.failures(), [], 'the server logged failures');
      assert.notEqual(outcome.diagnostics, 'none published', 'no diagnostics were published');
      if (input.says) assert.match(outcome.firstDiagnostic ?? '(none)', input.says);
    } finally {
      await server.stop();
    }
  });
}

test('invalid UTF-8 and malformed JSON inside JSON-RPC messages', async () => {
  const server = await LspServer.start();
  try {
    const uri = 'file:///hostile/invalid-utf8.py';
    const message = (text: string) =>
      JSON.stringify({
        jsonrpc: '2.0',
        method: DidOpenTextDocumentNotification.method,
        params: { textDocument: { uri, languageId: 'python', version: 1, text } },
      });
    const [before, after] = message(
      'import keras\nx = "@@"\nm = keras.Sequential([keras.layers.Dense(2)])\n',
    ).split('@@');
    server.sendRaw(
      Buffer.concat([
        Buffer.from(before!),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
        Buffer.from(after!),
      ]),
    );
    server.sendRaw(
      Buffer.from('{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"text\u0000'),
    );
    const summary = await server.request<{ models: unknown[] }>('kerasLower/summary', { uri });
    assert.equal(summary.models.length, 1);
    assert.deepEqual(server.failures(), []);
  } finally {
    await server.stop();
  }
});

test('a client that rejects window/showMessageRequest', async () => {
  const server = await LspServer.start();
  try {
    // Like a client without window/showMessageRequest: the request fails with MethodNotFound.
    server.connection.onRequest(ShowMessageRequest.type, () => {
      throw new ResponseError(ErrorCodes.MethodNotFound, 'not supported');
    });
    // The server tells the user with a window/showMessage notification, which needs no answer.
    let told = 0;
    server.connection.onNotification(ShowMessageNotification.type, () => told++);
    const uri = 'file:///hostile/refused-on-resolve.py';
    await server.notify(DidOpenTextDocumentNotification.method, {
      textDocument: { uri, languageId: 'python', version: 1, text: smallModel },
    });
    const position = { line: 1, character: 30 };
    const actions = await server.request<CodeAction[]>(CodeActionRequest.method, {
      textDocument: { uri },
      range: { start: position, end: position },
      context: { diagnostics: [] },
    });
    // A client may hand back any data: here a model the file does not have, so the resolve is refused and
    // the server tells the user.
    for (const action of actions) {
      const data = { ...(action.data as object), target: { kind: 'model', variable: 'missing' } };
      await server.request(CodeActionResolveRequest.method, { ...action, data });
    }
    // Once the refusals are sent, one more round trip lets the server handle them before we look.
    await waitFor(() => told === actions.length, 5000, 'the server to tell the user');
    await server.request('kerasLower/summary', { uri });
    assert.ok(server.alive, 'the server exited');
    assert.deepEqual(server.failures(), []);
  } finally {
    await server.stop();
  }
});

test('lowering every layer of a functional model whose outputs do not come from its inputs', async () => {
  const server = await LspServer.start();
  try {
    const uri = 'file:///hostile/disconnected.py';
    const text =
      'import keras\nfrom keras import layers\na = keras.Input(shape=(32, 32, 3))\n' +
      'x = layers.Conv2D(16, 3)(a)\nb = keras.Input(shape=(4,))\ny = layers.Dense(10)(x)\nm = keras.Model(b, y)\n';
    await server.notify(DidOpenTextDocumentNotification.method, {
      textDocument: { uri, languageId: 'python', version: 1, text },
    });
    const start = { line: 0, character: 0 };
    const actions = await server.request<CodeAction[]>(CodeActionRequest.method, {
      textDocument: { uri },
      range: { start, end: start },
      context: { diagnostics: [], only: ['source.lowerToTf'] },
    });
    for (const action of actions.filter((candidate) => !candidate.disabled)) {
      const resolved = await server.request<CodeAction>(CodeActionResolveRequest.method, action);
      assert.ok(
        resolved.edit || resolved.disabled,
        `"${action.title}" resolved to neither an edit nor a reason`,
      );
    }
    assert.deepEqual(server.failures(), []);
  } finally {
    await server.stop();
  }
});
