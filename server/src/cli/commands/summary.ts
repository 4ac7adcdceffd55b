import { toSummaryJson } from '../../core/index.ts';
import { selectModels } from '../models.ts';
import { analyzeSource, readPythonSource } from '../source.ts';
import { formatModelSummary } from '../summaryTable.ts';

/** `keras-lower summary`: a Keras-style table per model, or the summary JSON contract. */
export function summaryCommand(file: string, variable: string | undefined, json: boolean): string {
  const analysis = analyzeSource(readPythonSource(file));
  const models = selectModels(analysis, file, variable);
  if (json) {
    // Several models may share a variable: the JSON lists the selected ones by position.
    const selected = new Set(models.map((model) => analysis.models.indexOf(model)));
    const summary = toSummaryJson(analysis);
    return `${JSON.stringify({ models: summary.models.filter((_, index) => selected.has(index)) }, null, 2)}\n`;
  }
  return `${models.map(formatModelSummary).join('\n\n')}\n`;
}
