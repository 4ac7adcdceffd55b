// Loads the engine for tests, with the wasm files from node_modules (the bundles load them from dist/).
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { mkdtempSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initParser } from '../../server/src/core/index.ts';

const require = createRequire(__filename);

export async function loadEngine(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'keras-lower-wasm-'));
  copyFileSync(
    join(dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm'),
    join(dir, 'web-tree-sitter.wasm'),
  );
  copyFileSync(
    require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
    join(dir, 'tree-sitter-python.wasm'),
  );
  await initParser(dir);
}
