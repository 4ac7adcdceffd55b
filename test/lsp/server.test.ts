// The built language server over real JSON-RPC: hover, inlay hints, code actions and their edits, stale
// versions, and half-typed code.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CodeActionRequest,
  CodeActionResolveRequest,
  DidChangeTextDocumentNotification,
  HoverRequest,
  InlayHintRequest,
  LSPErrorCodes,
  ResponseError,
  TextDocumentEdit,
  type CodeAction,
  type Position,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { initParser, PythonDocument } from '../../server/src/core/index.ts';
import { LowerRequest, SummaryRequest } from '../../server/src/protocol.ts';
import { distDir, fixture, positionOf, ServerSession, waitFor } from './harness.ts';
import { applyTextEdits, type AppliedEdits } from './textEdits.ts';

const cnn = fixture('seed_cnn.py');
const functional = fixture('functional_cnn.py');
const everything: Range = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };

let session: ServerSession;

before(async () => {
  await initParser(distDir);
  session = await ServerSession.start();
  await session.open(cnn.uri, cnn.text);
  await session.open(functional.uri, functional.text);
});

after(async () => {
  await session?.stop();
});

function hoverText(contents: unknown): string {
  if (typeof contents === 'string') return contents;
  if (Array.isArray(contents)) return contents.map(hoverText).join('\n');
  return (contents as { value: string }).value;
}

async function codeActionsAt(uri: string, position: Position, only?: string[]): Promise<CodeAction[]> {
  const actions = await session.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: { start: position, end: position },
    context: { diagnostics: [], ...(only ? { only } : {}) },
  });
  return (actions ?? []) as CodeAction[];
}

/** The action's edits, resolving them first; they must be pinned to `version` of `uri`. */
async function editsOf(action: CodeAction, uri: string, version: number): Promise<TextEdit[]> {
  const resolved = action.edit
    ? action
    : await session.connection.sendRequest(CodeActionResolveRequest.type, action);
  const changes = resolved.edit?.documentChanges;
  assert.ok(changes && changes.length === 1, `"${action.title}" has no documentChanges edit`);
  const change = changes[0]!;
  assert.ok(TextDocumentEdit.is(change), 'the change is a TextDocumentEdit');
  assert.deepEqual(change.textDocument, { uri, version });
  return change.edits as TextEdit[];
}

function assertWellFormedLowering(original: string, applied: AppliedEdits): void {
  const tree = new PythonDocument(applied.text, 0).tree;
  assert.equal(tree.rootNode.hasError, false, `the lowered file does not parse:\n${applied.text}`);
  assert.ok(
    applied.text.startsWith(original.slice(0, applied.firstStart)),
    'bytes before the first edit changed',
  );
  assert.ok(applied.text.endsWith(original.slice(applied.lastEnd)), 'bytes after the last edit changed');
  assert.match(applied.text, /^import tensorflow as tf$/m);
}

describe('seed CNN', () => {
  test('hover on Conv2D shows its TensorFlow ops and output shape', async () => {
    const hover = await session.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: cnn.uri },
      position: positionOf(cnn.text, 'Conv2D'),
    });
    assert.ok(hover, 'no hover on Conv2D');
    const text = hoverText(hover.contents);
    assert.match(text, /tf\.nn\.convolution|conv2d/);
    assert.ok(text.includes('(None, 26, 26, 32)'), `hover lacks the output shape:\n${text}`);
  });

  test('inlay hints show each layer output shape', async () => {
    const hints = await session.connection.sendRequest(InlayHintRequest.type, {
      textDocument: { uri: cnn.uri },
      range: everything,
    });
    const labels = (hints ?? []).map((hint) =>
      typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join(''),
    );
    for (const shape of ['(None, 26, 26, 32)', '(None, 13, 13, 32)', '(None, 5408)', '(None, 10)']) {
      assert.ok(
        labels.some((label) => label.includes(shape)),
        `no hint ${shape} in ${JSON.stringify(labels)}`,
      );
    }
  });

  test('code actions at a layer: the layer, its model and the whole file, never source.fixAll', async () => {
    const actions = await codeActionsAt(cnn.uri, positionOf(cnn.text, 'Conv2D'));
    const layer = actions.find((action) => action.title === 'Keras: Lower conv2d (Conv2D) to tf.nn (exact)');
    assert.ok(layer, `no layer action in ${actions.map((action) => action.title).join(' | ')}`);
    assert.equal(layer.kind, 'refactor.rewrite');
    const model = actions.find((action) => action.title.startsWith('Keras: Lower model “model”'));
    assert.ok(model, 'no model action');
    assert.equal(model.kind, 'refactor.rewrite');
    const file = await codeActionsAt(cnn.uri, positionOf(cnn.text, 'Conv2D'), ['source']);
    assert.ok(
      file.some((action) => action.kind === 'source.lowerToTf'),
      'no source.lowerToTf action',
    );
    assert.ok(![...actions, ...file].some((action) => action.kind?.startsWith('source.fixAll')));
  });

  test('fix-all on save gets nothing', async () => {
    const actions = await codeActionsAt(cnn.uri, positionOf(cnn.text, 'Conv2D'), ['source.fixAll']);
    assert.deepEqual(actions, []);
  });

  for (const [name, pick] of [
    ['layer', (action: CodeAction) => action.title === 'Keras: Lower conv2d (Conv2D) to tf.nn (exact)'],
    ['model', (action: CodeAction) => action.title.startsWith('Keras: Lower model')],
  ] as const) {
    test(`the ${name} action's edit parses and keeps everything outside its range`, async () => {
      const action = (await codeActionsAt(cnn.uri, positionOf(cnn.text, 'Conv2D'))).find(pick);
      assert.ok(action, `no ${name} action`);
      assertWellFormedLowering(cnn.text, applyTextEdits(cnn.text, await editsOf(action, cnn.uri, 1)));
    });
  }

  test('the whole-file action edit parses', async () => {
    const [action] = await codeActionsAt(cnn.uri, positionOf(cnn.text, 'Dense'), ['source.lowerToTf']);
    assert.ok(action, 'no source.lowerToTf action');
    assertWellFormedLowering(cnn.text, applyTextEdits(cnn.text, await editsOf(action, cnn.uri, 1)));
  });

  test('diagnostics and the model count are published', async () => {
    await waitFor(() => session.diagnostics.some((params) => params.uri === cnn.uri), 5000, 'diagnostics');
    await waitFor(
      () => session.statuses.some((params) => params.uri === cnn.uri),
      5000,
      'the document status',
    );
    assert.equal(session.statuses.find((params) => params.uri === cnn.uri)?.modelCount, 1);
  });

  test('kerasLower/summary gives the rows of the summary contract', async () => {
    const summary = await session.connection.sendRequest(SummaryRequest, { uri: cnn.uri });
    assert.equal(summary.models.length, 1);
    assert.deepEqual(
      summary.models[0]!.layers.map((layer) => layer.outputShape),
      [
        [null, 26, 26, 32],
        [null, 13, 13, 32],
        [null, 5408],
        [null, 10],
      ],
    );
  });

  test('no handler failed on the seed files', () => {
    assert.deepEqual(
      session.logs.filter((message) => message.includes('failed')),
      [],
    );
  });
});

