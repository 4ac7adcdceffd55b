// A Jupyter notebook in VS Code's notebook editor (the built-in ipynb serializer, no Jupyter extension or
// kernel): a model built across cells is one program; hints, hover and a lowering land in the right cells and
// undo per cell; the side-by-side panel, Preview Diff and Verify Lowering work on the notebook.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hoverText, inlayLabels, pollFor, workspaceFile } from './support.ts';

const notebookName = 'cnn_cifar10.ipynb';

/** The cells that build the model: the convolutional base, then the dense layers added on top. */
interface Cells {
  notebook: vscode.NotebookDocument;
  base: vscode.NotebookCell;
  head: vscode.NotebookCell;
}

async function openNotebook(): Promise<Cells> {
  const notebook = await vscode.workspace.openNotebookDocument(workspaceFile(notebookName));
  await vscode.window.showNotebookDocument(notebook, { viewColumn: vscode.ViewColumn.One });
  const cell = (text: string) => {
    const found = notebook.getCells().find((candidate) => candidate.document.getText().includes(text));
    if (!found) throw new Error(`no cell with ${text} in ${notebookName}`);
    return found;
  };
  return { notebook, base: cell('Conv2D(32'), head: cell('Dense(64') };
}

/**
 * Scrolls a cell into view, as a user does before pointing at it: the workbench makes a cell's text model
 * only for cells it renders, and the editor-feature commands refuse (`Illegal argument`) a cell without one.
 */
async function reveal(cell: vscode.NotebookCell): Promise<void> {
  const editor = await vscode.window.showNotebookDocument(cell.notebook, {
    viewColumn: vscode.ViewColumn.One,
    selections: [new vscode.NotebookRange(cell.index, cell.index + 1)],
  });
  editor.revealRange(
    new vscode.NotebookRange(cell.index, cell.index + 1),
    vscode.NotebookEditorRevealType.InCenterIfOutsideViewport,
  );
}

/** Enters a cell's editor (Enter on a selected cell, `notebook.cell.edit`), as a click into the cell does. */
async function focusCell(cell: vscode.NotebookCell): Promise<void> {
  await reveal(cell);
  await vscode.commands.executeCommand('notebook.cell.edit');
  await pollFor(
    'the cell editor to be active',
    () => vscode.window.activeTextEditor?.document.uri.toString(),
    (uri) => uri === cell.document.uri.toString(),
  );
}

/** An editor-feature command on a cell, once the cell is in view. */
async function onCell<T>(cell: vscode.NotebookCell, command: string, ...args: unknown[]): Promise<T> {
  await reveal(cell);
  return vscode.commands.executeCommand<T>(command, cell.document.uri, ...args);
}

const cellHints = async (cell: vscode.NotebookCell) => {
  const hints = await onCell<vscode.InlayHint[]>(
    cell,
    'vscode.executeInlayHintProvider',
    new vscode.Range(0, 0, cell.document.lineCount, 0),
  );
  return hints.map((hint, index) => `${hint.position.line}:${inlayLabels(hints)[index]!}`);
};

const at = (cell: vscode.NotebookCell, text: string) => {
  const offset = cell.document.getText().indexOf(text);
  assert.ok(offset >= 0, `${text} in cell ${cell.index}`);
  return cell.document.positionAt(offset);
};

const panelTab = () =>
  vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .find((tab) => tab.input instanceof vscode.TabInputWebview);

