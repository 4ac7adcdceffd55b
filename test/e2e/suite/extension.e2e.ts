// The packaged extension inside a real VS Code: activation, hover, inlay hints, a code action applied and
// re-analysed, the side-by-side panel, Preview Diff and the settings. Loaded by index.ts with Mocha's tdd UI.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  conv2dHover,
  extensionId,
  hoverText,
  inlayLabels,
  openFixture,
  pollFor,
  positionOf,
} from './support.ts';

const wholeFile = (document: vscode.TextDocument) =>
  new vscode.Range(new vscode.Position(0, 0), document.lineAt(document.lineCount - 1).range.end);

const actionsAt = (document: vscode.TextDocument, position: vscode.Position) =>
  vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    document.uri,
    new vscode.Range(position, position),
    vscode.CodeActionKind.RefactorRewrite.value,
    10,
  );

const inlayHints = (document: vscode.TextDocument) =>
  vscode.commands.executeCommand<vscode.InlayHint[]>(
    'vscode.executeInlayHintProvider',
    document.uri,
    wholeFile(document),
  );

suite('keras-lower in a real VS Code', () => {
  suiteSetup(async () => {
    await openFixture('seed_cnn.py');
  });

  test('the installed extension activates on a Python file and registers its commands', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is installed`);
    await pollFor(
      'activation',
      () => extension.isActive,
      (active) => active,
    );
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['openSideBySide', 'previewDiff', 'verify', 'restartServer', 'showLogs'])
      assert.ok(commands.includes(`kerasLower.${command}`), `kerasLower.${command} is registered`);
  });

  test('hover on a layer shows its TensorFlow ops', async () => {
    const text = await conv2dHover(await openFixture('seed_cnn.py'));
    assert.match(text, /padding="VALID"/);
  });

  test('inlay hints give each layer its output shape', async () => {
    const editor = await openFixture('seed_cnn.py');
    const labels = await pollFor(
      'inlay hints',
      async () => inlayLabels(await inlayHints(editor.document)),
      (value) => value.length >= 4,
    );
    for (const shape of ['(None, 26, 26, 32)', '(None, 13, 13, 32)', '(None, 5408)', '(None, 10)'])
      assert.ok(
        labels.some((label) => label.includes(shape)),
        `${shape} in ${JSON.stringify(labels)}`,
      );
  });

  test('kerasLower.inlayHints.enabled turns the hints off and on again', async () => {
    const editor = await openFixture('seed_cnn.py');
    const config = vscode.workspace.getConfiguration('kerasLower');
    await config.update('inlayHints.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      await pollFor(
        'no inlay hints',
        async () => (await inlayHints(editor.document)).length,
        (count) => count === 0,
      );
    } finally {
      await config.update('inlayHints.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    await pollFor(
      'inlay hints again',
      async () => (await inlayHints(editor.document)).length,
      (count) => count >= 4,
    );
  });

  test('a file that never imports Keras gets no hints, no diagnostics and no lowering', async () => {
    const editor = await openFixture('no_keras.py');
    assert.deepEqual(await inlayHints(editor.document), []);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      editor.document.uri,
      wholeFile(editor.document),
    );
    assert.equal(actions.filter((action) => action.title.startsWith('Keras: Lower')).length, 0);
    assert.deepEqual(vscode.languages.getDiagnostics(editor.document.uri), []);
  });

  test('the "Keras: Lower dense (Dense) to tf.nn" code action applies and the file is analysed again', async () => {
    const editor = await openFixture('seed_mlp.py');
    const document = editor.document;
    const dense = await pollFor(
      'the Dense code action',
      () => actionsAt(document, positionOf(document, 'Dense(')),
      (found) =>
        found.some(
          (action) =>
            action.title === 'Keras: Lower dense (Dense) to tf.nn (exact)' && action.edit !== undefined,
        ),
    );
    const action = dense.find(
      (candidate) => candidate.title === 'Keras: Lower dense (Dense) to tf.nn (exact)',
    )!;
    assert.equal(action.kind?.value, 'refactor.rewrite');
    assert.ok(await vscode.workspace.applyEdit(action.edit!), 'the edit applies');
    assert.match(document.getText(), /class TfDense\(keras\.layers\.Layer\)/);
    // Re-analysed: the second Dense, moved down by the inserted class, is hovered at its new place.
    const second = positionOf(document, 'keras.layers.Dense(10');
    const hover = await pollFor(
      'a hover on the moved second layer',
      () =>
        vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          document.uri,
          second.translate(0, 14),
        ),
      (hovers) => hovers.some((candidate) => candidate.range?.start.line === second.line),
    );
    assert.match(hoverText(hover), /\*\*Dense\*\*/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('Open Side-by-Side opens one webview panel for the active file', async () => {
    await openFixture('seed_cnn.py');
    await vscode.commands.executeCommand('kerasLower.openSideBySide');
    const tab = await pollFor(
      'the panel tab',
      () =>
        vscode.window.tabGroups.all
          .flatMap((group) => group.tabs)
          .find((candidate) => candidate.input instanceof vscode.TabInputWebview),
      (found) => found !== undefined,
    );
    assert.equal(tab!.label, 'Keras Lower: seed_cnn.py');
    assert.match((tab!.input as vscode.TabInputWebview).viewType, /kerasLower\.sideBySide$/);
    await vscode.commands.executeCommand('kerasLower.openSideBySide');
    const panels = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter((candidate) => candidate.input instanceof vscode.TabInputWebview);
    assert.equal(panels.length, 1, 'create-or-show keeps one panel');
  });

  test('the panel follows the active Python file', async () => {
    await openFixture('functional_cnn.py');
    await pollFor(
      'the panel title',
      () =>
        vscode.window.tabGroups.all
          .flatMap((group) => group.tabs)
          .find((candidate) => candidate.input instanceof vscode.TabInputWebview)?.label,
      (label) => label === 'Keras Lower: functional_cnn.py',
    );
  });

  test("Preview Diff opens VS Code's diff editor on the lowered text, served by the virtual scheme", async () => {
    const editor = await openFixture('seed_cnn.py');
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
    const left = await vscode.workspace.openTextDocument(original);
    const right = await vscode.workspace.openTextDocument(modified);
    assert.equal(left.getText(), editor.document.getText());
    assert.match(right.getText(), /tf\.Module/);
    assert.match(right.getText(), /def load_keras_weights/);
    assert.deepEqual(await inlayHints(right), [], 'no inlay hints inside diff views');
  });

  test('Verify Lowering runs the file and both lowerings with the configured Python', async function () {
    this.timeout(300_000);
    const editor = await openFixture('seed_cnn.py');
    const outcome = await vscode.commands.executeCommand<{
      ran: boolean;
      passed?: boolean;
      report?: {
        models: Array<{
          layerMode?: { layers?: Array<{ class?: string; ok: boolean }> };
          moduleMode?: { ok?: boolean };
        }>;
      };
    }>('kerasLower.verify', editor.document.uri);
    assert.equal(outcome.ran, true);
    assert.equal(outcome.passed, true, JSON.stringify(outcome.report));
    const [model] = outcome.report?.models ?? [];
    assert.deepEqual(
      model?.layerMode?.layers?.map((row) => row.class),
      ['Conv2D', 'MaxPooling2D', 'Flatten', 'Dense'],
    );
    assert.equal(model?.moduleMode?.ok, true);
  });

  test('a killed server is restarted by the client, with one message for two crashes', async function () {
    this.timeout(120_000);
    const extension = vscode.extensions.getExtension<{ crashNotices(): number }>(extensionId);
    assert.ok(extension?.isActive);
    const serverScript = path.join(extension.extensionPath, 'dist', 'server.js');
    const serverPids = () => {
      try {
        return execFileSync('pgrep', ['-f', serverScript], { encoding: 'utf8' }).split('\n').filter(Boolean);
      } catch {
        return [];
      }
    };
    const editor = await openFixture('seed_cnn.py');
    const noticesBefore = extension.exports.crashNotices();
    for (let crash = 0; crash < 2; crash++) {
      const [pid] = await pollFor('a running server', serverPids, (pids) => pids.length === 1);
      process.kill(Number(pid), 'SIGKILL');
      await pollFor('a new server', serverPids, (pids) => pids.length === 1 && pids[0] !== pid, 30_000);
      await conv2dHover(editor, 30_000);
    }
    assert.equal(extension.exports.crashNotices() - noticesBefore, 1);
  });

  test('Restart Server brings the language server back with its features', async () => {
    const editor = await openFixture('seed_cnn.py');
    await vscode.commands.executeCommand('kerasLower.restartServer');
    await pollFor(
      'inlay hints after the restart',
      async () => (await inlayHints(editor.document)).length,
      (count) => count >= 4,
      30_000,
    );
  });
});
