// LSP's own rules over JSON-RPC against the built server (issue 15 item 6): a lone "\r" ends a line, a character
// past the end of a line means the end of that line, an action offered before a document was closed and
// reopened is never applied to its new text, and text from the file in hover Markdown is only ever text.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import {
  CodeActionRequest,
  CodeActionResolveRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
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
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { LspServer } from '../fuzz/lspServer.ts';
import { fixture } from './harness.ts';

// markdown-it (a devDependency) ships no types: the one constructor and method used here.
const MarkdownIt = createRequire(__filename)('markdown-it') as new (options: {
  html: boolean;
  linkify: boolean;
}) => { render(text: string): string };

let server: LspServer;
let documents = 0;

before(async () => {
  server = await LspServer.start();
});

after(async () => {
  assert.deepEqual(server.failures(), [], 'the server logged failures');
  await server.stop();
});

async function open(text: string, uri = `file:///lsp-rules/doc-${++documents}.py`): Promise<string> {
  await server.notify(DidOpenTextDocumentNotification.method, {
    textDocument: { uri, languageId: 'python', version: 1, text },
  });
  return uri;
}

const summaryOf = (uri: string) => server.request<unknown>('kerasLower/summary', { uri });
const hoverAt = (uri: string, position: Position) =>
  server.request<Hover | null>(HoverRequest.method, { textDocument: { uri }, position });
const hintsIn = (uri: string, range: Range) =>
  server.request<InlayHint[]>(InlayHintRequest.method, { textDocument: { uri }, range });
const actionsAt = async (uri: string, position: Position) =>
  (
    (await server.request<CodeAction[] | null>(CodeActionRequest.method, {
      textDocument: { uri },
      range: { start: position, end: position },
      context: { diagnostics: [] },
    })) ?? []
  ).filter((action) => !action.disabled);

// Positions as the LSP specification defines them, written here from the spec (not the server's LineIndex).
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++)
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) starts.push(i + 1);
  return starts;
}

function lineEnd(text: string, starts: number[], line: number): number {
  const next = starts[line + 1];
  if (next === undefined) return text.length;
  return text.slice(next - 2, next) === '\r\n' ? next - 2 : next - 1;
}

function lspOffset(text: string, { line, character }: Position): number {
  const starts = lineStarts(text);
  if (line >= starts.length) return text.length;
  return Math.min(starts[line]! + character, lineEnd(text, starts, line));
}

function lspPosition(text: string, offset: number): Position {
  const starts = lineStarts(text);
  let line = starts.length - 1;
  while (starts[line]! > offset) line--;
  return { line, character: offset - starts[line]! };
}

