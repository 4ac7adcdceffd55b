import { createTwoFilesPatch } from 'diff';
import { lower, type LowerTarget, type ModelInfo, type Reason } from '../../core/index.ts';
import type { Invocation } from '../args.ts';
import { encodeSource } from '../encoding.ts';
import { CliError, ExitCode } from '../errors.ts';
import { selectLayer, selectModels } from '../models.ts';
import { loweredFiles } from '../loweredFiles.ts';
import { writeFileSafely } from '../safeWrite.ts';
import { analyzeSource, location, readPythonSource, type PythonSource } from '../source.ts';

type LowerInvocation = Extract<Invocation, { command: 'lower' }>;

/** `keras-lower lower`: lowers the target, then prints, diffs or writes the lowered file. */
export function lowerCommand(invocation: LowerInvocation): string {
  const { file, mode, output } = invocation;
  const source = readPythonSource(file);
  const analysis = analyzeSource(source);
  const models = selectModels(analysis, file, invocation.model);
  const result = lower(analysis, chooseTarget(invocation, models), mode);
  if (!result.ok) throw new CliError(ExitCode.refused, refusalMessage(source, result.reasons));

  const { original, lowered, inPlace } = loweredFiles(source, result.edits);
  // A notebook is JSON (UTF-8); Python text goes out in the encoding it declares, as Python will read it.
  if (output.to === 'inPlace')
    writeFileSafely(file, source.notebook ? Buffer.from(inPlace, 'utf8') : encodeSource(file, inPlace));
  // Module mode writes a standalone module file; layer mode, the lowered file.
  if (output.to === 'file')
    writeFileSafely(output.path, encodeSource(output.path, result.standalone ?? lowered));

  if (invocation.json) return `${JSON.stringify({ ...result, text: lowered }, null, 2)}\n`;
  // What was left out or differs (training refusals among them), on stderr so stdout stays the file.
  for (const note of result.notes) process.stderr.write(`keras-lower: ${noteLine(source, note)}\n`);
  if (output.to === 'diff')
    return createTwoFilesPatch(file, file, original, lowered, 'keras', 'lowered to TensorFlow');
  return output.to === 'stdout' ? lowered : '';
}

/** A layer by name, the model asked for or the file's only model, or else every model in the file. */
function chooseTarget(invocation: LowerInvocation, models: ModelInfo[]): LowerTarget {
  if (invocation.layer !== undefined) {
    return { kind: 'layer', layerId: selectLayer(models, invocation.file, invocation.layer).id };
  }
  if (models.length === 1) return { kind: 'model', variable: models[0]!.key ?? models[0]!.variable };
  return { kind: 'file' };
}

/** `FILE:9:15: message` for a note that starts with its position, `FILE: note: message` otherwise. */
function noteLine(source: PythonSource, note: string): string {
  const at = /^(\d+):(\d+): /.exec(note);
  if (!at) return `${source.file}: note: ${note}`;
  const position = { line: Number(at[1]) - 1, character: Number(at[2]) - 1 };
  return `${location(source, position)}: ${note.slice(at[0].length)}`;
}

function refusalMessage(source: PythonSource, reasons: Reason[]): string {
  if (reasons.length === 0) return `${source.file}: lowering refused (no reason given)`;
  return reasons
    .map(({ range, message }) => `${location(source, range.start)}: cannot lower: ${message}`)
    .join('\n');
}
