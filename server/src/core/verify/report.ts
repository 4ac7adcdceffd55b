// How a verify report (server/python/verify_worker.py's JSON) reads: passed or not, and as text.
import type { VerifyModeReport, VerifyReport } from './types.ts';

/**
 * Every model built, at least one lowering ran and every one that ran matched Keras (a refused lowering, and a
 * layer left as Keras, claim nothing).
 */
export function verificationPassed(report: VerifyReport): boolean {
  if (report.error) return false;
  const ran = report.models.some((model) =>
    [model.layerMode, model.moduleMode].some((mode) => mode !== undefined && modeRan(mode)),
  );
  return (
    ran &&
    report.models.every(
      (model) =>
        !model.error &&
        [model.layerMode, model.moduleMode].every(
          (mode) => !mode || mode.refused || (!mode.error && (mode.ok || !modeRan(mode))),
        ),
    )
  );
}

/** A lowering ran and compared something lowered (not only layers it left as Keras). */
function modeRan(mode: VerifyModeReport): boolean {
  if (mode.refused) return false;
  if (mode.error) return true;
  return [...(mode.layers ?? []), ...(mode.outputs ?? [])].some((row) => row.lowered !== false);
}

/** The report as a plain-text table: per model, per layer the worst errors, then the module's outputs. */
export function verifyReportText(report: VerifyReport): string {
  if (report.error) return `${report.error.message}\n`;
  const lines = [`Python ${report.python}: TensorFlow ${report.tensorflow}, Keras ${report.keras}`];
  for (const model of report.models) {
    const seconds = model.seconds === undefined ? '' : ` (${model.seconds.toFixed(1)} s)`;
    lines.push('', `model \`${model.variable}\`${seconds}`);
    if (model.assumed?.length) lines.push(`  sizes read at run time, filled in: ${model.assumed.join('; ')}`);
    if (model.error) {
      lines.push(`  ${model.error.split('\n')[0]}`);
      continue;
    }
    lines.push(
      ...modeLines('layer mode', model.layerMode, 'layers'),
      ...modeLines('module mode', model.moduleMode, 'outputs'),
    );
  }
  lines.push('', verificationPassed(report) ? 'verified: every lowering matches Keras' : 'NOT verified');
  return `${lines.join('\n')}\n`;
}

function modeLines(title: string, mode: VerifyModeReport | undefined, rows: 'layers' | 'outputs'): string[] {
  if (!mode) return [];
  if (mode.refused) return [`  ${title}: not lowered (${mode.refused})`];
  if (!mode.error && !modeRan(mode)) return [`  ${title}: nothing lowered (every layer is still Keras)`];
  if (mode.error)
    return [
      `  ${title}: failed to run`,
      ...mode.error
        .trimEnd()
        .split('\n')
        .map((l) => `    ${l}`),
    ];
  return [
    `  ${title}: ${mode.ok ? 'matches Keras' : 'DIFFERS from Keras'}`,
    ...(mode[rows] ?? []).map((row) =>
      row.lowered === false
        ? `    --   ${row.layer.padEnd(28)} ${(row.class ?? '').padEnd(22)} not lowered`
        : `    ${row.ok ? 'ok  ' : 'FAIL'} ${row.layer.padEnd(28)} ${(row.class ?? '').padEnd(22)} abs ${formatError(row.abs)}  rel ${formatError(row.rel)}${row.problem ? `  ${row.problem}` : ''}`,
    ),
  ];
}

function formatError(value: number | null): string {
  return value === null ? '   -    ' : value.toExponential(2).padStart(8);
}
