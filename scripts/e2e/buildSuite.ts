// Bundles test/e2e/suite for the extension host; `vscode` and `mocha` are resolved there at run time.
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(__dirname, '../..');

/** Returns the `extensionTestsPath` to hand to VS Code. */
export async function buildSuite(outdir: string): Promise<string> {
  await build({
    entryPoints: {
      index: join(root, 'test/e2e/suite/index.ts'),
      'extension.e2e': join(root, 'test/e2e/suite/extension.e2e.ts'),
      'notebook.e2e': join(root, 'test/e2e/suite/notebook.e2e.ts'),
      'untrusted.e2e': join(root, 'test/e2e/suite/untrusted.e2e.ts'),
      'ux.e2e': join(root, 'test/e2e/suite/ux.e2e.ts'),
    },
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return join(outdir, 'index.js');
}