describe('functional CNN written with `import keras` only', () => {
  test('lowering the model adds `import tensorflow as tf`', async () => {
    const action = (await codeActionsAt(functional.uri, positionOf(functional.text, 'keras.Model('))).find(
      (candidate) => candidate.title.startsWith('Keras: Lower model “model”'),
    );
    assert.ok(action, 'no model action');
    const edits = await editsOf(action, functional.uri, 1);
    assertWellFormedLowering(functional.text, applyTextEdits(functional.text, edits));
  });
});

describe('versions', () => {
  const uri = 'untitled:versioned.py';

  test('a lowering asked for an older version is refused', async () => {
    await session.open(uri, cnn.text, 1);
    await session.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [
        { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: '# edited\n' },
      ],
    });
    const request = { uri, target: { kind: 'model', variable: 'model' }, mode: 'module' } as const;
    await assert.rejects(
      session.connection.sendRequest(LowerRequest, { ...request, version: 1 }),
      (error: unknown) => error instanceof ResponseError && error.code === LSPErrorCodes.ContentModified,
    );
    const current = await session.connection.sendRequest(LowerRequest, { ...request, version: 2 });
    assert.equal(current.version, 2);
    assert.ok(current.ok, `lowering version 2 failed: ${JSON.stringify(current)}`);
  });

  test('code actions after the change carry the new version', async () => {
    const text = cnn.text.replace('\n\nmodel', '\n# edited\n\nmodel');
    const action = (await codeActionsAt(uri, positionOf(text, 'Conv2D'))).find(
      (candidate) => candidate.title === 'Keras: Lower conv2d (Conv2D) to tf.nn (exact)',
    );
    assert.ok(action, 'no layer action after the change');
    assertWellFormedLowering(text, applyTextEdits(text, await editsOf(action, uri, 2)));
  });
});

describe('half-typed code', () => {
  const uri = 'untitled:garbage.py';
  const garbage =
    'from tensorflow import keras\nmodel = keras.Sequential([keras.layers.Dense(\n  keras.layers.Conv2D(32, (3,\n\x00))) ]]] def :\n';

  test('never crashes the server', async () => {
    await session.open(uri, garbage);
    const everywhere: Position[] = garbage
      .split('\n')
      .flatMap((line, index) =>
        Array.from({ length: line.length + 1 }, (_, character) => ({ line: index, character })),
      );
    for (const position of everywhere) {
      await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
      await codeActionsAt(uri, position);
    }
    await session.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: everything });
    await session.connection.sendRequest(SummaryRequest, { uri });
    // Type the seed file into the garbage one character at a time.
    for (let version = 2; version <= 60; version++) {
      await session.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [
          {
            range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } },
            text: cnn.text[version]!,
          },
        ],
      });
      await session.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri },
        position: { line: 1, character: 3 },
      });
    }
    assert.ok(session.alive, 'the server exited');
    const summary = await session.connection.sendRequest(SummaryRequest, { uri: cnn.uri });
    assert.equal(summary.models.length, 1, 'the server no longer analyses the seed file');
    const hover = await session.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: cnn.uri },
      position: positionOf(cnn.text, 'Conv2D'),
    });
    assert.ok(hover, 'the server no longer answers hover on the seed file');
  });
});
