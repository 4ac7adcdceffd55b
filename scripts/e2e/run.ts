// `npm run test:e2e`: the packaged extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3).
// Packages the VSIX with vsce, installs it into a fresh extensions folder, runs the Mocha suite inside the
// extension host, then Playwright passes over the workbench (a Python file, then a notebook) that take the
// screenshots. Ends with `e2e: N passed, N failed`; anything missing (code-server, Chromium) is a failure,
// never a skip. `--update-docs` copies the README's screenshots into docs/screenshots/ after a green run.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSuite } from './buildSuite.ts';
import { CodeServer, installVsix, prepareDirs } from './codeServer.ts';
import { runExtensionHostSuite } from './extensionHostTests.ts';
import { runNotebookTour } from './notebookTour.ts';
import { runWorkbenchTour } from './workbenchTour.ts';

const root = resolve(__dirname, '../..');
const out = join(root, 'test-results', 'e2e');
const readmeScreenshots = ['side-by-side.png', 'notebook.png'];
const timings: string[] = [];
let passed = 0;
let failed = 0;

async function timed<T>(label: string, step: () => Promise<T> | T): Promise<T> {
  const started = Date.now();
  try {
    return await step();
  } finally {
    timings.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

async function main(): Promise<void> {
  for (const stale of ['run', 'run-untrusted', 'screenshots'])
    rmSync(join(out, stale), { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const testsPath = await timed('build suite', () => buildSuite(join(out, 'suite')));
  const vsix = await timed('package VSIX', () => packageVsix());
  console.log(`VSIX: ${vsix} (${(statSync(vsix).size / 1024).toFixed(0)} KB)`);
  const dirs = prepareDirs(join(out, 'run'), join(root, 'test', 'e2e', 'workspace'), {
    'kerasLower.verify.pythonPath': oraclePython(),
  });
  const extensionPath = await timed('install VSIX', () => installVsix(dirs, vsix));
  const server = await timed('start code-server', () => CodeServer.start(dirs, { trusted: true }));
  try {
    const runSuite = () =>
      runExtensionHostSuite({
        url: server.url,
        workspace: dirs.workspace,
        extensionPath,
        testsPath,
        tmpDir: join(dirs.root, 'tmp'),
      });
    let suite = await timed('extension-host suite', runSuite);
    // Seen about once in twenty runs on these machines: the workbench starts without loading the extension
    // under test. Retry once, and say so.
    if (!suite.extensionActive && suite.passed === 0) {
      console.log('extension-host suite: the extension was not loaded; retrying once');
      suite = await timed('extension-host suite (retry)', runSuite);
    }
    console.log(
      `extension-host suite: exit ${suite.exitCode}, ${suite.passed} passed, ${suite.failed} failed`,
    );
    passed += suite.passed;
    failed += suite.failed + (suite.exitCode !== 0 && suite.failed === 0 ? 1 : 0);
    const tour = await timed('workbench tour', () =>
      runWorkbenchTour({
        url: server.url,
        workspace: dirs.workspace,
        tmpDir: join(dirs.root, 'tmp'),
        screenshots: join(out, 'screenshots'),
      }),
    );
    passed += tour.passed;
    failed += tour.failed;
    const notebookTour = await timed('notebook tour', () =>
      runNotebookTour({
        url: server.url,
        notebook: join(root, 'test', 'e2e', 'workspace', 'cnn_cifar10.ipynb'),
        tmpDir: join(dirs.root, 'tmp'),
        screenshots: join(out, 'screenshots'),
      }),
    );
    passed += notebookTour.passed;
    failed += notebookTour.failed;
  } finally {
    await server.stop();
  }
  await timed('untrusted workspace', () => runUntrusted(vsix));
}

/** The same VSIX in restricted mode, where the configured "interpreter" only leaves a marker if started. */
async function runUntrusted(vsix: string): Promise<void> {
  const runRoot = join(out, 'run-untrusted');
  mkdirSync(runRoot, { recursive: true });
  const fakePython = join(runRoot, 'fake-python');
  writeFileSync(fakePython, '#!/bin/sh\ntouch "$0.ran"\n', { mode: 0o755 });
  const dirs = prepareDirs(runRoot, join(root, 'test', 'e2e', 'workspace'), {
    'kerasLower.verify.pythonPath': fakePython,
    'security.workspace.trust.startupPrompt': 'never',
  });
  const extensionPath = installVsix(dirs, vsix);
  const server = await CodeServer.start(dirs, { trusted: false });
  try {
    const suite = await runExtensionHostSuite({
      url: server.url,
      workspace: dirs.workspace,
      extensionPath,
      testsPath: join(out, 'suite', 'index.js'),
      tmpDir: join(dirs.root, 'tmp'),
    });
    console.log(`untrusted suite: exit ${suite.exitCode}, ${suite.passed} passed, ${suite.failed} failed`);
    passed += suite.passed;
    failed += suite.failed + (suite.exitCode !== 0 && suite.failed === 0 ? 1 : 0);
  } finally {
    await server.stop();
  }
}

/** The oracle's Python (TensorFlow + Keras 3), which Verify Lowering runs in the trusted workspace. */
function oraclePython(): string {
  const venv = execFileSync('bash', ['-c', 'source scripts/lib/venv.sh && oracle_venv_dir'], {
    cwd: root,
    encoding: 'utf8',
  }).trim();
  return join(venv, 'bin', 'python');
}

function packageVsix(): string {
  const vsix = join(out, 'keras-lower.vsix');
  execFileSync('npm', ['run', '--silent', 'package', '--', '--out', vsix], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return vsix;
}

main()
  .catch((error: unknown) => {
    console.error(
      `e2e run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    failed += 1;
  })
  .finally(() => {
    if (process.argv.includes('--update-docs') && failed === 0) {
      mkdirSync(join(root, 'docs', 'screenshots'), { recursive: true });
      for (const name of readmeScreenshots)
        copyFileSync(join(out, 'screenshots', name), join(root, 'docs', 'screenshots', name));
      console.log(`updated docs/screenshots/: ${readmeScreenshots.join(', ')}`);
    }
    console.log(`timings: ${timings.join(', ')}`);
    console.log(`e2e: ${passed} passed, ${failed} failed`);
    process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
  });
