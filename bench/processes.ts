// Whole-process timings: the CLI against the Python route, the extension's activation, memory under load and
// the VSIX on disk.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { distDir, LspServer, root } from '../test/fuzz/lspServer.ts';
import { kerasProgram } from '../test/fuzz/programs.ts';
import { median, samples } from './measure.ts';

/** Wall time of one process run to completion, in ms. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) =>
      code === 0
        ? done(performance.now() - started)
        : fail(new Error(`${command} exited ${code}: ${stderr}`)),
    );
  });
}

/** The route without keras-lower: import TensorFlow, run the file, print every model's summary. */
const pythonRoute = [
  'import sys',
  'import tensorflow as tf',
  'import keras',
  'scope = {"__name__": "__main__"}',
  'exec(compile(open(sys.argv[1]).read(), sys.argv[1], "exec"), scope)',
  '[value.summary() for value in list(scope.values()) if isinstance(value, keras.Model)]',
].join('\n');

export function oraclePython(): string | undefined {
  const found = spawnSync('bash', ['-c', 'source scripts/lib/venv.sh && oracle_venv_dir'], {
    cwd: root,
    encoding: 'utf8',
  });
  const python = join(found.stdout.trim(), 'bin', 'python');
  return existsSync(python) ? python : undefined;
}

export async function summaryTimings(file: string, python: string, cliRounds: number, pythonRounds: number) {
  const cli = await samples(cliRounds, () =>
    run(process.execPath, [resolve(distDir, 'cli.js'), 'summary', file]),
  );
  const env = { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' };
  const route = await samples(pythonRounds, () => run(python, ['-c', pythonRoute, file], env));
  return { cliMs: median(cli), pythonMs: median(route) };
}

/**
 * What activation costs outside VS Code: loading the client bundle (with a stand-in `vscode` module) plus
 * starting the server until it answers `initialize`.
 */
export async function activationTimings(rounds: number) {
  const load = [
    'const Module = require("module");',
    'const original = Module._load;',
    'const stub = new Proxy(function () {}, { get: (_, key) => key === "__esModule" ? false : stub, apply: () => stub, construct: () => stub });',
    'Module._load = function (request, ...rest) { return request === "vscode" ? stub : original.call(this, request, ...rest); };',
    'const started = performance.now();',
    `require(${JSON.stringify(resolve(distDir, 'client.js'))});`,
    'console.log(performance.now() - started);',
  ].join('\n');
  const clientLoad = (await samples(rounds, () => undefined)).map(() => {
    const result = spawnSync(process.execPath, ['-e', load], { encoding: 'utf8' });
    return Number(result.stdout.trim());
  });
  const initialize = await samples(rounds, async () => (await LspServer.start()).stop());
  return { clientLoadMs: median(clientLoad.sort((a, b) => a - b)), serverStartMs: median(initialize) };
}

/** RSS of one server with 100 open Keras files (100 to 460 lines each), each analysed. */
export async function rssWithOpenFiles(count: number): Promise<number> {
  const server = await LspServer.start({ requestLimitMs: 20_000 });
  try {
    for (let index = 0; index < count; index++) {
      const uri = `file:///bench/open-${index}.py`;
      await server.notify(DidOpenTextDocumentNotification.method, {
        textDocument: { uri, languageId: 'python', version: 1, text: kerasProgram(100 + (index % 10) * 40) },
      });
      await server.request('kerasLower/summary', { uri });
    }
    return server.rssBytes();
  } finally {
    await server.stop();
  }
}

/** The newest VSIX in the repository root, if one was packaged. */
export function vsix(): { name: string; bytes: number } | undefined {
  const [newest] = readdirSync(root)
    .filter((name) => name.endsWith('.vsix'))
    .map((name) => ({
      name,
      bytes: statSync(join(root, name)).size,
      mtime: statSync(join(root, name)).mtimeMs,
    }))
    .sort((a, b) => b.mtime - a.mtime);
  return newest && { name: newest.name, bytes: newest.bytes };
}
