// Running the verify worker: Cancel (an aborted signal) kills the interpreter at once and says so, and an
// interpreter that does not exist is named in the error.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runVerification } from '../../server/src/verify/run.ts';

const plan = {
  models: [{ variable: 'model', pythonName: 'model', line: 1, inputs: [], slice: 'import keras\n' }],
};

describe('verify run', () => {
  it('Cancel kills the interpreter and the report says it was cancelled', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'keras-lower-verify-test-'));
    const hanging = join(folder, 'hanging_worker.py');
    writeFileSync(hanging, 'import time\ntime.sleep(120)\n');
    const controller = new AbortController();
    const started = Date.now();
    const running = runVerification({
      file: join(folder, 'model.py'),
      plan,
      python: 'python3',
      workerPath: hanging,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 200);
    const report = await running;
    assert.equal(report.error?.kind, 'cancelled');
    assert.ok(Date.now() - started < 10_000, 'the interpreter was killed, not waited for');
  });

  it('a missing interpreter is named, with the setting that chooses another', async () => {
    const report = await runVerification({
      file: '/nowhere/model.py',
      plan,
      python: '/nowhere/bin/python3',
      workerPath: '/nowhere/verify_worker.py',
    });
    assert.equal(report.error?.kind, 'missingPython');
    assert.match(report.error.message, /"\/nowhere\/bin\/python3".*kerasLower\.verify\.pythonPath/);
  });
});
