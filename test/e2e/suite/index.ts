// Runs inside VS Code's extension host (code-server's, or a desktop VS Code under @vscode/test-electron):
// the entry point named by `extensionTestsPath`. Mocha comes from the repository's node_modules.
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { extensionId } from './support.ts';

/** Fewer tests than this means a suite did not load properly: fail rather than pass quietly. */
const minimumTests = { trusted: 17, untrusted: 3 };

export async function run(): Promise<void> {
  // The workbench forwards console output; let Mocha's reporter format its own arguments.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(format(...args));
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  // The same entry point serves both runs: a restricted-mode workspace gets the untrusted suite.
  const trust = vscode.workspace.isTrusted ? 'trusted' : 'untrusted';
  const files =
    trust === 'trusted' ? ['extension.e2e.js', 'notebook.e2e.js', 'ux.e2e.js'] : ['untrusted.e2e.js'];
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  const { passes, failures } = await new Promise<{ passes: number; failures: number }>((resolve) => {
    const runner = mocha.run(() =>
      resolve({ passes: runner.stats?.passes ?? 0, failures: runner.stats?.failures ?? 0 }),
    );
  });
  const active = vscode.extensions.getExtension(extensionId)?.isActive === true;
  console.log(
    `keras-lower e2e: extension ${active ? 'active' : 'NOT active'}; ${passes} passed, ${failures} failed`,
  );
  if (!active) throw new Error(`${extensionId} is not active`);
  if (passes + failures < minimumTests[trust])
    throw new Error(`only ${passes + failures} ${trust} tests ran (minimum ${minimumTests[trust]})`);
  if (failures > 0) throw new Error(`${failures} tests failed`);
}
