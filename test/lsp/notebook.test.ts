// Notebooks over real JSON-RPC (LSP 3.17 notebook sync) with the built server: a model built across cells is
// one program; inlay hints, hover, diagnostics and code actions speak each cell's own positions, and a
// lowering's edits land in the right cells, pinned to the cells' versions; the panel's, Preview Diff's and
// Verify's requests about the notebook's URI answer for its program.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  CodeActionRequest,
  CodeActionResolveRequest,
  DidChangeNotebookDocumentNotification,
  DidOpenNotebookDocumentNotification,
  HoverRequest,
  InlayHintRequest,
  NotebookCellKind,
  TextDocumentEdit,
  type CodeAction,
  type InlayHint,
  type Position,
} from 'vscode-languageserver-protocol/node';
import { analyzeText, initParser, NotebookProgram, toSummaryJson } from '../../server/src/core/index.ts';
import {
  LoweredTextRequest,
  LowerRequest,
  PanelDataRequest,
  VerifyPlanRequest,
} from '../../server/src/protocol.ts';
import { applyTextEdits } from './textEdits.ts';
import { distDir, positionOf, root, ServerSession, waitFor } from './harness.ts';

const path = resolve(root, 'test/fixtures/notebooks/tf_cnn_cifar10.ipynb');
const notebookUri = pathToFileURL(path).href;
const cells = (JSON.parse(readFileSync(path, 'utf8')) as { cells: { cell_type: string; source: string[] }[] })
  .cells;
const cellUri = (index: number) => `vscode-notebook-cell:${path}#W${index}sZmlsZQ%3D%3D`;
const codeCells = cells.flatMap((cell, index) => (cell.cell_type === 'code' ? [index] : []));
const texts = new Map(codeCells.map((index) => [index, cells[index]!.source.join('')]));
/** The cells that build the model: the convolutional base, then the dense layers added on top. */
const baseCell = codeCells.find((index) => texts.get(index)!.includes('Conv2D(32'))!;
const headCell = codeCells.find((index) => texts.get(index)!.includes('Dense(64'))!;

let session: ServerSession;

before(async () => {
  await initParser(distDir);
  session = await ServerSession.start();
  await session.connection.sendNotification(DidOpenNotebookDocumentNotification.type, {
    notebookDocument: {
      uri: notebookUri,
      notebookType: 'jupyter-notebook',
      version: 1,
      cells: cells.map((cell, index) => ({
        kind: cell.cell_type === 'code' ? NotebookCellKind.Code : NotebookCellKind.Markup,
        document: cellUri(index),
      })),
    },
    cellTextDocuments: codeCells.map((index) => ({
      uri: cellUri(index),
      languageId: 'python',
      version: 1,
      text: texts.get(index)!,
    })),
  });
});

after(async () => {
  await session?.stop();
});

async function hints(cell: number): Promise<InlayHint[]> {
  const range = { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } };
  const found = await session.connection.sendRequest(InlayHintRequest.type, {
    textDocument: { uri: cellUri(cell) },
    range,
  });
  return found ?? [];
}

const labels = (found: InlayHint[]) => found.map((hint) => `${hint.position.line}:${String(hint.label)}`);

