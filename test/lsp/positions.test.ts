// Exact positions and edits through the built server: UTF-16 columns with astral-plane characters before and
// inside ranges, CRLF and mixed line endings kept, edits for an older version refused, apply + undo.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CodeActionRequest,
  CodeActionResolveRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InlayHintRequest,
  LSPErrorCodes,
  ResponseError,
  type CodeAction,
  type Hover,
  type InlayHint,
  type Position,
  type Range,
} from 'vscode-languageserver-protocol/node';
import type { Parser } from 'web-tree-sitter';
import { fuzzCorpus } from '../fuzz/campaign.ts';
import { checkLoweringEdits, editsOf } from '../fuzz/invariants.ts';
import { LspServer } from '../fuzz/lspServer.ts';
import { pythonParser } from '../fuzz/parser.ts';
import { applyTextEdits, contentChangesFor, inverseSpans, TextModel } from '../fuzz/textModel.ts';
import { fixture, positionOf } from './harness.ts';

let server: LspServer;
let parser: Parser;
let versions = 0;

before(async () => {
  server = await LspServer.start();
  parser = await pythonParser();
});

after(async () => {
  assert.deepEqual(server.failures(), [], 'the server logged failures');
  await server.stop();
});

async function open(text: string): Promise<string> {
  const uri = `file:///positions/doc-${++versions}.py`;
  await server.notify(DidOpenTextDocumentNotification.method, {
    textDocument: { uri, languageId: 'python', version: 1, text },
  });
  return uri;
}

async function actionsAt(uri: string, position: Position): Promise<CodeAction[]> {
  const actions = await server.request<CodeAction[] | null>(CodeActionRequest.method, {
    textDocument: { uri },
    range: { start: position, end: position },
    context: { diagnostics: [] },
  });
  return (actions ?? []).filter((action) => !action.disabled);
}

async function resolved(action: CodeAction): Promise<CodeAction> {
  return server.request<CodeAction>(CodeActionResolveRequest.method, action);
}

async function layerRanges(uri: string) {
  const summary = await server.request<{ models: { layers: { name: string; range: Range }[] }[] }>(
    'kerasLower/summary',
    { uri },
  );
  return summary.models.flatMap((model) => model.layers);
}

