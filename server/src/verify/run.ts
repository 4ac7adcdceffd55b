// Runs the verify worker with the user's Python: writes each model's slice and lowered files to a temporary
// folder, spawns `python verify_worker.py JOB OUT`, and reads back its report. Only ever called on explicit
// request; the user's file itself is never run. Cancelling (an AbortSignal) kills the interpreter.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VerifyPlan, VerifyReport } from '../core/index.ts';

export interface VerifyOptions {
  /** The user's file: its folder is the slices' working directory and import path. */
  file: string;
  plan: VerifyPlan;
  python: string;
  /** server/python/verify_worker.py, copied beside the bundles as dist/verify_worker.py. */
  workerPath: string;
  timeoutMs?: number;
  /** Aborting kills the worker; the report then says it was cancelled. */
  signal?: AbortSignal;
}

const defaultTimeoutMs = 10 * 60 * 1000;

export async function runVerification(options: VerifyOptions): Promise<VerifyReport> {
  const folder = mkdtempSync(join(tmpdir(), 'keras-lower-verify-'));
  try {
    const models = options.plan.models.map((model, index) =>
      model.unverifiable !== undefined || model.slice === undefined
        ? { variable: model.variable, unverifiable: model.unverifiable ?? 'keras-lower made no slice' }
        : {
            variable: model.variable,
            pythonName: model.pythonName,
            slicedLines: model.slicedLines ?? [],
            assumed: model.assumed ?? [],
            inputs: model.inputs,
            slice: written(folder, `slice_${index}.py`, { text: model.slice }),
            layerMode: written(folder, `layer_mode_${index}.py`, model.layerMode ?? {}),
            moduleMode: {
              ...written(folder, `module_mode_${index}.py`, model.moduleMode ?? {}),
              className: model.moduleMode?.className,
            },
          },
    );
    const jobPath = join(folder, 'job.json');
    const outPath = join(folder, 'report.json');
    writeFileSync(jobPath, JSON.stringify({ file: options.file, models }));
    const failure = await spawnWorker(options, jobPath, outPath);
    if (failure) return { python: options.python, models: [], error: failure };
    try {
      return JSON.parse(readFileSync(outPath, 'utf8')) as VerifyReport;
    } catch (error) {
      const message = `${options.python} wrote no report (${error instanceof Error ? error.message : String(error)})`;
      return { python: options.python, models: [], error: { kind: 'worker', message } };
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function written(folder: string, name: string, lowering: { text?: string; refused?: string }) {
  if (lowering.text === undefined) return { refused: lowering.refused ?? 'not lowered' };
  const path = join(folder, name);
  writeFileSync(path, lowering.text);
  return { path };
}

function spawnWorker(
  options: VerifyOptions,
  jobPath: string,
  outPath: string,
): Promise<VerifyReport['error'] | undefined> {
  return new Promise((resolve) => {
    const child = spawn(options.python, [options.workerPath, jobPath, outPath], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', PYTHONDONTWRITEBYTECODE: '1' },
    });
    let stderr = '';
    let cancelled = false;
    const cancel = () => {
      cancelled = true;
      child.kill('SIGKILL');
    };
    if (options.signal?.aborted) cancel();
    options.signal?.addEventListener('abort', cancel, { once: true });
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? defaultTimeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({
        kind: 'missingPython',
        message:
          error.code === 'ENOENT'
            ? `no Python interpreter at "${options.python}" (choose one in kerasLower.verify.pythonPath, or --python on the command line)`
            : `could not start ${options.python}: ${error.message}`,
      });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', cancel);
      if (cancelled) resolve({ kind: 'cancelled', message: 'verification cancelled' });
      else if (signal === 'SIGKILL')
        resolve({
          kind: 'timeout',
          message: `verification stopped after ${(options.timeoutMs ?? defaultTimeoutMs) / 1000} s`,
        });
      else if (code !== 0)
        resolve({ kind: 'worker', message: `${options.python} exited ${code}: ${stderr.trim()}` });
      else resolve(undefined);
    });
  });
}