describe('a notebook over notebook sync', () => {
  test('inlay hints in two cells, at each cell’s own lines', async () => {
    assert.deepEqual(labels(await hints(baseCell)), [
      '2:(None, 30, 30, 32)',
      '3:(None, 15, 15, 32)',
      '4:(None, 13, 13, 64)',
      '5:(None, 6, 6, 64)',
      '6:(None, 4, 4, 64)',
    ]);
    assert.deepEqual(labels(await hints(headCell)), ['0:(None, 1024)', '1:(None, 64)', '2:(None, 10)']);
  });

  test('hover on a layer in a cell', async () => {
    const text = texts.get(headCell)!;
    const hover = await session.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: cellUri(headCell) },
      position: positionOf(text, 'Dense(64'),
    });
    const value = (hover?.contents as { value: string }).value;
    assert.match(value, /65,600|65600/);
    assert.equal(hover?.range?.start.line, 1);
  });

  test('a lowering edits the model’s cell (its classes on top), pinned to the cell’s version', async () => {
    const text = texts.get(baseCell)!;
    const at: Position = positionOf(text, 'Conv2D(32');
    const actions = (await session.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: cellUri(baseCell) },
      range: { start: at, end: at },
      context: { diagnostics: [] },
    })) as CodeAction[];
    const layer = actions.find((action) => /Conv2D/.test(action.title) && !action.disabled);
    assert.ok(layer, `no Conv2D action in ${actions.map((action) => action.title).join(', ')}`);
    const resolved = layer.edit
      ? layer
      : await session.connection.sendRequest(CodeActionResolveRequest.type, layer);
    const changes = (resolved.edit?.documentChanges ?? []) as TextDocumentEdit[];
    assert.deepEqual(
      changes.map((change) => [change.textDocument.uri, change.textDocument.version]),
      [[cellUri(baseCell), 1]],
    );
    const lowered = applyTextEdits(text, changes[0]!.edits).text;
    // The notebook imports tensorflow as tf already: only the class, then two blank lines, then the cell.
    assert.match(lowered, /^class TfConv2D\(tf\.keras\.layers\.Layer\):\n/);
    assert.match(lowered, /\n\n\nmodel = models\.Sequential\(\)\n/);
    assert.match(lowered, /model\.add\(TfConv2D\(32, \(3, 3\)/);
    const program = (replaced: string) =>
      new NotebookProgram(
        codeCells.map((index) => ({
          key: String(index),
          text: index === baseCell ? replaced : texts.get(index)!,
        })),
      );
    const shapes = (text: string) =>
      toSummaryJson(analyzeText(text)).models.map((model) =>
        model.layers.map((row) => [row.outputShape, row.params]),
      );
    assert.deepEqual(shapes(program(lowered).text), shapes(program(text).text));
  });

  test('the panel, Preview Diff and Verify ask about the notebook: its program, its rows, its slice', async () => {
    const data = await session.connection.sendRequest(PanelDataRequest, { uri: notebookUri });
    const program = new NotebookProgram(codeCells.map((index) => ({ key: '', text: texts.get(index)! })));
    // Rows are program positions, and say which cell they are in, at which place.
    const rows = data.models[0]!.layers.map((row) => {
      const { cell, position } = program.toCell(row.range.start);
      assert.deepEqual(row.cell?.range.start, position);
      assert.equal(row.cell?.uri, cellUri(codeCells[cell]!));
      return `${codeCells[cell]}:${position.line}:${row.class}`;
    });
    assert.deepEqual(rows, [
      `${baseCell}:2:Conv2D`,
      `${baseCell}:3:MaxPooling2D`,
      `${baseCell}:4:Conv2D`,
      `${baseCell}:5:MaxPooling2D`,
      `${baseCell}:6:Conv2D`,
      `${headCell}:0:Flatten`,
      `${headCell}:1:Dense`,
      `${headCell}:2:Dense`,
    ]);
    const choice = data.choices.find((candidate) => candidate.target.kind === 'model')!;
    const diff = await session.connection.sendRequest(LoweredTextRequest, {
      uri: notebookUri,
      version: data.version,
      target: choice.target,
      mode: choice.mode,
    });
    assert.ok(diff.ok);
    assert.equal(diff.original, program.text);
    // The panel's Apply: the program's edits, and the same edits per cell, pinned to the cells' versions.
    const lowered = await session.connection.sendRequest(LowerRequest, {
      uri: notebookUri,
      version: data.version,
      target: choice.target,
      mode: choice.mode,
    });
    assert.ok(lowered.ok && lowered.cellEdits);
    assert.ok(lowered.cellEdits.every(({ version }) => version === 1));
    const edited = new Map(lowered.cellEdits.map(({ uri, edits }) => [uri, edits]));
    const cellTexts = codeCells.map((index) => {
      const edits = edited.get(cellUri(index));
      return edits ? applyTextEdits(texts.get(index)!, edits).text : texts.get(index)!;
    });
    assert.equal(new NotebookProgram(cellTexts.map((text) => ({ key: '', text }))).text, diff.lowered);
    const plan = await session.connection.sendRequest(VerifyPlanRequest, { uri: notebookUri });
    const slice = plan.models[0]!.slice!;
    // The model's cells run, not the data loading, the plotting or the training cells.
    for (const kept of ['Conv2D(32', 'Dense(64', 'import tensorflow as tf'])
      assert.ok(slice.includes(kept), kept);
    for (const dropped of ['load_data', 'plt.', 'model.fit', 'model.evaluate', '%matplotlib'])
      assert.ok(!slice.includes(dropped), `${dropped} not in the slice:\n${slice}`);
  });

  test('diagnostics land in the cell they are about', async () => {
    await waitFor(
      () => session.diagnostics.some(({ uri }) => uri === cellUri(headCell)),
      5000,
      'cell diagnostics',
    );
    assert.ok(
      !session.diagnostics.some(({ uri }) => uri === notebookUri),
      'diagnostics sent to the notebook URI',
    );
    // A 5x5 kernel on the 4x4 map the base ends with: the error is the head cell's, at its own line 0.
    const count = session.diagnostics.length;
    await session.connection.sendNotification(DidChangeNotebookDocumentNotification.type, {
      notebookDocument: { uri: notebookUri, version: 2 },
      change: {
        cells: {
          textContent: [
            {
              document: { uri: cellUri(headCell), version: 2 },
              changes: [
                {
                  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
                  text: 'model.add(layers.Conv2D(8, 5))\n',
                },
              ],
            },
          ],
        },
      },
    });
    const errorsInHead = () =>
      session.diagnostics
        .slice(count)
        .filter(({ uri, diagnostics }) => uri === cellUri(headCell) && diagnostics.length > 0);
    await waitFor(() => errorsInHead().length > 0, 5000, 'a diagnostic in the head cell');
    const [diagnostic] = errorsInHead()[0]!.diagnostics;
    assert.match(diagnostic!.message, /non-positive output size/);
    assert.equal(diagnostic!.range.start.line, 0);
    // The base cell keeps its hints; below the error nothing is guessed, in the head cell or elsewhere.
    assert.equal((await hints(baseCell)).length, 5);
    assert.deepEqual(await hints(headCell), []);
  });
});