/** Applies LSP edits (all against `text`); the unedited stretches are returned to check they survive. */
function applyEdits(text: string, edits: TextEdit[]): { text: string; kept: string[] } {
  const spans = edits
    .map((edit) => ({ start: lspOffset(text, edit.range.start), end: lspOffset(text, edit.range.end), edit }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  const kept: string[] = [];
  for (const span of spans) {
    kept.push(text.slice(cursor, span.start));
    out += text.slice(cursor, span.start) + span.edit.newText;
    cursor = span.end;
  }
  kept.push(text.slice(cursor));
  return { text: out + text.slice(cursor), kept };
}

function editsOf(action: CodeAction): TextEdit[] {
  return (action.edit?.documentChanges ?? []).flatMap((change) => ('edits' in change ? change.edits : []));
}

function cpythonParses(text: string): boolean {
  const check = 'import ast, sys; ast.parse(sys.stdin.buffer.read())';
  return spawnSync('python3', ['-I', '-c', check], { input: Buffer.from(text, 'utf8') }).status === 0;
}

const lf = fixture('seed_cnn.py').text;
const loneCr = lf.replace(/\n/g, '\r');

describe('a lone "\\r" ends a line, as LSP and CPython read it', () => {
  test('layers, shapes and ranges equal those of the same file with "\\n"', async () => {
    assert.ok(cpythonParses(loneCr), 'CPython parses the "\\r" file');
    const [crUri, lfUri] = [await open(loneCr), await open(lf)];
    const summary = await summaryOf(crUri);
    assert.ok(JSON.stringify(summary).includes('conv2d'), 'no layers found in the "\\r" file');
    assert.deepEqual(summary, await summaryOf(lfUri));
    const whole = { start: { line: 0, character: 0 }, end: { line: lineStarts(lf).length, character: 0 } };
    assert.deepEqual(await hintsIn(crUri, whole), await hintsIn(lfUri, whole));
    const dense = lspPosition(loneCr, loneCr.indexOf('Dense(') + 2);
    assert.deepEqual(lspPosition(lf, lf.indexOf('Dense(') + 2), dense);
    const hover = await hoverAt(crUri, dense);
    assert.ok(hover, 'no hover on Dense');
    assert.deepEqual(hover, await hoverAt(lfUri, dense));
  });

  test('lowering edits land on the right lines and keep every other "\\r"', async () => {
    const uri = await open(loneCr);
    const at = lspPosition(loneCr, loneCr.indexOf('Conv2D('));
    const actions = await actionsAt(uri, at);
    assert.ok(actions.length >= 2, `only ${actions.length} actions`);
    for (const action of actions) {
      const resolved = await server.request<CodeAction>(CodeActionResolveRequest.method, action);
      const applied = applyEdits(loneCr, editsOf(resolved));
      assert.ok(applied.kept.length > 1, `${action.title}: no edits`);
      let from = 0;
      for (const stretch of applied.kept) {
        const found = applied.text.indexOf(stretch, from);
        assert.ok(found >= 0, `${action.title} changed text outside its edits`);
        from = found + stretch.length;
      }
      assert.ok(cpythonParses(applied.text), `${action.title}: the lowered "\\r" file does not parse`);
    }
  });

  test('turning a lone "\\r" into "\\r\\n" and back, incrementally, matches a fresh open each time', async () => {
    const text = 'import keras\rmodel = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4)])\r';
    const uri = await open(text);
    // Line 1 starts right after the "\r": inserting "\n" there makes it "\r\n", the lines stay the same.
    const steps: Array<[Range, string, string]> = [
      [
        { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } },
        '\n',
        text.replace('\r', '\r\n'),
      ],
      [{ start: { line: 0, character: 12 }, end: { line: 1, character: 0 } }, '\r', text],
      [
        { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } },
        'x = 1\r',
        text.replace('\r', '\rx = 1\r'),
      ],
    ];
    let version = 1;
    for (const [range, newText, expected] of steps) {
      await server.notify(DidChangeTextDocumentNotification.method, {
        textDocument: { uri, version: ++version },
        contentChanges: [{ range, text: newText }],
      });
      assert.deepEqual(await summaryOf(uri), await summaryOf(await open(expected)), JSON.stringify(expected));
    }
  });
});

describe('a character past the end of a line means the end of that line', () => {
  const text =
    'import keras\r\nmodel = keras.Sequential([\r\n    keras.Input(shape=(3,)),\r\n    keras.layers.Dense(4)\r\n])\r\n';
  const denseLine = 3;
  const endOfDense = { line: denseLine, character: '    keras.layers.Dense(4)'.length };
  const pastTheEnd = { line: denseLine, character: 10_000 };

  test('hover, inlay hints and code actions answer as at the end of the line', async () => {
    const uri = await open(text);
    const atEnd = await hoverAt(uri, endOfDense);
    assert.ok(atEnd, 'no hover at the end of the Dense call');
    assert.deepEqual(await hoverAt(uri, pastTheEnd), atEnd);
    const range = (end: Position) => ({ start: { line: denseLine, character: 0 }, end });
    assert.deepEqual(await hintsIn(uri, range(pastTheEnd)), await hintsIn(uri, range(endOfDense)));
    const titles = async (position: Position) =>
      (await actionsAt(uri, position)).map((action) => action.title);
    assert.deepEqual(await titles(pastTheEnd), await titles(endOfDense));
  });

  test('a change whose range ends past the line keeps the line break (LF and CRLF)', async () => {
    for (const eol of ['\n', '\r\n']) {
      const original = text.replace(/\r\n/g, eol);
      const uri = await open(original);
      const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 999 } };
      await server.notify(DidChangeTextDocumentNotification.method, {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range, text: 'import keras as keras' }],
      });
      const expected = applyEdits(original, [{ range, newText: 'import keras as keras' }]).text;
      assert.ok(expected.startsWith(`import keras as keras${eol}model`), JSON.stringify(expected));
      const summary = await summaryOf(uri);
      assert.ok(JSON.stringify(summary).includes('"dense"'), 'the model was lost with the line break');
      assert.deepEqual(summary, await summaryOf(await open(expected)));
    }
  });
});

