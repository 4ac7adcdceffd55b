// The packaged extension in a workspace the user has not trusted (restricted mode): analysis still works,
// but Verify Lowering, which runs the user's Python, refuses and never starts an interpreter.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { conv2dHover, extensionId, openFixture, pollFor } from './support.ts';

suite('keras-lower in an untrusted workspace', () => {
  test('the workspace is in restricted mode and the extension is active', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension);
    await openFixture('seed_cnn.py');
    await pollFor(
      'activation',
      () => extension.isActive,
      (active) => active,
    );
  });

  test('hover still shows the TensorFlow ops', async () => {
    const text = await conv2dHover(await openFixture('seed_cnn.py'));
    assert.match(text, /padding="VALID"/);
  });

  test('Verify Lowering refuses and runs no Python', async () => {
    const editor = await openFixture('seed_cnn.py');
    const outcome = await vscode.commands.executeCommand<{ ran: boolean; reason?: string }>(
      'kerasLower.verify',
      editor.document.uri,
    );
    assert.deepEqual(outcome, { ran: false, reason: 'untrusted' });
    const marker =
      vscode.workspace.getConfiguration('kerasLower').get<string>('verify.pythonPath', '') + '.ran';
    assert.equal(existsSync(marker), false, 'the configured interpreter was started');
  });
});