describe('astral-plane characters', () => {
  const { text } = fixture('hostile/astral.py');
  const line = text.split('\n').findIndex((candidate) => candidate.startsWith('model ='));
  const lineText = text.split('\n')[line]!;
  // UTF-16 columns, as LSP counts them: every astral character before a range counts twice.
  const column = (needle: string) => lineText.indexOf(needle);

  test('layer ranges are UTF-16 columns, with astral characters before and inside them', async () => {
    const uri = await open(text);
    const [first, second] = await layerRanges(uri);
    assert.deepEqual(first!.range, {
      start: { line, character: column('keras.layers.Dense(8') },
      end: { line, character: column(', keras.layers.Dense(2') },
    });
    assert.deepEqual(second!.range, {
      start: { line, character: column('keras.layers.Dense(2') },
      end: { line, character: column('])  #') },
    });
  });

  test('hover just inside and just outside a range that holds an astral character', async () => {
    const uri = await open(text);
    const hoverAt = (character: number) =>
      server.request<Hover | null>(HoverRequest.method, {
        textDocument: { uri },
        position: { line, character },
      });
    const secondStart = column('keras.layers.Dense(2');
    const secondHover = await hoverAt(secondStart);
    assert.ok(secondHover, 'no hover at the start of the second layer');
    assert.match(JSON.stringify(secondHover.contents), /dense_1|Dense/);
    assert.equal(secondHover.range?.start.character, secondStart);
    const end = column('])  #');
    assert.ok(await hoverAt(end), 'no hover at the end of the second layer');
    const pastTheEnd = await hoverAt(end + 1);
    assert.ok(!pastTheEnd || pastTheEnd.range?.start.character !== secondStart, 'hover past the end');
  });

  test('inlay hints sit at UTF-16 columns after each call', async () => {
    const uri = await open(text);
    const hints =
      (await server.request<InlayHint[]>(InlayHintRequest.method, {
        textDocument: { uri },
        range: new TextModel(text).wholeRange,
      })) ?? [];
    const model = new TextModel(text);
    for (const hint of hints) assert.equal(model.invalidity(hint.position), undefined);
    assert.ok(hints.length > 0, 'no inlay hints');
  });

  test('lowering edits land at UTF-16 columns and keep the astral characters', async () => {
    const uri = await open(text);
    const model = new TextModel(text);
    for (const action of await actionsAt(uri, { line, character: column('keras.layers.Dense(2') })) {
      const applied = checkLoweringEdits(
        parser,
        model,
        editsOf(await resolved(action), uri, 1),
        action.title,
      );
      for (const kept of ['😀😀', '# 🎉', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢'])
        assert.ok(applied.text.includes(kept), `${action.title} lost ${kept}`);
    }
  });
});

describe('line endings', () => {
  const lf = fixture('seed_cnn.py').text;
  const crlf = lf.replace(/\n/g, '\r\n');
  // Mixed: CRLF in the first half of the lines, LF in the rest.
  const lines = lf.split('\n');
  const half = Math.floor(lines.length / 2);
  const mixed = lines.slice(0, half).join('\r\n') + '\r\n' + lines.slice(half).join('\n');

  for (const [name, text] of [
    ['CRLF', crlf],
    ['mixed CRLF and LF', mixed],
  ] as const) {
    test(`${name}: every action's edit applies inside lines and keeps every other line ending`, async () => {
      const uri = await open(text);
      const model = new TextModel(text);
      const actions = [
        ...(await actionsAt(uri, positionOf(text, 'Conv2D'))),
        ...(await server.request<CodeAction[]>(CodeActionRequest.method, {
          textDocument: { uri },
          range: { start: positionOf(text, 'Dense'), end: positionOf(text, 'Dense') },
          context: { diagnostics: [], only: ['source.lowerToTf'] },
        })),
      ];
      assert.ok(actions.length >= 3, `only ${actions.length} actions`);
      for (const action of actions) {
        const applied = checkLoweringEdits(
          parser,
          model,
          editsOf(await resolved(action), uri, 1),
          action.title,
        );
        let cursor = 0;
        for (const span of applied.spans) {
          const between = text.slice(cursor, span.start);
          assert.ok(applied.text.includes(between), `${action.title} changed text outside its edits`);
          cursor = span.end;
        }
        assert.equal(
          countOf(applied.text, '\r\n') - countOf(applied.spans.map((span) => span.newText).join(''), '\r\n'),
          countOf(text, '\r\n') -
            countOf(applied.spans.map((span) => text.slice(span.start, span.end)).join(''), '\r\n'),
          `${action.title} lost or added a CRLF outside its edits`,
        );
        if (text === crlf)
          for (const span of applied.spans)
            assert.doesNotMatch(
              span.newText,
              /(?<!\r)\n/,
              `${action.title} inserts LF lines into a CRLF file`,
            );
      }
    });
  }
});

test('CRLF: no position inside a line terminator, even after a comment in a half-typed call', async () => {
  const text =
    'import keras\r\nmodel = keras.Sequential([\r\n  keras.layers.Dense(10, input_shape=(3,)),\r\n' +
    '  keras.layers.Dense(10,# activation\r\n])\r\n';
  const uri = await open(text);
  const model = new TextModel(text);
  const hints = await server.request<InlayHint[]>(InlayHintRequest.method, {
    textDocument: { uri },
    range: model.wholeRange,
  });
  for (const hint of hints) assert.equal(model.invalidity(hint.position), undefined);
});

function countOf(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe('versions and undo', () => {
  test('an edit for an older version is refused, not misapplied', async () => {
    const { text } = fixture('seed_cnn.py');
    const uri = await open(text);
    const [action] = await actionsAt(uri, positionOf(text, 'Conv2D'));
    assert.ok(action, 'no action');
    await server.notify(DidChangeTextDocumentNotification.method, {
      textDocument: { uri, version: 2 },
      contentChanges: [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '😀\n' },
      ],
    });
    assert.equal((await resolved(action)).edit, undefined, 'a stale action resolved to an edit');
    const data = action.data as object;
    await assert.rejects(
      server.request('kerasLower/lower', data),
      (error: unknown) => error instanceof ResponseError && error.code === LSPErrorCodes.ContentModified,
    );
  });

  for (const program of fuzzCorpus()) {
    const firstLine = program.split('\n')[0]!.slice(0, 70);
    test(`apply + undo gives the original bytes and analysis back (LF and CRLF): ${firstLine}`, async () => {
      for (const text of [program, program.replace(/\r?\n/g, '\r\n')]) {
        const uri = await open(text);
        const original = JSON.stringify(await layerRanges(uri));
        const [firstLayer] = await layerRanges(uri);
        if (!firstLayer) continue;
        const at = firstLayer.range.start;
        let version = 1;
        const count = (await allActionsAt(uri, at)).length;
        assert.ok(count > 0, 'no action on the first layer');
        for (let index = 0; index < count; index++) {
          const action = (await allActionsAt(uri, at))[index]!;
          const edit = (await resolved(action)).edit;
          if (!edit) continue;
          const model = new TextModel(text);
          const applied = applyTextEdits(model, editsOf({ ...action, edit }, uri, version));
          await change(uri, ++version, contentChangesFor(model, applied.spans));
          assert.equal(
            JSON.stringify(await layerRanges(uri)),
            JSON.stringify(await layerRanges(await open(applied.text))),
            `after "${action.title}" the server's document differs from the edited text`,
          );
          await change(
            uri,
            ++version,
            contentChangesFor(new TextModel(applied.text), inverseSpans(text, applied)),
          );
          assert.equal(
            JSON.stringify(await layerRanges(uri)),
            original,
            `undoing "${action.title}" changed the analysis`,
          );
        }
      }
    });
  }
});

async function allActionsAt(uri: string, position: Position): Promise<CodeAction[]> {
  const file = await server.request<CodeAction[]>(CodeActionRequest.method, {
    textDocument: { uri },
    range: { start: position, end: position },
    context: { diagnostics: [], only: ['source.lowerToTf'] },
  });
  return [...(await actionsAt(uri, position)), ...file.filter((action) => !action.disabled)];
}

async function change(uri: string, version: number, contentChanges: unknown[]): Promise<void> {
  await server.notify(DidChangeTextDocumentNotification.method, {
    textDocument: { uri, version },
    contentChanges,
  });
}

describe('targets', () => {
  test('the model action on a rebound variable lowers one model only', async () => {
    const text =
      'import keras\nmodel = keras.Sequential([keras.layers.Dense(4, input_shape=(3,))])\n' +
      'model = keras.Sequential([keras.layers.Dense(7, input_shape=(5,))])\n';
    const uri = await open(text);
    const action = (await actionsAt(uri, { line: 2, character: 3 })).find((candidate) =>
      candidate.title.startsWith('Keras: Lower model'),
    );
    assert.ok(action, 'no model action');
    const edits = editsOf(await resolved(action), uri, 1);
    const classes = edits.map((edit) => edit.newText.match(/^class \w+\(tf\.Module\)/gm)?.length ?? 0);
    assert.equal(
      classes.reduce((a, b) => a + b, 0),
      1,
      'more than one tf.Module was inserted',
    );
  });
});
