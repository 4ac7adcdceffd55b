// `npm run test:electron`: the same extension-host suite in a desktop VS Code 1.100.3 downloaded by
// @vscode/test-electron. Needs access to update.code.visualstudio.com; where that download is impossible
// (as on the project's CI machines) it fails with the download error, and `npm run test:e2e` covers the suite.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildSuite } from './buildSuite.ts';
import { prepareDirs } from './codeServer.ts';

const root = resolve(__dirname, '../..');
const out = join(root, 'test-results', 'electron');

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const dirs = prepareDirs(join(out, 'run'), join(root, 'test', 'e2e', 'workspace'));
  await runTests({
    version: '1.100.3',
    extensionDevelopmentPath: root,
    extensionTestsPath: await buildSuite(join(out, 'suite')),
    launchArgs: [
      dirs.workspace,
      '--disable-extensions',
      '--user-data-dir',
      dirs.userData,
      '--disable-workspace-trust',
    ],
  });
}

main().catch((error: unknown) => {
  console.error(`test:electron failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