describe('a document closed and reopened', () => {
  test('an action offered before is not applied to the new text, though the version number is the same', async () => {
    const uri = `file:///lsp-rules/reopened-${++documents}.py`;
    const first =
      'import keras\nmodel = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4)])\n';
    const second =
      'import keras\nx = 2\nmodel = keras.Sequential([keras.Input(shape=(5,)), keras.layers.Dense(9)])\n';
    await open(first, uri);
    const [old] = await actionsAt(uri, { line: 1, character: 55 });
    assert.ok(old, 'no action');
    await server.notify(DidCloseTextDocumentNotification.method, { textDocument: { uri } });
    await open(second, uri);
    const resolved = await server.request<CodeAction>(CodeActionResolveRequest.method, old);
    assert.equal(resolved.edit, undefined, 'an action of the earlier opening resolved to an edit');
    await assert.rejects(
      server.request('kerasLower/lower', old.data),
      (error: unknown) => error instanceof ResponseError && error.code === LSPErrorCodes.ContentModified,
    );
    // The same action offered now resolves.
    const [fresh] = await actionsAt(uri, { line: 2, character: 55 });
    assert.ok(fresh, 'no action on the reopened document');
    assert.ok((await server.request<CodeAction>(CodeActionResolveRequest.method, fresh)).edit);
  });
});

describe('hover Markdown: text from the file is only text', () => {
  const markdown = new MarkdownIt({ html: true, linkify: true });
  const payloads = [
    '[click](https://evil.example)',
    '![pixel](https://evil.example/p.png)',
    '<img src=x onerror=alert(1)>',
    'www.evil.example',
    '` [tick](https://evil.example) `',
    '``` fence',
    'a | b',
    '\\n\\n[ref]: https://evil.example\\n\\n[ref]',
  ];

  function assertOnlyText(hover: Hover | null, what: string): string {
    assert.ok(hover, `no hover on ${what}`);
    const contents = hover.contents as { kind: string; value: string };
    const html = markdown.render(contents.value);
    // Only the elements our own Markdown makes: no link, image or HTML from the file.
    const allowed = new Set([
      'p',
      'strong',
      'em',
      'code',
      'pre',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'ul',
      'li',
    ]);
    for (const [, tag] of html.matchAll(/<\/?([a-z0-9]+)/gi))
      assert.ok(allowed.has(tag!.toLowerCase()), `${what} became <${tag}>:\n${html}`);
    return html;
  }

  for (const payload of payloads)
    test(`a layer name ${JSON.stringify(payload)}`, async () => {
      const line = `model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4, name="${payload}")])`;
      const uri = await open(`import keras\n${line}\n`);
      const html = assertOnlyText(await hoverAt(uri, { line: 1, character: line.indexOf('Dense') }), payload);
      assert.match(html, /<code>/);
    });

  test('an unknown activation string in a reason, and a loss string in the training hover', async () => {
    const text =
      'import keras\n' +
      'model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4, activation="[x](https://evil.example)")])\n' +
      'model.compile(optimizer="adam", loss="![y](https://evil.example/y.png)")\n';
    const uri = await open(text);
    const html = assertOnlyText(await hoverAt(uri, { line: 1, character: 60 }), 'the activation');
    assert.match(html, /evil\.example/, 'the reason does not quote the activation');
    assertOnlyText(await hoverAt(uri, { line: 2, character: 8 }), 'the loss');
  });
});
