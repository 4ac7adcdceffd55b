// Bundles the client, the server and the CLI with esbuild and puts the two tree-sitter wasm
// files beside the server bundle, where the engine loads them from `__dirname`. The panel's webview script
// (with dagre and jsdiff) and the codicons go to media/dist/, the only folder the webview may load from.
import { build } from 'esbuild';
import { copyFileSync, cpSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const outdir = 'dist';
mkdirSync(outdir, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // web-tree-sitter's ESM build reads import.meta.url, which is empty in a CommonJS bundle: bundle its CJS build.
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
};

await Promise.all([
  build({ ...common, entryPoints: { client: 'client/src/extension.ts' }, outdir, external: ['vscode'] }),
  build({ ...common, entryPoints: { server: 'server/src/server.ts' }, outdir }),
  build({
    ...common,
    entryPoints: { cli: 'server/src/cli/main.ts' },
    outdir,
    banner: { js: '#!/usr/bin/env node' },
  }),
  build({
    entryPoints: { panel: 'media/src/main.ts' },
    outdir: 'media/dist',
    bundle: true,
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    sourcemap: false,
    minify: production,
    logLevel: 'warning',
  }),
]);

const wasmFiles = [
  join(dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm'),
  require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
];
for (const file of wasmFiles) copyFileSync(file, join(outdir, file.split('/').pop()));
// The verify worker runs under the user's Python.
copyFileSync('server/python/verify_worker.py', join(outdir, 'verify_worker.py'));

const codicons = dirname(require.resolve('@vscode/codicons/dist/codicon.css'));
mkdirSync('media/dist/codicons', { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf'])
  cpSync(join(codicons, file), join('media/dist/codicons', file));
