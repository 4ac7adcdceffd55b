import { resolve, join } from 'node:path';
import { verificationPassed, verifyPlan, verifyReportText } from '../../core/index.ts';
import { runVerification } from '../../verify/run.ts';
import type { Invocation } from '../args.ts';
import { CliError, ExitCode } from '../errors.ts';
import { selectModels } from '../models.ts';
import { analyzeSource, readPythonSource } from '../source.ts';

type VerifyInvocation = Extract<Invocation, { command: 'verify' }>;

/** `keras-lower verify`: the user asked for it, so the file runs under their interpreter. */
export async function verifyCommand(invocation: VerifyInvocation, bundleDir: string): Promise<string> {
  const analysis = analyzeSource(readPythonSource(invocation.file));
  selectModels(analysis, invocation.file, invocation.model);
  const report = await runVerification({
    file: resolve(invocation.file),
    plan: verifyPlan(analysis, invocation.model),
    python: invocation.python,
    workerPath: join(bundleDir, 'verify_worker.py'),
  });
  if (report.error && !invocation.json)
    throw new CliError(ExitCode.cannotVerify, `${invocation.file}: ${report.error.message.trimEnd()}`);
  if (!verificationPassed(report))
    process.exitCode = report.error ? ExitCode.cannotVerify : ExitCode.notVerified;
  return invocation.json ? `${JSON.stringify(report, null, 2)}\n` : verifyReportText(report);
}