suite('keras-lower in a notebook', () => {
  test('the .ipynb opens in the notebook editor with Python code cells', async () => {
    const { notebook, base, head } = await openNotebook();
    assert.equal(notebook.notebookType, 'jupyter-notebook');
    assert.equal(vscode.window.activeNotebookEditor?.notebook.uri.toString(), notebook.uri.toString());
    assert.equal(base.kind, vscode.NotebookCellKind.Code);
    assert.equal(base.document.languageId, 'python');
    assert.equal(base.document.uri.scheme, 'vscode-notebook-cell');
    assert.ok(head.index > base.index + 1, 'the head is built in a later cell');
  });

  test('inlay hints in two cells: the head cell continues the base cell’s shapes', async () => {
    const { base, head } = await openNotebook();
    const baseHints = await pollFor(
      'inlay hints in the base cell',
      () => cellHints(base),
      (hints) => hints.length === 5,
      30_000,
    );
    assert.deepEqual(baseHints, [
      '2:(None, 30, 30, 32)',
      '3:(None, 15, 15, 32)',
      '4:(None, 13, 13, 64)',
      '5:(None, 6, 6, 64)',
      '6:(None, 4, 4, 64)',
    ]);
    assert.deepEqual(await cellHints(head), ['0:(None, 1024)', '1:(None, 64)', '2:(None, 10)']);
  });

  test('hover on a Dense in the head cell shows its parameters and TF ops, at the cell’s line', async () => {
    const { head } = await openNotebook();
    const position = at(head, 'Dense(64').translate(0, 2);
    const hovers = await pollFor(
      'the Dense hover',
      () => onCell<vscode.Hover[]>(head, 'vscode.executeHoverProvider', position),
      (found) => hoverText(found).includes('tf.matmul'),
    );
    assert.match(hoverText(hovers), /65,600/);
    assert.equal(hovers[0]?.range?.start.line, 1);
  });

  test('"Keras: Lower conv2d (Conv2D) to tf.nn" edits only the base cell, is re-analysed, and undo restores the cell', async () => {
    const { notebook, base, head } = await openNotebook();
    const before = notebook.getCells().map((cell) => cell.document.getText());
    const position = at(base, 'Conv2D(32');
    const actions = await pollFor(
      'the Conv2D code action',
      () =>
        onCell<vscode.CodeAction[]>(
          base,
          'vscode.executeCodeActionProvider',
          new vscode.Range(position, position),
          vscode.CodeActionKind.RefactorRewrite.value,
          10,
        ),
      (found) =>
        found.some(
          (action) => action.title === 'Keras: Lower conv2d (Conv2D) to tf.nn (exact)' && action.edit,
        ),
    );
    const action = actions.find(
      (candidate) => candidate.title === 'Keras: Lower conv2d (Conv2D) to tf.nn (exact)',
    )!;
    assert.deepEqual(
      action.edit!.entries().map(([uri]) => uri.toString()),
      [base.document.uri.toString()],
      'one cell edited',
    );
    assert.ok(await vscode.workspace.applyEdit(action.edit!), 'the edit applies');
    const after = notebook.getCells().map((cell) => cell.document.getText());
    assert.match(after[base.index]!, /^class TfConv2D\(tf\.keras\.layers\.Layer\):\n/);
    assert.match(after[base.index]!, /model\.add\(TfConv2D\(32, \(3, 3\)/);
    for (const [index, text] of before.entries())
      if (index !== base.index) assert.equal(after[index], text, `cell ${index} unchanged`);
    // Re-analysed as one program: the head cell keeps its shapes below the lowered base.
    await pollFor(
      'the head cell’s hints after the lowering',
      () => cellHints(head),
      (hints) => hints.join() === '0:(None, 1024),1:(None, 64),2:(None, 10)',
    );
    await focusCell(base);
    await vscode.commands.executeCommand('undo');
    await pollFor(
      'the base cell restored by undo',
      () => base.document.getText(),
      (text) => text === before[base.index],
    );
    assert.deepEqual(
      notebook.getCells().map((cell) => cell.document.getText()),
      before,
      'every cell as before',
    );
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await pollFor(
      'the notebook clean again',
      () => notebook.isDirty,
      (dirty) => !dirty,
    );
  });

  test('the side-by-side panel follows the active cell’s notebook and its rows', async () => {
    const { head } = await openNotebook();
    await focusCell(head);
    await vscode.commands.executeCommand('kerasLower.openSideBySide');
    await pollFor(
      'the panel on the notebook',
      () => panelTab()?.label,
      (label) => label === `Keras Lower: ${notebookName}`,
    );
    // Away to a Python file and back to a cell: the panel follows both.
    await vscode.window.showTextDocument(workspaceFile('seed_cnn.py'), { viewColumn: vscode.ViewColumn.One });
    await pollFor(
      'the panel on seed_cnn.py',
      () => panelTab()?.label,
      (label) => label === 'Keras Lower: seed_cnn.py',
    );
    await focusCell((await openNotebook()).base);
    await pollFor(
      'the panel back on the notebook',
      () => panelTab()?.label,
      (label) => label === `Keras Lower: ${notebookName}`,
    );
  });

  test('Preview Diff shows the notebook’s lowering: its code cells as one program, lowered', async () => {
    const { notebook, base } = await openNotebook();
    await focusCell(base);
    const choice = {
      title: 'Keras: Lower model “model” to a tf.Module beside it (exact)',
      target: { kind: 'model', variable: 'model' },
      mode: 'module',
      safe: true,
    };
    await vscode.commands.executeCommand('kerasLower.previewDiff', choice);
    const input = await pollFor(
      'the diff tab',
      () => vscode.window.tabGroups.activeTabGroup.activeTab?.input,
      (found) => found instanceof vscode.TabInputTextDiff,
    );
    const { original, modified } = input as vscode.TabInputTextDiff;
    assert.equal(modified.scheme, 'keras-lower-lowered');
    const left = (await vscode.workspace.openTextDocument(original)).getText();
    const right = (await vscode.workspace.openTextDocument(modified)).getText();
    for (const cell of notebook.getCells())
      if (cell.kind === vscode.NotebookCellKind.Code && !cell.document.getText().includes('%'))
        assert.ok(left.includes(cell.document.getText()), `cell ${cell.index} in the diff's left side`);
    assert.match(right, /tf\.Module/);
    assert.match(right, /def load_keras_weights/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('Verify Lowering on the notebook runs its model-building cells and both lowerings', async function () {
    this.timeout(300_000);
    const { notebook, base } = await openNotebook();
    await focusCell(base);
    const outcome = await vscode.commands.executeCommand<{
      ran: boolean;
      passed?: boolean;
      report?: {
        models: Array<{
          layerMode?: { layers?: Array<{ class?: string; ok: boolean }> };
          moduleMode?: { ok?: boolean };
        }>;
      };
    }>('kerasLower.verify');
    assert.equal(outcome.ran, true, JSON.stringify(outcome));
    assert.equal(outcome.passed, true, JSON.stringify(outcome.report));
    const [model] = outcome.report?.models ?? [];
    assert.deepEqual(
      model?.layerMode?.layers?.map((row) => row.class),
      ['Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Conv2D', 'Flatten', 'Dense', 'Dense'],
    );
    assert.equal(model?.moduleMode?.ok, true);
    assert.equal(notebook.isDirty, false);
  });

  test('Verify Lowering given the .ipynb’s URI (as a menu passes it) verifies the notebook', async function () {
    this.timeout(300_000);
    const outcome = await vscode.commands.executeCommand<{ ran: boolean; passed?: boolean }>(
      'kerasLower.verify',
      workspaceFile(notebookName),
    );
    assert.deepEqual(outcome.ran && outcome.passed, true, JSON.stringify(outcome));
  });
});
